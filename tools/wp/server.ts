/**
 * Serves a site with PHP's built-in web server: several workers (so wp-admin,
 * REST calls and wp-cron can overlap), php.ini limits fit for real photos and
 * videos (Debian's CLI php.ini allows 2 MB uploads), and a router that does
 * what WordPress's .htaccess would (php/router.php).
 */
import { resolve } from 'node:path';
import { HOST, assertPortFree, waitForHttp } from '../lib/network';
import { startService } from '../lib/processes';
import type { SiteState } from '../lib/run-state';

const ROUTER = resolve( __dirname, 'php', 'router.php' );

export async function serveSite( opts: {
	site: SiteState;
	port: number;
	php: string;
	logFile: string;
	workers?: number;
	/** A subdirectory network: the router does multisite's rewrites too. */
	multisite?: boolean;
} ): Promise< { url: string } > {
	await assertPortFree( opts.port, 'WordPress' );
	const url = `http://${ HOST }:${ opts.port }`;
	if ( opts.site.url.replace( /\/+$/, '' ) !== url ) {
		// WP_HOME is the site's URL: links and redirects would lead elsewhere.
		process.stderr.write(
			`Warning: site ${ opts.site.dir } was configured for ${ opts.site.url }, served at ${ url }.\n`
		);
	}
	const child = startService(
		'WordPress (php -S)',
		opts.php,
		[
			'-d',
			'upload_max_filesize=2G',
			'-d',
			'post_max_size=2G',
			'-d',
			'memory_limit=512M',
			'-d',
			'max_execution_time=300',
			'-d',
			'max_input_time=300',
			'-S',
			`${ HOST }:${ opts.port }`,
			'-t',
			opts.site.dir,
			ROUTER,
		],
		{
			cwd: opts.site.dir,
			logFile: opts.logFile,
			env: {
				...process.env,
				PHP_CLI_SERVER_WORKERS: String( opts.workers ?? 4 ),
				...( opts.multisite ? { S3MS_ROUTER_MULTISITE: '1' } : {} ),
			},
		}
	);
	// Fail at once, not after the readiness timeout, when php -S cannot start.
	const exited = new Promise< never >( ( _resolve, reject ) => {
		child.once( 'exit', ( code ) =>
			reject(
				new Error(
					`php -S exited with code ${ String( code ) } while starting (log: ${ opts.logFile })`
				)
			)
		);
	} );
	exited.catch( () => undefined );
	await Promise.race( [
		waitForHttp( `${ url }/wp-login.php`, 'WordPress' ),
		exited,
	] );
	return { url };
}
