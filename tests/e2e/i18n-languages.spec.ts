/**
 * E2E: the plugin in a German and in a Hebrew wp-admin, with core's own
 * translations from Debian's wordpress-l10n (tools/wp/l10n.ts) installed on
 * the site and chosen as the administrator's language.
 *
 * German: the settings page's script strings (its .json) and the PHP
 * strings (the heading, Test S3 Access's answer, the media list's column)
 * come out in German, beside core's German menu.
 * Hebrew: WordPress is right-to-left (is_rtl(): <html dir="rtl"> and core's
 * RTL stylesheets), and the plugin's layout mirrors with it: the icons of
 * Test S3 Access's checklist stand right of their text, where in English
 * they stand left of it.
 *
 * Leaves the administrator's language as the site's and the guide's
 * settings saved.
 */
import type { Locator } from '@playwright/test';

import { test, expect } from './fixtures';
import { installCoreLocales, setAdminLocale } from './i18n-helpers';
import { sampleUploads, settingsTested } from './plugin-screens';
import { logInAsAdmin, site } from './support';

test.describe.configure( { mode: 'serial', timeout: 120_000 } );

const uploads = sampleUploads( [ 'languages.jpg' ], () =>
	setAdminLocale( '' )
);

test.beforeAll( async () => {
	await installCoreLocales( [ 'de_DE', 'he_IL' ] );
} );

/** For each row of the checklist: whether its icon stands right of its text. */
async function iconsOnTheRight( list: Locator ): Promise< boolean[] > {
	const rows = list.locator( ':scope > li' );
	await expect( rows.first() ).toBeVisible();
	const sides: boolean[] = [];
	for ( const row of await rows.all() ) {
		const icon = await row
			.locator( ':scope > [aria-hidden="true"]' )
			.boundingBox();
		const text = await row.locator( 'strong' ).first().boundingBox();
		if ( ! icon || ! text ) {
			throw new Error( 'A checklist row has no icon or no name.' );
		}
		sides.push( icon.x >= text.x + text.width - 1 );
		expect( icon.x + icon.width <= text.x + 1 || sides.at( -1 ) ).toBe(
			true
		);
	}
	return sides;
}

test( 'German: the settings page, Test S3 Access and the media list speak German', async ( {
	page,
} ) => {
	const [ attachment ] = uploads();
	await setAdminLocale( 'de_DE' );
	await logInAsAdmin( page );
	const root = await settingsTested( page, 'S3-Zugriff testen' );
	await expect( page.locator( 'html' ) ).toHaveAttribute( 'lang', 'de-DE' );
	// Core's own German, from wordpress-l10n.
	await expect( page.locator( '#adminmenu' ) ).toContainText(
		'Einstellungen'
	);
	// The script's strings (the .json) …
	await expect(
		root.getByRole( 'button', { name: 'Änderungen speichern' } )
	).toBeVisible();
	await expect( root.getByLabel( 'S3-Zugriffsschlüssel-ID' ) ).toBeVisible();
	// … and the PHP's: the heading and Test S3 Access's answer.
	await expect( page.locator( '.wrap > h1' ) ).toHaveText( 'S3 Media Sync' );
	await expect(
		root.getByRole( 'list', {
			name: 'Ergebnisse von „S3-Zugriff testen“',
		} )
	).toContainText( 'Ein Testobjekt wurde hochgeladen.' );
	await expect( root ).toContainText( 'S3-Zugriff funktioniert' );

	await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	await expect(
		page.locator( `#post-${ attachment!.id } td.column-s3_media_sync` )
	).toContainText( 'Synchronisiert' );
	await expect(
		page.locator( `#post-${ attachment!.id } td.column-s3_media_sync` )
	).toContainText( 'Öffentlich' );
	await expect(
		page.locator(
			'#bulk-action-selector-top option[value="s3_media_sync_make_private"]'
		)
	).toHaveText( 'In S3 privat machen' );
} );

test( 'Hebrew: wp-admin is right-to-left and the checklist mirrors', async ( {
	page,
} ) => {
	await setAdminLocale( '' );
	await logInAsAdmin( page );
	const english = await settingsTested( page, 'Test S3 Access' );
	const ltr = await iconsOnTheRight(
		english.getByRole( 'list', { name: 'Test S3 Access results' } )
	);
	expect( ltr.length ).toBeGreaterThan( 3 );
	expect( ltr.every( ( right ) => ! right ) ).toBe( true );

	await setAdminLocale( 'he_IL' );
	// The plugin has no Hebrew: its strings stay English in a Hebrew wp-admin.
	const hebrew = await settingsTested( page, 'Test S3 Access' );
	await expect( page.locator( 'html' ) ).toHaveAttribute( 'dir', 'rtl' );
	await expect( page.locator( 'html' ) ).toHaveAttribute( 'lang', 'he-IL' );
	const rtl = await iconsOnTheRight(
		hebrew.getByRole( 'list', { name: 'Test S3 Access results' } )
	);
	expect( rtl ).toEqual( ltr.map( () => true ) );
	// The page's root itself flows right to left.
	expect(
		await hebrew.evaluate(
			( element ) => getComputedStyle( element ).direction
		)
	).toBe( 'rtl' );
} );
