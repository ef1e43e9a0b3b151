/**
 * `npm run version:bump -- 0.2.0`: writes the new version everywhere it
 * lives, and checks afterwards that every place says the same:
 *
 *   plugin.php         the header's `Version:` and the VERSION constant
 *   readme.txt         `Stable tag:`
 *   package.json       "version"
 *   package-lock.json  "version" and packages[""].version
 *   languages/*.pot, *.po   `Project-Id-Version: s3-media-sync <version>`
 *
 * readme.txt's changelog is written by a person: without a `= <version> =`
 * entry the script says so (and still bumps).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './lib/paths';

/** x.y.z, with an optional pre-release (-beta.1). */
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const PLUGIN_HEADER = /^(\s*\*\s*Version:[ \t]*)(\S+)[ \t]*$/m;
const PLUGIN_CONSTANT = /^(const VERSION\s*=\s*')([^']*)(';)$/m;
const STABLE_TAG = /^(Stable tag:[ \t]*)(\S+)[ \t]*$/m;
const PROJECT_ID = /^("Project-Id-Version: s3-media-sync )([^\\"]*)(\\n")$/m;

export interface VersionPlaces {
	'plugin.php Version': string | null;
	'plugin.php VERSION': string | null;
	'readme.txt Stable tag': string | null;
	'package.json version': string | null;
	'package-lock.json version': string | null;
	'package-lock.json packages[""].version': string | null;
	[ translation: string ]: string | null;
}

function translationFiles( root: string ): string[] {
	const dir = join( root, 'languages' );
	return existsSync( dir )
		? readdirSync( dir )
				.filter( ( file ) => /\.(pot|po)$/.test( file ) )
				.sort()
				.map( ( file ) => `languages/${ file }` )
		: [];
}

function read( root: string, file: string ): string {
	return readFileSync( join( root, file ), 'utf8' );
}

/** What each place says now (null where the place was not found). */
export function versionPlaces( root = ROOT ): VersionPlaces {
	const plugin = read( root, 'plugin.php' );
	const readme = read( root, 'readme.txt' );
	const pkg = JSON.parse( read( root, 'package.json' ) ) as {
		version?: string;
	};
	const lock = JSON.parse( read( root, 'package-lock.json' ) ) as {
		version?: string;
		packages?: Record< string, { version?: string } >;
	};
	const places: VersionPlaces = {
		'plugin.php Version': PLUGIN_HEADER.exec( plugin )?.[ 2 ] ?? null,
		'plugin.php VERSION': PLUGIN_CONSTANT.exec( plugin )?.[ 2 ] ?? null,
		'readme.txt Stable tag': STABLE_TAG.exec( readme )?.[ 2 ] ?? null,
		'package.json version': pkg.version ?? null,
		'package-lock.json version': lock.version ?? null,
		'package-lock.json packages[""].version':
			lock.packages?.[ '' ]?.version ?? null,
	};
	for ( const file of translationFiles( root ) ) {
		places[ `${ file } Project-Id-Version` ] =
			PROJECT_ID.exec( read( root, file ) )?.[ 2 ] ?? null;
	}
	return places;
}

function replaceOnce(
	text: string,
	pattern: RegExp,
	version: string,
	where: string
): string {
	if ( ! pattern.test( text ) ) {
		throw new Error( `${ where }: the version was not found.` );
	}
	return text.replace(
		pattern,
		( _match, before: string, _old: string, after?: string ) =>
			`${ before }${ version }${ typeof after === 'string' ? after : '' }`
	);
}

/** Writes `version` into every place; returns the files changed. */
export function bumpVersion( version: string, root = ROOT ): string[] {
	if ( ! SEMVER.test( version ) ) {
		throw new Error(
			`"${ version }" is not a version: use x.y.z, e.g. 0.2.0 or 1.0.0-beta.1.`
		);
	}
	const changed: string[] = [];
	const write = ( file: string, before: string, after: string ): void => {
		if ( before !== after ) {
			writeFileSync( join( root, file ), after );
			changed.push( file );
		}
	};

	const plugin = read( root, 'plugin.php' );
	write(
		'plugin.php',
		plugin,
		replaceOnce(
			replaceOnce( plugin, PLUGIN_HEADER, version, 'plugin.php header' ),
			PLUGIN_CONSTANT,
			version,
			'plugin.php VERSION constant'
		)
	);
	const readme = read( root, 'readme.txt' );
	write(
		'readme.txt',
		readme,
		replaceOnce( readme, STABLE_TAG, version, 'readme.txt Stable tag' )
	);

	// npm writes both files as JSON.stringify with tabs and a final newline.
	for ( const file of [ 'package.json', 'package-lock.json' ] ) {
		const text = read( root, file );
		const json = JSON.parse( text ) as {
			version?: string;
			packages?: Record< string, { version?: string } >;
		};
		json.version = version;
		const rootPackage = json.packages?.[ '' ];
		if ( rootPackage ) {
			rootPackage.version = version;
		}
		write( file, text, `${ JSON.stringify( json, null, '\t' ) }\n` );
	}

	for ( const file of translationFiles( root ) ) {
		const text = read( root, file );
		if ( PROJECT_ID.test( text ) ) {
			write(
				file,
				text,
				replaceOnce( text, PROJECT_ID, version, `${ file } header` )
			);
		}
	}

	const places = versionPlaces( root );
	const wrong = Object.entries( places ).filter(
		( [ , found ] ) => found !== null && found !== version
	);
	if ( wrong.length > 0 ) {
		throw new Error(
			`After the bump, some places still disagree: ${ wrong
				.map( ( [ place, found ] ) => `${ place } = ${ found }` )
				.join( ', ' ) }`
		);
	}
	return changed;
}

/** Whether readme.txt's changelog has an entry for the version. */
export function hasChangelogEntry( version: string, root = ROOT ): boolean {
	const readme = read( root, 'readme.txt' );
	const changelog = readme.split( /^== Changelog ==$/m )[ 1 ] ?? '';
	return changelog.includes( `= ${ version } =` );
}

if ( require.main === module ) {
	const version = process.argv
		.slice( 2 )
		.find( ( arg ) => ! arg.startsWith( '-' ) );
	if ( ! version ) {
		console.error( 'usage: npm run version:bump -- <x.y.z>' );
		process.exit( 2 );
	}
	try {
		const changed = bumpVersion( version );
		console.log(
			changed.length
				? `Version ${ version } written to ${ changed.join( ', ' ) }.`
				: `Everything already says ${ version }.`
		);
		if ( ! hasChangelogEntry( version ) ) {
			console.warn(
				`readme.txt has no changelog entry "= ${ version } =": add one before the release.`
			);
		}
	} catch ( error ) {
		console.error( error instanceof Error ? error.message : error );
		process.exit( 1 );
	}
}
