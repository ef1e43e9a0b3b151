/**
 * SQLite for WordPress: the sqlite-database-integration plugin and its db.php
 * drop-in. There is no wordpress.org here; the plugin ships, zipped, inside
 * the npm package @wp-playground/cli. Only that package's own tarball
 * (400 KB) is fetched with `npm pack`, not its dependencies, and the zip is
 * opened with PHP's ZipArchive, which php-zip provides on any machine that
 * passed ensurePhp() (unzip may be absent).
 */
import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../lib/paths';
import { run } from '../lib/processes';

const PLAYGROUND_CLI = '@wp-playground/cli@3.1.56';
const PLUGIN_SLUG = 'sqlite-database-integration';
/** The folder inside the zip. */
const ZIP_FOLDER = 'plugin-sqlite-database-integration';
const CACHE_DIR = join( CACHE, 'sqlite-database-integration' );
const STAMP = '.s3ms-complete';

let fetched: Promise< string > | undefined;

/** The unpacked plugin in the cache (fetched on first use). */
export function fetchSqlitePlugin( php: string ): Promise< string > {
	fetched ??= fetchOnce( php );
	return fetched;
}

async function fetchOnce( php: string ): Promise< string > {
	const plugin = join( CACHE_DIR, ZIP_FOLDER );
	if ( existsSync( join( CACHE_DIR, STAMP ) ) ) {
		return plugin;
	}
	rmSync( CACHE_DIR, { recursive: true, force: true } );
	mkdirSync( CACHE_DIR, { recursive: true } );
	process.stdout.write(
		`Fetching ${ PLUGIN_SLUG } (from npm ${ PLAYGROUND_CLI })…\n`
	);
	const packed = await run( 'npm', [
		'pack',
		PLAYGROUND_CLI,
		'--json',
		'--pack-destination',
		CACHE_DIR,
		// Nothing runs and nothing else is fetched: pack only downloads.
		'--ignore-scripts',
	] );
	// npm may print notices before the JSON.
	const json = packed.slice( packed.indexOf( '[' ) );
	const filename = (
		JSON.parse( json ) as Array< { filename?: string } >
	 )[ 0 ]?.filename;
	if ( ! filename ) {
		throw new Error(
			`npm pack ${ PLAYGROUND_CLI } named no tarball:\n${ packed }`
		);
	}
	const tarball = join( CACHE_DIR, filename );
	await run( 'tar', [
		'-xzf',
		tarball,
		'-C',
		CACHE_DIR,
		'package/sqlite-database-integration.zip',
	] );
	const zip = join( CACHE_DIR, 'package', 'sqlite-database-integration.zip' );
	await run( php, [
		'-r',
		'$zip = new ZipArchive(); if ( true !== $zip->open( $argv[1] ) || ! $zip->extractTo( $argv[2] ) ) { fwrite( STDERR, "Cannot unzip {$argv[1]}\\n" ); exit( 1 ); }',
		zip,
		CACHE_DIR,
	] );
	if ( ! existsSync( join( plugin, 'db.copy' ) ) ) {
		throw new Error( `${ zip } holds no ${ ZIP_FOLDER }/db.copy` );
	}
	rmSync( tarball, { force: true } );
	rmSync( join( CACHE_DIR, 'package' ), { recursive: true, force: true } );
	writeFileSync( join( CACHE_DIR, STAMP ), `${ PLAYGROUND_CLI }\n` );
	return plugin;
}

/**
 * Copies the plugin into a site and writes wp-content/db.php, which makes
 * WordPress use SQLite. The database file itself is placed by wp-config.php
 * (DB_DIR, outside the web root).
 */
export async function installSqlite(
	php: string,
	contentDir: string
): Promise< void > {
	const source = await fetchSqlitePlugin( php );
	const target = join( contentDir, 'plugins', PLUGIN_SLUG );
	rmSync( target, { recursive: true, force: true } );
	cpSync( source, target, { recursive: true } );
	const dropIn = readFileSync( join( target, 'db.copy' ), 'utf8' )
		.replaceAll( '{SQLITE_IMPLEMENTATION_FOLDER_PATH}', target )
		.replaceAll( '{SQLITE_PLUGIN}', `${ PLUGIN_SLUG }/load.php` );
	writeFileSync( join( contentDir, 'db.php' ), dropIn );
}

export const SQLITE_PLUGIN_FILE = `${ PLUGIN_SLUG }/load.php`;
