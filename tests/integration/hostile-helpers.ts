/**
 * What the hostile-input and route-role specs share: every route and method
 * the plugin registers, each with a request an administrator may make; users
 * of every role, made through the REST API; what the site holds of the plugin,
 * read straight from the database (hostile-state.php), so that "nothing
 * changed" does not take the plugin's word for it; the PHP logs, watched for
 * warnings; and what a clear refusal looks like.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, type APIResponse } from '@playwright/test';

import { readRunState, RUN_STATE_VARIABLE } from '../../tools/lib/run-state';
import type { WpSession } from '../support/wp-session';
import { siteDir } from './media-helpers';

export const NAMESPACE = 's3-media-sync/v1';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One method of one route; `{id}` in the route stands for an attachment ID. */
export interface RouteMethod {
	method: Method;
	route: string;
	/** A body the route takes from an administrator (none: no body). */
	body?: Record< string, unknown >;
	/** What an administrator may be answered: the request reached the route. */
	adminStatuses: number[];
}

/**
 * Every route and method of the plugin (route-roles.spec.ts checks this
 * against the namespace's index, so a new route cannot be left out).
 */
export const ROUTE_METHODS: RouteMethod[] = [
	{ method: 'GET', route: 'settings', adminStatuses: [ 200 ] },
	{
		method: 'POST',
		route: 'settings',
		body: { object_acl: 'public-read' },
		adminStatuses: [ 200 ],
	},
	{
		method: 'PUT',
		route: 'settings',
		body: { sign_urls: false },
		adminStatuses: [ 200 ],
	},
	{
		method: 'PATCH',
		route: 'settings',
		body: { presign_expiry: 900 },
		adminStatuses: [ 200 ],
	},
	// 404 "not tested yet" once a save has forgotten the last result.
	{ method: 'GET', route: 'test', adminStatuses: [ 200, 404 ] },
	{ method: 'POST', route: 'test', adminStatuses: [ 200 ] },
	{ method: 'GET', route: 'site-health', adminStatuses: [ 200 ] },
	{ method: 'GET', route: 'sync', adminStatuses: [ 200 ] },
	{
		method: 'POST',
		route: 'sync/batch',
		body: { limit: 1 },
		adminStatuses: [ 200 ],
	},
	// 409 when not configured; pause right after, so the job stops at once.
	{
		method: 'POST',
		route: 'sync/job',
		body: { workers: 1 },
		adminStatuses: [ 200, 409 ],
	},
	// 409 when no job runs / none is paused.
	{ method: 'POST', route: 'sync/job/pause', adminStatuses: [ 200, 409 ] },
	{ method: 'POST', route: 'sync/job/resume', adminStatuses: [ 200, 409 ] },
	{
		method: 'POST',
		route: 'attachments/{id}/acl',
		body: { acl: 'public-read' },
		adminStatuses: [ 200 ],
	},
	{
		method: 'POST',
		route: 'attachments/{id}/retry',
		adminStatuses: [ 200 ],
	},
	{ method: 'GET', route: 'attention', adminStatuses: [ 200 ] },
	{ method: 'POST', route: 'attention/retry', adminStatuses: [ 200 ] },
	// 409 when the settings cannot reach S3.
	{ method: 'POST', route: 'audit', adminStatuses: [ 200, 409 ] },
	{ method: 'GET', route: 'local-copies', adminStatuses: [ 200 ] },
	// 409 while Remove local copies is on, or when not configured.
	{
		method: 'POST',
		route: 'local-copies/batch',
		body: { limit: 1 },
		adminStatuses: [ 200, 409 ],
	},
];

export function routeMethodName( routeMethod: {
	method: string;
	route: string;
} ): string {
	return `${ routeMethod.method } /${ routeMethod.route }`;
}

/**
 * The routes and methods the namespace's index (public, as core serves it)
 * lists, named as in ROUTE_METHODS.
 * @param index The JSON of GET /wp-json/s3-media-sync/v1.
 */
export function registeredRouteMethods( index: unknown ): string[] {
	const routes = ( index as { routes?: Record< string, unknown > } ).routes;
	expect( routes, 'the namespace index lists routes' ).toBeTruthy();
	const names: string[] = [];
	for ( const [ pattern, route ] of Object.entries( routes ?? {} ) ) {
		if ( pattern === `/${ NAMESPACE }` ) {
			continue; // The index itself, core's.
		}
		const path = pattern
			.slice( `/${ NAMESPACE }/`.length )
			.replace( /\(\?P<id>[^)]*\)/g, '{id}' );
		for ( const method of ( route as { methods: string[] } ).methods ) {
			names.push( routeMethodName( { method, route: path } ) );
		}
	}
	return names.sort();
}

/** `/wp-json/<namespace>/<route>` with `{id}` filled in. */
export function restPath( route: string, id: number ): string {
	return `/wp-json/${ NAMESPACE }/${ route.replace( '{id}', String( id ) ) }`;
}

/* ---------- Users ---------- */

export type Role =
	'subscriber' | 'contributor' | 'author' | 'editor' | 'administrator';

export interface TestUser {
	id: number;
	role: Role;
	username: string;
	password: string;
}

/** A user with `role` and a known password, made by an administrator over REST. */
export async function createUser(
	admin: WpSession,
	role: Role
): Promise< TestUser > {
	const username = `${ role }-${ randomBytes( 4 ).toString( 'hex' ) }`;
	const password = `Pw-${ randomBytes( 12 ).toString( 'hex' ) }-1!`;
	const response = await admin.rest( 'POST', 'wp/v2/users', {
		username,
		password,
		email: `${ username }@example.org`,
		roles: [ role ],
	} );
	const text = await response.text();
	expect( response.status(), `creating a ${ role }: ${ text }` ).toBe( 201 );
	return {
		id: ( JSON.parse( text ) as { id: number } ).id,
		role,
		username,
		password,
	};
}

export async function deleteUser(
	admin: WpSession,
	user: TestUser
): Promise< void > {
	await admin.rest(
		'DELETE',
		`wp/v2/users/${ user.id }?force=true&reassign=1`
	);
}

/* ---------- What the site holds ---------- */

/** Raw stored values, base64: the plugin's options and post meta. */
export interface SiteSnapshot {
	options: Record< string, string | null >;
	meta: Record< string, Array< [ string, string ] > >;
}

const STATE_SCRIPT = join( __dirname, 'hostile-state.php' );

/**
 * The plugin's options (settings, last test, bulk-copy run) and the post meta
 * of `attachmentIds`, byte for byte, read from the database without the plugin.
 * @param attachmentIds
 */
export function snapshot( attachmentIds: number[] = [] ): SiteSnapshot {
	return JSON.parse(
		execFileSync( 'php', [
			STATE_SCRIPT,
			siteDir(),
			'snapshot',
			...attachmentIds.map( String ),
		] ).toString()
	) as SiteSnapshot;
}

/**
 * No retry job left by an earlier spec: a WP-Cron run our own requests
 * start would otherwise upload while the S3 request log is being counted.
 */
export function quietRetries(): void {
	execFileSync( 'php', [ STATE_SCRIPT, siteDir(), 'quiet' ] );
}

/* ---------- PHP logs ---------- */

/** WP_DEBUG_LOG and php -S's own log (errors before WordPress takes over). */
export function phpLogFiles(): string[] {
	const files = [ readRunState().site.debugLog ];
	const stateFile = process.env[ RUN_STATE_VARIABLE ];
	if ( stateFile ) {
		files.push( join( dirname( stateFile ), 'php-server.log' ) );
	}
	return files;
}

const PHP_PROBLEM =
	/PHP (?:Warning|Notice|Deprecated|Fatal error|Parse error|Recoverable fatal error)|Fatal error|Uncaught /;

/** Lines the PHP logs gain from now on that report a warning, notice, deprecation or fatal error. */
export class PhpLogWatch {
	private readonly marks = new Map< string, number >();

	constructor( private readonly files = phpLogFiles() ) {
		for ( const file of files ) {
			this.marks.set(
				file,
				existsSync( file ) ? statSync( file ).size : 0
			);
		}
	}

	problems(): string[] {
		const lines: string[] = [];
		for ( const file of this.files ) {
			if ( ! existsSync( file ) ) {
				continue;
			}
			const from = this.marks.get( file ) ?? 0;
			const size = statSync( file ).size;
			if ( size <= from ) {
				continue;
			}
			const buffer = Buffer.alloc( size - from );
			const fd = openSync( file, 'r' );
			try {
				readSync( fd, buffer, 0, buffer.length, from );
			} finally {
				closeSync( fd );
			}
			for ( const line of buffer.toString( 'utf8' ).split( '\n' ) ) {
				if ( PHP_PROBLEM.test( line ) ) {
					lines.push( `${ file }: ${ line.slice( 0, 500 ) }` );
				}
			}
		}
		return lines;
	}
}

/* ---------- Refusals ---------- */

export interface ErrorAnswer {
	code: string;
	message: string;
	data?: { status?: number; params?: unknown };
}

/**
 * A message a person can act on: a sentence of words, not empty, not a PHP
 * error or a path on the server, no markup, not the size of what was sent.
 * @param message
 * @param label
 */
export function expectHumanMessage( message: string, label: string ): void {
	expect(
		message.trim().length,
		`${ label }: message "${ message }"`
	).toBeGreaterThan( 9 );
	expect(
		message.length,
		`${ label }: message of ${ message.length } characters`
	).toBeLessThanOrEqual( 300 );
	expect( message, `${ label }: a sentence, not a code` ).toMatch(
		/^[A-Z][^\s]*\s+\S/
	);
	expect( message, `${ label }: no PHP error or server path` ).not.toMatch(
		/Warning|Notice|Deprecated|Fatal|Stack trace|Uncaught|on line \d|\.php\b|wp-content|wp-includes|\/root\/|\/home\//i
	);
	expect( message, `${ label }: no markup` ).not.toMatch( /[<>]/ );
}

/**
 * The answer is a refusal (4xx, and `status` when given) in WordPress's error
 * shape, with a code and a human message.
 * @param response
 * @param label
 * @param status
 */
export async function expectRefusal(
	response: APIResponse,
	label: string,
	status?: number
): Promise< ErrorAnswer > {
	const text = await response.text();
	const shown = `${ label }: HTTP ${ response.status() } ${ text.slice( 0, 400 ) }`;
	expect( response.status(), shown ).toBeGreaterThanOrEqual( 400 );
	expect( response.status(), shown ).toBeLessThan( 500 );
	if ( status !== undefined ) {
		expect( response.status(), shown ).toBe( status );
	}
	let answer: unknown;
	try {
		answer = JSON.parse( text );
	} catch {
		throw new Error( `${ shown }: not JSON` );
	}
	const error = answer as Partial< ErrorAnswer >;
	expect( typeof error.code, shown ).toBe( 'string' );
	expect( error.code, shown ).toMatch( /^[a-z0-9_]+$/ );
	expect( typeof error.message, shown ).toBe( 'string' );
	expectHumanMessage( error.message ?? '', label );
	return error as ErrorAnswer;
}
