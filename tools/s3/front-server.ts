/**
 * The S3 front as its own process (started by index.ts through
 * startService), so a test run's harness and the front never share an
 * event loop: a busy test cannot add latency of its own.
 *
 *   tsx tools/s3/front-server.ts --port P --control-port C --moto URL \
 *       --admin-key-id ID --admin-secret SECRET [--region us-east-1]
 */
import { parseArgs } from 'node:util';
import { S3Front } from './front';
import { createControlServer, listenControl } from './front-control';

async function main(): Promise< void > {
	const { values } = parseArgs( {
		options: {
			port: { type: 'string' },
			'control-port': { type: 'string' },
			moto: { type: 'string' },
			'admin-key-id': { type: 'string' },
			'admin-secret': { type: 'string' },
			region: { type: 'string', default: 'us-east-1' },
		},
		strict: true,
	} );
	const port = Number( values.port );
	const controlPort = Number( values[ 'control-port' ] );
	const moto = values.moto;
	const accessKeyId = values[ 'admin-key-id' ];
	const secretAccessKey = values[ 'admin-secret' ];
	if (
		! port ||
		! controlPort ||
		! moto ||
		! accessKeyId ||
		! secretAccessKey
	) {
		throw new Error(
			'Usage: front-server.ts --port P --control-port C --moto URL --admin-key-id ID --admin-secret SECRET [--region R]'
		);
	}
	const front = new S3Front( {
		motoUrl: moto,
		region: values.region ?? 'us-east-1',
		admin: { accessKeyId, secretAccessKey },
	} );
	const control = createControlServer( front );
	await front.listen( port );
	await listenControl( control, controlPort );
	process.stdout.write(
		`S3 front on http://127.0.0.1:${ port } (control ${ controlPort }) → ${ moto }\n`
	);

	const stop = (): void => {
		control.close();
		void front.close().then( () => process.exit( 0 ) );
	};
	process.once( 'SIGTERM', stop );
	process.once( 'SIGINT', stop );
}

main().catch( ( error: unknown ) => {
	process.stderr.write(
		`S3 front failed: ${ error instanceof Error ? ( error.stack ?? error.message ) : String( error ) }\n`
	);
	process.exit( 1 );
} );
