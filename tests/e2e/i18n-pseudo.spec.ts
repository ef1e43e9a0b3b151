/**
 * E2E: the whole UI is translatable. The pseudo locale (every string of
 * the template wrapped as ⟦…⟧, made at test time: i18n-helpers.ts) is
 * loaded on the site and chosen as the administrator's language; then, in
 * Chromium, every visible text node of the plugin's own DOM — the settings
 * page (with Test S3 Access's results and Advanced open), the media list's
 * S3 column, row and bulk actions, the bulk action's notice, the fields of
 * Edit Media and of the media modal — must carry the markers. What may be
 * left without them is the narrow rule of unmarkedText(): numbers,
 * punctuation, code and user input, and the user data named here.
 *
 * Leaves the administrator's language as the site's, the guide's settings
 * saved, and deletes its upload.
 */
import type { Page } from '@playwright/test';

import {
	deleteAttachment,
	jpeg,
	uploadOk,
	type Attachment,
} from '../integration/media-helpers';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import { test, expect } from './fixtures';
import {
	installPseudoLocale,
	PLUGIN_ROOTS,
	PSEUDO,
	setAdminLocale,
	unmarkedText,
} from './i18n-helpers';
import {
	isRoute,
	logInAsAdmin,
	s3,
	saveGuideSettings,
	SETTINGS_PATH,
	site,
	TEST_ROUTE,
} from './support';

test.describe.configure( { mode: 'serial', timeout: 120_000 } );

const wrapped = ( text: string ): string => `⟦${ text }⟧`;
let session: WpSession;
let attachment: Attachment;
/** What the test itself typed or uploaded: user data, not the plugin's text. */
const userData = (): string[] => [
	s3.bucket,
	s3.endpoint,
	s3.user.accessKeyId,
	'pseudo-locale',
	'pseudo-locale.jpg',
];

async function expectAllMarked(
	page: Page,
	roots: readonly string[]
): Promise< void > {
	expect( await unmarkedText( page, roots, userData() ) ).toEqual( [] );
}

test.beforeAll( async () => {
	await saveGuideSettings();
	installPseudoLocale();
	session = await logInOverHttp( site );
	attachment = await uploadOk(
		session,
		'pseudo-locale.jpg',
		'image/jpeg',
		jpeg( 320, 240 )
	);
	await setAdminLocale( PSEUDO );
} );

test.afterAll( async () => {
	await setAdminLocale( '' );
	await deleteAttachment( session, attachment.id );
	await session.dispose();
} );

test( 'the settings page, Test S3 Access results and Advanced carry the markers', async ( {
	page,
} ) => {
	await logInAsAdmin( page );
	await page.goto( `${ site.url }${ SETTINGS_PATH }` );
	const root = page.locator( '#s3-media-sync-settings' );
	const save = root.getByRole( 'button', {
		name: wrapped( 'Save Changes' ),
	} );
	// The pseudo locale really reached the script (its .json) and the PHP (the heading).
	await expect( save ).toBeVisible();
	await expect( page.locator( '.wrap > h1' ) ).toHaveText(
		wrapped( 'S3 Media Sync' )
	);

	const answer = page.waitForResponse( ( response ) =>
		isRoute(
			response.url(),
			response.request().method(),
			'POST',
			TEST_ROUTE
		)
	);
	await root
		.getByRole( 'button', { name: wrapped( 'Test S3 Access' ) } )
		.click();
	expect( ( await answer ).status() ).toBe( 200 );
	await expect(
		root.getByRole( 'list', { name: wrapped( 'Test S3 Access results' ) } )
	).toBeVisible();
	const advanced = root.getByRole( 'button', {
		name: wrapped( 'Advanced' ),
	} );
	if ( ( await advanced.getAttribute( 'aria-expanded' ) ) !== 'true' ) {
		await advanced.click();
	}
	await expectAllMarked( page, PLUGIN_ROOTS.settings );

	// The check can fail: a string put there without the translation functions is found.
	await root.evaluate( ( element ) => {
		const planted = document.createElement( 'p' );
		planted.textContent = 'Not translatable';
		element.append( planted );
	} );
	expect(
		await unmarkedText( page, PLUGIN_ROOTS.settings, userData() )
	).toEqual( [ 'p: "Not translatable"' ] );
} );

test( 'the media list, its bulk action notice, Edit Media and the modal carry the markers', async ( {
	page,
} ) => {
	await logInAsAdmin( page );
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	const cell = page.locator(
		`#post-${ attachment.id } td.column-s3_media_sync`
	);
	await expect( cell ).toContainText( wrapped( 'Synced' ) );
	await expectAllMarked( page, PLUGIN_ROOTS.mediaList );

	await page.locator( `#cb-select-${ attachment.id }` ).check();
	await page
		.locator( '#bulk-action-selector-top' )
		.selectOption( 's3_media_sync_make_private' );
	await page.locator( '#doaction' ).click();
	const notice = page.locator( '.s3-media-sync-notice' );
	await expect( notice ).toContainText(
		wrapped( '%d attachment is now private in S3.' ).replace( '%d', '1' )
	);
	await expectAllMarked( page, [
		...PLUGIN_ROOTS.notices,
		...PLUGIN_ROOTS.mediaList,
	] );

	await page.goto(
		`${ site.url }/wp-admin/post.php?post=${ attachment.id }&action=edit`
	);
	await expect(
		page.locator( '.compat-field-s3_media_sync_acl select' )
	).toBeVisible();
	await expectAllMarked( page, PLUGIN_ROOTS.details );

	await page.goto( `${ site.url }/wp-admin/upload.php?mode=grid` );
	await page.locator( `.attachment[data-id="${ attachment.id }"]` ).click();
	const modal = page.locator( '.media-modal' );
	await expect(
		modal.locator( '.compat-field-s3_media_sync_acl select' )
	).toBeVisible();
	await expectAllMarked(
		page,
		PLUGIN_ROOTS.details.map( ( selector ) => `.media-modal ${ selector }` )
	);
} );
