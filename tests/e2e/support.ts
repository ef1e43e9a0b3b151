/**
 * What the e2e specs share: the run's state, the settings page and its
 * fields found the way a person finds them (by their labels), and REST calls
 * for setting up and cleaning up around what the browser does.
 */
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

import {
	expect,
	type Locator,
	type Page,
	type Response,
} from '@playwright/test';

import {
	readRunState,
	RUN_STATE_VARIABLE,
	type RunState,
} from '../../tools/lib/run-state';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import { logIn } from './login';

export const state: RunState = readRunState();
export const { site, s3 } = state;

/** The folder of the running environment's logs and state. */
export function runDir(): string {
	const file = process.env[ RUN_STATE_VARIABLE ];
	if ( ! file ) {
		throw new Error( `${ RUN_STATE_VARIABLE } is not set.` );
	}
	return dirname( file );
}

export const SETTINGS_PATH = '/wp-admin/options-general.php?page=s3-media-sync';
export const SETTINGS_ROUTE = 's3-media-sync/v1/settings';
export const TEST_ROUTE = 's3-media-sync/v1/test';

/** A secret that looks like an AWS one (40 characters) and is nobody's. */
export function wrongSecret(): string {
	return randomBytes( 30 ).toString( 'base64' );
}

/** The subset of GET /settings the specs read. */
export interface SettingsView {
	access_key_id: string;
	has_secret_access_key: boolean;
	secret_unreadable: boolean;
	bucket: string;
	region: string;
	object_acl: string;
	endpoint: string;
	use_path_style: boolean;
	configured: boolean;
	locked: string[];
	warnings?: Record< string, string >;
	constant_errors?: Record< string, string >;
}

/** The guide's settings, plus what the local S3 needs (endpoint, path-style). */
export function guideSettings(): Record< string, unknown > {
	return {
		access_key_id: s3.user.accessKeyId,
		secret_access_key: s3.user.secretAccessKey,
		bucket: s3.bucket,
		region: s3.region,
		object_acl: 'public-read',
		key_prefix: '',
		endpoint: s3.endpoint,
		use_path_style: true,
		delivery_url: '',
		serve_from_s3: true,
		sign_urls: false,
		presign_expiry: 900,
		remove_local_copies: false,
	};
}

/** Runs `work` with an administrator's REST session, closed afterwards. */
export async function asAdmin< T >(
	work: ( session: WpSession ) => Promise< T >
): Promise< T > {
	const session = await logInOverHttp( site );
	try {
		return await work( session );
	} finally {
		await session.dispose();
	}
}

export async function postSettings(
	settings: Record< string, unknown >
): Promise< SettingsView > {
	return asAdmin( async ( session ) => {
		const response = await session.rest( 'POST', SETTINGS_ROUTE, settings );
		expect(
			response.status(),
			`POST /settings: ${ await response.text() }`
		).toBe( 200 );
		return ( await response.json() ) as SettingsView;
	} );
}

export async function getSettings(): Promise< SettingsView > {
	return asAdmin( async ( session ) => {
		const response = await session.rest( 'GET', SETTINGS_ROUTE );
		expect( response.status() ).toBe( 200 );
		return ( await response.json() ) as SettingsView;
	} );
}

/** The guide's settings saved over REST, as the starting point of a test. */
export function saveGuideSettings(): Promise< SettingsView > {
	return postSettings( guideSettings() );
}

/**
 * Blank but for the secret, which an empty value keeps (docs/rest-api.md;
 * removing it is its own field, left to the test of that), and the region,
 * which cannot be emptied.
 */
export function blankSettings(): Promise< SettingsView > {
	return postSettings( {
		access_key_id: '',
		bucket: '',
		object_acl: 'public-read',
		key_prefix: '',
		endpoint: '',
		use_path_style: false,
		delivery_url: '',
	} );
}

export async function logInAsAdmin( page: Page ): Promise< void > {
	await logIn( page, site.url, site.admin.user, site.admin.password );
}

/** Opens Settings → S3 Media Sync and waits for the form to render. */
export async function openSettings( page: Page ): Promise< void > {
	await page.goto( `${ site.url }${ SETTINGS_PATH }` );
	await expect( fields( page ).accessKeyId ).toBeVisible();
}

/** The page's controls, by the labels the guide uses. */
export function fields( page: Page ) {
	return {
		accessKeyId: page.getByLabel( 'S3 Access Key ID', { exact: true } ),
		secret: page.getByLabel( 'S3 Secret Access Key', { exact: true } ),
		bucket: page.getByLabel( 'S3 Bucket Name', { exact: true } ),
		region: page.getByLabel( 'S3 Bucket Region', { exact: true } ),
		acl: page.getByRole( 'radiogroup', { name: 'S3 Object ACL' } ),
		advanced: page.getByRole( 'button', { name: 'Advanced' } ),
		endpoint: page.getByLabel( 'Custom endpoint', { exact: true } ),
		pathStyle: page.getByLabel( 'Use path-style addresses', {
			exact: true,
		} ),
		save: page.getByRole( 'button', { name: 'Save Changes' } ),
		testAccess: page.getByRole( 'button', { name: 'Test S3 Access' } ),
		checklist: page.getByRole( 'list', {
			name: 'Test S3 Access results',
		} ),
	};
}

/** The wrapper of one field: its control, help and error live inside it. */
export function fieldWrapper( page: Page, field: string ): Locator {
	return page.locator( `[data-s3-media-sync-field="${ field }"]` );
}

/**
 * A notice of the form (save), or of the Test S3 Access panel. The form's
 * success is a snackbar at the bottom of the screen; its errors are notices
 * at the top of the page, under the title, as WordPress puts them.
 */
export function notice(
	page: Page,
	status: 'success' | 'error',
	of: 'form' | 'test' = 'form'
): Locator {
	if ( of === 'form' ) {
		return status === 'success'
			? page.locator( '.s3-media-sync-snackbar .components-snackbar' )
			: page.locator(
					'.s3-media-sync-notices .components-notice.is-error'
				);
	}
	return page.locator(
		`.s3-media-sync-access-test .components-notice.is-${ status }`
	);
}

export async function openAdvanced( page: Page ): Promise< void > {
	const { advanced } = fields( page );
	if ( ( await advanced.getAttribute( 'aria-expanded' ) ) !== 'true' ) {
		await advanced.click();
	}
	await expect( advanced ).toHaveAttribute( 'aria-expanded', 'true' );
}

/**
 * The setup guide's "Enter the following information", field by field, plus
 * the Advanced endpoint and path-style the local S3 needs.
 */
export async function fillGuideSettings(
	page: Page,
	secret = s3.user.secretAccessKey
): Promise< void > {
	const form = fields( page );
	await form.accessKeyId.fill( s3.user.accessKeyId );
	await form.secret.fill( secret );
	await form.bucket.fill( s3.bucket );
	await form.region.selectOption( 'us-east-1' );
	await form.acl.getByRole( 'radio', { name: 'public-read' } ).check();
	await openAdvanced( page );
	await form.endpoint.fill( s3.endpoint );
	await form.pathStyle.check();
}

/** The page's next POST /settings answer. */
export function nextSave( page: Page ): Promise< Response > {
	return page.waitForResponse( ( response ) =>
		isRoute(
			response.url(),
			response.request().method(),
			'POST',
			SETTINGS_ROUTE
		)
	);
}

/** Clicks Save Changes and waits for the REST answer; returns its status. */
export async function clickSave( page: Page ): Promise< number > {
	const answer = nextSave( page );
	// A save that completes the settings for the first time runs Test S3 Access
	// by itself (useTestAfterFirstKey): a test that moves on must not leave
	// that answer unread, so it is awaited here when it starts.
	const autoTest = page
		.waitForRequest(
			( request ) =>
				isRoute( request.url(), request.method(), 'POST', TEST_ROUTE ),
			{ timeout: 2000 }
		)
		.then( async ( request ) => ( await request.response() )?.finished() )
		.catch( () => undefined );
	await fields( page ).save.click();
	const status = ( await answer ).status();
	await autoTest;
	return status;
}

/** Whether a request went to a REST route, with pretty or plain permalinks. */
export function isRoute(
	url: string,
	method: string,
	expectedMethod: string,
	route: string
): boolean {
	return (
		method === expectedMethod &&
		decodeURIComponent( url ).includes( `/${ route }` )
	);
}

/** POST /test's answer, as the settings page gets it. */
export interface TestAnswer {
	ok: boolean;
	category: string;
	title: string;
	message: string;
	tested_at: string;
	checks: Array< {
		id: string;
		status: string;
		code?: string | null;
		message: string;
		hints?: string[];
	} >;
}

/** Clicks Test S3 Access and returns the REST answer the page got. */
export async function runAccessTest( page: Page ): Promise< TestAnswer > {
	const answer = page.waitForResponse( ( response ) =>
		isRoute(
			response.url(),
			response.request().method(),
			'POST',
			TEST_ROUTE
		)
	);
	await fields( page ).testAccess.click();
	const response = await answer;
	expect( response.status() ).toBe( 200 );
	return ( await response.json() ) as TestAnswer;
}
