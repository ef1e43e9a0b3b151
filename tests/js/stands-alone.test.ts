/**
 * @jest-environment node
 */
/**
 * The repository stands alone: a clone with nothing beside it builds, runs
 * and tests. No file (tracked, or new and not ignored) may point at the
 * reference folder that lived beside the clone, or cite the design document
 * that was there (the design is docs/ now); and every recorded AWS answer a
 * test or tool asks for by name is in tests/fixtures/aws-responses/.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { ROOT } from '../../tools/lib/paths';
import { awsResponseFolders } from '../../tools/s3/aws-responses';

const SELF = 'tests/js/stands-alone.test.ts';
const SKIPPED = new Set( [ SELF, 'package-lock.json' ] );
const FIXTURES = join( ROOT, 'tests', 'fixtures', 'aws-responses' );

/*
 * Built from pieces, so that this file does not hold the strings it forbids
 * (it is skipped anyway, but a copy-paste of a line from here should not
 * be).
 */
const OUTSIDE = [ 'sha', 'red' ].join( '' );
const DESIGN = [ 'design', 'md' ].join( '.' );
const FORBIDDEN = [
	`../${ OUTSIDE }`,
	`/work/${ OUTSIDE }`,
	`${ OUTSIDE }/aws-responses`,
	`${ OUTSIDE }/${ DESIGN }`,
	`${ OUTSIDE }/seed`,
	`${ OUTSIDE }/environment.md`,
	`${ OUTSIDE }/style.md`,
	`${ OUTSIDE }/hooks`,
	DESIGN,
];

/** Tracked files plus untracked ones git does not ignore, that exist now. */
function repositoryFiles(): string[] {
	const out = execFileSync(
		'git',
		[ 'ls-files', '-z', '--cached', '--others', '--exclude-standard' ],
		{ cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
	);
	const files = [ ...new Set( out.split( '\0' ).filter( Boolean ) ) ];
	return files.filter( ( file ) => {
		const path = join( ROOT, file );
		return existsSync( path ) && statSync( path ).isFile();
	} );
}

/** `file:line: text` for every line of a text file holding a forbidden string. */
function forbiddenReferences(
	file: string,
	text: string,
	forbidden: readonly string[] = FORBIDDEN
): string[] {
	const hits: string[] = [];
	text.split( '\n' ).forEach( ( line, index ) => {
		for ( const needle of forbidden ) {
			if ( line.includes( needle ) ) {
				hits.push( `${ file }:${ index + 1 }: ${ needle }` );
			}
		}
	} );
	return hits;
}

function textOf( file: string ): string | null {
	const bytes = readFileSync( join( ROOT, file ) );
	// Binary files (images, .mo, fonts) hold no citations.
	return bytes.includes( 0 ) ? null : bytes.toString( 'utf8' );
}

/**
 * The recorded answers that tests and tools name: `.http` string literals
 * in TypeScript (`awsResponse( 'slow-down.http' )`, `file: '…'`), and in PHP
 * the names given to `aws_response()` (without `.http`), directly or
 * through a data provider's first column.
 */
function namedAnswers( file: string, text: string ): string[] {
	const names: string[] = [];
	if ( /\.[cm]?[jt]sx?$/.test( file ) ) {
		for ( const match of text.matchAll( /['"`]([\w.-]+\.http)['"`]/g ) ) {
			names.push( String( match[ 1 ] ) );
		}
	}
	if ( file.endsWith( '.php' ) ) {
		for ( const match of text.matchAll(
			/aws_response\(\s*'([\w-]+)'\s*\)/g
		) ) {
			names.push( `${ match[ 1 ] }.http` );
		}
		if ( /aws_response\(\s*\$/.test( text ) ) {
			for ( const match of text.matchAll(
				/=>\s*array\(\s*'([\w-]+)'\s*,/g
			) ) {
				names.push( `${ match[ 1 ] }.http` );
			}
		}
	}
	return names;
}

describe( 'the repository stands alone', () => {
	const files = repositoryFiles();

	it( 'lists the repository, this test and the fixtures included', () => {
		expect( files ).toContain( SELF );
		expect( files ).toContain( 'tests/php/TestCase.php' );
		expect( files.length ).toBeGreaterThan( 100 );
	} );

	it( 'no file refers to the folder beside the clone or to its design document', () => {
		const hits = files
			.filter( ( file ) => ! SKIPPED.has( file ) )
			.flatMap( ( file ) => {
				const text = textOf( file );
				return text === null ? [] : forbiddenReferences( file, text );
			} );
		expect( hits ).toEqual( [] );
	} );

	it( 'the check finds a reference when there is one', () => {
		expect(
			forbiddenReferences( 'x.md', `see ../${ OUTSIDE }/x\nfine\n` )
		).toEqual( [ `x.md:1: ../${ OUTSIDE }` ] );
		expect(
			forbiddenReferences( 'y.ts', `// as ${ DESIGN } says` )
		).toEqual( [ `y.ts:1: ${ DESIGN }` ] );
		expect(
			forbiddenReferences( 'z.ts', 'the shared permission check' )
		).toEqual( [] );
	} );

	it( 'every recorded AWS answer a test or tool names is in tests/fixtures/aws-responses', () => {
		const named = new Map< string, string >();
		for ( const file of files ) {
			if (
				file === SELF ||
				! /^(tests|tools)\//.test( file ) ||
				! /\.(php|[cm]?[jt]sx?)$/.test( file )
			) {
				continue;
			}
			const text = textOf( file );
			for ( const name of text === null
				? []
				: namedAnswers( file, text ) ) {
				named.set( name, named.get( name ) ?? file );
			}
		}
		// The scan itself works: the answers every suite relies on are found.
		expect( [ ...named.keys() ] ).toEqual(
			expect.arrayContaining( [
				'slow-down.http',
				'internal-error.http',
				'acl-not-supported.http',
				'request-time-too-skewed.http',
				'access-denied.http',
			] )
		);
		const missing = [ ...named ]
			.filter( ( [ name ] ) => ! existsSync( join( FIXTURES, name ) ) )
			.map( ( [ name, file ] ) => `${ name } (named in ${ file })` );
		expect( missing ).toEqual( [] );
	} );

	it( 'every fixture is one raw HTTP answer', () => {
		const answers = readdirSync( FIXTURES ).filter( ( name ) =>
			name.endsWith( '.http' )
		);
		expect( answers.length ).toBeGreaterThanOrEqual( 13 );
		for ( const name of answers ) {
			const text = readFileSync( join( FIXTURES, name ), 'utf8' );
			expect( [ name, /^HTTP\/1\.1 \d{3} /.test( text ) ] ).toEqual( [
				name,
				true,
			] );
		}
	} );

	it( 'the lookup reads no folder outside the repository', () => {
		const saved = process.env.S3MS_AWS_RESPONSES;
		delete process.env.S3MS_AWS_RESPONSES;
		try {
			const folders = awsResponseFolders().map( ( folder ) =>
				relative( ROOT, resolve( folder ) )
			);
			expect( folders ).toEqual( [
				[ 'tests', 'fixtures', 'aws-responses' ].join( sep ),
			] );
		} finally {
			if ( saved !== undefined ) {
				process.env.S3MS_AWS_RESPONSES = saved;
			}
		}
	} );
} );
