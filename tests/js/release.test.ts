/**
 * @jest-environment node
 */
// Types of expect( console ).toHaveLogged() and the like (jest-console, set up by wp-scripts).
/// <reference types="@wordpress/jest-console" />
/**
 * The release. The zip users upload holds exactly what runs (held
 * against an allow-list written here, not taken from the zip step), readme.txt
 * agrees with the plugin header, the version bump reaches every place, and
 * the translations in languages/ are current.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { bumpVersion, versionPlaces } from '../../tools/bump-version';
import { ROOT } from '../../tools/lib/paths';
import { createZip, listZip, readZipEntry } from '../../tools/lib/zip';
import {
	parsePo,
	readMo,
	scriptJsonName,
	translationOutputs,
} from '../../tools/make-translations';
import { buildPluginZip, PLUGIN_SLUG } from '../../tools/plugin-zip';

/* ---------- The allow-list ---------- */

/** Top-level files of the zip, by name. */
const TOP_FILES = [ 'LICENSE', 'plugin.php', 'readme.txt', 'uninstall.php' ];

/** Everything else in the zip, by pattern: what runs, and nothing of the tooling. */
const ALLOW_LIST: readonly RegExp[] = [
	/^includes\/([A-Za-z0-9_]+\/)*[A-Za-z0-9_]+\.php$/,
	/^build\/[a-z-]+\.(js|asset\.php|css)$/,
	/^languages\/s3-media-sync\.pot$/,
	/^languages\/s3-media-sync-[a-z]{2,3}(_[A-Z]{2})?\.(po|mo)$/,
	/^languages\/s3-media-sync-[a-z]{2,3}(_[A-Z]{2})?-[0-9a-f]{32}\.json$/,
];

/** What must never ship, whatever a pattern above might let through. */
const NEVER =
	/(^|\/)(src|tests?|tools|node_modules|\.cache|\.git|\.ci|artifacts)\/|(^|\/)(package(-lock)?\.json|tsconfig\.json|webpack\.config\.js|eslint\.config\.cjs|playwright\.config\.ts|README\.md|\.gitignore|\.phpunit\.result\.cache)$|\.(ts|tsx|map|zip)$/;

function filesUnder( dir: string ): string[] {
	return readdirSync( join( ROOT, dir ), { withFileTypes: true } ).flatMap(
		( entry ) => {
			const path = `${ dir }/${ entry.name }`;
			return entry.isDirectory() ? filesUnder( path ) : [ path ];
		}
	);
}

/** What the zip must hold, found in the working tree independently of tools/plugin-zip.ts. */
function expectedFiles(): string[] {
	return [
		...TOP_FILES,
		...filesUnder( 'includes' ).filter( ( file ) =>
			file.endsWith( '.php' )
		),
		...filesUnder( 'build' ).filter( ( file ) =>
			/\.(js|asset\.php|css)$/.test( file )
		),
		...filesUnder( 'languages' ).filter( ( file ) =>
			/\.(pot|po|mo|json)$/.test( file )
		),
	].sort();
}

describe( 'the release zip', () => {
	const dir = mkdtempSync( join( tmpdir(), 's3ms-release-' ) );
	const file = join( dir, `${ PLUGIN_SLUG }.zip` );
	let zip: Buffer;
	let report = '';

	beforeAll( () => {
		// npm test builds first; a lone Jest run builds here.
		const built = existsSync( join( ROOT, 'build', 'settings.asset.php' ) );
		const result = buildPluginZip( { build: ! built, output: file } );
		zip = readFileSync( file );
		report = `Release zip: ${ result.files.length } files, ${
			result.bytes
		} bytes (${ ( result.bytes / 1024 ).toFixed( 1 ) } KiB)`;
	}, 180_000 );

	afterAll( () => rmSync( dir, { recursive: true, force: true } ) );

	it( 'has one top folder, s3-media-sync/, holding exactly the allow-listed files', () => {
		// The size goes into the run's output (and the release note).
		console.log( report );
		expect( console ).toHaveLogged();
		process.stdout.write( `\n${ report }\n` );
		const entries = listZip( zip );
		for ( const entry of entries ) {
			expect( entry.name.startsWith( `${ PLUGIN_SLUG }/` ) ).toBe( true );
		}
		const files = entries
			.filter( ( entry ) => ! entry.directory )
			.map( ( entry ) => entry.name.slice( PLUGIN_SLUG.length + 1 ) )
			.sort();

		const notAllowed = files.filter(
			( path ) =>
				! TOP_FILES.includes( path ) &&
				! ALLOW_LIST.some( ( pattern ) => pattern.test( path ) )
		);
		expect( notAllowed ).toEqual( [] );
		expect( files.filter( ( path ) => NEVER.test( path ) ) ).toEqual( [] );
		expect( files ).toEqual( expectedFiles() );
		for ( const required of [
			...TOP_FILES,
			'includes/autoload.php',
			'includes/Plugin.php',
			'build/settings.js',
			'build/settings.asset.php',
			'languages/s3-media-sync.pot',
		] ) {
			expect( files ).toContain( required );
		}

		// Every folder a file needs has its own entry, as zip tools make them.
		const directories = new Set(
			entries
				.filter( ( entry ) => entry.directory )
				.map( ( entry ) => entry.name )
		);
		for ( const path of files ) {
			const parts = `${ PLUGIN_SLUG }/${ path }`
				.split( '/' )
				.slice( 0, -1 );
			for ( let depth = 1; depth <= parts.length; depth++ ) {
				expect( directories ).toContain(
					`${ parts.slice( 0, depth ).join( '/' ) }/`
				);
			}
		}
	} );

	it( 'holds the working tree’s files byte for byte', () => {
		for ( const entry of listZip( zip ).filter( ( e ) => ! e.directory ) ) {
			const path = entry.name.slice( PLUGIN_SLUG.length + 1 );
			expect(
				readZipEntry( zip, entry ).equals(
					readFileSync( join( ROOT, path ) )
				)
			).toBe( true );
		}
	} );

	it( 'opens with PHP’s ZipArchive, which WordPress unzips uploads with', () => {
		let hasZip = false;
		try {
			execFileSync( 'php', [
				'-r',
				'exit( class_exists( "ZipArchive" ) ? 0 : 1 );',
			] );
			hasZip = true;
		} catch {
			console.warn(
				'php with the zip extension is not available: ZipArchive check skipped'
			);
			expect( console ).toHaveWarned();
		}
		if ( ! hasZip ) {
			return;
		}
		const names = execFileSync(
			'php',
			[
				'-r',
				'$z = new ZipArchive(); if ( true !== $z->open( $argv[1], ZipArchive::CHECKCONS ) ) { exit( 1 ); } for ( $i = 0; $i < $z->numFiles; $i++ ) { $s = $z->statIndex( $i ); if ( false === $z->getFromIndex( $i ) ) { exit( 2 ); } echo $s["name"], "\\n"; }',
				'--',
				file,
			],
			{ encoding: 'utf8' }
		)
			.trim()
			.split( '\n' );
		expect( names ).toEqual(
			listZip( zip ).map( ( entry ) => entry.name )
		);
	} );
} );

describe( 'the zip writer', () => {
	it( 'round-trips files, empty files, UTF-8 names and directories', () => {
		const inputs = [
			{ name: 'top/' },
			{ name: 'top/a.txt', data: Buffer.from( 'hello '.repeat( 100 ) ) },
			{ name: 'top/empty.txt', data: Buffer.alloc( 0 ) },
			{ name: 'top/Änderung.txt', data: Buffer.from( 'ü' ) },
		];
		const zip = createZip( inputs, new Date( Date.UTC( 2026, 10, 27 ) ) );
		const entries = listZip( zip );
		expect( entries.map( ( entry ) => entry.name ) ).toEqual(
			inputs.map( ( input ) => input.name )
		);
		entries.slice( 1 ).forEach( ( entry, index ) => {
			expect( readZipEntry( zip, entry ) ).toEqual(
				inputs[ index + 1 ]?.data
			);
		} );
		expect( entries[ 1 ]?.method ).toBe( 8 ); // Deflated: it compresses.
		expect( entries[ 0 ]?.mode ).toBe( 0o40755 );
		expect( entries[ 1 ]?.mode ).toBe( 0o100644 );
		expect( () =>
			createZip( [ { name: '../evil', data: Buffer.alloc( 1 ) } ] )
		).toThrow( /Unsafe/ );
	} );
} );

/* ---------- readme.txt and the plugin header ---------- */

function pluginHeader( name: string ): string | undefined {
	const source = readFileSync( join( ROOT, 'plugin.php' ), 'utf8' );
	return new RegExp( `^\\s*\\*\\s*${ name }:[ \\t]*(.+?)\\s*$`, 'm' ).exec(
		source
	)?.[ 1 ];
}

function readmeHeader( name: string ): string | undefined {
	const readme = readFileSync( join( ROOT, 'readme.txt' ), 'utf8' );
	const head = readme.split( /^== /m )[ 0 ] ?? '';
	return new RegExp( `^${ name }:[ \\t]*(.+?)\\s*$`, 'm' ).exec(
		head
	)?.[ 1 ];
}

/** major.minor of a WordPress version, for "Tested up to". */
function majorMinor( version: string ): number[] {
	return version
		.split( '.' )
		.slice( 0, 2 )
		.map( ( part ) => Number( part ) );
}

function older( a: number[], b: number[] ): boolean {
	return ( a[ 0 ] ?? 0 ) !== ( b[ 0 ] ?? 0 )
		? ( a[ 0 ] ?? 0 ) < ( b[ 0 ] ?? 0 )
		: ( a[ 1 ] ?? 0 ) < ( b[ 1 ] ?? 0 );
}

describe( 'readme.txt', () => {
	const readme = readFileSync( join( ROOT, 'readme.txt' ), 'utf8' );

	it( 'agrees with plugin.php on version, Requires at least, Requires PHP and License', () => {
		expect( readmeHeader( 'Stable tag' ) ).toBe(
			pluginHeader( 'Version' )
		);
		expect( readmeHeader( 'Requires at least' ) ).toBe(
			pluginHeader( 'Requires at least' )
		);
		expect( readmeHeader( 'Requires PHP' ) ).toBe(
			pluginHeader( 'Requires PHP' )
		);
		expect( readmeHeader( 'License' ) ).toBe( pluginHeader( 'License' ) );
		expect( readmeHeader( 'License URI' ) ).toBe(
			pluginHeader( 'License URI' )
		);
		expect( pluginHeader( 'Version' ) ).toMatch( /^\d+\.\d+\.\d+/ );
	} );

	it( 'and every other place the version lives agree', () => {
		const places = versionPlaces();
		const version = pluginHeader( 'Version' );
		for ( const [ place, found ] of Object.entries( places ) ) {
			expect( `${ place }: ${ found }` ).toBe(
				`${ place }: ${ version }`
			);
		}
	} );

	it( 'warns (without failing) when "Tested up to" is older than the cached WordPress', () => {
		const tested = readmeHeader( 'Tested up to' ) ?? '';
		expect( tested ).toMatch( /^\d+\.\d+(\.\d+)?$/ );
		const cache = join( ROOT, '.cache', 'wordpress' );
		const versions = existsSync( cache )
			? readdirSync( cache ).filter( ( name ) =>
					/^\d+\.\d+(\.\d+)?$/.test( name )
				)
			: [];
		const newest = versions
			.map( majorMinor )
			.reduce< number[] | null >(
				( best, version ) =>
					best === null || older( best, version ) ? version : best,
				null
			);
		let warning = '';
		if ( newest === null ) {
			warning =
				'No WordPress in .cache/wordpress: "Tested up to" not compared.';
		} else if ( older( majorMinor( tested ), newest ) ) {
			warning = `readme.txt says "Tested up to: ${ tested }" but the suite runs WordPress ${ newest.join(
				'.'
			) }: test, then raise it.`;
		}
		if ( warning !== '' ) {
			// A warning, not a failure. jest-console swallows console output
			// (and fails a test on an unexpected warning), so it goes to stderr too.
			console.warn( warning );
			process.stderr.write( `\nWarning: ${ warning }\n` );
			expect( console ).toHaveWarned();
		}
	} );

	it( 'calls private media what it is: time-limited links, not restricted access', () => {
		// A presigned URL opens for whoever holds it until it expires.
		expect( readme ).not.toMatch( /restricted access/i );
		expect( readme ).toMatch(
			/"private" for media shared through time-limited links/
		);
	} );

	it( 'is in the WordPress.org format, with the sections a plugin page shows', () => {
		expect( readme ).toMatch( /^=== S3 Media Sync ===\n/ );
		for ( const field of [
			'Contributors',
			'Tags',
			'Requires at least',
			'Tested up to',
			'Requires PHP',
			'Stable tag',
			'License',
			'License URI',
		] ) {
			expect( readmeHeader( field ) ).toBeTruthy();
		}
		expect(
			( readmeHeader( 'Tags' ) ?? '' ).split( ',' ).length
		).toBeLessThanOrEqual( 5 );
		// The short description: the first paragraph after the header, at most 150 characters.
		const short = ( readme.split( /\n\n/ )[ 1 ] ?? '' ).trim();
		expect( short.length ).toBeGreaterThan( 20 );
		expect( short.length ).toBeLessThanOrEqual( 150 );
		for ( const section of [
			'Description',
			'Installation',
			'Frequently Asked Questions',
			'Screenshots',
			'Changelog',
		] ) {
			expect( readme ).toContain( `\n== ${ section } ==\n` );
		}
		expect( readme ).toContain( `= ${ pluginHeader( 'Version' ) } =` );
		// The guide's policy, unchanged, and today's console steps.
		expect( readme.replace( /\s+/g, ' ' ) ).toContain(
			'"Action": [ "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectAcl" ], "Resource": "arn:aws:s3:::YOUR-BUCKET-NAME/wp-content/uploads/*"'
		);
		expect( readme ).toContain( 'Application running outside AWS' );
		expect( readme ).not.toContain( 'Programmatic access' );
		expect( readme ).not.toContain( 'Next: Tags' );
		for ( const title of [
			'Access Denied',
			'Bucket does not exist',
			'Invalid credentials',
		] ) {
			expect( readme ).toContain( `"${ title }"` );
		}
		// Where the TypeScript sources are.
		expect( readme ).toContain( '`src/`' );
	} );
} );

/* ---------- The version bump ---------- */

describe( 'npm run version:bump', () => {
	it( 'writes the version into every place and nowhere else', () => {
		const copy = mkdtempSync( join( tmpdir(), 's3ms-bump-' ) );
		try {
			const files = [
				'plugin.php',
				'readme.txt',
				'package.json',
				'package-lock.json',
				...readdirSync( join( ROOT, 'languages' ) )
					.filter( ( name ) => /\.(pot|po)$/.test( name ) )
					.map( ( name ) => `languages/${ name }` ),
			];
			mkdirSync( join( copy, 'languages' ) );
			for ( const path of files ) {
				copyFileSync( join( ROOT, path ), join( copy, path ) );
			}
			const before = pluginHeader( 'Version' ) ?? '';
			const changed = bumpVersion( '9.8.7-beta.1', copy );
			expect( changed.sort() ).toEqual( files.sort() );
			for ( const [ place, found ] of Object.entries(
				versionPlaces( copy )
			) ) {
				expect( `${ place }: ${ found }` ).toBe(
					`${ place }: 9.8.7-beta.1`
				);
			}
			// Only the version changed: putting the old one back restores every byte.
			bumpVersion( before, copy );
			for ( const path of files ) {
				expect(
					`${ path }: ${ readFileSync( join( copy, path ), 'utf8' ) }`
				).toBe(
					`${ path }: ${ readFileSync( join( ROOT, path ), 'utf8' ) }`
				);
			}
			expect( () => bumpVersion( 'v1', copy ) ).toThrow(
				/not a version/
			);
		} finally {
			rmSync( copy, { recursive: true, force: true } );
		}
	} );
} );

/* ---------- Translations ---------- */

describe( 'translations', () => {
	const languages = join( ROOT, 'languages' );

	it( 'the committed .mo and script .json files are what tools/make-translations.ts writes', () => {
		const outputs = translationOutputs();
		expect( outputs.size ).toBeGreaterThanOrEqual( 2 );
		for ( const [ name, contents ] of outputs ) {
			const path = join( languages, name );
			expect( `${ name } exists: ${ existsSync( path ) }` ).toBe(
				`${ name } exists: true`
			);
			expect(
				`${ name } current: ${ readFileSync( path ).equals( contents ) }`
			).toBe( `${ name } current: true` );
		}
	} );

	it( 'de_DE translates PHP and script strings that the template holds', () => {
		const po = parsePo(
			readFileSync( join( languages, 's3-media-sync-de_DE.po' ), 'utf8' )
		);
		const pot = parsePo(
			readFileSync( join( languages, 's3-media-sync.pot' ), 'utf8' ),
			'pot',
			true
		);
		const known = new Set( pot.entries.map( ( entry ) => entry.id ) );
		expect(
			po.entries
				.map( ( entry ) => entry.id )
				.filter( ( id ) => ! known.has( id ) )
		).toEqual( [] );

		const mo = readMo(
			readFileSync( join( languages, 's3-media-sync-de_DE.mo' ) )
		);
		expect(
			mo.get( 'Only administrators can manage S3 Media Sync.' )
		).toBe( 'Nur Administratoren können S3 Media Sync verwalten.' );
		expect( mo.get( '%d second\u0000%d seconds' ) ).toBe(
			'%d Sekunde\u0000%d Sekunden'
		);

		const name = scriptJsonName( 'de_DE', 'build/settings.js' );
		expect( name ).toBe(
			`s3-media-sync-de_DE-${ createHash( 'md5' )
				.update( 'build/settings.js' )
				.digest( 'hex' ) }.json`
		);
		const json = JSON.parse(
			readFileSync( join( languages, name ), 'utf8' )
		) as {
			locale_data: { messages: Record< string, string[] > };
		};
		const messages = json.locale_data.messages;
		expect( messages[ 'Save Changes' ] ).toEqual( [
			'Änderungen speichern',
		] );
		expect( messages[ 'Amazon S3 connection' ] ).toEqual( [
			'Amazon-S3-Verbindung',
		] );
		// PHP-only strings stay out of the script's file.
		expect(
			messages[ 'Only administrators can manage S3 Media Sync.' ]
		).toBeUndefined();
	} );
} );
