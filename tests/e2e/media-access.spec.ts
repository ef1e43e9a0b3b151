/**
 * E2E: who may see each attachment in S3, as an administrator handles it in
 * the media library. The list's S3 column shows the status and the access;
 * the bulk actions "Make private in S3" / "Make public in S3" change the
 * selected attachments, and the bucket (read as its owner) holds the new
 * ACL on every object of each; the notice gives the counts and, for
 * private, the CDN caveat. The attachment details (the media modal and Edit
 * Media) show status and access in a field its label names, and their
 * "Who may see it in S3" select changes one attachment; so does the row
 * action "Make private", whose notice says the CDN caveat too.
 *
 * Leaves the guide's settings (public-read) saved and deletes its uploads.
 */
import type { Page } from '@playwright/test';

import {
	publiclyReadable,
	type Attachment,
} from '../integration/media-helpers';
import { test, expect } from './fixtures';
import {
	applyBulkAction,
	openEditMedia,
	openMediaModal,
	sampleUploads,
} from './plugin-screens';
import { logInAsAdmin, site } from './support';

test.describe.configure( { mode: 'serial', timeout: 120_000 } );

const uploaded = sampleUploads( [
	'access-a.jpg',
	'access-b.jpg',
	'access-c.jpg',
] );

/** Every key of the attachment (original and sizes), as the plugin recorded them. */
function keysOf( attachment: Attachment ): string[] {
	return attachment.s3_media_sync.keys ?? [];
}

/** The bucket, read as its owner: every object of the attachment public, or every one private. */
async function expectPublic(
	attachment: Attachment,
	expected: boolean
): Promise< void > {
	const keys = keysOf( attachment );
	expect( keys.length ).toBeGreaterThan( 1 );
	expect(
		await Promise.all( keys.map( ( key ) => publiclyReadable( key ) ) )
	).toEqual( keys.map( () => expected ) );
}

function row( page: Page, id: number ) {
	return page.locator( `#post-${ id }` );
}

test( 'the bulk action makes the selected attachments private, then public, in the bucket', async ( {
	page,
} ) => {
	const [ a, b, c ] = uploaded() as [ Attachment, Attachment, Attachment ];
	await logInAsAdmin( page );
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	const cell = ( id: number ) =>
		row( page, id ).locator( 'td.column-s3_media_sync' );
	await expect( cell( a.id ) ).toContainText( 'Synced' );
	await expect( cell( a.id ) ).toContainText( 'Public' );

	await applyBulkAction( page, [ a.id, b.id ], 's3_media_sync_make_private' );

	const notice = page.locator( '.notice.s3-media-sync-notice' );
	await expect( notice ).toContainText(
		'2 attachments are now private in S3.'
	);
	await expect( notice ).toContainText( 'immutable' );
	await expect( cell( a.id ) ).toContainText(
		'Private: served through presigned URLs'
	);
	await expect( cell( c.id ) ).toContainText( 'Public' );

	// The bucket, read as its owner: every object of a and b is private, c untouched.
	await expectPublic( a, false );
	await expectPublic( b, false );
	await expectPublic( c, true );

	// Back to public: the counts, and no caveat (nothing was made private).
	await applyBulkAction( page, [ a.id ], 's3_media_sync_make_public' );
	await expect( notice ).toContainText( '1 attachment is now public in S3.' );
	await expect( notice ).not.toContainText( 'immutable' );
	await expectPublic( a, true );
	await expectPublic( b, false );
} );

test( 'Edit Media shows status and access, labelled, and its select changes the ACL', async ( {
	page,
} ) => {
	const [ , , c ] = uploaded() as [ Attachment, Attachment, Attachment ];
	await logInAsAdmin( page );
	await openEditMedia( page, c.id );
	// The label names an element that exists: the field's own output.
	const status = page.getByLabel( 'Amazon S3', { exact: true } );
	await expect( status ).toContainText( 'Synced' );
	await expect( status ).toContainText( 'Public' );
	const select = page.getByLabel( 'Who may see it in S3' );
	await expect( select ).toHaveValue( 'public-read' );
	await expect(
		page.locator( `#attachments-${ c.id }-s3_media_sync_acl-help` )
	).toContainText( 'immutable' );

	await select.selectOption( 'private' );
	await page.locator( '#publish' ).click();
	await expect(
		page.getByLabel( 'Amazon S3', { exact: true } )
	).toContainText( 'Private' );
	await expectPublic( c, false );
} );

test( 'the media modal shows status and access, and its select changes the ACL', async ( {
	page,
} ) => {
	const [ , , c ] = uploaded() as [ Attachment, Attachment, Attachment ];
	await logInAsAdmin( page );
	const modal = await openMediaModal( page, c.id );
	const status = modal.getByLabel( 'Amazon S3', { exact: true } );
	await expect( status ).toContainText( 'Private' );
	const select = modal.getByLabel( 'Who may see it in S3' );
	await expect( select ).toHaveValue( 'private' );

	const saved = page.waitForResponse(
		( response ) =>
			response.url().includes( 'admin-ajax.php' ) &&
			( response.request().postData() ?? '' ).includes(
				'save-attachment-compat'
			)
	);
	// As a person does: focus on the select (a click or Tab), then a choice.
	await select.focus();
	await select.selectOption( 'public-read' );
	expect( ( await saved ).status() ).toBe( 200 );
	await expectPublic( c, true );
	// Drawn again once saved, the focus back on the select: they say public.
	await expect(
		modal.getByLabel( 'Amazon S3', { exact: true } )
	).toContainText( 'Public' );
	await expect( modal.getByLabel( 'Who may see it in S3' ) ).toBeFocused();
	// And so they say when the modal is opened again.
	await expect( page ).toHaveURL( new RegExp( `item=${ c.id }` ) );
	await page.reload();
	await expect(
		modal.getByLabel( 'Amazon S3', { exact: true } )
	).toContainText( 'Public' );
	await expect( modal.getByLabel( 'Who may see it in S3' ) ).toHaveValue(
		'public-read'
	);
} );

test( 'the row action makes one attachment private and says the CDN caveat', async ( {
	page,
} ) => {
	const [ , , c ] = uploaded() as [ Attachment, Attachment, Attachment ];
	await logInAsAdmin( page );
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	await row( page, c.id ).hover();
	await row( page, c.id )
		.locator( '.row-actions .s3_media_sync_acl a' )
		.click();
	const notice = page.locator( '.notice.s3-media-sync-notice' );
	await expect( notice ).toContainText(
		'The attachment is now private: it is served through presigned URLs.'
	);
	await expect( notice ).toContainText( 'immutable' );
	await expectPublic( c, false );
} );
