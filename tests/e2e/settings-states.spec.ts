/**
 * E2E: every state of Settings → S3 Media Sync as a site owner meets it, in
 * Chromium against the real site and S3: the page as it loads (no console
 * error, no request for a test that never ran), loading, saving, "Settings
 * saved." as a snackbar, a failed save's notice at the top of the page, the
 * server's warning as a field's one help text, fields locked by wp-config.php
 * constants (and a constant that is ignored), removing the stored secret,
 * each Test S3 Access outcome said once with S3's own words behind Details,
 * the policy as one block of code, and the copy panel with nothing pending.
 *
 * Every test leaves the guide's settings saved (afterEach).
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { Page, Route } from '@playwright/test';

import { test, expect } from './fixtures';
import {
	blankSettings,
	clickSave,
	fieldWrapper,
	fields,
	getSettings,
	isRoute,
	logInAsAdmin,
	nextSave,
	notice,
	openAdvanced,
	openSettings,
	postSettings,
	runAccessTest,
	s3,
	saveGuideSettings,
	SETTINGS_PATH,
	SETTINGS_ROUTE,
	site,
	TEST_ROUTE,
	wrongSecret,
} from './support';
import { createLibrary, deletePosts } from '../integration/sync-helpers';

/** Included by the site's wp-config.php before WordPress loads (tools/wp/site.ts). */
const LOCAL_CONFIG = join( dirname( site.dir ), 'wp-config-local.php' );

/** Console errors and failed requests of a page, from now on. */
function watchConsole( page: Page ): string[] {
	const problems: string[] = [];
	page.on( 'console', ( message ) => {
		if ( message.type() === 'error' ) {
			problems.push( `console: ${ message.text() }` );
		}
	} );
	page.on( 'pageerror', ( error ) =>
		problems.push( `uncaught: ${ error.message }` )
	);
	page.on( 'response', ( response ) => {
		if (
			response.status() >= 400 &&
			decodeURIComponent( response.url() ).includes( '/s3-media-sync/' )
		) {
			problems.push( `${ response.status() } ${ response.url() }` );
		}
	} );
	return problems;
}

/**
 * Serves the settings page without the REST answers its HTML preloads, so
 * that the page asks for them: the page's loading state can then be seen.
 */
async function withoutPreloading( page: Page ): Promise< void > {
	await page.route(
		( url ) => url.href.includes( 'page=s3-media-sync' ),
		async ( route ) => {
			const response = await route.fetch();
			const html = ( await response.text() ).replace(
				/wp\.apiFetch\.use\( wp\.apiFetch\.createPreloadingMiddleware\([^\n]*\) \);/,
				''
			);
			await route.fulfill( { response, body: html } );
		}
	);
}

/** Holds requests to `route` (method `method`) until the returned function is called. */
async function holdRequests(
	page: Page,
	method: string,
	route: string
): Promise< () => void > {
	let release: () => void = () => undefined;
	const released = new Promise< void >( ( resolve ) => {
		release = resolve;
	} );
	await page.route(
		( url ) => isRoute( url.href, method, method, route ),
		async ( held: Route ) => {
			if ( held.request().method() !== method ) {
				await held.fallback();
				return;
			}
			await released;
			await held.fallback();
		}
	);
	return release;
}

/** Saves `settings` over the guide's, logs in and opens the page. */
async function openWith(
	page: Page,
	settings: Record< string, unknown > = {}
): Promise< ReturnType< typeof fields > > {
	await saveGuideSettings();
	if ( Object.keys( settings ).length > 0 ) {
		await postSettings( settings );
	}
	await logInAsAdmin( page );
	await openSettings( page );
	return fields( page );
}

/** The visible text of the page's settings app. */
function app( page: Page ) {
	return page.locator( '.s3-media-sync-settings' );
}

test.describe( 'Settings page states', () => {
	test.afterEach( async () => {
		rmSync( LOCAL_CONFIG, { force: true } );
		await saveGuideSettings();
	} );

	test( 'the page loads with no console error and asks for no test that never ran', async ( {
		page,
	} ) => {
		// Saving forgets the last Test S3 Access result: the test never ran.
		await blankSettings();
		await logInAsAdmin( page );
		const problems = watchConsole( page );
		const testReads: string[] = [];
		page.on( 'request', ( request ) => {
			if (
				isRoute( request.url(), request.method(), 'GET', TEST_ROUTE )
			) {
				testReads.push( request.url() );
			}
		} );

		await openSettings( page );
		const form = fields( page );
		// The empty state: nothing saved, nothing to test or copy yet.
		await expect( form.accessKeyId ).toHaveValue( '' );
		await expect(
			app( page ).getByText(
				'Save the access key, secret, bucket and region to test them.'
			)
		).toBeVisible();
		await expect( form.testAccess ).toHaveCount( 0 );
		await expect(
			page.getByRole( 'heading', { name: 'Copy existing media to S3' } )
		).toHaveCount( 0 );
		await expect( form.save ).toBeDisabled();
		// Section titles are the page's second level, larger than its text.
		const title = page.getByRole( 'heading', {
			level: 2,
			name: 'Amazon S3 connection',
		} );
		await expect( title ).toBeVisible();
		const sizes = await title.evaluate( ( heading ) => ( {
			heading: parseFloat( getComputedStyle( heading ).fontSize ),
			text: parseFloat(
				getComputedStyle( document.querySelector( '#wpbody' )! )
					.fontSize
			),
		} ) );
		expect( sizes.heading ).toBeGreaterThan( sizes.text );
		// Labels are written as the guide writes them, not in capitals.
		for ( const label of [ 'S3 Access Key ID', 'S3 Bucket Region' ] ) {
			await expect(
				page.locator( 'label', { hasText: label } ),
				label
			).toHaveCSS( 'text-transform', 'none' );
		}

		expect( testReads ).toEqual( [] );
		expect( problems ).toEqual( [] );
	} );

	test( 'loading, then the form; saving, then "Settings saved." as a snackbar', async ( {
		page,
	} ) => {
		await saveGuideSettings();
		await logInAsAdmin( page );
		await withoutPreloading( page );
		const releaseLoad = await holdRequests( page, 'GET', SETTINGS_ROUTE );
		await page.goto( `${ site.url }${ SETTINGS_PATH }` );
		await expect( app( page ) ).toContainText( 'Loading settings…' );
		await expect( fields( page ).accessKeyId ).toHaveCount( 0 );
		releaseLoad();
		const form = fields( page );
		await expect( form.accessKeyId ).toHaveValue( s3.user.accessKeyId );
		await expect( app( page ) ).not.toContainText( 'Loading settings…' );

		await form.bucket.fill( `${ s3.bucket }-other` );
		const releaseSave = await holdRequests( page, 'POST', SETTINGS_ROUTE );
		const saved = nextSave( page );
		await form.save.click();
		await expect( app( page ).getByText( 'Saving…' ) ).toBeVisible();
		await expect( form.save ).toHaveAttribute( 'aria-disabled', 'true' );
		releaseSave();
		expect( ( await saved ).status() ).toBe( 200 );
		await expect( app( page ).getByText( 'Saving…' ) ).toHaveCount( 0 );

		const snackbar = notice( page, 'success' );
		await expect( snackbar ).toHaveText( 'Settings saved.' );
		// Not in the page's flow above the button: fixed to the screen's bottom.
		await expect( page.locator( '.s3-media-sync-snackbar' ) ).toHaveCSS(
			'position',
			'fixed'
		);
		await expect(
			page
				.locator( '.s3-media-sync-settings form' )
				.getByText( 'Settings saved.' )
		).toHaveCount( 0 );
		expect( ( await getSettings() ).bucket ).toBe( `${ s3.bucket }-other` );
	} );

	test( 'a failed save says so at the top of the page, above the fields it marks', async ( {
		page,
	} ) => {
		const form = await openWith( page );
		await form.bucket.fill( 'Bad_Bucket' );
		expect( await clickSave( page ) ).toBe( 400 );

		const error = notice( page, 'error' );
		await expect( error ).toHaveCount( 1 );
		await expect( error ).toContainText(
			'The settings were not saved. Correct the fields marked below.'
		);
		const errorBox = await error.boundingBox();
		const fieldBox = await form.bucket.boundingBox();
		const titleBox = await page
			.getByRole( 'heading', { level: 1, name: 'S3 Media Sync' } )
			.boundingBox();
		expect( errorBox && fieldBox && titleBox ).toBeTruthy();
		// Under the page title, above the form.
		expect( errorBox!.y ).toBeGreaterThan( titleBox!.y );
		expect( errorBox!.y + errorBox!.height ).toBeLessThanOrEqual(
			fieldBox!.y
		);
		// The field has one help text: its error.
		const help = fieldWrapper( page, 'bucket' ).locator(
			'.s3-media-sync-help'
		);
		await expect( help ).toHaveCount( 1 );
		await expect( help ).toHaveClass( /\bis-error\b/ );
		await expect( notice( page, 'success' ) ).toHaveCount( 0 );
	} );

	test( 'the server’s warning about a saved bucket name is that field’s one help text', async ( {
		page,
	} ) => {
		const dotted = `dotted.${ randomBytes( 3 ).toString( 'hex' ) }.bucket`;
		const saved = await postSettings( { bucket: dotted } );
		expect( Object.keys( saved.warnings ?? {} ) ).toEqual( [ 'bucket' ] );
		await logInAsAdmin( page );
		await openSettings( page );

		const help = fieldWrapper( page, 'bucket' ).locator(
			'.s3-media-sync-help'
		);
		await expect( help ).toHaveCount( 1 );
		await expect( help ).toHaveClass( /\bis-warning\b/ );
		await expect( help ).toHaveText( saved.warnings?.bucket ?? '' );
		await expect( fields( page ).bucket ).toHaveAccessibleDescription(
			saved.warnings?.bucket ?? ''
		);
	} );

	test( 'fields set in wp-config.php are locked and say so; an ignored constant is shown', async ( {
		page,
	} ) => {
		await saveGuideSettings();
		writeFileSync(
			LOCAL_CONFIG,
			[
				'<?php',
				'// Written by tests/e2e/settings-states.spec.ts, removed after the test.',
				"define( 'S3_MEDIA_SYNC_DELIVERY_URL', 'https://media.example.test' );",
				"define( 'S3_MEDIA_SYNC_PRESIGN_EXPIRY', 5 );",
				'',
			].join( '\n' )
		);
		const view = await getSettings();
		expect( view.locked ).toEqual( [ 'delivery_url', 'presign_expiry' ] );
		expect( Object.keys( view.constant_errors ?? {} ) ).toEqual( [
			'presign_expiry',
		] );

		await logInAsAdmin( page );
		await openSettings( page );
		// At the top of the page: which constant is ignored.
		const ignored = page.locator( '.s3-media-sync-constant-errors' );
		await expect( ignored ).toBeVisible();
		await expect( ignored ).toContainText( 'S3_MEDIA_SYNC_PRESIGN_EXPIRY' );

		await openAdvanced( page );
		const delivery = page.getByLabel( 'Delivery URL', { exact: true } );
		await expect( delivery ).toHaveValue( 'https://media.example.test' );
		await expect( delivery ).toHaveAttribute( 'readonly', '' );
		await expect( delivery ).toHaveAccessibleDescription(
			'Set in wp-config.php by S3_MEDIA_SYNC_DELIVERY_URL.'
		);
		const expiry = fieldWrapper( page, 'presign_expiry' ).locator(
			'.s3-media-sync-help'
		);
		await expect( expiry ).toHaveCount( 1 );
		await expect( expiry ).toContainText(
			'S3_MEDIA_SYNC_PRESIGN_EXPIRY in wp-config.php is ignored'
		);
		await expect( delivery ).not.toBeEditable();
		await expect( fields( page ).save ).toBeDisabled();
	} );

	test( 'Remove stored secret removes it on Save, and can be taken back before', async ( {
		page,
	} ) => {
		const form = await openWith( page );
		const remove = page.getByRole( 'button', {
			name: 'Remove stored secret',
		} );

		// Taken back before saving: nothing to save.
		await remove.click();
		await expect( form.secret ).toHaveAccessibleDescription(
			/will be removed when you save/
		);
		await expect( form.save ).toBeEnabled();
		await page
			.getByRole( 'button', { name: 'Keep stored secret' } )
			.click();
		await expect( form.save ).toBeDisabled();
		expect( ( await getSettings() ).has_secret_access_key ).toBe( true );

		await remove.click();
		const answer = nextSave( page );
		await form.save.click();
		const response = await answer;
		expect( response.status() ).toBe( 200 );
		expect( response.request().postDataJSON() ).toEqual( {
			remove_secret_access_key: true,
		} );
		await expect( notice( page, 'success' ) ).toHaveText(
			'Settings saved.'
		);
		await expect( remove ).toHaveCount( 0 );
		await expect( form.secret ).toHaveAccessibleDescription(
			/shown once when the IAM user’s access key was created/
		);
		await expect( form.testAccess ).toHaveCount( 0 );
		const view = await getSettings();
		expect( view ).toMatchObject( {
			has_secret_access_key: false,
			configured: false,
			access_key_id: s3.user.accessKeyId,
			bucket: s3.bucket,
		} );

		await page.reload();
		await expect( form.secret ).toHaveValue( '' );
		await expect( remove ).toHaveCount( 0 );
	} );

	test( 'a wrong bucket: said once, no error badge on skipped rows, no policy for the mistyped name', async ( {
		page,
	} ) => {
		const missing = `no-such-${ randomBytes( 4 ).toString( 'hex' ) }`;
		await openWith( page, { bucket: missing } );
		const result = await runAccessTest( page );
		expect( result.category ).toBe( 'bucket_not_found' );
		const failed = result.checks.find(
			( check ) => check.status === 'fail'
		);
		expect( failed?.code ).toBe( 'NoSuchBucket' );

		const panel = page.locator( '.s3-media-sync-access-test' );
		await expect(
			panel.getByText( result.title, { exact: true } )
		).toHaveCount( 1 );
		// The message is the failed row's: behind its Details, not repeated.
		await expect(
			panel.getByText( result.message, { exact: true } )
		).toBeHidden();
		const row = fields( page ).checklist.locator( ':scope > li.is-fail' );
		await expect( row ).toHaveCount( 1 );
		await row.getByText( 'Details', { exact: true } ).click();
		await expect(
			row.getByText( result.message, { exact: true } )
		).toBeVisible();
		await expect(
			row.locator( 'code', { hasText: 'NoSuchBucket' } )
		).toBeVisible();
		// A skipped row was not judged: no error code beside it.
		const skipped = fields( page ).checklist.locator(
			':scope > li.is-skip'
		);
		expect( await skipped.count() ).toBeGreaterThan( 0 );
		await expect( skipped.locator( 'code' ) ).toHaveCount( 0 );
		await expect( skipped.locator( 'details' ) ).toHaveCount( 0 );
		await expect(
			skipped.filter( { hasText: 'NoSuchBucket' } )
		).toHaveCount( 0 );
		// No policy filled in with a bucket that does not exist.
		await expect( page.getByLabel( 'IAM policy' ) ).toHaveCount( 0 );
		await expect( panel ).not.toContainText( missing + '/' );
	} );

	test( 'a wrong secret: each hint once, and S3’s own words only behind Details', async ( {
		page,
		recorder,
	} ) => {
		const wrong = wrongSecret();
		recorder.addSecret( wrong, 'the wrong secret typed' );
		await openWith( page, { secret_access_key: wrong } );
		const result = await runAccessTest( page );
		expect( result.category ).toBe( 'invalid_credentials' );

		const hints = new Set(
			result.checks.flatMap( ( check ) => check.hints ?? [] )
		);
		expect( hints.size ).toBeGreaterThan( 0 );
		const checklist = fields( page ).checklist;
		for ( const hint of hints ) {
			await expect(
				checklist
					.getByRole( 'listitem' )
					.filter( { hasText: hint } )
					.filter( {
						hasNot: page.locator( 'li' ),
					} ),
				hint
			).toHaveCount( 1 );
		}
		// S3's words (with its request id when it gave one) are not on show...
		const words = result.checks
			.filter( ( check ) => check.status === 'fail' )
			.map( ( check ) => check.message );
		for ( const message of new Set( words ) ) {
			await expect(
				checklist.getByText( message, { exact: true } ).first()
			).toBeHidden();
		}
		// ...until Details is opened.
		const details = checklist.locator( 'details' );
		expect( await details.count() ).toBeGreaterThan( 0 );
		await details.first().locator( 'summary' ).click();
		await expect(
			details.first().getByText( words[ 0 ] ?? '', { exact: true } )
		).toBeVisible();
	} );

	test( 'S3 access works: the policy is one block of code, without a band on every line', async ( {
		page,
	} ) => {
		await openWith( page );
		const result = await runAccessTest( page );
		expect( result.ok ).toBe( true );
		await expect( notice( page, 'success', 'test' ) ).toContainText(
			result.message
		);
		// Nothing to explain: no Details.
		await expect(
			fields( page ).checklist.locator( 'details' )
		).toHaveCount( 0 );
		const policy = page.getByLabel( 'IAM policy' );
		await expect( policy ).toBeVisible();
		await expect( policy ).toHaveJSProperty( 'tagName', 'PRE' );
		const code = policy.locator( 'code' );
		await expect( code ).toHaveCSS(
			'background-color',
			'rgba(0, 0, 0, 0)'
		);
		await expect( code ).toHaveCSS( 'display', 'block' );
	} );

	test( 'the copy panel: Start copying is held back with nothing pending, and the bar spans the panel', async ( {
		page,
	} ) => {
		const library = createLibrary( 2, 'e2e-states', '2024-02' );
		const ids = library.attachments.map( ( attachment ) => attachment.id );
		try {
			await openWith( page );
			const start = page.getByRole( 'button', { name: 'Start copying' } );
			await expect( start ).toBeEnabled();
			await start.click();
			const bar = page.getByRole( 'progressbar', {
				name: 'Copy progress',
			} );
			await expect( bar ).toBeVisible();
			await expect(
				page.locator( '.s3-media-sync-run-notice' )
			).toContainText( 'Copy finished', { timeout: 60_000 } );
			// A real bar: as wide as the panel, not a thin 160 px line.
			const track = page.locator( '.s3-media-sync-progress__bar' );
			const panel = page.locator( '.s3-media-sync-sync' );
			const [ trackBox, panelBox ] = await Promise.all( [
				track.boundingBox(),
				panel.boundingBox(),
			] );
			expect( trackBox!.width ).toBeGreaterThan( panelBox!.width * 0.9 );
			expect( trackBox!.height ).toBeGreaterThanOrEqual( 8 );

			// Nothing is pending now: nothing to start, and it says why.
			await expect(
				page.getByRole( 'list', { name: 'Media library in S3' } )
			).toContainText( 'Pending: 0' );
			await expect( start ).toBeDisabled();
			await expect( start ).toHaveAccessibleDescription(
				/All media is in S3\.|Nothing is waiting to be copied/
			);

			// The next visit: no run, no "0 of 0".
			await page.reload();
			await expect( start ).toBeDisabled();
			await expect( app( page ) ).not.toContainText( '0 of 0' );
			await expect( bar ).toHaveCount( 0 );
		} finally {
			deletePosts( [ ...ids, ...library.parents ] );
		}
	} );
} );
