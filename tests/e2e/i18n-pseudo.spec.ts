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

import { test, expect } from './fixtures';
import {
	installPseudoLocale,
	PSEUDO,
	setAdminLocale,
	unmarkedText,
} from './i18n-helpers';
import {
	applyBulkAction,
	openEditMedia,
	openMediaModal,
	PLUGIN_ROOTS,
	sampleUploads,
	settingsTested,
} from './plugin-screens';
import { logInAsAdmin, s3, site } from './support';

test.describe.configure( { mode: 'serial', timeout: 120_000 } );

const wrapped = ( text: string ): string => `⟦${ text }⟧`;
const uploads = sampleUploads( [ 'pseudo-locale.jpg' ], () =>
	setAdminLocale( '' )
);
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
	installPseudoLocale();
	await setAdminLocale( PSEUDO );
} );

test( 'the settings page, Test S3 Access results and Advanced carry the markers', async ( {
	page,
} ) => {
	await logInAsAdmin( page );
	const root = await settingsTested( page, wrapped( 'Test S3 Access' ) );
	// The pseudo locale really reached the script (its .json) and the PHP (the heading).
	await expect(
		root.getByRole( 'button', { name: wrapped( 'Save Changes' ) } )
	).toBeVisible();
	await expect( page.locator( '.wrap > h1' ) ).toHaveText(
		wrapped( 'S3 Media Sync' )
	);
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
	const [ attachment ] = uploads();
	await logInAsAdmin( page );
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	const cell = page.locator(
		`#post-${ attachment!.id } td.column-s3_media_sync`
	);
	await expect( cell ).toContainText( wrapped( 'Synced' ) );
	await expectAllMarked( page, PLUGIN_ROOTS.mediaList );

	await applyBulkAction(
		page,
		[ attachment!.id ],
		's3_media_sync_make_private'
	);
	const notice = page.locator( '.s3-media-sync-notice' );
	await expect( notice ).toContainText(
		wrapped( '%d attachment is now private in S3.' ).replace( '%d', '1' )
	);
	await expectAllMarked( page, [
		...PLUGIN_ROOTS.notices,
		...PLUGIN_ROOTS.mediaList,
	] );

	await openEditMedia( page, attachment!.id );
	await expect(
		page.locator( '.compat-field-s3_media_sync_acl select' )
	).toBeVisible();
	await expectAllMarked( page, PLUGIN_ROOTS.details );

	const modal = await openMediaModal( page, attachment!.id );
	await expect(
		modal.locator( '.compat-field-s3_media_sync_acl select' )
	).toBeVisible();
	await expectAllMarked(
		page,
		PLUGIN_ROOTS.details.map( ( selector ) => `.media-modal ${ selector }` )
	);
} );
