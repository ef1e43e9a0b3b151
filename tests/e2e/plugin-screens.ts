/**
 * The plugin's own screens, as the media, language, accessibility and
 * screenshot specs reach them: the stable roots of the DOM the plugin draws
 * (so that core's markup is not judged, and the settings page's rework
 * keeps them valid), sample uploads made and removed around a spec, and
 * the steps that open each screen or state.
 */
import type { Locator, Page } from '@playwright/test';

import {
	deleteAttachment,
	jpeg,
	uploadOk,
	type Attachment,
} from '../integration/media-helpers';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import { test, expect } from './fixtures';
import {
	isRoute,
	saveGuideSettings,
	SETTINGS_PATH,
	site,
	TEST_ROUTE,
} from './support';

/**
 * The plugin's own DOM, by stable roots: the settings page's root element
 * (and its heading), the media list's S3 column (header and cells) with the
 * plugin's row and bulk actions, the attachment details' fields (Edit Media
 * and the modal), and the plugin's admin notices.
 */
export const PLUGIN_ROOTS = {
	settings: [
		'.wrap:has(> #s3-media-sync-settings) > h1',
		'#s3-media-sync-settings',
	],
	mediaList: [
		'th#s3_media_sync',
		'td.column-s3_media_sync',
		'.row-actions .s3_media_sync_acl',
		'.row-actions .s3_media_sync_retry',
		'#bulk-action-selector-top option[value^="s3_media_sync"]',
	],
	details: [
		'.compat-field-s3_media_sync',
		'.compat-field-s3_media_sync_acl',
	],
	notices: [ '.s3-media-sync-notice' ],
} as const;

/**
 * Registers beforeAll/afterAll for a spec: the guide's settings saved and
 * these JPEGs uploaded (synced to S3) before; after, `cleanUp` (say, the
 * administrator's language put back), the uploads deleted and the guide's
 * settings saved again. Returns a getter for the attachments, in order.
 */
export function sampleUploads(
	names: readonly string[],
	cleanUp: () => Promise< void > = async () => {}
): () => Attachment[] {
	let session: WpSession | undefined;
	const attachments: Attachment[] = [];
	test.beforeAll( async () => {
		await saveGuideSettings();
		session = await logInOverHttp( site );
		for ( const name of names ) {
			const attachment = await uploadOk(
				session,
				name,
				'image/jpeg',
				jpeg( 640, 480 )
			);
			expect( attachment.s3_media_sync.status ).toBe( 'synced' );
			attachments.push( attachment );
		}
	} );
	test.afterAll( async () => {
		await cleanUp();
		for ( const attachment of attachments.splice( 0 ) ) {
			await deleteAttachment( session!, attachment.id );
		}
		await session?.dispose();
		await saveGuideSettings();
	} );
	return () => attachments;
}

/** The answer of POST /test that the page is about to get. */
export function accessTestAnswer( page: Page ) {
	return page.waitForResponse( ( response ) =>
		isRoute(
			response.url(),
			response.request().method(),
			'POST',
			TEST_ROUTE
		)
	);
}

/**
 * Opens the settings page and runs Test S3 Access with its button, named
 * `button` (as the page's language says it); returns the page's root.
 */
export async function settingsTested(
	page: Page,
	button = 'Test S3 Access'
): Promise< Locator > {
	await page.goto( `${ site.url }${ SETTINGS_PATH }` );
	const root = page.locator( '#s3-media-sync-settings' );
	const answer = accessTestAnswer( page );
	await root.getByRole( 'button', { name: button, exact: true } ).click();
	expect( ( await answer ).status() ).toBe( 200 );
	return root;
}

/** Media → Library (list): selects the attachments and applies a bulk action. */
export async function applyBulkAction(
	page: Page,
	ids: readonly number[],
	action: string
): Promise< void > {
	if ( ! page.url().includes( 'upload.php' ) ) {
		await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	}
	for ( const id of ids ) {
		await page.locator( `#cb-select-${ id }` ).check();
	}
	await page.locator( '#bulk-action-selector-top' ).selectOption( action );
	await page.locator( '#doaction' ).click();
	await expect( page.locator( '.s3-media-sync-notice' ) ).toBeVisible();
}

/** Edit Media of one attachment, its S3 fields drawn. */
export async function openEditMedia( page: Page, id: number ): Promise< void > {
	await page.goto(
		`${ site.url }/wp-admin/post.php?post=${ id }&action=edit`
	);
	await expect( page.locator( '.compat-field-s3_media_sync' ) ).toBeVisible();
}

/** The media modal of one attachment (from the grid), its S3 fields drawn; returns the modal. */
export async function openMediaModal(
	page: Page,
	id: number
): Promise< Locator > {
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=grid` );
	await page.locator( `.attachment[data-id="${ id }"]` ).click();
	const modal = page.locator( '.media-modal' );
	await expect(
		modal.locator( '.compat-field-s3_media_sync' )
	).toBeVisible();
	return modal;
}
