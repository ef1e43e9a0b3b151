/**
 * Brings up the whole local environment: the S3 side (moto with IAM on, the
 * S3 front) and the WordPress side (PHP, the current WordPress, a database,
 * a site with this working tree as its plugin), and writes its RunState.
 * `npm start` and `npm test` both call it; only ports and names differ.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

import { RUN } from './lib/paths';
import { writeRunState, type RunState } from './lib/run-state';
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
	log?: ( line: string ) => void;
}

export interface Environment extends RunState {
	stateFile: string;
	runDir: string;
}

export async function startEnvironment(
	options: EnvironmentOptions
): Promise< Environment > {
	const log =
		options.log ??
		( ( line: string ) => process.stdout.write( `${ line }\n` ) );
	const runDir = join( RUN, options.name );
	mkdirSync( runDir, { recursive: true } );

	const started = Date.now();
	const [ s3, wordpress ] = await Promise.all( [
		startS3Side( {
			motoPort: options.ports.moto,
			frontPort: options.ports.s3,
			controlPort: options.ports.s3Control,
			bucket: options.bucket,
			logDir: runDir,
		} ).then( ( state ) => {
			log(
				`S3 side ready: moto with IAM enforcement behind the S3 front at ${ state.endpoint }`
			);
			return state;
		} ),
		( async () => {
			const php = await ensurePhp();
			const core = await fetchWordPress();
			log( `PHP ${ php.version }, WordPress ${ core.version }` );
			return { php, core };
		} )(),
	] );

	const url = `http://127.0.0.1:${ options.ports.site }`;
	const site = await createSite( {
		name: options.name,
		url,
		database: { kind: 'sqlite' },
		fresh: options.fresh,
	} );
	await serveSite( {
		site,
		port: options.ports.site,
		php: wordpress.php.binary,
		logFile: join( runDir, 'php-server.log' ),
	} );
	log(
		`WordPress site ready at ${ url } (${ ( ( Date.now() - started ) / 1000 ).toFixed( 1 ) } s)`
	);

	const state: RunState = { s3, site };
	const stateFile = join( runDir, 'state.json' );
	writeRunState( stateFile, state );
	return { ...state, stateFile, runDir };
}
