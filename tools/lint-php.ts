/**
 * `npm run lint:php`: `php -l` on every PHP file the project owns, then
 * PHP_CodeSniffer with the project's ruleset (phpcs.xml.dist: WordPress-like
 * checks from the standards Debian's php-codesniffer ships; there is no
 * Composer registry here for the WordPress Coding Standards).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ROOT } from './lib/paths';
import { run } from './lib/processes';

const SKIP = new Set( [
	'node_modules',
	'.cache',
	'.git',
	'build',
	'artifacts',
] );

function phpFiles( dir: string ): string[] {
	return readdirSync( dir ).flatMap( ( name ) => {
		if ( SKIP.has( name ) ) {
			return [];
		}
		const path = join( dir, name );
		if ( statSync( path ).isDirectory() ) {
			return phpFiles( path );
		}
		return name.endsWith( '.php' ) ? [ path ] : [];
	} );
}

async function main(): Promise< number > {
	const files = phpFiles( ROOT );
	const failures: string[] = [];
	for ( const file of files ) {
		try {
			await run( 'php', [ '-l', file ] );
		} catch ( error ) {
			failures.push(
				error instanceof Error ? error.message : String( error )
			);
		}
	}
	for ( const failure of failures ) {
		console.error( failure );
	}
	console.log(
		`php -l: ${ files.length - failures.length } of ${ files.length } files without syntax errors (${ files
			.map( ( file ) => relative( ROOT, file ) )
			.join( ' ' ) })`
	);
	if ( failures.length ) {
		return 1;
	}
	try {
		await run( 'phpcs', [ '--no-colors', '--report=summary', '-q' ], {
			cwd: ROOT,
		} );
		console.log( 'phpcs (phpcs.xml.dist): no violations' );
	} catch ( error ) {
		console.error(
			error instanceof Error ? error.message : String( error ),
			'\nRun `phpcs` for the details (`phpcbf` fixes some; check its list() rewrites by hand).'
		);
		return 1;
	}
	return 0;
}

main().then( ( code ) => process.exit( code ) );
