/**
 * E2E: accessibility of the DOM the plugin draws, with axe-core
 * (@axe-core/playwright) scoped to it — the settings page's root (with
 * Test S3 Access's results and Advanced open), the media list's S3 column,
 * its row and bulk actions, the bulk action's notice, and the fields of Edit
 * Media and of the media modal (plugin-screens.ts PLUGIN_ROOTS); core's own
 * markup around them is not judged. No serious or critical violation.
 *
 * And the keyboard path through the settings page: Tab reaches every
 * control of the page (a radio group once, as browsers do), Save Changes
 * works from the keyboard (Enter), and so does Test S3 Access (Space).
 *
 * Leaves the guide's settings saved and deletes its upload.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';

import { test, expect } from './fixtures';
import {
	accessTestAnswer,
	applyBulkAction,
	openEditMedia,
	openMediaModal,
	PLUGIN_ROOTS,
	sampleUploads,
	settingsTested,
} from './plugin-screens';
import {
	isRoute,
	logInAsAdmin,
	openAdvanced,
	SETTINGS_PATH,
	SETTINGS_ROUTE,
	site,
} from './support';

test.describe.configure( { mode: 'serial', timeout: 120_000 } );

const uploads = sampleUploads( [ 'a11y.jpg' ] );

/**
 * Serious violations of today's settings page, inside the plugin's root,
 * in markup the settings page's rework owns (src/settings/): reported, and
 * allowed here until that rework lands. By rule id and axe's target.
 * - scrollable-region-focusable on `pre`: the IAM policy block
 *   (src/settings/PolicyBlock.tsx, `<pre aria-label="IAM policy">`) scrolls
 *   but cannot take the focus, so a keyboard user cannot scroll it.
 */
const KNOWN_SETTINGS_VIOLATIONS: string[] = [];

/** axe's serious and critical violations inside `selectors`, as `rule: target` lines. */
async function seriousViolations(
	page: Page,
	selectors: readonly string[]
): Promise< string[] > {
	const present: string[] = [];
	for ( const selector of selectors ) {
		if ( ( await page.locator( selector ).count() ) > 0 ) {
			present.push( selector );
		}
	}
	expect( present.length ).toBeGreaterThan( 0 );
	let builder = new AxeBuilder( { page } );
	for ( const selector of present ) {
		builder = builder.include( selector );
	}
	const results = await builder.analyze();
	return results.violations
		.filter(
			( violation ) =>
				violation.impact === 'serious' ||
				violation.impact === 'critical'
		)
		.flatMap( ( violation ) =>
			violation.nodes.map(
				( node ) => `${ violation.id }: ${ node.target.join( ' ' ) }`
			)
		);
}

test( 'the settings page: no serious or critical violation inside its root', async ( {
	page,
} ) => {
	await logInAsAdmin( page );
	await settingsTested( page );
	await openAdvanced( page );
	const violations = await seriousViolations( page, PLUGIN_ROOTS.settings );
	for ( const known of violations ) {
		test.info().annotations.push( {
			type: 'known violation (src/settings/)',
			description: known,
		} );
	}
	expect(
		violations.filter(
			( violation ) => ! KNOWN_SETTINGS_VIOLATIONS.includes( violation )
		)
	).toEqual( [] );
} );

test( 'the media list, its notice, Edit Media and the modal: no serious or critical violation', async ( {
	page,
} ) => {
	const [ attachment ] = uploads();
	await logInAsAdmin( page );
	await applyBulkAction(
		page,
		[ attachment!.id ],
		's3_media_sync_make_private'
	);
	expect(
		await seriousViolations( page, [
			...PLUGIN_ROOTS.mediaList,
			...PLUGIN_ROOTS.notices,
		] )
	).toEqual( [] );

	await openEditMedia( page, attachment!.id );
	expect( await seriousViolations( page, PLUGIN_ROOTS.details ) ).toEqual(
		[]
	);

	await openMediaModal( page, attachment!.id );
	expect(
		await seriousViolations(
			page,
			PLUGIN_ROOTS.details.map(
				( selector ) => `.media-modal ${ selector }`
			)
		)
	).toEqual( [] );
} );

/** Presses Tab until focus is inside the settings root; then returns the path of focus through it. */
async function tabThroughSettings( page: Page ): Promise< string[] > {
	const inRoot = () =>
		page.evaluate(
			() =>
				!! document
					.querySelector( ':focus' )
					?.closest( '#s3-media-sync-settings' )
		);
	for ( let step = 0; step < 300 && ! ( await inRoot() ); step++ ) {
		await page.keyboard.press( 'Tab' );
	}
	expect( await inRoot() ).toBe( true );
	const path: string[] = [];
	for ( let step = 0; step < 300 && ( await inRoot() ); step++ ) {
		path.push(
			await page.evaluate( () => {
				const element = document.querySelector(
					':focus'
				) as HTMLElement;
				element.dataset.a11yReached = 'yes';
				return `${ element.tagName.toLowerCase() }:${
					element.getAttribute( 'name' ) ??
					element.id ??
					element.textContent?.trim()
				}`;
			} )
		);
		await page.keyboard.press( 'Tab' );
	}
	return path;
}

/** Presses Tab (from wherever focus is) until `target` has the focus. */
async function tabTo( page: Page, target: Locator ): Promise< void > {
	for (
		let step = 0;
		step < 300 &&
		! ( await target.evaluate( ( element ) =>
			element.matches( ':focus' )
		) );
		step++
	) {
		await page.keyboard.press( 'Tab' );
	}
	await expect( target ).toBeFocused();
}

test( 'the keyboard reaches every control of the settings page, saves and tests S3 access', async ( {
	page,
} ) => {
	await logInAsAdmin( page );
	await page.goto( `${ site.url }${ SETTINGS_PATH }` );
	const root = page.locator( '#s3-media-sync-settings' );
	await expect(
		root.getByRole( 'button', { name: 'Save Changes' } )
	).toBeVisible();
	await openAdvanced( page );
	await page.locator( 'body' ).click( { position: { x: 1, y: 1 } } );

	const path = await tabThroughSettings( page );
	expect( path.length ).toBeGreaterThan( 5 );
	// Every control a person could use, each reached (a radio group through its checked radio).
	const missed = await root.evaluate( ( element ) => {
		const controls = [
			...element.querySelectorAll< HTMLElement >(
				'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'
			),
		].filter(
			( control ) =>
				! ( control as HTMLButtonElement ).disabled &&
				control.getAttribute( 'tabindex' ) !== '-1' &&
				control.checkVisibility( { visibilityProperty: true } ) &&
				control.getAttribute( 'type' ) !== 'hidden'
		);
		return controls
			.filter( ( control ) => {
				if ( control.dataset.a11yReached === 'yes' ) {
					return false;
				}
				const radio = control as HTMLInputElement;
				return ! (
					radio.type === 'radio' &&
					[
						...element.querySelectorAll< HTMLInputElement >(
							`input[type="radio"][name="${ radio.name }"]`
						),
					].some( ( other ) => other.dataset.a11yReached === 'yes' )
				);
			} )
			.map(
				( control ) =>
					`${ control.tagName.toLowerCase() } ${
						control.getAttribute( 'name' ) ??
						control.id ??
						control.textContent?.trim()
					}`
			);
	} );
	expect( missed ).toEqual( [] );

	// Save Changes by keyboard: a change typed into a field, then Tab to Save, Enter.
	const lifetime = root.getByLabel( 'Signed URL lifetime (seconds)' );
	await tabTo( page, lifetime );
	await page.keyboard.press( 'ControlOrMeta+A' );
	await page.keyboard.type( '901' );
	const save = root.getByRole( 'button', { name: 'Save Changes' } );
	await tabTo( page, save );
	const saved = page.waitForResponse( ( response ) =>
		isRoute(
			response.url(),
			response.request().method(),
			'POST',
			SETTINGS_ROUTE
		)
	);
	await page.keyboard.press( 'Enter' );
	expect( ( await saved ).status() ).toBe( 200 );

	// Test S3 Access by keyboard: Space on the focused button.
	const testButton = root.getByRole( 'button', {
		name: 'Test S3 Access',
		exact: true,
	} );
	await tabTo( page, testButton );
	const answer = accessTestAnswer( page );
	await page.keyboard.press( 'Space' );
	expect( ( await answer ).status() ).toBe( 200 );
	await expect(
		root.getByRole( 'list', { name: 'Test S3 Access results' } )
	).toBeVisible();
} );
