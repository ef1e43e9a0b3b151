/**
 * @jest-environment node
 */
/**
 * `npm test -- …` picks suites, files and filters, and decides from them
 * whether the S3 side starts: a wrong answer either runs the wrong tests or
 * fails S3 tests for want of moto (tools/lib/test-selection.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ROOT } from '../../tools/lib/paths';
import {
	parseTestArgs,
	phpFilterRegExp,
	phpSourceUsesS3,
	phpTestsNeedS3,
	phpunitConfigFor,
	readPhpTestClass,
	screenshotPlan,
	suiteOfPath,
	type PhpTestClass,
} from '../../tools/lib/test-selection';

const root = '/repo';

describe( 'parseTestArgs', () => {
	it( 'runs every suite, whole, without arguments', () => {
		expect( parseTestArgs( [], root ) ).toEqual( {
			suites: [
				'js',
				'php',
				's3',
				'integration',
				'e2e',
				'stress',
				'servers',
				'multisite',
			],
			files: {},
		} );
	} );

	it( 'takes --only as a comma list, repeated, in the run order', () => {
		expect(
			parseTestArgs( [ '--only=php,e2e', '--only', 'js' ], root ).suites
		).toEqual( [ 'js', 'php', 'e2e' ] );
	} );

	it( 'refuses an unknown suite or option', () => {
		expect( () => parseTestArgs( [ '--only=unit' ], root ) ).toThrow(
			'Unknown suite "unit"'
		);
		expect( () => parseTestArgs( [ '--bail' ], root ) ).toThrow(
			'Unknown option "--bail"'
		);
		expect( () => parseTestArgs( [ '--filter' ], root ) ).toThrow(
			'--filter needs a value'
		);
	} );

	it( 'passes --filter to PHPUnit, and a filter alone means the php suite', () => {
		expect(
			parseTestArgs( [ '--only=php', '--filter', 'SignerTest' ], root )
		).toEqual( { suites: [ 'php' ], files: {}, filter: 'SignerTest' } );
		expect( parseTestArgs( [ '--filter=Signer' ], root ) ).toEqual( {
			suites: [ 'php' ],
			files: {},
			filter: 'Signer',
		} );
		expect( () =>
			parseTestArgs( [ '--only=js', '--filter', 'x' ], root )
		).toThrow( "--filter is PHPUnit's" );
	} );

	it( 'passes --grep or -g to Playwright, whose suites it alone implies', () => {
		expect( parseTestArgs( [ '-g', 'uploads' ], root ) ).toEqual( {
			suites: [
				's3',
				'integration',
				'e2e',
				'stress',
				'servers',
				'multisite',
			],
			files: {},
			grep: 'uploads',
		} );
		expect(
			parseTestArgs( [ '--only=s3', '--grep=front' ], root ).grep
		).toBe( 'front' );
		expect( () =>
			parseTestArgs( [ '--only=php', '-g', 'x' ], root )
		).toThrow( "--grep is Playwright's" );
	} );

	it( "chooses each file's suite from its folder", () => {
		expect(
			parseTestArgs(
				[
					'tests/integration/media-upload.spec.ts',
					'tests/php/Media/LocalCopiesTest.php',
					'./tests/js/api.test.ts',
					'tests/php/S3',
				],
				root
			)
		).toEqual( {
			suites: [ 'js', 'php', 'integration' ],
			files: {
				integration: [ 'tests/integration/media-upload.spec.ts' ],
				php: [ 'tests/php/Media/LocalCopiesTest.php', 'tests/php/S3' ],
				js: [ 'tests/js/api.test.ts' ],
			},
		} );
	} );

	it( 'resolves files from where npm was called', () => {
		expect(
			parseTestArgs( [ 'S3/SignerTest.php' ], root, '/repo/tests/php' )
				.files
		).toEqual( { php: [ 'tests/php/S3/SignerTest.php' ] } );
		expect(
			parseTestArgs(
				[ '/repo/tests/s3/front.spec.ts' ],
				root,
				'/elsewhere'
			).files
		).toEqual( { s3: [ 'tests/s3/front.spec.ts' ] } );
	} );

	it( 'refuses a file outside the suites, or one --only leaves out', () => {
		expect( () => parseTestArgs( [ 'tools/test.ts' ], root ) ).toThrow(
			'its suite is unknown'
		);
		expect( () =>
			parseTestArgs( [ '../other/tests/php/XTest.php' ], root )
		).toThrow( 'its suite is unknown' );
		expect( () =>
			parseTestArgs(
				[ '--only=js', 'tests/php/S3/SignerTest.php' ],
				root
			)
		).toThrow( 'belongs to the php suite' );
	} );
} );

describe( 'screenshotPlan', () => {
	it( 'captures after a whole e2e suite, or when the captures file is named, never as an e2e test', () => {
		const plan = ( args: string[] ) =>
			screenshotPlan( parseTestArgs( args, ROOT ) );
		expect( plan( [] ) ).toEqual( { capture: true, e2eFiles: undefined } );
		expect( plan( [ '--only=e2e' ] ) ).toEqual( {
			capture: true,
			e2eFiles: undefined,
		} );
		expect( plan( [ '--only=js,php' ] ).capture ).toBe( false );
		expect( plan( [ '--only=e2e', '-g', 'German' ] ).capture ).toBe(
			false
		);
		expect( plan( [ 'tests/e2e/i18n-pseudo.spec.ts' ] ) ).toEqual( {
			capture: false,
			e2eFiles: [ 'tests/e2e/i18n-pseudo.spec.ts' ],
		} );
		expect( plan( [ 'tests/e2e/screenshots.ts' ] ) ).toEqual( {
			capture: true,
			e2eFiles: [],
		} );
	} );
} );

describe( 'suiteOfPath', () => {
	it( 'reads the folder under tests/', () => {
		expect( suiteOfPath( 'tests/stress/faults.spec.ts' ) ).toBe( 'stress' );
		expect( suiteOfPath( 'tests/servers/one-address.spec.ts' ) ).toBe(
			'servers'
		);
		expect( suiteOfPath( 'tests/multisite/network-life.spec.ts' ) ).toBe(
			'multisite'
		);
		expect( suiteOfPath( 'tests/e2e' ) ).toBe( 'e2e' );
		expect( suiteOfPath( 'tests/support/session.ts' ) ).toBeNull();
		expect( suiteOfPath( 'tests' ) ).toBeNull();
	} );
} );

describe( 'phpFilterRegExp', () => {
	it( 'matches like PHPUnit 9: case-insensitive, delimited as given, data sets by method', () => {
		expect(
			phpFilterRegExp( 'signertest' )?.test( 'A\\SignerTest::x' )
		).toBe( true );
		expect( phpFilterRegExp( '/^A\\\\B::/' )?.test( 'A\\B::test' ) ).toBe(
			true
		);
		expect( phpFilterRegExp( '/^a/' )?.test( 'A\\B::test' ) ).toBe( false );
		expect(
			phpFilterRegExp( 'test_rejects#2' )?.test( 'X::test_rejects' )
		).toBe( true );
		expect(
			phpFilterRegExp( 'test_rejects@endpoint ftp' )?.test(
				'X::test_rejects'
			)
		).toBe( true );
		expect( phpFilterRegExp( 'unclosed(' ) ).toBeNull();
	} );
} );

function phpClass(
	name: string,
	body: string,
	groups: string[] = []
): PhpTestClass {
	return readPhpTestClass(
		`tests/php/${ name }.php`,
		`<?php\nnamespace S3MediaSync\\Tests;\n/**\n${ groups
			.map( ( group ) => ` * @group ${ group }\n` )
			.join(
				''
			) } */\nfinal class ${ name } extends TestCase {\n${ body }\n}\n`
	);
}

describe( 'phpTestsNeedS3', () => {
	const signer = phpClass(
		'SignerTest',
		'public function test_signs(): void {}'
	);
	const uploads = phpClass(
		'UploadTest',
		'public function test_uploads(): void {}\npublic function test_retries(): void {}',
		[ 's3' ]
	);
	const provided = phpClass(
		'ProvidedTest',
		'/** @dataProvider cases */\npublic function test_case(): void {}\npublic static function cases(): array { return array( "slow down" => array() ); }',
		[ 's3' ]
	);

	it( 'reads class name, methods and groups', () => {
		expect( uploads ).toMatchObject( {
			className: 'S3MediaSync\\Tests\\UploadTest',
			methods: [ 'test_uploads', 'test_retries' ],
			groups: [ 's3' ],
			hasDataProvider: false,
		} );
		expect( provided.hasDataProvider ).toBe( true );
	} );

	it( 'is no when no chosen class is in the s3 group', () => {
		expect( phpTestsNeedS3( [ signer ] ) ).toBe( false );
		expect( phpTestsNeedS3( [ signer, uploads ], 'SignerTest' ) ).toBe(
			false
		);
		expect( phpTestsNeedS3( [ signer, uploads ], 'test_signs' ) ).toBe(
			false
		);
	} );

	it( 'is yes when the filter reaches an s3 test, or there is no filter', () => {
		expect( phpTestsNeedS3( [ signer, uploads ] ) ).toBe( true );
		expect( phpTestsNeedS3( [ signer, uploads ], 'retries' ) ).toBe( true );
		expect( phpTestsNeedS3( [ signer, uploads ], 'Tests\\\\Upload' ) ).toBe(
			true
		);
	} );

	it( 'assumes yes when the filter may match a data set name or cannot be read', () => {
		expect( phpTestsNeedS3( [ provided ], 'slow down' ) ).toBe( true );
		expect( phpTestsNeedS3( [ signer, uploads ], '(' ) ).toBe( true );
	} );
} );

describe( 'phpunitConfigFor', () => {
	it( 'keeps the settings, makes the bootstrap absolute and lists just the chosen paths', () => {
		const config = phpunitConfigFor(
			'<phpunit bootstrap="bootstrap.php" failOnRisky="true">\n<testsuites>\n<testsuite name="all"><directory suffix="Test.php">.</directory></testsuite>\n</testsuites>\n</phpunit>',
			'/repo/tests/php',
			[ 'tests/php/S3/SignerTest.php', 'tests/php/Media' ],
			root
		);
		expect( config ).toContain(
			'bootstrap="/repo/tests/php/bootstrap.php"'
		);
		expect( config ).toContain( 'failOnRisky="true"' );
		expect( config ).toContain(
			'<file>/repo/tests/php/S3/SignerTest.php</file>'
		);
		expect( config ).toContain(
			'<directory suffix="Test.php">/repo/tests/php/Media</directory>'
		);
		expect( config ).not.toContain( 'name="all"' );
	} );
} );

describe( 'the PHP tests of this repository', () => {
	const files: string[] = [];
	const walk = ( dir: string ) => {
		for ( const entry of readdirSync( dir, { withFileTypes: true } ) ) {
			if ( entry.isDirectory() ) {
				walk( join( dir, entry.name ) );
			} else if ( entry.name.endsWith( 'Test.php' ) ) {
				files.push( join( dir, entry.name ) );
			}
		}
	};
	walk( join( ROOT, 'tests', 'php' ) );
	const classes = files.map( ( file ) =>
		readPhpTestClass( relative( ROOT, file ), readFileSync( file, 'utf8' ) )
	);

	it( 'put every class that uses the S3 side in @group s3, so npm test starts it for them', () => {
		const untagged = classes
			.filter(
				( test ) =>
					phpSourceUsesS3( test.source ) &&
					! test.groups.includes( 's3' )
			)
			.map( ( test ) => test.path );
		expect( classes.length ).toBeGreaterThan( 10 );
		expect( untagged ).toEqual( [] );
	} );

	it( 'need no S3 for SignerTest, and do for LocalCopiesTest', () => {
		expect( phpTestsNeedS3( classes, 'SignerTest' ) ).toBe( false );
		expect( phpTestsNeedS3( classes, 'LocalCopiesTest' ) ).toBe( true );
	} );
} );
