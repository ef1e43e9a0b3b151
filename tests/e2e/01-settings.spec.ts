/**
 * E2E: Settings → S3 Media Sync as a person uses it. Fill the form
 * as the setup guide says, save, reload: values kept, the secret field empty
 * but marked stored. A bad bucket name shows the field's error and saves
 * nothing. A subscriber cannot open the page. Leaving with unsaved changes
 * asks first.
 *
 * Named 01- so that it runs first, on the fresh site `npm test` makes: an
 * empty secret keeps a stored one, and blankSettings() leaves the secret
 * alone (removing it is settings-states.spec.ts's).
 */
import { randomBytes } from 'node:crypto';

import { test, expect } from './fixtures';
import {
	asAdmin,
	blankSettings,
	clickSave,
	fieldWrapper,
	fields,
	fillGuideSettings,
	getSettings,
	isRoute,
	logInAsAdmin,
	notice,
	openAdvanced,
	openSettings,
	s3,
	saveGuideSettings,
	SETTINGS_PATH,
	SETTINGS_ROUTE,
	site,
} from './support';
import { logIn } from './login';

test.describe( 'Settings → S3 Media Sync', () => {
	test( 'a new user fills the form as the guide says, saves, and finds it kept after a reload', async ( {
		page,
		recorder,
	} ) => {
		const before = await getSettings();
		if ( before.has_secret_access_key ) {
			// Only on a reused site: the rest of the test still holds.
			test.info().annotations.push( {
				type: 'note',
				description: 'a secret was already stored: not a fresh site',
			} );
		}
		await blankSettings();
		// The guide user's secret, typed below, is always scanned for.

		await logInAsAdmin( page );
		await openSettings( page );
		const form = fields( page );
		await expect( form.accessKeyId ).toHaveValue( '' );
		await expect( form.secret ).toHaveValue( '' );
		await expect( form.secret ).toHaveAttribute( 'type', 'password' );
		if ( ! before.has_secret_access_key ) {
			await expect( form.secret ).not.toHaveAttribute(
				'placeholder',
				/Stored/
			);
		}
		// Nothing to save yet, and nothing to test.
		await expect( form.save ).toBeDisabled();
		await expect( form.testAccess ).toHaveCount( 0 );

		await fillGuideSettings( page );
		await expect( form.save ).toBeEnabled();
		expect( await clickSave( page ) ).toBe( 200 );
		await expect( notice( page, 'success' ) ).toContainText(
			'Settings saved.'
		);
		// The secret field is emptied at once, and the page offers the test.
		await expect( form.secret ).toHaveValue( '' );
		await expect( form.save ).toBeDisabled();
		await expect( form.testAccess ).toBeVisible();

		await page.reload();
		await expect( form.accessKeyId ).toHaveValue( s3.user.accessKeyId );
		await expect( form.bucket ).toHaveValue( s3.bucket );
		await expect( form.region ).toHaveValue( 'us-east-1' );
		await expect(
			form.acl.getByRole( 'radio', { name: 'public-read' } )
		).toBeChecked();
		await openAdvanced( page );
		await expect( form.endpoint ).toHaveValue( s3.endpoint );
		await expect( form.pathStyle ).toBeChecked();
		// Write-only: never filled in, but said to be stored.
		await expect( form.secret ).toHaveValue( '' );
		await expect( form.secret ).not.toHaveAttribute( 'placeholder' );
		await expect( form.secret ).toHaveAccessibleDescription(
			/A secret is stored\. Leave this empty to keep it/
		);
		await expect( form.save ).toBeDisabled();
		await expect( form.testAccess ).toBeVisible();

		const saved = await getSettings();
		expect( saved ).toMatchObject( {
			access_key_id: s3.user.accessKeyId,
			has_secret_access_key: true,
			secret_unreadable: false,
			bucket: s3.bucket,
			region: 'us-east-1',
			object_acl: 'public-read',
			endpoint: s3.endpoint,
			use_path_style: true,
			configured: true,
		} );
		// The scan has the save's answer, the answer that would carry the secret.
		const saveAnswers = recorder.responses.filter( ( response ) =>
			isRoute( response.url, response.method, 'POST', SETTINGS_ROUTE )
		);
		expect( saveAnswers ).toHaveLength( 1 );
		expect( saveAnswers[ 0 ]?.body ).toContain(
			'"has_secret_access_key":true'
		);
	} );

	test( 'a bad bucket name shows the field’s error and saves nothing', async ( {
		page,
	} ) => {
		await saveGuideSettings();
		await logInAsAdmin( page );
		await openSettings( page );
		const form = fields( page );
		const otherKeyId = `AKIA${ randomBytes( 8 ).toString( 'hex' ).toUpperCase() }`;

		// Two changes in one save: one valid, one not; neither may be kept.
		await form.accessKeyId.fill( otherKeyId );
		await form.bucket.fill( 'Bad_Bucket' );
		expect( await clickSave( page ) ).toBe( 400 );

		const bucketError = fieldWrapper( page, 'bucket' ).locator(
			'.s3-media-sync-field-error'
		);
		await expect( bucketError ).toBeVisible();
		await expect( bucketError ).toContainText( /lowercase/ );
		await expect( form.bucket ).toHaveAttribute( 'aria-invalid', 'true' );
		await expect( form.bucket ).toHaveAccessibleDescription( /lowercase/ );
		// Focus goes to the field to correct.
		await expect( form.bucket ).toBeFocused();
		await expect( notice( page, 'error' ) ).toContainText(
			'The settings were not saved.'
		);
		await expect( notice( page, 'success' ) ).toHaveCount( 0 );
		// The only error is the bucket's.
		await expect(
			page.locator( '.s3-media-sync-field-error' )
		).toHaveCount( 1 );
		// What was typed stays, to be corrected, and still counts as unsaved.
		await expect( form.bucket ).toHaveValue( 'Bad_Bucket' );
		await expect( form.save ).toBeEnabled();

		const stored = await getSettings();
		expect( stored.bucket ).toBe( s3.bucket );
		expect( stored.access_key_id ).toBe( s3.user.accessKeyId );

		// Leaving drops the edits (the page asks first: accept).
		page.on( 'dialog', ( dialog ) => void dialog.accept() );
		await page.reload();
		await expect( form.bucket ).toHaveValue( s3.bucket );
		await expect( form.accessKeyId ).toHaveValue( s3.user.accessKeyId );
		await expect(
			page.locator( '.s3-media-sync-field-error' )
		).toHaveCount( 0 );

		// Correcting the error clears it, and then the save goes through.
		await form.bucket.fill( 'Bad_Bucket' );
		expect( await clickSave( page ) ).toBe( 400 );
		await expect( bucketError ).toBeVisible();
		await form.bucket.fill( s3.bucket );
		await expect( bucketError ).toHaveCount( 0 );
		await expect( form.save ).toBeDisabled();
	} );

	test( 'a subscriber cannot open the page', async ( { newContext } ) => {
		const login = `e2e-subscriber-${ randomBytes( 4 ).toString( 'hex' ) }`;
		const password = randomBytes( 12 ).toString( 'base64url' );
		await asAdmin( async ( session ) => {
			const created = await session.rest( 'POST', 'wp/v2/users', {
				username: login,
				email: `${ login }@example.test`,
				password,
				roles: [ 'subscriber' ],
			} );
			expect( created.status(), await created.text() ).toBe( 201 );
		} );

		const context = await newContext();
		const page = await context.newPage();
		await logIn( page, site.url, login, password );
		// Not in the subscriber's menu...
		await expect(
			page.locator( '#adminmenu a', { hasText: 'S3 Media Sync' } )
		).toHaveCount( 0 );

		// ...and refused by address.
		const answer = await page.goto( `${ site.url }${ SETTINGS_PATH }` );
		expect( answer?.status() ).toBe( 403 );
		await expect(
			page.getByText( /Sorry, you are not allowed to access this page/ )
		).toBeVisible();
		await expect( page.locator( '#s3-media-sync-settings' ) ).toHaveCount(
			0
		);
		await expect(
			page.getByLabel( 'S3 Access Key ID', { exact: true } )
		).toHaveCount( 0 );
		const html = ( await answer?.text() ) ?? '';
		expect( html ).not.toContain( 's3-media-sync/v1/settings' );
		expect( html ).not.toContain( s3.bucket );

		// The REST route refuses the subscriber too.
		const rest = await page.evaluate( async ( url ) => {
			const nonce = await (
				await fetch(
					`${ url }/wp-admin/admin-ajax.php?action=rest-nonce`
				)
			).text();
			const response = await fetch(
				`${ url }/?rest_route=/s3-media-sync/v1/settings`,
				{ headers: { 'X-WP-Nonce': nonce.trim() } }
			);
			return { status: response.status, body: await response.text() };
		}, site.url );
		expect( rest.status ).toBe( 403 );
		expect( rest.body ).not.toContain( s3.bucket );
	} );

	test( 'leaving with unsaved changes asks first', async ( { page } ) => {
		await saveGuideSettings();
		await logInAsAdmin( page );
		await openSettings( page );
		const form = fields( page );
		const dialogs: string[] = [];
		let accept = false;
		page.on( 'dialog', ( dialog ) => {
			dialogs.push( dialog.type() );
			void ( accept ? dialog.accept() : dialog.dismiss() );
		} );
		const dashboardLink = page.locator( '#adminmenu a', {
			hasText: 'Dashboard',
		} );

		// Nothing changed: leaving does not ask.
		await dashboardLink.first().click();
		await expect( page ).toHaveURL( /\/wp-admin\/(index\.php)?$/ );
		expect( dialogs ).toEqual( [] );

		await openSettings( page );
		await form.bucket.fill( 'another-bucket' );
		// Stay: the edit is still there.
		await dashboardLink.first().click();
		await expect.poll( () => dialogs ).toEqual( [ 'beforeunload' ] );
		await expect( page ).toHaveURL( /page=s3-media-sync/ );
		await expect( form.bucket ).toHaveValue( 'another-bucket' );

		// Leave: the browser goes, and nothing was saved.
		accept = true;
		await dashboardLink.first().click();
		await expect( page ).toHaveURL( /\/wp-admin\/(index\.php)?$/ );
		expect( dialogs ).toEqual( [ 'beforeunload', 'beforeunload' ] );
		expect( ( await getSettings() ).bucket ).toBe( s3.bucket );

		// Typing back the saved value is no change: no question.
		await openSettings( page );
		await form.bucket.fill( 'another-bucket' );
		await form.bucket.fill( s3.bucket );
		await expect( form.save ).toBeDisabled();
		await dashboardLink.first().click();
		await expect( page ).toHaveURL( /\/wp-admin\/(index\.php)?$/ );
		expect( dialogs ).toHaveLength( 2 );
	} );
} );
