/**
 * nginx from Debian, run as root in the foreground on a configuration of
 * ours: `nginx -p <dir> -c <dir>/nginx.conf -g 'daemon off;'`, its pid, logs
 * and temporary files in <dir> (the run folder), so the system's
 * /etc/nginx, its service and /var/lib/nginx are never used.
 *
 * Two kinds of server block: a web server (a WordPress docroot, PHP through
 * PHP-FPM, the usual `try_files $uri $uri/ /index.php?$args;` so a missing
 * upload reaches WordPress) and the load balancer in front of several web
 * servers (round-robin, or pinned to one by a header or a cookie).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { HOST, assertPortFree, waitForHttp } from '../lib/network';
import { startService } from '../lib/processes';

/** Names a request may be pinned to with the header or the cookie. */
export const PIN_HEADER = 'X-S3MS-Server';
export const PIN_COOKIE = 's3ms_server';
/** Every web server's answers carry its name here. */
export const SERVED_BY_HEADER = 'X-S3MS-Served-By';

/** nginx's quoting: any string as one argument. */
function quote( value: string ): string {
	return `"${ value.replace( /\\/g, '\\\\' ).replace( /"/g, '\\"' ) }"`;
}

/** What PHP-FPM needs from nginx (Debian's fastcgi_params, written out). */
const FASTCGI_PARAMS = [
	'QUERY_STRING $query_string',
	'REQUEST_METHOD $request_method',
	'CONTENT_TYPE $content_type',
	'CONTENT_LENGTH $content_length',
	'SCRIPT_NAME $fastcgi_script_name',
	'SCRIPT_FILENAME $document_root$fastcgi_script_name',
	'REQUEST_URI $request_uri',
	'DOCUMENT_URI $document_uri',
	'DOCUMENT_ROOT $document_root',
	'SERVER_PROTOCOL $server_protocol',
	'REQUEST_SCHEME $scheme',
	'GATEWAY_INTERFACE CGI/1.1',
	'SERVER_SOFTWARE nginx/$nginx_version',
	'REMOTE_ADDR $remote_addr',
	'REMOTE_PORT $remote_port',
	'SERVER_ADDR $server_addr',
	'SERVER_PORT $server_port',
	'SERVER_NAME $server_name',
	'REDIRECT_STATUS 200',
	// httpoxy: a request's Proxy header must not become HTTP_PROXY.
	'HTTP_PROXY ""',
].map( ( line ) => `\t\t\tfastcgi_param ${ line };` );

/** A web server: one WordPress docroot, PHP through PHP-FPM at `fpmPort`. */
export function webServerBlock( opts: {
	name: string;
	port: number;
	docroot: string;
	fpmPort: number;
} ): string {
	return [
		'\tserver {',
		`\t\tlisten ${ HOST }:${ opts.port };`,
		`\t\troot ${ quote( opts.docroot ) };`,
		'\t\tindex index.php index.html;',
		'\t\tclient_max_body_size 2g;',
		`\t\tadd_header ${ SERVED_BY_HEADER } ${ opts.name } always;`,
		// The plugin folder links to the repository, whose .cache holds the sites.
		'\t\tlocation ~ /\\.(?!well-known/) { deny all; }',
		'\t\tlocation / {',
		'\t\t\ttry_files $uri $uri/ /index.php?$args;',
		'\t\t}',
		'\t\tlocation ~ \\.php$ {',
		'\t\t\ttry_files $uri =404;',
		...FASTCGI_PARAMS,
		`\t\t\tfastcgi_pass ${ HOST }:${ opts.fpmPort };`,
		'\t\t\tfastcgi_read_timeout 300s;',
		'\t\t\tfastcgi_buffers 16 64k;',
		'\t\t}',
		'\t}',
	].join( '\n' );
}

/**
 * The load balancer at `port`: round-robin over `servers`; a request with
 * the header X-S3MS-Server: <name>, or else the cookie s3ms_server=<name>,
 * goes to that server only.
 */
export function loadBalancerBlock( opts: {
	port: number;
	servers: Array< { name: string; port: number } >;
} ): string {
	const names = opts.servers.map( ( server ) => server.name );
	for ( const name of names ) {
		if ( ! /^[a-z0-9]+$/.test( name ) ) {
			throw new Error( `Invalid server name "${ name }": use a-z, 0-9.` );
		}
	}
	const upstream = ( name: string, ports: number[] ) =>
		[
			`\tupstream ${ name } {`,
			...ports.map( ( port ) => `\t\tserver ${ HOST }:${ port };` ),
			'\t\tkeepalive 8;',
			'\t}',
		].join( '\n' );
	return [
		upstream(
			's3ms_all',
			opts.servers.map( ( server ) => server.port )
		),
		...opts.servers.map( ( server ) =>
			upstream( `s3ms_${ server.name }`, [ server.port ] )
		),
		// The header wins over the cookie; neither: round-robin.
		'\tmap "$http_x_s3ms_server:$cookie_s3ms_server" $s3ms_upstream {',
		'\t\tdefault s3ms_all;',
		...names.flatMap( ( name ) => [
			`\t\t"~^${ name }:" s3ms_${ name };`,
			`\t\t"~^:${ name }$" s3ms_${ name };`,
		] ),
		'\t}',
		'\tserver {',
		`\t\tlisten ${ HOST }:${ opts.port };`,
		'\t\tclient_max_body_size 2g;',
		'\t\tlocation / {',
		'\t\t\tproxy_pass http://$s3ms_upstream;',
		'\t\t\tproxy_http_version 1.1;',
		'\t\t\tproxy_set_header Connection "";',
		'\t\t\tproxy_set_header Host $http_host;',
		'\t\t\tproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
		'\t\t\tproxy_set_header X-Forwarded-Proto $scheme;',
		'\t\t\tproxy_read_timeout 300s;',
		'\t\t\tproxy_request_buffering off;',
		'\t\t}',
		'\t}',
	].join( '\n' );
}

/**
 * Starts nginx on `blocks` (server and upstream blocks of the http context),
 * with everything it writes in `dir`; resolves when `readyUrl` answers.
 */
export async function startNginx( opts: {
	name: string;
	binary: string;
	dir: string;
	ports: number[];
	blocks: string[];
	readyUrl: string;
} ): Promise< { config: string; errorLog: string; accessLog: string } > {
	for ( const port of opts.ports ) {
		await assertPortFree( port, opts.name );
	}
	const temp = join( opts.dir, 'temp' );
	for ( const sub of [ 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi' ] ) {
		mkdirSync( join( temp, sub ), { recursive: true } );
	}
	const config = join( opts.dir, 'nginx.conf' );
	const errorLog = join( opts.dir, 'error.log' );
	const accessLog = join( opts.dir, 'access.log' );
	const mimeTypes = '/etc/nginx/mime.types';
	writeFileSync(
		config,
		[
			`# ${ opts.name }: written by tools/servers/nginx.ts for this run.`,
			'user root;',
			'worker_processes 2;',
			`pid ${ quote( join( opts.dir, 'nginx.pid' ) ) };`,
			`error_log ${ quote( errorLog ) } warn;`,
			'events { worker_connections 512; }',
			'http {',
			existsSync( mimeTypes )
				? `\tinclude ${ mimeTypes };`
				: '\ttypes { image/jpeg jpg jpeg; image/png png; image/webp webp; text/css css; application/javascript js; }',
			'\tdefault_type application/octet-stream;',
			'\tsendfile on;',
			'\tserver_tokens off;',
			'\tlog_format s3ms \'$remote_addr "$request" $status $body_bytes_sent upstream=$upstream_addr\';',
			`\taccess_log ${ quote( accessLog ) } s3ms;`,
			...( [ 'body', 'proxy', 'fastcgi', 'uwsgi', 'scgi' ] as const ).map(
				( sub ) =>
					`\t${
						sub === 'body' ? 'client_body' : sub
					}_temp_path ${ quote( join( temp, sub ) ) };`
			),
			...opts.blocks,
			'}',
			'',
		].join( '\n' )
	);
	const child = startService(
		opts.name,
		opts.binary,
		[ '-p', opts.dir, '-c', config, '-g', 'daemon off;' ],
		{ logFile: join( opts.dir, 'nginx.out.log' ) }
	);
	const exited = new Promise< never >( ( _resolve, reject ) => {
		child.once( 'exit', ( code ) =>
			reject(
				new Error(
					`${ opts.name } exited with code ${ String( code ) } while starting (logs: ${ errorLog }, ${ join( opts.dir, 'nginx.out.log' ) })`
				)
			)
		);
	} );
	exited.catch( () => undefined );
	await Promise.race( [ waitForHttp( opts.readyUrl, opts.name ), exited ] );
	return { config, errorLog, accessLog };
}
