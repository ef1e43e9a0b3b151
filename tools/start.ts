/**
 * `npm start`: a working local site with the plugin active, against a local
 * S3 that enforces the guide's IAM policy. Stays up until Ctrl-C, which stops
 * every child process.
 *
 * Ports (environment variables): S3MS_SITE_PORT (8888), S3MS_S3_PORT (9000),
 * S3MS_S3_CONTROL_PORT (9001), S3MS_MOTO_PORT (9002).
 */
import { startEnvironment } from './environment';
import { run, stopAll, stopAllOnExit } from './lib/processes';
import { ROOT } from './lib/paths';

function port( variable: string, fallback: number ): number {
	const raw = process.env[ variable ];
	if ( raw === undefined || raw === '' ) {
		return fallback;
	}
	const value = Number( raw );
	if ( ! Number.isInteger( value ) || value < 1 || value > 65535 ) {
		throw new Error(
			`${ variable } must be a port number (1-65535), not "${ raw }".`
		);
	}
	return value;
}

async function main(): Promise< void > {
	stopAllOnExit();
	const ports = {
		site: port( 'S3MS_SITE_PORT', 8888 ),
		s3: port( 'S3MS_S3_PORT', 9000 ),
		s3Control: port( 'S3MS_S3_CONTROL_PORT', 9001 ),
		moto: port( 'S3MS_MOTO_PORT', 9002 ),
	};
	process.stdout.write( 'Building the settings page (wp-scripts build)…\n' );
	await run( 'npx', [ 'wp-scripts', 'build' ], { cwd: ROOT } );

	const env = await startEnvironment( {
		name: 'dev',
		ports,
		fresh: process.argv.includes( '--fresh' ),
		bucket: 'media-sync-dev',
		configurePlugin: true,
	} );
	process.stdout.write(
		[
			'',
			'S3 Media Sync is running.',
			`  Site:        ${ env.site.url }/`,
			`  Admin:       ${ env.site.url }/wp-admin/  (user ${ env.site.admin.user }, password ${ env.site.admin.password })`,
			`  Settings:    ${ env.site.url }/wp-admin/options-general.php?page=s3-media-sync`,
			`  S3 endpoint: ${ env.s3.endpoint }  (bucket ${ env.s3.bucket }, region ${ env.s3.region }, path-style)`,
			`  IAM user:    s3-media-sync, access key ${ env.s3.user.accessKeyId } (secret in ${ env.stateFile })`,
			`  S3 control:  ${ env.s3.controlUrl }`,
			`  Logs:        ${ env.runDir }`,
			'',
			'Press Ctrl-C to stop.',
			'',
		].join( '\n' )
	);
	await new Promise< never >( () => {} );
}

main().catch( async ( error: unknown ) => {
	process.stderr.write(
		`\n${ error instanceof Error ? error.message : String( error ) }\n`
	);
	await stopAll();
	process.exit( 1 );
} );
