/**
 * Several web servers behind one address, as sites run in production: an
 * nginx load balancer (round-robin; a header or a cookie pins a request to
 * one server) in front of two web servers, A and B, each nginx + PHP-FPM on
 * its own WordPress docroot. They share the plugin code (this working tree,
 * linked into both), the MariaDB database, the salts (one wp-config.php
 * made from one site record) and the bucket, but NOT wp-content/uploads:
 * what one server writes there, the other never sees.
 *
 * The plugin is configured for the guide's least-privilege user against the
 * S3 front, with Remove local copies on. The RunState (site: A's docroot,
 * at the load balancer's URL) gets a `servers` part for the `servers` suite.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { configurePlugin, type Environment } from '../environment';
import { freePort, HOST } from '../lib/network';
import { SITES } from '../lib/paths';
import { run } from '../lib/processes';
import { writeRunState, type RunState } from '../lib/run-state';
import { startMariaDB } from '../wp/mariadb';
import { ensurePhp } from '../wp/php';
import { createSite, type SiteDatabase } from '../wp/site';
import {
	PIN_COOKIE,
	PIN_HEADER,
	SERVED_BY_HEADER,
	loadBalancerBlock,
	startNginx,
	webServerBlock,
} from './nginx';
import { ensureWebServers } from './packages';
import { startPhpFpm } from './php-fpm';

export const SERVER_NAMES = [ 'a', 'b' ] as const;
export type ServerName = ( typeof SERVER_NAMES )[ number ];

export interface WebServerState {
	name: ServerName;
	/** The web server itself (nginx + PHP-FPM), without the load balancer. */
	url: string;
	/** Its WordPress docroot: its own wp-content/uploads. */
	dir: string;
	debugLog: string;
	/** Its nginx's access log (which requests it answered). */
	accessLog: string;
}

export interface ServersState {
	/** The load balancer: the site's one address (WP_HOME). */
	url: string;
	/** Request header that pins a request to a server by name. */
	pinHeader: string;
	/** Cookie that does the same (the header wins). */
	pinCookie: string;
	/** Response header naming the server that answered. */
	servedByHeader: string;
	servers: Record< ServerName, WebServerState >;
}

export interface ServersRunState extends RunState {
	servers: ServersState;
}

export interface ServersSite extends ServersRunState {
	stateFile: string;
	/** Every site folder made (for removal after a successful run). */
	siteNames: string[];
}

export async function startServers(
	env: Environment,
	opts: { name: string; log?: ( line: string ) => void }
): Promise< ServersSite > {
	const log =
		opts.log ??
		( ( line: string ) => process.stdout.write( `${ line }\n` ) );
	const started = Date.now();
	const runDir = join( env.runDir, opts.name );
	mkdirSync( runDir, { recursive: true } );
	const [ binaries, php ] = await Promise.all( [
		ensureWebServers(),
		ensurePhp(),
	] );

	const ports = {
		lb: await freePort(),
		database: await freePort(),
		web: { a: await freePort(), b: await freePort() },
		fpm: { a: await freePort(), b: await freePort() },
	};
	const url = `http://${ HOST }:${ ports.lb }`;

	const database = await startMariaDB( {
		port: ports.database,
		dataDir: join( runDir, 'mariadb' ),
		logFile: join( runDir, 'mariadb.log' ),
	} );
	const dbName = opts.name.replace( /[^A-Za-z0-9_]/g, '_' );
	await database.createDatabase( dbName );
	const siteDatabase: SiteDatabase = {
		kind: 'mariadb',
		host: database.host,
		port: database.port,
		user: database.user,
		password: database.password,
		name: dbName,
	};

	// A is installed; B is A's folder copied before anyone uploads (same
	// site record, so the same salts and admin), then made a site of its
	// own: its own wp-config.php (its own debug.log), no uploads folder.
	const names = { a: `${ opts.name }-a`, b: `${ opts.name }-b` };
	const siteA = await createSite( {
		name: names.a,
		url,
		database: siteDatabase,
		fresh: true,
	} );
	const rootA = dirname( siteA.dir );
	const rootB = join( dirname( rootA ), names.b );
	rmSync( rootB, { recursive: true, force: true } );
	// cp -a keeps the plugin a link to this working tree (and is 20× Node's cpSync).
	await run( 'cp', [ '-a', '--', rootA, rootB ] );
	rmSync( join( rootB, 'public', 'wp-content', 'uploads' ), {
		recursive: true,
		force: true,
	} );
	rmSync( join( rootB, 'debug.log' ), { force: true } );
	const siteB = await createSite( {
		name: names.b,
		url,
		database: siteDatabase,
		fresh: false,
	} );
	const sites = { a: siteA, b: siteB };

	await configurePlugin( php.binary, siteA.dir, {
		access_key_id: env.s3.user.accessKeyId,
		secret_access_key: env.s3.user.secretAccessKey,
		bucket: env.s3.bucket,
		region: env.s3.region,
		endpoint: env.s3.endpoint,
		use_path_style: true,
		object_acl: 'public-read',
		remove_local_copies: true,
	} );

	await startPhpFpm( {
		binary: binaries.phpFpm,
		dir: runDir,
		pools: SERVER_NAMES.map( ( name ) => ( {
			name,
			port: ports.fpm[ name ],
			docroot: sites[ name ].dir,
			env: { S3MS_SERVER: name },
		} ) ),
	} );
	const servers = {} as Record< ServerName, WebServerState >;
	for ( const name of SERVER_NAMES ) {
		const dir = join( runDir, `nginx-${ name }` );
		const webUrl = `http://${ HOST }:${ ports.web[ name ] }`;
		const nginx = await startNginx( {
			name: `nginx (web server ${ name.toUpperCase() })`,
			binary: binaries.nginx,
			dir,
			ports: [ ports.web[ name ] ],
			blocks: [
				webServerBlock( {
					name,
					port: ports.web[ name ],
					docroot: sites[ name ].dir,
					fpmPort: ports.fpm[ name ],
				} ),
			],
			readyUrl: `${ webUrl }/wp-login.php`,
		} );
		servers[ name ] = {
			name,
			url: webUrl,
			dir: sites[ name ].dir,
			debugLog: sites[ name ].debugLog,
			accessLog: nginx.accessLog,
		};
	}
	await startNginx( {
		name: 'nginx (load balancer)',
		binary: binaries.nginx,
		dir: join( runDir, 'nginx-lb' ),
		ports: [ ports.lb ],
		blocks: [
			loadBalancerBlock( {
				port: ports.lb,
				servers: SERVER_NAMES.map( ( name ) => ( {
					name,
					port: ports.web[ name ],
				} ) ),
			} ),
		],
		readyUrl: `${ url }/wp-login.php`,
	} );

	const state: ServersRunState = {
		s3: env.s3,
		site: siteA,
		servers: {
			url,
			pinHeader: PIN_HEADER,
			pinCookie: PIN_COOKIE,
			servedByHeader: SERVED_BY_HEADER,
			servers,
		},
	};
	const stateFile = join( runDir, 'state.json' );
	writeRunState( stateFile, state );
	log(
		`Servers ready: load balancer ${ url } → A ${ servers.a.url }, B ${ servers.b.url } (nginx + PHP-FPM, MariaDB, Remove local copies on; ${ (
			( Date.now() - started ) /
			1000
		).toFixed( 1 ) } s)`
	);
	return { ...state, stateFile, siteNames: [ names.a, names.b ] };
}

/** Removes the site folders (and their links) of a finished run. */
export function removeServersSites( site: ServersSite ): void {
	for ( const name of site.siteNames ) {
		const docroot =
			site.servers.servers[ name.endsWith( '-a' ) ? 'a' : 'b' ].dir;
		rmSync( dirname( docroot ), { recursive: true, force: true } );
		rmSync( join( SITES, name ), { force: true } );
	}
}
