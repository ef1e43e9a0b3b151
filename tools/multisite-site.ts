/**
 * A WordPress network for the `multisite` tests, beside a running
 * environment and sharing its S3 side: a subdirectory network (the primary
 * site, /site-a/, /site-b/, and blog.localhost, a site of its own host name)
 * and a second network on the same install (net2.localhost), whose main site
 * core puts in uploads/sites/N/. Every site uses the one bucket through
 * wp-config constants (S3_MEDIA_SYNC_BUCKET and the rest, in
 * wp-config-local.php), as a network whose super admin holds the keys would.
 *
 * A subdomain *network* cannot share an install with a subdirectory one
 * (SUBDOMAIN_INSTALL is one constant): the subdomain case is a site with its
 * own host name in the subdirectory network, and the second network's main
 * site. Both are `*.localhost`, which PHP's curl and Chromium resolve to
 * loopback; Node does not, so tests send a Host header to 127.0.0.1.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { writeRunState, type RunState } from './lib/run-state';
import { run } from './lib/processes';
import { ensurePhp } from './wp/php';
import { createSite, PLUGIN_FILE } from './wp/site';
import { serveSite } from './wp/server';
import type { Environment } from './environment';

const NETWORK_SCRIPT = resolve( __dirname, 'wp', 'php', 'network.php' );

export interface NetworkSite {
	id: number;
	/** 1: the subdirectory network; 2: the second network. */
	network: number;
	domain: string;
	path: string;
	/** Its home URL; `*.localhost` ones are reached at 127.0.0.1 with a Host header. */
	url: string;
	/** Its uploads folder (basedir). */
	uploads: string;
}

export interface NetworkRunState extends RunState {
	network: { sites: NetworkSite[] };
}

export interface MultisiteNetwork extends NetworkRunState {
	stateFile: string;
}

async function networkStep(
	php: string,
	step: 'convert' | 'sites',
	docroot: string,
	options: Record< string, unknown >
): Promise< Record< string, unknown > > {
	const output = await run( php, [
		NETWORK_SCRIPT,
		step,
		docroot,
		JSON.stringify( options ),
	] ).catch( ( error: unknown ) => {
		throw new Error(
			`network.php ${ step } failed for ${ docroot }:\n${ error instanceof Error ? error.message : String( error ) }`
		);
	} );
	return JSON.parse( output.trim().split( '\n' ).pop() ?? '{}' ) as Record<
		string,
		unknown
	>;
}

function phpString( value: string ): string {
	return `'${ value.replace( /\\/g, '\\\\' ).replace( /'/g, "\\'" ) }'`;
}

export async function startMultisiteNetwork(
	env: Environment,
	opts: { name: string; port: number }
): Promise< MultisiteNetwork > {
	const php = ( await ensurePhp() ).binary;
	const host = '127.0.0.1';
	const url = `http://${ host }:${ opts.port }`;
	const site = await createSite( {
		name: opts.name,
		url,
		database: { kind: 'sqlite' },
		fresh: true,
		multisite: true,
	} );
	const root = dirname( site.dir );
	const common = {
		url,
		host,
		port: opts.port,
		email: site.admin.email,
		plugin: PLUGIN_FILE,
	};
	await networkStep( php, 'convert', site.dir, common );
	writeFileSync(
		join( root, 'wp-config-network.php' ),
		[
			'<?php',
			'// Written by tools/multisite-site.ts once the network tables exist.',
			"define( 'WP_ALLOW_MULTISITE', true );",
			"define( 'MULTISITE', true );",
			"define( 'SUBDOMAIN_INSTALL', false );",
			`define( 'DOMAIN_CURRENT_SITE', ${ phpString( `${ host }:${ opts.port }` ) } );`,
			"define( 'PATH_CURRENT_SITE', '/' );",
			"define( 'SITE_ID_CURRENT_SITE', 1 );",
			"define( 'BLOG_ID_CURRENT_SITE', 1 );",
			'',
		].join( '\n' )
	);
	// One bucket for every site of both networks, locked by the super admin's constants.
	const s3 = env.s3;
	writeFileSync(
		join( root, 'wp-config-local.php' ),
		[
			'<?php',
			'// Written by tools/multisite-site.ts: the network shares one bucket.',
			`define( 'S3_MEDIA_SYNC_ACCESS_KEY_ID', ${ phpString( s3.user.accessKeyId ) } );`,
			`define( 'S3_MEDIA_SYNC_SECRET_ACCESS_KEY', ${ phpString( s3.user.secretAccessKey ) } );`,
			`define( 'S3_MEDIA_SYNC_BUCKET', ${ phpString( s3.bucket ) } );`,
			`define( 'S3_MEDIA_SYNC_REGION', ${ phpString( s3.region ) } );`,
			`define( 'S3_MEDIA_SYNC_ENDPOINT', ${ phpString( s3.endpoint ) } );`,
			"define( 'S3_MEDIA_SYNC_USE_PATH_STYLE', true );",
			"define( 'S3_MEDIA_SYNC_OBJECT_ACL', 'public-read' );",
			'',
		].join( '\n' ),
		{ mode: 0o600 }
	);
	const answer = await networkStep( php, 'sites', site.dir, common );
	await serveSite( {
		site,
		port: opts.port,
		php,
		logFile: join( env.runDir, `${ opts.name }-php-server.log` ),
		workers: 4,
		multisite: true,
	} );
	const state: NetworkRunState = {
		s3,
		site,
		network: { sites: answer.sites as NetworkSite[] },
	};
	const stateFile = join( env.runDir, opts.name, 'state.json' );
	writeRunState( stateFile, state );
	return { ...state, stateFile };
}
