/**
 * A second WordPress site for tests/e2e/04-install-from-zip.spec.ts: fresh,
 * WITHOUT the plugin (no symlink to the working tree, nothing of it in the
 * database), served on its own port, with the release zip built beside it.
 * The spec installs the plugin the way users do, by uploading the zip.
 *
 * createSite() always links and activates the working tree as the plugin,
 * so this builds the site with it and then takes the plugin out again:
 * deactivated by WordPress (silently: no deactivation hook runs), the link
 * removed, and the database checked for anything named s3_media_sync.
 *
 * Used by tools/test.ts when the e2e suite runs:
 *
 *   const zipSite = await startZipSite( { name: `${ runName }-zip`, port: await freePort(), stateFile: env.stateFile, runDir: env.runDir } );
 *   ... after the suites, on success: removeZipSite( zipSite ) (beside the main site's removal)
 *
 * It adds `zipSite` to the run state file, which the spec reads.
 */
import {
	readFileSync,
	rmSync,
	unlinkSync,
	lstatSync,
	writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

import { SITES } from './lib/paths';
import { run } from './lib/processes';
import type { SiteState } from './lib/run-state';
import { buildPluginZip, PLUGIN_SLUG } from './plugin-zip';
import { ensurePhp } from './wp/php';
import { serveSite } from './wp/server';
import { createSite, PLUGIN_FILE } from './wp/site';

export interface ZipSiteState extends SiteState {
	/** The release zip the spec uploads. */
	zip: string;
	/** Site name (its folder is .cache/sites/<name>). */
	name: string;
}

/** Run-state key the spec looks for. */
export const ZIP_SITE_KEY = 'zipSite';

/** Deactivates the linked plugin and proves the database holds nothing of it. */
const TAKE_OUT_PLUGIN = `
$_SERVER['HTTP_HOST'] = $argv[2];
require rtrim( $argv[1], '/' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
deactivate_plugins( $argv[3], true );
global $wpdb;
$left = $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%s3\\\\_media\\\\_sync%' OR option_value LIKE '%s3-media-sync/%'" );
if ( array() !== $left || false !== wp_next_scheduled( 's3_media_sync_retry' ) ) {
	fwrite( STDERR, 'The plugin left something in the fresh site: ' . implode( ', ', $left ) . "\\n" );
	exit( 1 );
}
echo "clean\\n";
`;

export async function startZipSite( options: {
	name: string;
	port: number;
	/** The run's state file: zipSite is added to it. */
	stateFile: string;
	/** Where the zip and the server's log go. */
	runDir: string;
	log?: ( line: string ) => void;
} ): Promise< ZipSiteState > {
	const log =
		options.log ??
		( ( line: string ) => process.stdout.write( `${ line }\n` ) );
	const php = await ensurePhp();
	const url = `http://127.0.0.1:${ options.port }`;
	const site = await createSite( {
		name: options.name,
		url,
		database: { kind: 'sqlite' },
		fresh: true,
	} );
	const host = new URL( url ).host;
	await run( php.binary, [
		'-r',
		TAKE_OUT_PLUGIN,
		site.dir,
		host,
		PLUGIN_FILE,
	] );
	const link = join( site.dir, 'wp-content', 'plugins', PLUGIN_SLUG );
	if ( lstatSync( link ).isSymbolicLink() ) {
		unlinkSync( link );
	}

	// tools/test.ts has just run wp-scripts build.
	const zip = buildPluginZip( {
		build: false,
		output: join( options.runDir, `${ PLUGIN_SLUG }.zip` ),
	} );
	await serveSite( {
		site,
		port: options.port,
		php: php.binary,
		logFile: join( options.runDir, 'php-server-zip-site.log' ),
	} );
	log(
		`Fresh WordPress without the plugin at ${ url }; release zip ${ zip.file } (${ zip.bytes } bytes)`
	);

	const state: ZipSiteState = { ...site, zip: zip.file, name: options.name };
	const current = JSON.parse(
		readFileSync( options.stateFile, 'utf8' )
	) as Record< string, unknown >;
	writeFileSync(
		options.stateFile,
		JSON.stringify( { ...current, [ ZIP_SITE_KEY ]: state }, null, '\t' )
	);
	return state;
}

/** Removes the site's folder and its link (the server was stopped by stopAll()). */
export function removeZipSite( site: ZipSiteState ): void {
	rmSync( dirname( site.dir ), { recursive: true, force: true } );
	rmSync( join( SITES, site.name ), { force: true } );
}
