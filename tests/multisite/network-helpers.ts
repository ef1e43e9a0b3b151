/**
 * What the multisite specs share: the network tools/multisite-site.ts
 * installed (its sites from the run state), REST calls to any of its sites
 * with an application password (Basic auth needs no cookie per host name),
 * `*.localhost` sites reached at 127.0.0.1 with a Host header (Node does not
 * resolve them; PHP's curl and Chromium do), and network.php for what a
 * super admin does that HTTP cannot ask for.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
	request,
	type APIRequestContext,
	type APIResponse,
} from '@playwright/test';

import { readRunState } from '../../tools/lib/run-state';
import type { NetworkRunState, NetworkSite } from '../../tools/multisite-site';

const HELPER = join( __dirname, 'network.php' );

export function networkState(): NetworkRunState {
	return readRunState() as NetworkRunState;
}

export function mainHost(): string {
	return new URL( networkState().site.url ).host;
}

/** Runs network.php in the network and returns its JSON answer. */
export function network< T = Record< string, unknown > >(
	...args: string[]
): T {
	const out = execFileSync(
		'php',
		[ HELPER, networkState().site.dir, mainHost(), ...args ],
		{ maxBuffer: 64 * 1024 * 1024 }
	).toString();
	return JSON.parse( out.trim().split( '\n' ).pop() ?? '' ) as T;
}

/** A site by its path (`/site-a/`) or host name start (`blog.localhost`). */
export function siteOf( name: string ): NetworkSite {
	const found = networkState().network.sites.find(
		( site ) =>
			site.path === name ||
			( site.path === '/' && site.domain.split( ':' )[ 0 ] === name ) ||
			( name === 'primary' && site.id === 1 )
	);
	if ( ! found ) {
		throw new Error( `No site ${ name } in the network` );
	}
	return found;
}

export interface SiteClient {
	site: NetworkSite;
	http: APIRequestContext;
	rest: (
		method: string,
		route: string,
		options?: { headers?: Record< string, string >; data?: unknown }
	) => Promise< APIResponse >;
}

let password: { user: string; password: string } | null = null;

/** REST as the super admin on one site; `*.localhost` ones through 127.0.0.1 with their Host header. */
export async function siteClient( site: NetworkSite ): Promise< SiteClient > {
	password ??= network< { user: string; password: string } >(
		'app-password'
	);
	const url = new URL( site.url );
	const local = url.hostname.endsWith( '.localhost' );
	const http = await request.newContext( {
		baseURL: local ? `http://127.0.0.1:${ url.port }` : url.origin,
		extraHTTPHeaders: {
			Authorization: `Basic ${ Buffer.from(
				`${ password.user }:${ password.password }`
			).toString( 'base64' ) }`,
			...( local ? { Host: url.host } : {} ),
		},
	} );
	// The site's path goes in every request: a path from / would leave a subdirectory site.
	const base = url.pathname.replace( /\/$/, '' );
	return {
		site,
		http,
		rest: ( method, route, options = {} ) =>
			http.fetch( `${ base }/wp-json/${ route.replace( /^\//, '' ) }`, {
				method,
				headers: options.headers ?? {},
				...( options.data === undefined ? {} : { data: options.data } ),
				timeout: 120_000,
			} ),
	};
}

export interface SiteRecord {
	id: number;
	file: string;
	md5: Record< string, string >;
	names: string[];
	state:
		| ''
		| {
				status: string;
				bucket: string;
				keys: Record< string, string >;
				error?: { code: string; message: string } | null;
		  };
}

export function recordsOf( site: NetworkSite ): SiteRecord[] {
	return network< SiteRecord[] >( 'records', String( site.id ) );
}

/** POST /wp/v2/media; resolves with the attachment ID. */
export async function uploadTo(
	client: SiteClient,
	name: string,
	data: Buffer
): Promise< number > {
	const response = await client.rest( 'POST', 'wp/v2/media', {
		headers: {
			'Content-Disposition': `attachment; filename="${ name }"`,
			'Content-Type': 'image/jpeg',
		},
		data,
	} );
	const body = await response.text();
	if ( response.status() !== 201 ) {
		throw new Error(
			`Upload to ${ client.site.url } answered ${ response.status() }: ${ body.slice( 0, 500 ) }`
		);
	}
	return ( JSON.parse( body ) as { id: number } ).id;
}
