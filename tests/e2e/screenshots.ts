/**
 * Screenshots of each screen and state of the plugin, written to
 * docs/screenshots/ (kept in the repository; README.md shows the main
 * ones). Not tests: this file is the `screenshots` Playwright project
 * (playwright.config.ts), which the e2e project does not match, and
 * tools/test.ts runs it after the e2e suite without counting it — a capture
 * that fails is reported and changes neither the totals nor the exit code.
 *
 * Leaves the administrator's language as the site's, the guide's settings
 * saved, and deletes its upload.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import { ROOT } from '../../tools/lib/paths';
import { test, expect } from './fixtures';
import { installCoreLocales, setAdminLocale } from './i18n-helpers';
import {
	applyBulkAction,
	openEditMedia,
	openMediaModal,
	sampleUploads,
	settingsTested as settingsPageTested,
} from './plugin-screens';
import {
	guideSettings,
	logInAsAdmin,
	postSettings,
	saveGuideSettings,
	SETTINGS_PATH,
	site,
	wrongSecret,
} from './support';

export const SCREENSHOTS = join( ROOT, 'docs', 'screenshots' );

const uploads = sampleUploads( [ 'harbour.jpg' ], () => setAdminLocale( '' ) );

test.beforeAll( async () => {
	mkdirSync( SCREENSHOTS, { recursive: true } );
	await installCoreLocales( [ 'de_DE', 'he_IL' ] );
} );

test.beforeEach( async ( { page } ) => {
	await page.setViewportSize( { width: 1280, height: 900 } );
	await logInAsAdmin( page );
} );

async function capture(
	page: Page,
	name: string,
	fullPage = true
): Promise< void > {
	await page.screenshot( {
		path: join( SCREENSHOTS, `${ name }.png` ),
		fullPage,
		animations: 'disabled',
		caret: 'hide',
	} );
}

/** The settings page with Test S3 Access run by its button (named `button`), nothing focused. */
async function settingsTested(
	page: Page,
	button = 'Test S3 Access'
): Promise< void > {
	await settingsPageTested( page, button );
	await page.locator( 'body' ).click( { position: { x: 1, y: 1 } } );
}

test( 'settings, Test S3 Access passed', async ( { page } ) => {
	await settingsTested( page );
	await capture( page, 'settings' );
} );

test( 'settings, Test S3 Access failed (a wrong secret)', async ( {
	page,
} ) => {
	await postSettings( {
		...guideSettings(),
		secret_access_key: wrongSecret(),
	} );
	try {
		await settingsTested( page );
		await capture( page, 'settings-test-failed' );
	} finally {
		await saveGuideSettings();
	}
} );

test( 'settings, the copy panel', async ( { page } ) => {
	await page.goto( `${ site.url }${ SETTINGS_PATH }` );
	const heading = page
		.locator( '#s3-media-sync-settings' )
		.getByText( 'Copy existing media to S3', { exact: true } );
	await heading.scrollIntoViewIfNeeded();
	await expect( heading ).toBeVisible();
	await capture( page, 'settings-copy-panel', false );
} );

test( 'settings, 390 px wide', async ( { page } ) => {
	await page.setViewportSize( { width: 390, height: 844 } );
	await settingsTested( page );
	await capture( page, 'settings-390px' );
} );

test( 'the media list, after the bulk action', async ( { page } ) => {
	await applyBulkAction(
		page,
		[ uploads()[ 0 ]!.id ],
		's3_media_sync_make_private'
	);
	await capture( page, 'media-list', false );
} );

test( 'Edit Media', async ( { page } ) => {
	await openEditMedia( page, uploads()[ 0 ]!.id );
	await page
		.locator( '.compat-field-s3_media_sync' )
		.scrollIntoViewIfNeeded();
	await capture( page, 'edit-media', false );
} );

test( 'the media modal', async ( { page } ) => {
	const modal = await openMediaModal( page, uploads()[ 0 ]!.id );
	await modal
		.locator( '.compat-field-s3_media_sync' )
		.scrollIntoViewIfNeeded();
	await capture( page, 'media-modal', false );
} );

test( 'Site Health', async ( { page } ) => {
	await page.goto( `${ site.url }/wp-admin/site-health.php` );
	// A passed test is listed under "Passed tests", hidden until opened.
	await page.locator( '.site-health-view-passed' ).click();
	const result = page
		.locator( '.health-check-accordion-trigger' )
		.filter( { hasText: 'S3 Media Sync can use its bucket' } )
		.first();
	await expect( result ).toBeVisible( { timeout: 30_000 } );
	await result.click();
	await result.scrollIntoViewIfNeeded();
	await capture( page, 'site-health', false );
} );

test( 'settings in German', async ( { page } ) => {
	await setAdminLocale( 'de_DE' );
	try {
		await settingsTested( page, 'S3-Zugriff testen' );
		await capture( page, 'settings-de' );
	} finally {
		await setAdminLocale( '' );
	}
} );

test( 'settings in Hebrew (right to left)', async ( { page } ) => {
	await setAdminLocale( 'he_IL' );
	try {
		await settingsTested( page );
		await capture( page, 'settings-he' );
	} finally {
		await setAdminLocale( '' );
	}
} );
