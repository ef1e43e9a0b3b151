/**
 * An administrator finds Settings → S3 Media Sync and the React app renders.
 */
import { test, expect } from './fixtures';

import { readRunState } from '../../tools/lib/run-state';
import { logIn } from './login';

const { site } = readRunState();

test( 'an administrator opens Settings → S3 Media Sync and sees the app', async ( {
	page,
} ) => {
	const errors: string[] = [];
	page.on( 'pageerror', ( error ) => errors.push( error.message ) );

	await logIn( page, site.url, site.admin.user, site.admin.password );
	await page.goto( `${ site.url }/wp-admin/options-general.php` );
	await page.locator( '#adminmenu a', { hasText: 'S3 Media Sync' } ).click();

	await expect( page ).toHaveURL(
		/options-general\.php\?page=s3-media-sync/
	);
	await expect(
		page.getByRole( 'heading', { level: 1, name: 'S3 Media Sync' } )
	).toBeVisible();
	// Rendered by React from build/settings.js, not by PHP.
	await expect(
		page.locator( '#s3-media-sync-settings .s3-media-sync-settings' )
	).toBeVisible();
	expect( errors ).toEqual( [] );
} );
