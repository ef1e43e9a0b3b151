/**
 * E2E: save the guide's settings, click Test S3 Access, see the
 * success checklist (and again after a reload, with its time); break the
 * secret, save, click again, see "Invalid credentials" and its hints; copy
 * the generated policy. Every test leaves the guide's settings saved.
 */
import type { Page } from '@playwright/test';

import { test, expect } from './fixtures';
import {
	blankSettings,
	clickSave,
	fields,
	fillGuideSettings,
	logInAsAdmin,
	notice,
	openSettings,
	s3,
	saveGuideSettings,
	wrongSecret,
	runAccessTest,
	type TestAnswer,
} from './support';

/** The permissions of the guide's policy, one checklist row each. */
const GUIDE_PERMISSIONS = [
	's3:ListBucket',
	's3:GetBucketLocation',
	's3:PutObject',
	's3:PutObjectAcl',
	's3:GetObject',
	's3:DeleteObject',
];

function checkRow( page: Page, name: string ) {
	return fields( page )
		.checklist.locator( ':scope > li' )
		.filter( {
			has: page.locator( 'strong', {
				hasText: new RegExp(
					`^${ name.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' ) }$`
				),
			} ),
		} );
}

async function expectAllPassed( page: Page, result: TestAnswer ) {
	const { checklist } = fields( page );
	await expect( checklist ).toBeVisible();
	for ( const permission of GUIDE_PERMISSIONS ) {
		const row = checkRow( page, permission );
		await expect( row, permission ).toHaveCount( 1 );
		await expect( row, permission ).toHaveClass( /\bis-pass\b/ );
		await expect( row, permission ).toContainText(
			`Passed: ${ permission }`
		);
	}
	// Every row, the ones that are not a permission included, passed.
	const rows = checklist.locator( ':scope > li' );
	await expect( rows ).toHaveCount( result.checks.length );
	await expect( checklist.locator( ':scope > li.is-pass' ) ).toHaveCount(
		result.checks.length
	);
	await expect( checklist.getByText( /^Failed:/ ) ).toHaveCount( 0 );
}

test.describe( 'Test S3 Access', () => {
	test.afterEach( async () => {
		await saveGuideSettings();
	} );

	test( 'the guide’s settings, saved on the page, pass every check; the result is shown again on the next visit', async ( {
		page,
	} ) => {
		await blankSettings();
		await logInAsAdmin( page );
		await openSettings( page );
		const form = fields( page );
		await fillGuideSettings( page );
		// Unsaved settings cannot be tested.
		await expect( form.testAccess ).toHaveCount( 0 );
		await expect(
			page.getByText( 'Save your changes to test them.' )
		).toBeVisible();
		expect( await clickSave( page ) ).toBe( 200 );
		await expect( notice( page, 'success' ) ).toContainText(
			'Settings saved.'
		);

		const result = await runAccessTest( page );
		expect( result ).toMatchObject( { ok: true, category: 'ok' } );
		await expect( form.testAccess ).toBeEnabled();
		const success = notice( page, 'success', 'test' );
		await expect( success ).toBeVisible();
		await expect( success ).toContainText( result.title );
		await expect( success ).toContainText( 'S3 access works' );
		await expect( notice( page, 'error', 'test' ) ).toHaveCount( 0 );
		await expectAllPassed( page, result );
		const testedAt = page.locator(
			`time[datetime="${ result.tested_at }"]`
		);
		await expect( page.getByText( 'Last tested:' ) ).toBeVisible();
		await expect( testedAt ).toBeVisible();
		await expect( testedAt ).not.toHaveText( '' );

		await page.reload();
		await expect( notice( page, 'success', 'test' ) ).toContainText(
			'S3 access works'
		);
		await expect( page.getByText( 'Last tested:' ) ).toBeVisible();
		await expect( page.locator( 'time' ) ).toHaveAttribute(
			'datetime',
			result.tested_at
		);
		await expectAllPassed( page, result );
	} );

	test( 'a wrong secret, saved and tested, gives "Invalid credentials" with its hints', async ( {
		page,
		recorder,
	} ) => {
		await saveGuideSettings();
		const wrong = wrongSecret();
		recorder.addSecret( wrong, 'the wrong secret typed' );
		await logInAsAdmin( page );
		await openSettings( page );
		const form = fields( page );

		await form.secret.fill( wrong );
		expect( await clickSave( page ) ).toBe( 200 );
		await expect( notice( page, 'success' ) ).toContainText(
			'Settings saved.'
		);
		await expect( form.secret ).toHaveValue( '' );
		await expect( form.secret ).toHaveAccessibleDescription(
			/A secret is stored\. Leave this empty to keep it/
		);

		const result = await runAccessTest( page );
		expect( result ).toMatchObject( {
			ok: false,
			category: 'invalid_credentials',
			title: 'Invalid credentials',
		} );
		const error = notice( page, 'error', 'test' );
		await expect( error ).toBeVisible();
		await expect( error ).toContainText( 'Invalid credentials' );
		await expect( notice( page, 'success', 'test' ) ).toHaveCount( 0 );

		// The first check, the access key (credentials), says what is wrong.
		const credentials = checkRow( page, 'Access key' );
		await expect( credentials ).toHaveClass( /\bis-fail\b/ );
		await expect( credentials ).toContainText( 'Failed: Access key' );
		await expect( credentials ).toContainText( 'SignatureDoesNotMatch' );
		const hints = credentials.getByRole( 'list', {
			name: 'What to check',
		} );
		await expect( hints ).toBeVisible();
		await expect( hints.getByRole( 'listitem' ).first() ).toBeVisible();
		await expect( hints ).toContainText(
			/Secret Access Key does not belong to this Access Key ID/
		);
		// The request that showed it failed; nothing after it is claimed to pass.
		await expect( checkRow( page, 's3:ListBucket' ) ).toHaveClass(
			/\bis-fail\b/
		);
		for ( const permission of GUIDE_PERMISSIONS.slice( 1 ) ) {
			await expect(
				checkRow( page, permission ),
				permission
			).toHaveClass( /\bis-skip\b/ );
		}
		await expect(
			fields( page ).checklist.locator( ':scope > li.is-pass' )
		).toHaveCount( 0 );
	} );

	test.describe( 'with the clipboard allowed', () => {
		test.use( { permissions: [ 'clipboard-read', 'clipboard-write' ] } );

		test( 'the generated policy is copied, naming the bucket', async ( {
			page,
		} ) => {
			await saveGuideSettings();
			await logInAsAdmin( page );
			await openSettings( page );
			const result = await runAccessTest( page );
			expect( result.ok ).toBe( true );

			const copy = page.getByRole( 'button', { name: 'Copy policy' } );
			await expect( copy ).toBeVisible();
			await page.evaluate( () => navigator.clipboard.writeText( '' ) );
			await copy.click();
			await expect(
				page.locator( '.s3-media-sync-copy-status' )
			).toHaveText( 'Copied' );

			const copied = await page.evaluate( () =>
				navigator.clipboard.readText()
			);
			const policy = JSON.parse( copied ) as {
				Version: string;
				Statement: Array< {
					Effect: string;
					Action: string[];
					Resource: string | string[];
				} >;
			};
			expect( policy.Version ).toBe( '2012-10-17' );
			const resources = policy.Statement.flatMap( ( statement ) =>
				[ statement.Resource ].flat()
			);
			expect( resources ).toEqual( [
				`arn:aws:s3:::${ s3.bucket }`,
				`arn:aws:s3:::${ s3.bucket }/wp-content/uploads/*`,
			] );
			expect(
				policy.Statement.map( ( statement ) =>
					[ ...statement.Action ].sort()
				)
			).toEqual( [
				[ 's3:GetBucketLocation', 's3:ListBucket' ],
				[
					's3:DeleteObject',
					's3:GetObject',
					's3:PutObject',
					's3:PutObjectAcl',
				],
			] );
			// What is copied is what the page shows.
			await expect( page.getByLabel( 'IAM policy' ) ).toHaveText(
				copied
			);
			expect( copied ).not.toContain( s3.user.secretAccessKey );
		} );
	} );
} );
