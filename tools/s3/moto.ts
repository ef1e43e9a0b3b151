/**
 * moto_server with IAM enforcement on from the first request
 * (INITIAL_NO_AUTH_ACTION_COUNT=0): the provisioning turns it off and on
 * again explicitly, so no request is ever judged by accident without IAM.
 */
import { dirname, resolve } from 'node:path';
import { HOST, waitForHttp } from '../lib/network';
import { startService } from '../lib/processes';

export interface MotoOptions {
	/** Path of moto_server (from ensureMotoVenv). */
	motoServer: string;
	port: number;
	logDir: string;
}

/** Starts moto and waits until it answers; resolves to its base URL. */
export async function startMoto( options: MotoOptions ): Promise< string > {
	const { motoServer, port, logDir } = options;
	const url = `http://${ HOST }:${ port }`;
	const logFile = resolve( logDir, 'moto.log' );
	// moto's server through our launcher (moto-server.py says what it changes: speed only).
	const python = resolve( dirname( motoServer ), 'python' );
	const launcher = resolve( __dirname, 'moto-server.py' );
	startService(
		'moto',
		python,
		[ launcher, '-H', HOST, '-p', String( port ) ],
		{
			logFile,
			env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '0' },
		}
	);
	// The moto-api pages need no signature, so they answer even with IAM on.
	await waitForHttp(
		`${ url }/moto-api/data.json`,
		`moto (log: ${ logFile })`,
		60_000
	);
	return url;
}

/**
 * Turns moto's IAM checks off (`inf`) or back on (`0`): the number is how
 * many more requests moto lets through unchecked.
 */
export async function setMotoAuth(
	motoUrl: string,
	uncheckedRequests: 'inf' | '0'
): Promise< void > {
	const response = await fetch( `${ motoUrl }/moto-api/reset-auth`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/plain' },
		body: uncheckedRequests,
	} );
	if ( ! response.ok ) {
		throw new Error(
			`moto reset-auth ${ uncheckedRequests } answered ${ response.status }: ${ await response.text() }`
		);
	}
}
