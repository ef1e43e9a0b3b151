/**
 * WordPress core, fetched once into .cache/wordpress/<version>/ and copied
 * from there into every site.
 *
 * A run uses one release (tools/lib/wordpress-release.ts): the current one
 * (Debian sid) by default, the previous major (Debian trixie) with
 * S3MS_WORDPRESS=previous or `npm test -- --wp=previous`, or the release of
 * any Debian suite named. For the current release wordpress.org is tried
 * first, but only when it answers within 3 s: CI and this machine reach only
 * Debian's archive. From there the .debs of the suite are downloaded with a
 * private apt configuration per suite (no root needed, the system's apt state
 * is untouched), unpacked with dpkg -x and copied with cp -L, which turns
 * Debian's symlinks into the files of the libjs-* and php-* packages it
 * depends on. The version is read from wp-includes/version.php, never from
 * the package's version.
 *
 * Each cache folder's stamp lists the suites it was fetched for, so the
 * current and the previous release are cached side by side. The cache is
 * reused while it exists; set S3MS_WORDPRESS_REFRESH=1 to look for a newer
 * release of the suite.
 */
import {
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	readlinkSync,
	rmSync,
	renameSync,
	writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CACHE, WORDPRESS_CACHE } from '../lib/paths';
import { run } from '../lib/processes';
import {
	CURRENT_SUITE,
	RELEASE_VARIABLE,
	debianSuiteOf,
	releaseLabel,
} from '../lib/wordpress-release';

export interface WordPressCore {
	/** Pristine core: never served or written to; sites are copies of it. */
	dir: string;
	version: string;
	/** The Debian suite it stands for (`sid` also when it came from wordpress.org). */
	suite: string;
	/** `current`, `previous` or the suite's name. */
	release: string;
}

interface Stamp {
	version: string;
	source: string;
	/** The suites whose release this is (two may package the same version). */
	suites?: string[];
	fetchedAt: string;
}

/** Marks a cache folder as complete (a fetch that died half-way has none). */
const STAMP = '.s3ms-complete';
const THEME = 'twentytwentyfive';

export function readWordPressVersion( dir: string ): string {
	const source = readFileSync(
		join( dir, 'wp-includes', 'version.php' ),
		'utf8'
	);
	const match = /\$wp_version\s*=\s*'([^']+)'/.exec( source );
	if ( ! match?.[ 1 ] ) {
		throw new Error( `No $wp_version in ${ dir }/wp-includes/version.php` );
	}
	return match[ 1 ];
}

/** Orders "7.1.4" after "7.1" and "6.9.10" after "6.9.2". */
function compareVersions( a: string, b: string ): number {
	const pa = a.split( /[.-]/ ).map( ( part ) => parseInt( part, 10 ) || 0 );
	const pb = b.split( /[.-]/ ).map( ( part ) => parseInt( part, 10 ) || 0 );
	for ( let i = 0; i < Math.max( pa.length, pb.length ); i++ ) {
		const diff = ( pa[ i ] ?? 0 ) - ( pb[ i ] ?? 0 );
		if ( diff !== 0 ) {
			return diff;
		}
	}
	return 0;
}

function readStamp( dir: string ): Stamp {
	return JSON.parse( readFileSync( join( dir, STAMP ), 'utf8' ) ) as Stamp;
}

/** The suites a stamp stands for; stamps written before there were two say it in `source`. */
function stampSuites( stamp: Stamp ): string[] {
	if ( stamp.suites ) {
		return stamp.suites;
	}
	const debian = /^Debian (\S+) /.exec( stamp.source )?.[ 1 ];
	return [ debian ?? CURRENT_SUITE ];
}

function cachedCores( suite: string ): WordPressCore[] {
	if ( ! existsSync( WORDPRESS_CACHE ) ) {
		return [];
	}
	return readdirSync( WORDPRESS_CACHE )
		.filter( ( name ) =>
			existsSync( join( WORDPRESS_CACHE, name, STAMP ) )
		)
		.filter( ( name ) =>
			stampSuites( readStamp( join( WORDPRESS_CACHE, name ) ) ).includes(
				suite
			)
		)
		.map( ( name ) => ( {
			dir: join( WORDPRESS_CACHE, name ),
			version: name,
			suite,
			release: releaseLabel( suite ),
		} ) )
		.sort( ( a, b ) => compareVersions( b.version, a.version ) );
}

const fetched = new Map< string, Promise< WordPressCore > >();

/**
 * The WordPress release this run uses, from the cache or fetched into it.
 * @param release `current`, `previous` or a Debian suite; default
 *                S3MS_WORDPRESS, else `current`. Every site of a run calls
 *                this without it, so all of them get the same release.
 */
export function fetchWordPress(
	release: string | undefined = process.env[ RELEASE_VARIABLE ]
): Promise< WordPressCore > {
	const suite = debianSuiteOf( release );
	let core = fetched.get( suite );
	if ( ! core ) {
		core = fetchOnce( suite );
		fetched.set( suite, core );
	}
	return core;
}

async function fetchOnce( suite: string ): Promise< WordPressCore > {
	const release = releaseLabel( suite );
	const cached = cachedCores( suite )[ 0 ];
	if ( cached && process.env.S3MS_WORDPRESS_REFRESH !== '1' ) {
		process.stdout.write(
			`WordPress ${ cached.version }, the ${ release } release (cached: ${ cached.dir })\n`
		);
		return cached;
	}
	mkdirSync( WORDPRESS_CACHE, { recursive: true } );
	// Built beside its final place and renamed into it, so a cache folder
	// is either complete or absent.
	const staging = join( WORDPRESS_CACHE, `.staging-${ process.pid }` );
	rmSync( staging, { recursive: true, force: true } );
	mkdirSync( staging, { recursive: true } );
	let source: string;
	try {
		source =
			suite === CURRENT_SUITE && ( await wordpressOrgReachable() )
				? await fromWordPressOrg( staging )
				: await fromDebian( staging, suite );
		if (
			! existsSync(
				join( staging, 'wp-content', 'themes', THEME, 'style.css' )
			)
		) {
			throw new Error(
				`The ${ THEME } theme is missing from the fetched WordPress (${ source }).`
			);
		}
	} catch ( error ) {
		rmSync( staging, { recursive: true, force: true } );
		throw error;
	}
	const version = readWordPressVersion( staging );
	const stamp: Stamp = {
		version,
		source,
		suites: [ suite ],
		fetchedAt: new Date().toISOString(),
	};
	writeFileSync( join( staging, STAMP ), JSON.stringify( stamp ) + '\n' );
	const dir = join( WORDPRESS_CACHE, version );
	if ( existsSync( join( dir, STAMP ) ) ) {
		// The same version, cached for another suite: now it stands for both.
		rmSync( staging, { recursive: true, force: true } );
		const existing = readStamp( dir );
		const suites = stampSuites( existing );
		if ( ! suites.includes( suite ) ) {
			writeFileSync(
				join( dir, STAMP ),
				JSON.stringify( {
					...existing,
					suites: [ ...suites, suite ],
				} ) + '\n'
			);
		}
	} else {
		rmSync( dir, { recursive: true, force: true } );
		renameSync( staging, dir );
	}
	process.stdout.write(
		`WordPress ${ version }, the ${ release } release (fetched from ${ source }: ${ dir })\n`
	);
	return { dir, version, suite, release };
}

async function wordpressOrgReachable(): Promise< boolean > {
	if ( process.env.S3MS_WORDPRESS_SOURCE === 'debian' ) {
		return false;
	}
	try {
		const response = await fetch( 'https://wordpress.org/latest.tar.gz', {
			method: 'HEAD',
			signal: AbortSignal.timeout( 3000 ),
		} );
		return response.ok;
	} catch {
		return false;
	}
}

async function fromWordPressOrg( target: string ): Promise< string > {
	const url = 'https://wordpress.org/latest.tar.gz';
	const archive = join( CACHE, `wordpress-latest-${ process.pid }.tar.gz` );
	try {
		const response = await fetch( url, {
			signal: AbortSignal.timeout( 120_000 ),
		} );
		if ( ! response.ok ) {
			throw new Error( `${ url } answered ${ response.status }` );
		}
		writeFileSync( archive, Buffer.from( await response.arrayBuffer() ) );
		// The tarball holds one folder, wordpress/.
		await run( 'tar', [
			'-xzf',
			archive,
			'-C',
			target,
			'--strip-components=1',
		] );
	} finally {
		rmSync( archive, { force: true } );
	}
	return url;
}

/** Package names of a Depends field: first alternative, version constraints dropped. */
function dependencyNames( field: string ): string[] {
	return field
		.split( ',' )
		.map(
			( alternatives ) =>
				( alternatives.split( '|' )[ 0 ] ?? '' )
					.trim()
					.split( /[\s(]/ )[ 0 ] ?? ''
		)
		.filter( ( name ) => name !== '' );
}

/**
 * The Debian archive this machine's apt already uses (its main archive, not
 * the security one), so the project names no mirror of its own.
 */
function debianMirror(): string {
	const candidates: string[] = [];
	for ( const file of [
		'/etc/apt/sources.list.d/debian.sources',
		'/etc/apt/sources.list',
	] ) {
		if ( ! existsSync( file ) ) {
			continue;
		}
		const text = readFileSync( file, 'utf8' );
		// deb822: "URIs: http://…/debian" ; one-line: "deb [opts] http://…/debian suite main"
		for ( const match of text.matchAll( /^URIs:\s*(\S+)/gm ) ) {
			candidates.push( match[ 1 ] ?? '' );
		}
		for ( const match of text.matchAll(
			/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm
		) ) {
			candidates.push( match[ 1 ] ?? '' );
		}
	}
	const mirror = candidates.find( ( uri ) => /\/debian\/?$/.test( uri ) );
	if ( ! mirror ) {
		throw new Error(
			"No Debian archive found in this machine's apt sources (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list): WordPress is fetched from Debian's archive when wordpress.org cannot be reached."
		);
	}
	return mirror.replace( /\/$/, '' );
}

/**
 * A private apt configuration for one Debian suite in `aptDir` (its own
 * sources, lists and download cache; the system's apt state is untouched),
 * with the package lists updated: the options to pass to apt-get and
 * apt-cache. Also used for core's translations (l10n.ts).
 */
export async function privateApt(
	aptDir: string,
	suite: string
): Promise< string[] > {
	const lists = join( aptDir, 'lists' );
	const cache = join( aptDir, 'cache' );
	mkdirSync( join( lists, 'partial' ), { recursive: true } );
	mkdirSync( join( cache, 'archives', 'partial' ), { recursive: true } );
	const sources = join( aptDir, 'sources.list' );
	const mirror = debianMirror();
	writeFileSync(
		sources,
		`deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${ mirror } ${ suite } main\n`
	);
	const options = [
		'-o',
		`Dir::Etc::sourcelist=${ sources }`,
		'-o',
		'Dir::Etc::sourceparts=-',
		'-o',
		`Dir::State::Lists=${ lists }`,
		'-o',
		`Dir::Cache=${ cache }`,
		// Downloads into our own folder, which the _apt user may not enter.
		'-o',
		'APT::Sandbox::User=root',
	];
	process.stdout.write( `Reading Debian ${ suite } (${ mirror })…\n` );
	await run( 'apt-get', [ ...options, 'update' ] );
	return options;
}

async function fromDebian( target: string, suite: string ): Promise< string > {
	// One apt state per suite: two suites' package lists never mix.
	const aptDir = join( CACHE, 'apt', suite );
	const options = await privateApt( aptDir, suite );
	const show = await run( 'apt-cache', [
		...options,
		'show',
		'--no-all-versions',
		'wordpress',
	] );
	const debianVersion = /^Version:\s*(\S+)/m.exec( show )?.[ 1 ] ?? 'unknown';
	const depends = /^Depends:\s*(.+)$/m.exec( show )?.[ 1 ] ?? '';
	// The packages whose files WordPress symlinks: JavaScript and PHP
	// libraries, not the web server, database or PHP extensions it also needs.
	const libraries = dependencyNames( depends ).filter(
		( name ) =>
			name.startsWith( 'libjs-' ) ||
			name.startsWith( 'libphp-' ) ||
			name === 'php-getid3'
	);
	const packages = [
		'wordpress',
		`wordpress-theme-${ THEME }`,
		...new Set( libraries ),
	];

	const work = join( aptDir, `download-${ process.pid }` );
	rmSync( work, { recursive: true, force: true } );
	mkdirSync( work, { recursive: true } );
	try {
		await run( 'apt-get', [ ...options, 'download', ...packages ], {
			cwd: work,
		} );
		const root = join( work, 'root' );
		for ( const deb of readdirSync( work ).filter( ( name ) =>
			name.endsWith( '.deb' )
		) ) {
			await run( 'dpkg', [ '-x', join( work, deb ), root ] );
		}
		const core = join( root, 'usr', 'share', 'wordpress' );
		// Debian's own: they point into /etc/wordpress, which a site replaces.
		rmSync( join( core, '.htaccess' ), { force: true } );
		rmSync( join( core, 'wp-config.php' ), { force: true } );
		resolveDanglingSymlinks( core );
		await run( 'cp', [ '-rL', `${ core }/.`, target ] );
	} finally {
		rmSync( work, { recursive: true, force: true } );
	}
	return `Debian ${ suite } wordpress ${ debianVersion } (+ ${ packages.slice( 1 ).join( ', ' ) })`;
}

/**
 * Relative links point into the other unpacked packages; one that does not
 * resolve means the dependency list above missed a package, which must fail.
 * Absolute links point into the host (ca-bundle.crt → the system's CA store):
 * kept when the host has the file, else dropped (WordPress then falls back).
 */
function resolveDanglingSymlinks( dir: string ): void {
	const missing: string[] = [];
	const walk = ( current: string ): void => {
		for ( const entry of readdirSync( current, { withFileTypes: true } ) ) {
			const path = join( current, entry.name );
			if ( entry.isDirectory() ) {
				walk( path );
			} else if ( entry.isSymbolicLink() ) {
				const link = readlinkSync( path );
				const targetPath = isAbsolute( link )
					? link
					: resolve( dirname( path ), link );
				if ( ! existsSync( targetPath ) ) {
					if ( isAbsolute( link ) ) {
						rmSync( path );
					} else {
						missing.push( `${ path } -> ${ link }` );
					}
				}
			}
		}
	};
	walk( dir );
	if ( missing.length > 0 ) {
		throw new Error(
			`Debian's WordPress links to files of packages that were not downloaded:\n  ${ missing
				.slice( 0, 10 )
				.join( '\n  ' ) }`
		);
	}
}
