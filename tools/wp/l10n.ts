/**
 * Core's own translations, from Debian's `wordpress-l10n` package of the
 * suite whose WordPress the run uses (wordpress.ts), fetched the same way:
 * a private apt configuration (privateApt), `apt-get download`, `dpkg -x`.
 * Kept in .cache/wordpress-l10n/<suite>/ (a stamp marks a complete fetch)
 * and copied into a site's wp-content/languages/ for the locales a test
 * needs, so that WordPress really runs in German or in Hebrew (is_rtl()).
 *
 * The package lags behind the release by a version or so: its strings
 * cover most of core's admin, which is all the e2e specs need (they test the
 * plugin's own strings and core's direction, not core's translation).
 */
import {
	copyFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import { CACHE } from '../lib/paths';
import { run } from '../lib/processes';
import { debianSuiteOf } from '../lib/wordpress-release';
import { privateApt } from './wordpress';

const L10N_CACHE = join( CACHE, 'wordpress-l10n' );
const STAMP = '.s3ms-complete';

/** The folder holding core's languages (`de_DE.mo`, `admin-de_DE.mo`, …) for a release. */
export async function fetchCoreTranslations(
	release?: string
): Promise< string > {
	const suite = debianSuiteOf( release );
	const dir = join( L10N_CACHE, suite );
	if ( existsSync( join( dir, STAMP ) ) ) {
		return dir;
	}
	const aptDir = join( L10N_CACHE, `apt-${ suite }` );
	const options = await privateApt( aptDir, suite );
	const work = join( aptDir, `download-${ process.pid }` );
	const staging = join( L10N_CACHE, `.staging-${ process.pid }` );
	rmSync( work, { recursive: true, force: true } );
	rmSync( staging, { recursive: true, force: true } );
	mkdirSync( work, { recursive: true } );
	try {
		await run( 'apt-get', [ ...options, 'download', 'wordpress-l10n' ], {
			cwd: work,
		} );
		const deb = readdirSync( work ).find( ( name ) =>
			name.endsWith( '.deb' )
		);
		if ( ! deb ) {
			throw new Error(
				`apt-get download wordpress-l10n (${ suite }) saved no .deb`
			);
		}
		await run( 'dpkg', [ '-x', join( work, deb ), join( work, 'root' ) ] );
		const languages = join(
			work,
			'root',
			'usr',
			'share',
			'wordpress',
			'wp-content',
			'languages'
		);
		if ( ! existsSync( languages ) ) {
			throw new Error( `${ deb } has no wp-content/languages/` );
		}
		cpSync( languages, staging, { recursive: true, dereference: true } );
		writeFileSync(
			join( staging, STAMP ),
			`${ JSON.stringify( { deb, fetchedAt: new Date().toISOString() } ) }\n`
		);
		rmSync( dir, { recursive: true, force: true } );
		renameSync( staging, dir );
	} finally {
		rmSync( work, { recursive: true, force: true } );
		rmSync( staging, { recursive: true, force: true } );
	}
	return dir;
}

/**
 * Copies core's files of `locale` (the top-level `<locale>.*`,
 * `admin-<locale>.*`, and the scripts' `<locale>-<md5>.json`) into
 * `<site>/wp-content/languages/`. Returns how many files were copied.
 */
export function installCoreLocale(
	translations: string,
	siteDir: string,
	locale: string
): number {
	const target = join( siteDir, 'wp-content', 'languages' );
	mkdirSync( target, { recursive: true } );
	const files = readdirSync( translations ).filter(
		( name ) =>
			name.startsWith( `${ locale }.` ) ||
			name.startsWith( `${ locale }-` ) ||
			name.startsWith( `admin-${ locale }.` ) ||
			name.startsWith( `admin-network-${ locale }.` )
	);
	if ( ! files.includes( `${ locale }.mo` ) ) {
		throw new Error(
			`Debian's wordpress-l10n has no ${ locale }.mo (in ${ translations })`
		);
	}
	for ( const name of files ) {
		copyFileSync( join( translations, name ), join( target, name ) );
	}
	return files.length;
}

/** The package's Debian file name, as the stamp recorded it (for messages). */
export function coreTranslationsSource( translations: string ): string {
	const stamp = join( translations, STAMP );
	return existsSync( stamp )
		? ( JSON.parse( readFileSync( stamp, 'utf8' ) ) as { deb: string } ).deb
		: 'unknown';
}
