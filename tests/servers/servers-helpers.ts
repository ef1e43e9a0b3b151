/**
 * What the servers specs share: the state of the load balancer and its web
 * servers A and B (tools/servers/), REST sessions and Chromium pages pinned
 * to one server, and a watch on every media request a page makes: one that
 * fails, or answers 400 or more, is a broken image a visitor would see.
 */
import { readFileSync } from 'node:fs';
import {
	expect,
	type APIResponse,
	type Browser,
	type BrowserContext,
	type Page,
	type Request,
	type Response,
} from '@playwright/test';

import { RUN_STATE_VARIABLE } from '../../tools/lib/run-state';
import type {
	ServerName,
	ServersRunState,
	ServersState,
} from '../../tools/servers/servers';
import { logIn } from '../e2e/login';
import { logInOverHttp, type WpSession } from '../support/wp-session';

function readState(): ServersRunState {
	const file = process.env[ RUN_STATE_VARIABLE ];
	if ( ! file ) {
		throw new Error(
			`${ RUN_STATE_VARIABLE } is not set: run the servers suite through \`npm test\`.`
		);
	}
	const state = JSON.parse( readFileSync( file, 'utf8' ) ) as ServersRunState;
	if ( ! state.servers ) {
		throw new Error(
			`${ file } describes no load balancer: the servers suite runs on tools/servers/.`
		);
	}
	return state;
}

export const state = readState();
export const servers: ServersState & { site: ServersRunState[ 'site' ] } = {
	...state.servers,
	site: state.site,
};
export const SERVERS: ServerName[] = [ 'a', 'b' ];
/** The docroots of A and B, for the audit (lifecycle-helpers.ts). */
export const docroots = SERVERS.map( ( name ) => servers.servers[ name ].dir );
export type { ServerName };

/** Which web server answered. */
export function servedBy( response: APIResponse | Response ): string {
	return response.headers()[ servers.servedByHeader.toLowerCase() ] ?? '';
}

/** An administrator's REST session at the load balancer, every request pinned to `name`. */
export function logInOn( name: ServerName ): Promise< WpSession > {
	return logInOverHttp(
		{ ...servers.site, url: servers.url },
		undefined,
		undefined,
		{ [ servers.pinHeader ]: name }
	);
}

/* ---------- Chromium, pinned to a server ---------- */

export interface MediaFailure {
	server: ServerName;
	page: string;
	url: string;
	why: string;
}

/**
 * A media request of the site: an image or video (or anything under the
 * uploads path) asked of the site's address or of S3. Images of other hosts
 * (the editor's welcome guide on s.w.org, which this machine cannot reach)
 * are not the site's media.
 */
function isMedia( request: Request ): boolean {
	const url = request.url();
	if (
		! url.startsWith( `${ servers.url }/` ) &&
		! url.startsWith( `${ state.s3.endpoint }/` )
	) {
		return false;
	}
	// wp-admin's own pictures (Thickbox's spinner) are not media: a navigation cancels them.
	if (
		url.startsWith( `${ servers.url }/wp-includes/` ) ||
		url.startsWith( `${ servers.url }/wp-admin/` )
	) {
		return false;
	}
	return (
		[ 'image', 'media' ].includes( request.resourceType() ) ||
		url.includes( '/wp-content/uploads/' )
	);
}

/**
 * A browser context at the load balancer whose every request carries the
 * pin cookie for `name`, logged in as the administrator, with every failed
 * media request of every page recorded in `failures`.
 */
export async function browserOn(
	browser: Browser,
	name: ServerName,
	failures: MediaFailure[]
): Promise< { context: BrowserContext; page: Page } > {
	const context = await browser.newContext( { baseURL: servers.url } );
	await context.addCookies( [
		{ name: servers.pinCookie, value: name, url: servers.url },
	] );
	const where = ( request: Request ) =>
		request.frame()?.page()?.url() ?? '(no page)';
	context.on( 'requestfailed', ( request ) => {
		if ( isMedia( request ) ) {
			failures.push( {
				server: name,
				page: where( request ),
				url: request.url(),
				why: request.failure()?.errorText ?? 'failed',
			} );
		}
	} );
	context.on( 'response', ( response ) => {
		if ( response.status() >= 400 && isMedia( response.request() ) ) {
			failures.push( {
				server: name,
				page: where( response.request() ),
				url: response.url(),
				why: `HTTP ${ response.status() }${
					servedBy( response )
						? ` from ${ servedBy( response ) }`
						: ''
				}`,
			} );
		}
	} );
	const page = await context.newPage();
	await logIn(
		page,
		servers.url,
		servers.site.admin.user,
		servers.site.admin.password
	);
	return { context, page };
}

export interface ShownImage {
	src: string;
	width: number;
}

/**
 * Loads every image of the page and of its frames (the block editor's
 * canvas is one), lazy ones too, and returns those of the uploads with the
 * width they rendered at (0: broken).
 */
export async function uploadImages( page: Page ): Promise< ShownImage[] > {
	const shown: ShownImage[] = [];
	for ( const frame of page.frames() ) {
		const images = await frame
			.evaluate( async () => {
				const list = [ ...document.images ].filter( ( img ) =>
					( img.currentSrc || img.src ).includes(
						'/wp-content/uploads/'
					)
				);
				for ( const img of list ) {
					img.loading = 'eager';
				}
				await Promise.all(
					list.map( ( img ) =>
						img.complete
							? Promise.resolve()
							: new Promise( ( resolve ) => {
									img.addEventListener( 'load', resolve, {
										once: true,
									} );
									img.addEventListener( 'error', resolve, {
										once: true,
									} );
									setTimeout( resolve, 15_000 );
								} )
					)
				);
				return list.map( ( img ) => ( {
					src: img.currentSrc || img.src,
					width: img.naturalWidth,
				} ) );
			} )
			.catch( () => [] as ShownImage[] );
		shown.push( ...images );
	}
	return shown;
}

/** The page shows an upload whose URL contains `file` (a name, no folder), loaded from S3. */
export function expectShown(
	images: ShownImage[],
	file: string,
	where: string
): void {
	const matching = images.filter( ( image ) =>
		decodeURIComponent( image.src ).includes( file )
	);
	expect(
		matching.length,
		`${ where }: an image of ${ file } (shown: ${ images
			.map( ( image ) => image.src )
			.join( ', ' ) })`
	).toBeGreaterThan( 0 );
	for ( const image of matching ) {
		expect(
			image.width,
			`${ where }: ${ image.src } rendered`
		).toBeGreaterThan( 0 );
	}
}

export function expectNoMediaFailures(
	failures: MediaFailure[],
	step: string
): void {
	expect(
		failures.map(
			( failure ) =>
				`[${ failure.server }] ${ failure.url } on ${ failure.page }: ${ failure.why }`
		),
		`${ step }: no media request failed`
	).toEqual( [] );
}
