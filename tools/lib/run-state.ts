/**
 * What a running environment looks like, written as JSON by `npm start` and
 * `npm test` so that test processes (PHPUnit, Playwright workers) can find the
 * site, the S3 front and the credentials the harness created.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface S3Credentials {
	accessKeyId: string;
	secretAccessKey: string;
}

export interface S3State {
	/** The S3 front: what the plugin and the browser talk to. */
	endpoint: string;
	/** The front's control API (latency, outages, replays, request log). */
	controlUrl: string;
	/** moto itself, for the harness only. */
	motoUrl: string;
	region: string;
	bucket: string;
	/** The guide's least-privilege user `s3-media-sync`. */
	user: S3Credentials;
	/** An IAM admin that stands for the bucket owner (harness and tests). */
	admin: S3Credentials;
}

export interface SiteState {
	url: string;
	dir: string;
	admin: { user: string; password: string; email: string };
	wordpressVersion: string;
	/**
	 * `current`, `previous` or the Debian suite the release came from
	 * (tools/lib/wordpress-release.ts); absent means current.
	 */
	wordpressRelease?: string;
	phpVersion: string;
	/** WP_DEBUG_LOG file. */
	debugLog: string;
}

export interface RunState {
	s3: S3State;
	site: SiteState;
}

/**
 * `npm test` starts only the site when the tests it runs need no S3 (a
 * filtered PHPUnit run, say): then the state has no `s3`.
 */
export interface SiteRunState {
	s3?: S3State;
	site: SiteState;
}

/** Environment variable naming the state file of the environment under test. */
export const RUN_STATE_VARIABLE = 'S3MS_RUN_STATE';

export function writeRunState(
	file: string,
	state: RunState | SiteRunState
): void {
	mkdirSync( dirname( file ), { recursive: true } );
	writeFileSync( file, JSON.stringify( state, null, '\t' ) );
}

export function readRunState(
	file = process.env[ RUN_STATE_VARIABLE ]
): RunState {
	if ( ! file ) {
		throw new Error(
			`${ RUN_STATE_VARIABLE } is not set: run the tests through \`npm test\`, which starts the environment.`
		);
	}
	return JSON.parse( readFileSync( file, 'utf8' ) ) as RunState;
}
