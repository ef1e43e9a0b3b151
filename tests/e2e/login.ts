/** Logs in through wp-login.php, as a person would. */
import { expect, type Page } from '@playwright/test';

async function submit(
	page: Page,
	siteUrl: string,
	user: string,
	password: string
): Promise< void > {
	await page.goto( `${ siteUrl }/wp-login.php` );
	await page.locator( '#user_login' ).fill( user );
	await page.locator( '#user_pass' ).fill( password );
	await page.locator( '#wp-submit' ).click();
}

export async function logIn(
	page: Page,
	siteUrl: string,
	user: string,
	password: string
): Promise< void > {
	const bar = page.locator( '#wpadminbar' );
	await submit( page, siteUrl, user, password );
	// wp-admin's first screen can wait behind WP-Cron and the copy job's
	// loopback requests, which the test site's PHP server answers in turn.
	try {
		await expect( bar ).toBeVisible( { timeout: 45_000 } );
		return;
	} catch {
		// Once in a full CI run (never alone) no admin screen came within
		// 45 s: say where the browser stood, and log in once more.
		console.warn(
			`login: no wp-admin after 45 s, at ${ page.url() } ("${ await page
				.title()
				.catch( () => '' ) }"); logging in again`
		);
	}
	await submit( page, siteUrl, user, password );
	await expect( bar ).toBeVisible( { timeout: 45_000 } );
}
