/**
 * A logged-in WordPress session for tests that talk to the site over HTTP:
 * cookie login through wp-login.php, then a REST nonce, as the block editor
 * would have. Real authentication, no test-only back door.
 */
import {
	request,
	type APIRequestContext,
	type APIResponse,
} from '@playwright/test';

import type { SiteState } from '../../tools/lib/run-state';

export interface WpSession {
	http: APIRequestContext;
	nonce: string;
	/** Calls /wp-json/<route> with the session's cookie and nonce. */
	rest: (
		method: string,
		route: string,
		body?: unknown
	) => Promise< APIResponse >;
	dispose: () => Promise< void >;
}

export async function logInOverHttp(
	site: SiteState,
	user = site.admin.user,
	password = site.admin.password,
	/** Sent with every request (the servers suite pins a session to a server). */
	headers: Record< string, string > = {}
): Promise< WpSession > {
	const http = await request.newContext( {
		baseURL: site.url,
		extraHTTPHeaders: headers,
	} );
	// WordPress refuses a login without its test cookie.
	await http.get( '/wp-login.php' );
	const login = await http.post( '/wp-login.php', {
		form: {
			log: user,
			pwd: password,
			rememberme: 'forever',
			testcookie: '1',
		},
		maxRedirects: 0,
	} );
	if ( login.status() !== 302 ) {
		throw new Error(
			`Login as ${ user } failed: HTTP ${ login.status() }`
		);
	}
	const nonceResponse = await http.get(
		'/wp-admin/admin-ajax.php?action=rest-nonce'
	);
	const nonce = ( await nonceResponse.text() ).trim();
	if ( ! /^[a-f0-9]{10}$/.test( nonce ) ) {
		throw new Error(
			`No REST nonce for ${ user }: ${ nonce.slice( 0, 100 ) }`
		);
	}
	const rest = (
		method: string,
		route: string,
		body?: unknown
	): Promise< APIResponse > =>
		http.fetch( `/wp-json/${ route.replace( /^\//, '' ) }`, {
			method,
			headers: {
				'X-WP-Nonce': nonce,
				'Content-Type': 'application/json',
			},
			...( body === undefined ? {} : { data: JSON.stringify( body ) } ),
		} );
	return { http, nonce, rest, dispose: () => http.dispose() };
}
