/**
 * PHP-FPM from Debian (php-fpm8.2), run as root in the foreground on a
 * configuration of ours: `php-fpm8.2 --nodaemonize -y <conf> -R`, one pool
 * per web server, each listening on its own 127.0.0.1 port, its pid and
 * logs in the run folder. Debian's php.ini for FPM and its extensions are
 * used; the pools raise the same limits as tools/wp/server.ts does for
 * php -S (real photos and videos).
 */
import { writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';

import { HOST, assertPortFree } from '../lib/network';
import { startService } from '../lib/processes';

export interface FpmPool {
	/** Pool name, a-z and 0-9: one per web server. */
	name: string;
	port: number;
	/** The docroot the pool serves (its working folder). */
	docroot: string;
	/** Environment variables the pool's PHP sees (FPM clears the rest). */
	env?: Record< string, string >;
	workers?: number;
}

function poolSection( pool: FpmPool, dir: string ): string {
	if ( ! /^[a-z0-9]+$/.test( pool.name ) ) {
		throw new Error( `Invalid pool name "${ pool.name }": use a-z, 0-9.` );
	}
	const env = { PATH: '/usr/local/bin:/usr/bin:/bin', ...pool.env };
	const value = ( text: string ) => `"${ text.replace( /"/g, '' ) }"`;
	return [
		`[${ pool.name }]`,
		'user = root',
		'group = root',
		`listen = ${ HOST }:${ pool.port }`,
		`listen.allowed_clients = ${ HOST }`,
		'pm = dynamic',
		`pm.max_children = ${ pool.workers ?? 6 }`,
		'pm.start_servers = 2',
		'pm.min_spare_servers = 1',
		'pm.max_spare_servers = 3',
		`chdir = ${ value( pool.docroot ) }`,
		'catch_workers_output = yes',
		'decorate_workers_output = no',
		'clear_env = yes',
		...Object.entries( env ).map(
			( [ name, text ] ) => `env[${ name }] = ${ value( text ) }`
		),
		'php_admin_value[upload_max_filesize] = 2G',
		'php_admin_value[post_max_size] = 2G',
		'php_admin_value[memory_limit] = 512M',
		'php_admin_value[max_execution_time] = 300',
		'php_admin_value[max_input_time] = 300',
		`php_admin_value[error_log] = ${ value( join( dir, `php-${ pool.name }.log` ) ) }`,
		'php_admin_flag[log_errors] = on',
		'',
	].join( '\n' );
}

/** Resolves when something accepts connections on the port. */
async function waitForPort(
	port: number,
	what: string,
	timeoutMs = 20_000
): Promise< void > {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const open = await new Promise< boolean >( ( resolve ) => {
			const socket = new Socket();
			socket.once( 'connect', () => {
				socket.destroy();
				resolve( true );
			} );
			socket.once( 'error', () => resolve( false ) );
			socket.connect( port, HOST );
		} );
		if ( open ) {
			return;
		}
		if ( Date.now() > deadline ) {
			throw new Error(
				`${ what } did not listen on ${ HOST }:${ port } within ${ timeoutMs } ms`
			);
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
	}
}

/** Starts one PHP-FPM master with a pool per web server; resolves when every pool listens. */
export async function startPhpFpm( opts: {
	binary: string;
	dir: string;
	pools: FpmPool[];
} ): Promise< { config: string; log: string } > {
	for ( const pool of opts.pools ) {
		await assertPortFree( pool.port, `PHP-FPM pool ${ pool.name }` );
	}
	const config = join( opts.dir, 'php-fpm.conf' );
	const log = join( opts.dir, 'php-fpm.log' );
	writeFileSync(
		config,
		[
			'; Written by tools/servers/php-fpm.ts for this run.',
			'[global]',
			`pid = "${ join( opts.dir, 'php-fpm.pid' ) }"`,
			`error_log = "${ log }"`,
			'daemonize = no',
			'',
			...opts.pools.map( ( pool ) => poolSection( pool, opts.dir ) ),
		].join( '\n' )
	);
	const child = startService(
		'PHP-FPM',
		opts.binary,
		[ '--nodaemonize', '-y', config, '-R' ],
		{ logFile: join( opts.dir, 'php-fpm.out.log' ) }
	);
	const exited = new Promise< never >( ( _resolve, reject ) => {
		child.once( 'exit', ( code ) =>
			reject(
				new Error(
					`PHP-FPM exited with code ${ String( code ) } while starting (log: ${ log })`
				)
			)
		);
	} );
	exited.catch( () => undefined );
	await Promise.race( [
		Promise.all(
			opts.pools.map( ( pool ) =>
				waitForPort( pool.port, `PHP-FPM pool ${ pool.name }` )
			)
		),
		exited,
	] );
	return { config, log };
}
