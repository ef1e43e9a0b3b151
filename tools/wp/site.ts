/**
 * A WordPress site of the local environment, in .cache/sites/<name>/:
 *
 *   public/          the web root: a full copy of the cached core, with
 *                    wp-config.php, and wp-content/plugins/s3-media-sync
 *                    linked to the repository (the working tree is the plugin)
 *   database/        the SQLite file (outside the web root: php -S would serve it)
 *   debug.log        WP_DEBUG_LOG (outside the web root too)
 *   site.json        what was generated once for the site: salts, admin password
 *   wp-config-local.php  optional, written by tests: included by wp-config.php
 *                    before WordPress loads, for S3_MEDIA_SYNC_* constants
 *
 * The folder itself lives outside the repository, and .cache/sites/<name> is
 * a link to it. Why: the plugin is a link to the repository, and WordPress
 * maps every path under a linked plugin's real folder back into the plugin
 * (plugin_basename(), after wp_register_plugin_realpath()). A site inside the
 * repository would have its every file, core and the other plugins included,
 * mapped into s3-media-sync/.cache/… : wrong activation hooks and plugin URLs.
 * The real folder is $S3MS_SITES_DIR, or ~/.cache/s3-media-sync/sites-<hash of
 * the repository path>/.
 *
 * A site is installed once and reused (only mu-plugins and wp-config.php are
 * rewritten, the latter so that a new URL or port takes effect);
 * `fresh: true` starts it again from nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	symlinkSync,
	unlinkSync,
	writeFileSync,
	lstatSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { ROOT, SITES } from '../lib/paths';
import { run } from '../lib/processes';
import type { SiteState } from '../lib/run-state';
import { ensurePhp } from './php';
import { fetchWordPress, readWordPressVersion } from './wordpress';
import { SQLITE_PLUGIN_FILE, installSqlite } from './sqlite';

export type SiteDatabase =
	| { kind: 'sqlite' }
	| {
			kind: 'mariadb';
			host: string;
			port: number;
			user: string;
			password: string;
			name: string;
	  };

export interface CreateSiteOptions {
	name: string;
	/** Where the site is served, e.g. http://127.0.0.1:8888 (no trailing slash needed). */
	url: string;
	database: SiteDatabase;
	/** File name → PHP source, written to wp-content/mu-plugins. */
	muPlugins?: Record< string, string >;
	/** Delete the site (and, for MariaDB, its tables) and install it again. */
	fresh?: boolean;
	/**
	 * A network (tools/multisite-site.ts): no WP_HOME/WP_SITEURL, which would
	 * give every site the main site's address, and wp-config-network.php
	 * (MULTISITE and its constants, written once the network tables exist)
	 * included when it is there.
	 */
	multisite?: boolean;
}

/** The folder name of the plugin inside wp-content/plugins. */
export const PLUGIN_SLUG = 's3-media-sync';
export const PLUGIN_FILE = `${ PLUGIN_SLUG }/plugin.php`;
const THEME = 'twentytwentyfive';
const TABLE_PREFIX = 'wp_';
const INSTALL_SCRIPT = resolve( __dirname, 'php', 'install.php' );
/** Always installed: keeps WordPress from calling wordpress.org. */
const LOCAL_MU_PLUGIN = 's3ms-local-environment.php';
const LOCAL_MU_PLUGIN_SOURCE = resolve(
	__dirname,
	'php',
	'local-environment.php'
);

interface SiteRecord {
	salts: Record< string, string >;
	admin: { user: string; password: string; email: string };
	installed: boolean;
	wordpressVersion?: string;
	/** mu-plugins written by us, removed when no longer asked for. */
	muPlugins: string[];
}

const SALT_NAMES = [
	'AUTH_KEY',
	'SECURE_AUTH_KEY',
	'LOGGED_IN_KEY',
	'NONCE_KEY',
	'AUTH_SALT',
	'SECURE_AUTH_SALT',
	'LOGGED_IN_SALT',
	'NONCE_SALT',
];

/** 64 characters like WordPress's salt generator, minus quotes and backslashes. */
function randomSecret( length = 64 ): string {
	const alphabet =
		'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~+=,.;:/?|';
	return [ ...randomBytes( length ) ]
		.map( ( byte ) => alphabet[ byte % alphabet.length ] ?? 'x' )
		.join( '' );
}

/** A PHP single-quoted string literal. */
function php( value: string | number | boolean ): string {
	if ( typeof value !== 'string' ) {
		return String( value );
	}
	return `'${ value.replace( /\\/g, '\\\\' ).replace( /'/g, "\\'" ) }'`;
}

/** Where sites really are: outside the repository (see the header). */
function realSitesDir(): string {
	const dir =
		process.env.S3MS_SITES_DIR ??
		join(
			homedir(),
			'.cache',
			's3-media-sync',
			`sites-${ createHash( 'sha256' )
				.update( ROOT )
				.digest( 'hex' )
				.slice( 0, 12 ) }`
		);
	const inside = relative( ROOT, resolve( dir ) );
	if ( ! inside.startsWith( '..' ) && ! isAbsolute( inside ) ) {
		throw new Error(
			`The sites folder ${ dir } is inside the repository ${ ROOT }: WordPress would treat the whole site as part of the plugin. Set S3MS_SITES_DIR elsewhere.`
		);
	}
	return resolve( dir );
}

/** SITES/<name> → the real folder, so the site is found where paths.ts says. */
function linkSite( link: string, target: string ): void {
	try {
		const stat = lstatSync( link );
		if ( stat.isSymbolicLink() ) {
			unlinkSync( link );
		} else {
			// A site built inside the repository by an older version of this script.
			rmSync( link, { recursive: true, force: true } );
		}
	} catch {
		// Not there yet.
	}
	mkdirSync( SITES, { recursive: true } );
	symlinkSync( target, link, 'dir' );
}

function siteDirs( name: string ): {
	link: string;
	root: string;
	docroot: string;
	content: string;
	database: string;
	debugLog: string;
	record: string;
} {
	if ( ! /^[a-z0-9][a-z0-9-]*$/.test( name ) ) {
		throw new Error( `Invalid site name "${ name }": use a-z, 0-9 and -.` );
	}
	const root = join( realSitesDir(), name );
	const docroot = join( root, 'public' );
	return {
		link: join( SITES, name ),
		root,
		docroot,
		content: join( docroot, 'wp-content' ),
		database: join( root, 'database' ),
		debugLog: join( root, 'debug.log' ),
		record: join( root, 'site.json' ),
	};
}

function wpConfig(
	opts: CreateSiteOptions,
	record: SiteRecord,
	dirs: ReturnType< typeof siteDirs >
): string {
	const url = opts.url.replace( /\/+$/, '' );
	const db = opts.database;
	const lines = [
		'<?php',
		'/**',
		' * Generated by tools/wp/site.ts for the local environment: rewritten on every',
		` * start. Put your own constants in ${ join( dirs.root, 'wp-config-local.php' ) }.`,
		' */',
		'',
	];
	if ( db.kind === 'mariadb' ) {
		lines.push(
			`define( 'DB_NAME', ${ php( db.name ) } );`,
			`define( 'DB_USER', ${ php( db.user ) } );`,
			`define( 'DB_PASSWORD', ${ php( db.password ) } );`,
			`define( 'DB_HOST', ${ php( `${ db.host }:${ db.port }` ) } );`
		);
	} else {
		lines.push(
			"define( 'DB_NAME', 'wordpress' );",
			"define( 'DB_USER', '' );",
			"define( 'DB_PASSWORD', '' );",
			"define( 'DB_HOST', '' );",
			'// Read by the sqlite-database-integration drop-in (wp-content/db.php).',
			`define( 'DB_DIR', ${ php( dirs.database + '/' ) } );`,
			"define( 'DB_FILE', '.ht.sqlite' );"
		);
	}
	lines.push(
		"define( 'DB_CHARSET', 'utf8mb4' );",
		"define( 'DB_COLLATE', '' );",
		''
	);
	for ( const name of SALT_NAMES ) {
		lines.push(
			`define( '${ name }', ${ php( record.salts[ name ] ?? randomSecret() ) } );`
		);
	}
	lines.push( '', `$table_prefix = ${ php( TABLE_PREFIX ) };`, '' );
	if ( opts.multisite ) {
		const network = join( dirs.root, 'wp-config-network.php' );
		lines.push(
			`if ( is_file( ${ php( network ) } ) ) {`,
			`\trequire ${ php( network ) };`,
			'}'
		);
	} else {
		lines.push(
			`define( 'WP_HOME', ${ php( url ) } );`,
			`define( 'WP_SITEURL', ${ php( url ) } );`
		);
	}
	lines.push(
		"define( 'WP_ENVIRONMENT_TYPE', 'local' );",
		'// The local S3 side listens on 127.0.0.1: the plugin refuses loopback and',
		'// private endpoints unless this says they are meant (docs/multisite.md).',
		"define( 'S3_MEDIA_SYNC_ALLOW_PRIVATE_ENDPOINTS', true );",
		"define( 'WP_DEBUG', true );",
		`define( 'WP_DEBUG_LOG', ${ php( dirs.debugLog ) } );`,
		"define( 'WP_DEBUG_DISPLAY', false );",
		"define( 'DISABLE_WP_CRON', false );",
		'// No FTP credentials prompt: the files belong to the user running php -S.',
		"define( 'FS_METHOD', 'direct' );",
		'// Core and plugin updates would write into the copy; the cache decides the version.',
		"define( 'AUTOMATIC_UPDATER_DISABLED', true );",
		'',
		`if ( is_file( ${ php( join( dirs.root, 'wp-config-local.php' ) ) } ) ) {`,
		`\trequire ${ php( join( dirs.root, 'wp-config-local.php' ) ) };`,
		'}',
		'',
		"if ( ! defined( 'ABSPATH' ) ) {",
		"\tdefine( 'ABSPATH', __DIR__ . '/' );",
		'}',
		"require_once ABSPATH . 'wp-settings.php';",
		''
	);
	return lines.join( '\n' );
}

/**
 * rm -rf, not fs.rmSync: Node takes 2 s for the 4,000 files of a site, rm 0.1 s
 * (neither follows the plugin's symlink into the repository).
 */
async function removeTree( path: string ): Promise< void > {
	await run( 'rm', [ '-rf', '--', path ] );
}

/** Runs one step of install.php; its stderr says what went wrong. */
async function installStep(
	phpBinary: string,
	step: 'check' | 'install' | 'activate',
	docroot: string,
	options: Record< string, unknown >
): Promise< Record< string, unknown > > {
	let output: string;
	try {
		output = await run( phpBinary, [
			INSTALL_SCRIPT,
			step,
			docroot,
			JSON.stringify( options ),
		] );
	} catch ( error ) {
		const message =
			error instanceof Error ? error.message : String( error );
		throw new Error(
			`WordPress ${ step } failed for ${ docroot }:\n${ message }`
		);
	}
	const last = output.trim().split( '\n' ).pop() ?? '';
	try {
		return JSON.parse( last ) as Record< string, unknown >;
	} catch {
		throw new Error(
			`WordPress ${ step } printed something unexpected for ${ docroot }:\n${ output }`
		);
	}
}

function linkPlugin( content: string ): void {
	const link = join( content, 'plugins', PLUGIN_SLUG );
	try {
		lstatSync( link );
		unlinkSync( link );
	} catch {
		// Not there yet.
	}
	symlinkSync( ROOT, link, 'dir' );
	if ( ! existsSync( join( ROOT, 'plugin.php' ) ) ) {
		throw new Error(
			`${ join( ROOT, 'plugin.php' ) } does not exist: there is no plugin to activate.`
		);
	}
}

function writeMuPlugins(
	content: string,
	record: SiteRecord,
	muPlugins: Record< string, string >
): void {
	const dir = join( content, 'mu-plugins' );
	mkdirSync( dir, { recursive: true } );
	for ( const file of record.muPlugins ) {
		if ( ! ( file in muPlugins ) ) {
			rmSync( join( dir, file ), { force: true } );
		}
	}
	for ( const [ file, source ] of Object.entries( muPlugins ) ) {
		if ( ! /^[A-Za-z0-9._-]+\.php$/.test( file ) ) {
			throw new Error( `Invalid mu-plugin file name "${ file }".` );
		}
		writeFileSync( join( dir, file ), source );
	}
	record.muPlugins = Object.keys( muPlugins );
}

export async function createSite(
	opts: CreateSiteOptions
): Promise< SiteState > {
	const [ phpInfo, core ] = await Promise.all( [
		ensurePhp(),
		fetchWordPress(),
	] );
	const dirs = siteDirs( opts.name );
	if ( opts.fresh ) {
		await removeTree( dirs.root );
	}
	linkSite( dirs.link, dirs.root );

	let record: SiteRecord | undefined;
	if (
		existsSync( dirs.record ) &&
		existsSync( join( dirs.docroot, 'wp-settings.php' ) )
	) {
		record = JSON.parse(
			readFileSync( dirs.record, 'utf8' )
		) as SiteRecord;
	}
	if ( ! record ) {
		// A half-built site (no record) is rebuilt from scratch.
		await removeTree( dirs.root );
		mkdirSync( dirs.root, { recursive: true } );
		await run( 'cp', [ '-R', core.dir, dirs.docroot ] );
		rmSync( join( dirs.docroot, '.s3ms-complete' ), { force: true } );
		record = {
			salts: Object.fromEntries(
				SALT_NAMES.map( ( name ) => [ name, randomSecret() ] )
			),
			admin: {
				user: 'admin',
				password:
					randomSecret( 20 ).replace( /[^A-Za-z0-9]/g, '' ) ||
					'password',
				email: 'admin@example.test',
			},
			installed: false,
			muPlugins: [],
		};
	}
	mkdirSync( dirs.database, { recursive: true } );

	const siteVersion = readWordPressVersion( dirs.docroot );
	if ( siteVersion !== core.version ) {
		process.stdout.write(
			`Site ${ opts.name } runs WordPress ${ siteVersion }; the cache holds ${ core.version }. Use a fresh site to upgrade.\n`
		);
	}

	if ( opts.database.kind === 'sqlite' ) {
		await installSqlite( phpInfo.binary, dirs.content );
	} else {
		// A site that moved from SQLite to MariaDB must lose the drop-in.
		rmSync( join( dirs.content, 'db.php' ), { force: true } );
	}
	writeFileSync(
		join( dirs.docroot, 'wp-config.php' ),
		wpConfig( opts, record, dirs )
	);
	linkPlugin( dirs.content );
	writeMuPlugins( dirs.content, record, {
		[ LOCAL_MU_PLUGIN ]: readFileSync( LOCAL_MU_PLUGIN_SOURCE, 'utf8' ),
		...opts.muPlugins,
	} );
	// site.json holds the admin password: readable by the user only.
	writeFileSync( dirs.record, JSON.stringify( record, null, '\t' ), {
		mode: 0o600,
	} );

	const common = {
		url: opts.url,
		database: opts.database,
		tablePrefix: TABLE_PREFIX,
		debugLog: dirs.debugLog,
	};
	// The database may have gone while the files stayed (a new MariaDB data folder).
	// A check that cannot even connect means "install", whose error says why.
	const installed =
		record.installed &&
		( await installStep(
			phpInfo.binary,
			'check',
			dirs.docroot,
			common
		).then(
			( answer ) => answer.installed === true,
			() => false
		) );
	if ( ! installed ) {
		if ( opts.database.kind === 'sqlite' ) {
			// What a half-finished install left behind would make wp_install() fail.
			rmSync( dirs.database, { recursive: true, force: true } );
			mkdirSync( dirs.database, { recursive: true } );
		}
		await installStep( phpInfo.binary, 'install', dirs.docroot, {
			...common,
			title: `S3 Media Sync (${ opts.name })`,
			admin: record.admin,
			theme: THEME,
		} );
		await installStep( phpInfo.binary, 'activate', dirs.docroot, {
			...common,
			// Active from the start, as its drop-in would make it on the
			// first admin page (silently: its own hook redirects and exits).
			silentPlugins:
				opts.database.kind === 'sqlite' ? [ SQLITE_PLUGIN_FILE ] : [],
			plugins: [ PLUGIN_FILE ],
		} );
		record.installed = true;
		record.wordpressVersion = siteVersion;
		writeFileSync( dirs.record, JSON.stringify( record, null, '\t' ), {
			mode: 0o600,
		} );
	}

	return {
		url: opts.url.replace( /\/+$/, '' ),
		dir: dirs.docroot,
		admin: record.admin,
		wordpressVersion: siteVersion,
		phpVersion: phpInfo.version,
		debugLog: dirs.debugLog,
	};
}

/** Names of the sites built so far (for cleanup tools). */
export function listSites(): string[] {
	return existsSync( SITES ) ? readdirSync( SITES ) : [];
}
