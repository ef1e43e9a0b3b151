/**
 * `npm run plugin-zip`: builds the settings page (`wp-scripts build`) and
 * writes `s3-media-sync.zip`, the file users upload through Plugins → Add
 * New → Upload Plugin. Its one top folder, `s3-media-sync/`, holds exactly
 * what runs on a site:
 *
 *   plugin.php, uninstall.php, readme.txt, LICENSE
 *   includes/**.php                    the PHP classes
 *   build/*.js, *.asset.php, *.css     the built settings page
 *   languages/*.pot, *.po, *.mo, *.json
 *
 * and nothing of the tests, tooling, node_modules or TypeScript sources (the
 * sources are in the repository's src/, as readme.txt says).
 *
 * Not `wp-scripts plugin-zip`: it looks for `${name}.php` (ours is
 * plugin.php) and adds package.json when given a `files` list.
 *
 * A file in a shipped folder that matches neither what ships nor what is
 * known to stay out (the folders' README.md) stops the build: a new kind of
 * file must be decided on, not silently dropped or shipped.
 * tests/js/release.test.ts holds the zip against its own allow-list.
 *
 *   npx tsx tools/plugin-zip.ts [--no-build] [--output=<file>]
 */
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	readdirSync,
	readFileSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { ROOT } from './lib/paths';
import { createZip, type ZipInput } from './lib/zip';

/** The plugin's folder name in wp-content/plugins, and the zip's top folder. */
export const PLUGIN_SLUG = 's3-media-sync';
export const ZIP_FILE = join( ROOT, `${ PLUGIN_SLUG }.zip` );

/** Top-level files that ship. */
const TOP_FILES = [
	'plugin.php',
	'uninstall.php',
	'readme.txt',
	'LICENSE',
] as const;

/** Folders that ship: what of them ships, and what is known to stay out. */
const FOLDERS: ReadonlyArray< {
	folder: string;
	ships: RegExp;
	staysOut: RegExp;
} > = [
	{ folder: 'includes', ships: /\.php$/, staysOut: /(^|\/)README\.md$/ },
	{
		folder: 'build',
		ships: /^[\w-]+(\.asset\.php|\.js|(-rtl)?\.css)$/,
		staysOut: /\.map$/,
	},
	{
		folder: 'languages',
		ships: /^s3-media-sync(-[a-z]{2,3}(_[A-Z]{2})?(_\w+)?(-[0-9a-f]{32})?)?\.(pot|po|mo|json)$/,
		staysOut: /^README\.md$/,
	},
];

/** Files that must be in every release zip, whatever else changes. */
const RELEASE_REQUIRED = [
	...TOP_FILES,
	'includes/autoload.php',
	'includes/Plugin.php',
	'build/settings.js',
	'build/settings.asset.php',
	'languages/s3-media-sync.pot',
] as const;

function walk( dir: string ): string[] {
	return readdirSync( dir, { withFileTypes: true } )
		.flatMap( ( entry ) => {
			const path = join( dir, entry.name );
			if ( entry.isDirectory() ) {
				return walk( path );
			}
			return entry.isFile() ? [ path ] : [];
		} )
		.sort();
}

/** The files that ship, relative to the repository, sorted. */
export function releaseFiles( root = ROOT ): string[] {
	const files: string[] = [];
	const problems: string[] = [];
	for ( const file of TOP_FILES ) {
		if ( existsSync( join( root, file ) ) ) {
			files.push( file );
		} else {
			problems.push( `${ file } is missing` );
		}
	}
	for ( const { folder, ships, staysOut } of FOLDERS ) {
		const dir = join( root, folder );
		if ( ! existsSync( dir ) ) {
			problems.push( `${ folder }/ is missing` );
			continue;
		}
		for ( const path of walk( dir ) ) {
			const inFolder = relative( dir, path ).split( '\\' ).join( '/' );
			if ( ships.test( inFolder ) ) {
				files.push( `${ folder }/${ inFolder }` );
			} else if ( ! staysOut.test( inFolder ) ) {
				problems.push(
					`${ folder }/${ inFolder } is neither shipped nor known to stay out: decide in tools/plugin-zip.ts`
				);
			}
		}
	}
	for ( const required of RELEASE_REQUIRED ) {
		const reported = problems.some( ( problem ) =>
			problem.startsWith( required )
		);
		if ( ! files.includes( required ) && ! reported ) {
			problems.push( `${ required } is missing` );
		}
	}
	if ( problems.length > 0 ) {
		throw new Error(
			`Cannot build the release zip:\n  ${ problems.join( '\n  ' ) }`
		);
	}
	return files.sort();
}

/** The folders a list of files needs, parents first. */
function foldersOf( files: readonly string[] ): string[] {
	const folders = new Set< string >();
	for ( const file of files ) {
		const parts = file.split( '/' ).slice( 0, -1 );
		for ( let depth = 1; depth <= parts.length; depth++ ) {
			folders.add( `${ parts.slice( 0, depth ).join( '/' ) }/` );
		}
	}
	return [ ...folders ].sort();
}

/** When the entries are stamped: $SOURCE_DATE_EPOCH for reproducible zips, else now. */
function stamp(): Date {
	const epoch = Number( process.env.SOURCE_DATE_EPOCH );
	return Number.isFinite( epoch ) && epoch > 0
		? new Date( epoch * 1000 )
		: new Date();
}

export interface PluginZipOptions {
	/** Run `wp-scripts build` first (default true). */
	build?: boolean;
	output?: string;
	root?: string;
}

export interface PluginZipResult {
	file: string;
	bytes: number;
	/** Paths inside the zip (with the top folder), directories included. */
	entries: string[];
	/** Files only, relative to the top folder. */
	files: string[];
}

export function buildPluginZip(
	options: PluginZipOptions = {}
): PluginZipResult {
	const root = options.root ?? ROOT;
	const output = resolve( options.output ?? ZIP_FILE );
	if ( options.build ?? true ) {
		execFileSync(
			join( root, 'node_modules', '.bin', 'wp-scripts' ),
			[ 'build' ],
			{ cwd: root, stdio: 'pipe' }
		);
	}
	const files = releaseFiles( root );
	const inputs: ZipInput[] = [
		{ name: `${ PLUGIN_SLUG }/` },
		...foldersOf( files ).map( ( folder ) => ( {
			name: `${ PLUGIN_SLUG }/${ folder }`,
		} ) ),
		...files.map( ( file ) => ( {
			name: `${ PLUGIN_SLUG }/${ file }`,
			data: readFileSync( join( root, file ) ),
		} ) ),
	];
	writeFileSync( output, createZip( inputs, stamp() ) );
	return {
		file: output,
		bytes: statSync( output ).size,
		entries: inputs.map( ( input ) => input.name ),
		files,
	};
}

if ( require.main === module ) {
	const output = process.argv
		.find( ( arg ) => arg.startsWith( '--output=' ) )
		?.slice( '--output='.length );
	const result = buildPluginZip( {
		build: ! process.argv.includes( '--no-build' ),
		...( output ? { output } : {} ),
	} );
	console.log(
		`${ relative( process.cwd(), result.file ) || result.file }: ${
			result.files.length
		} files, ${ ( result.bytes / 1024 ).toFixed( 1 ) } KiB`
	);
}
