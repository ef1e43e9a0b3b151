/**
 * Brings up the whole local environment: the S3 side (moto with IAM on, the
 * S3 front) and the WordPress side (PHP, the WordPress release S3MS_WORDPRESS
 * names, the current one by default, a database, a site with this working
 * tree as its plugin), and writes its RunState.
 * `npm start` and `npm test` both call it; only ports and names differ.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

import { ROOT, RUN } from './lib/paths';
import { run } from './lib/processes';
import { assertPortFree } from './lib/network';
import {
	writeRunState,
	type RunState,
	type S3State,
	type SiteRunState,
} from './lib/run-state';
import { startS3Side } from './s3';
import { ensurePhp } from './wp/php';
import { fetchWordPress } from './wp/wordpress';
import { createSite } from './wp/site';
import { serveSite } from './wp/server';

export interface Ports {
	site: number;
	s3: number;
	s3Control: number;
	moto: number;
}

export interface EnvironmentOptions {
	/** Names the site folder and the run folder: `dev` for npm start, `test` for npm test. */
	name: string;
	ports: Ports;
	/** Rebuild the site and its database from scratch. */
	fresh: boolean;
	bucket: string;
	/**
	 * Save the plugin's settings for the guide's least-privilege user against
	 * the S3 front (npm start). Tests leave the site unconfigured and set up
	 * what each needs.
	 */
	configurePlugin: boolean;
	/**
	 * Start the S3 side (moto, the S3 front). Default true; `npm test` leaves
	 * it out when the tests it runs need only WordPress, and the run state
	 * then has no `s3`.
	 */
	s3?: boolean;
	log?: ( line: string ) => void;
}

export interface Environment extends RunState {
	stateFile: string;
	runDir: string;
}

/** An environment that may have been started without its S3 side. */
export interface SiteEnvironment extends SiteRunState {
	stateFile: string;
	runDir: string;
}

export function hasS3Side( env: SiteEnvironment ): env is Environment {
	return env.s3 !== undefined;
}

/** The plugin's settings for the guide's least-privilege user against the S3 front. */
export function guideSettings( s3: S3State ): Record< string, unknown > {
	return {
		access_key_id: s3.user.accessKeyId,
		secret_access_key: s3.user.secretAccessKey,
		bucket: s3.bucket,
		region: s3.region,
		endpoint: s3.endpoint,
		use_path_style: true,
		object_acl: 'public-read',
	};
}

/** Saves settings through the plugin's own store (see tools/wp/php/configure-plugin.php). */
export async function configurePlugin(
	php: string,
	docroot: string,
	settings: Record< string, unknown >
): Promise< void > {
	await run(
		php,
		[ join( ROOT, 'tools', 'wp', 'php', 'configure-plugin.php' ), docroot ],
		{
			env: {
				...process.env,
				S3MS_PLUGIN_SETTINGS: JSON.stringify( settings ),
			},
		}
	);
}

export async function startEnvironment(
	options: EnvironmentOptions & { s3?: true }
): Promise< Environment >;
export async function startEnvironment(
	options: EnvironmentOptions
): Promise< SiteEnvironment >;
export async function startEnvironment(
	options: EnvironmentOptions
): Promise< SiteEnvironment > {
	const log =
		options.log ??
		( ( line: string ) => process.stdout.write( `${ line }\n` ) );
	const runDir = join( RUN, options.name );
	mkdirSync( runDir, { recursive: true } );
	const withS3 = options.s3 ?? true;
	if ( options.configurePlugin && ! withS3 ) {
		throw new Error( 'configurePlugin needs the S3 side (s3: true).' );
	}

	// The site's port is checked first, so a clash is reported before anything starts.
	await assertPortFree( options.ports.site, 'WordPress' );
	const started = Date.now();
	const [ s3, wordpress ] = await Promise.all( [
		withS3
			? startS3Side( {
					motoPort: options.ports.moto,
					frontPort: options.ports.s3,
					controlPort: options.ports.s3Control,
					bucket: options.bucket,
					logDir: runDir,
				} ).then( ( state ): S3State | undefined => {
					log(
						`S3 side ready: moto with IAM enforcement behind the S3 front at ${ state.endpoint }`
					);
					return state;
				} )
			: Promise.resolve( undefined ).then( () => {
					log(
						'S3 side not started: these tests need only WordPress'
					);
					return undefined;
				} ),
		( async () => {
			const php = await ensurePhp();
			const core = await fetchWordPress();
			log(
				`PHP ${ php.version }, WordPress ${ core.version } (the ${ core.release } release, Debian ${ core.suite })`
			);
			return { php, core };
		} )(),
	] );

	const url = `http://127.0.0.1:${ options.ports.site }`;
	const site = {
		...( await createSite( {
			name: options.name,
			url,
			database: { kind: 'sqlite' },
			fresh: options.fresh,
		} ) ),
		wordpressRelease: wordpress.core.release,
	};
	await serveSite( {
		site,
		port: options.ports.site,
		php: wordpress.php.binary,
		logFile: join( runDir, 'php-server.log' ),
	} );
	if ( options.configurePlugin && s3 ) {
		await configurePlugin(
			wordpress.php.binary,
			site.dir,
			guideSettings( s3 )
		);
		log(
			`Plugin configured: bucket ${ s3.bucket } at ${ s3.endpoint }, as the IAM user s3-media-sync`
		);
	}
	log(
		`WordPress site ready at ${ url } (${ ( ( Date.now() - started ) / 1000 ).toFixed( 1 ) } s)`
	);

	const state: SiteRunState = s3 ? { s3, site } : { site };
	const stateFile = join( runDir, 'state.json' );
	writeRunState( stateFile, state );
	return { ...state, stateFile, runDir };
}
