/**
 * The S3 side of the local environment: moto with IAM enforced, set up as
 * the guide says, behind the S3 front. Stopped by stopAll() like every
 * service started through tools/lib/processes.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { HOST, assertPortFree, waitForHttp } from '../lib/network';
import { ROOT } from '../lib/paths';
import { startService } from '../lib/processes';
import type { S3State } from '../lib/run-state';
import { FrontClient } from './front-client';
import { startMoto } from './moto';
import { provision } from './provision';
import { ensureMotoVenv } from './python-venv';

export interface S3SideOptions {
	motoPort: number;
	frontPort: number;
	controlPort: number;
	bucket: string;
	region?: string;
	logDir: string;
}

export async function startS3Side( opts: S3SideOptions ): Promise< S3State > {
	const region = opts.region ?? 'us-east-1';
	await assertPortFree( opts.motoPort, 'moto' );
	await assertPortFree( opts.frontPort, 'S3 front' );
	await assertPortFree( opts.controlPort, 'S3 front control' );
	mkdirSync( opts.logDir, { recursive: true } );

	const motoServer = await ensureMotoVenv();
	const motoUrl = await startMoto( {
		motoServer,
		port: opts.motoPort,
		logDir: opts.logDir,
	} );
	const { user, admin } = await provision( {
		motoUrl,
		bucket: opts.bucket,
		region,
	} );

	const logFile = resolve( opts.logDir, 's3-front.log' );
	// Node itself with tsx's loader: one process, so stopAll() stops exactly it.
	startService(
		's3 front',
		process.execPath,
		[
			'--import',
			'tsx',
			resolve( __dirname, 'front-server.ts' ),
			'--port',
			String( opts.frontPort ),
			'--control-port',
			String( opts.controlPort ),
			'--moto',
			motoUrl,
			'--admin-key-id',
			admin.accessKeyId,
			'--admin-secret',
			admin.secretAccessKey,
			'--region',
			region,
		],
		{ logFile, cwd: ROOT }
	);
	const controlUrl = `http://${ HOST }:${ opts.controlPort }`;
	await waitForHttp(
		`${ controlUrl }/state`,
		`S3 front control (log: ${ logFile })`
	);
	await new FrontClient( controlUrl ).registerCredentials( user );

	return {
		endpoint: `http://${ HOST }:${ opts.frontPort }`,
		controlUrl,
		motoUrl,
		region,
		bucket: opts.bucket,
		user,
		admin,
	};
}
