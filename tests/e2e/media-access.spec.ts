/**
 * E2E: who may see each attachment in S3, as an administrator handles it in
 * the media library. The list's S3 column shows the status and the access;
 * the bulk actions "Make private in S3" / "Make public in S3" change the
 * selected attachments, and the bucket (read as its owner) holds the new
 * ACL on every object of each; the notice gives the counts and, for
 * private, the CDN caveat. The attachment details (the media modal and Edit
 * Media) show status and access in a field its label names, and their
 * "Who may see it in S3" select changes one attachment.
 *
 * Leaves the guide's settings (public-read) saved and deletes its uploads.
 */
import type { Page } from '@playwright/test';

import {
	deleteAttachment,
	jpeg,
	publiclyReadable,
	uploadOk,
	type Attachment,
} from '../integration/media-helpers';
import type { WpSession } from '../support/wp-session';
import { logInOverHttp } from '../support/wp-session';
import { test, expect } from './fixtures';
import { logInAsAdmin, saveGuideSettings, site } from './support';

test.describe.configure( { mode: 'serial', timeout: 120_000 } );

let session: WpSession;
const uploaded: Attachment[] = [];

/** Every key of the attachment (original and sizes), as the plugin recorded them. */
function keysOf( attachment: Attachment ): string[] {
	return attachment.s3_media_sync.keys ?? [];
}

async function access( keys: string[] ): Promise< boolean[] > {
	return Promise.all( keys.map( ( key ) => publiclyReadable( key ) ) );
}

function row( page: Page, id: number ) {
	return page.locator( `#post-${ id }` );
}

test.beforeAll( async () => {
	await saveGuideSettings();
	session = await logInOverHttp( site );
	for ( const name of [ 'access-a.jpg', 'access-b.jpg', 'access-c.jpg' ] ) {
		const attachment = await uploadOk(
			session,
			name,
			'image/jpeg',
			jpeg( 640, 480 )
		);
		expect( attachment.s3_media_sync.status ).toBe( 'synced' );
		expect( keysOf( attachment ).length ).toBeGreaterThan( 1 );
		uploaded.push( attachment );
	}
} );

test.afterAll( async () => {
	for ( const attachment of uploaded ) {
		await deleteAttachment( session, attachment.id );
	}
	await session.dispose();
	await saveGuideSettings();
} );

test( 'the bulk action makes the selected attachments private, then public, in the bucket', async ( {
	page,
} ) => {
	const [ a, b, c ] = uploaded as [ Attachment, Attachment, Attachment ];
	await logInAsAdmin( page );
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	const cell = ( id: number ) =>
		row( page, id ).locator( 'td.column-s3_media_sync' );
	await expect( cell( a.id ) ).toContainText( 'Synced' );
	await expect( cell( a.id ) ).toContainText( 'Public' );

	await page.locator( `#cb-select-${ a.id }` ).check();
	await page.locator( `#cb-select-${ b.id }` ).check();
	await page
		.locator( '#bulk-action-selector-top' )
		.selectOption( 's3_media_sync_make_private' );
	await page.locator( '#doaction' ).click();

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
	expect( await access( keysOf( a ) ) ).toEqual(
		keysOf( a ).map( () => false )
	);
	expect( await access( keysOf( b ) ) ).toEqual(
		keysOf( b ).map( () => false )
	);
	expect( await access( keysOf( c ) ) ).toEqual(
		keysOf( c ).map( () => true )
	);

	// Back to public: the counts, and no caveat (nothing was made private).
	await page.locator( `#cb-select-${ a.id }` ).check();
	await page
		.locator( '#bulk-action-selector-top' )
		.selectOption( 's3_media_sync_make_public' );
	await page.locator( '#doaction' ).click();
	await expect( notice ).toContainText( '1 attachment is now public in S3.' );
	await expect( notice ).not.toContainText( 'immutable' );
	expect( await access( keysOf( a ) ) ).toEqual(
		keysOf( a ).map( () => true )
	);
	expect( await access( keysOf( b ) ) ).toEqual(
		keysOf( b ).map( () => false )
	);
} );

test( 'Edit Media shows status and access, labelled, and its select changes the ACL', async ( {
	page,
} ) => {
	const [ , , c ] = uploaded as [ Attachment, Attachment, Attachment ];
	await logInAsAdmin( page );
	await page.goto(
		`${ site.url }/wp-admin/post.php?post=${ c.id }&action=edit`
	);
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
	expect( await access( keysOf( c ) ) ).toEqual(
		keysOf( c ).map( () => false )
	);
} );

test( 'the media modal shows status and access, and its select changes the ACL', async ( {
	page,
} ) => {
	const [ , , c ] = uploaded as [ Attachment, Attachment, Attachment ];
	await logInAsAdmin( page );
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=grid` );
	await page.locator( `.attachment[data-id="${ c.id }"]` ).click();
	const modal = page.locator( '.media-modal' );
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
	await select.selectOption( 'public-read' );
	expect( ( await saved ).status() ).toBe( 200 );
	expect( await access( keysOf( c ) ) ).toEqual(
		keysOf( c ).map( () => true )
	);
	// Core's modal does not draw the fields again after saving them: opened
	// again (the address now names the item), they say public.
	await expect( page ).toHaveURL( new RegExp( `item=${ c.id }` ) );
	await page.reload();
	await expect(
		modal.getByLabel( 'Amazon S3', { exact: true } )
	).toContainText( 'Public' );
	await expect( modal.getByLabel( 'Who may see it in S3' ) ).toHaveValue(
		'public-read'
	);
} );
