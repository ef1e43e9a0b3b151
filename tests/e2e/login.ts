/** Logs in through wp-login.php, as a person would. */
import { expect, type Page } from '@playwright/test';

export async function logIn(
	page: Page,
	siteUrl: string,
	user: string,
	password: string
): Promise< void > {
	await page.goto( `${ siteUrl }/wp-login.php` );
	await page.locator( '#user_login' ).fill( user );
	await page.locator( '#user_pass' ).fill( password );
	await page.locator( '#wp-submit' ).click();
	// wp-admin's first screen can wait behind WP-Cron and the copy job's
	// loopback requests, which the test site's PHP server answers in turn.
	await expect( page.locator( '#wpadminbar' ) ).toBeVisible( {
		timeout: 45_000,
	} );
}
