/**
 * Uploads go to S3: every file of an attachment (original, `-scaled`, each
 * size) lands at wp-content/uploads/<path>, byte-identical to the local
 * file, with its Content-Type, a Cache-Control and the configured ACL — as
 * the bucket owner sees it with the AWS SDK. Also images, documents and
 * video of other kinds, a name with spaces and non-ASCII letters, and image
 * edits; and, from the S3 front's log, that it all stays inside the guide's
 * policy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, test } from '@playwright/test';

import type { ReplayMatch } from '../../tools/s3/front-client';
import {
	awsResponse,
	frontClient,
	guideSettings,
	requestsSince,
	s3,
	saveSettings,
	uniqueName,
} from './access-helpers';
import {
	deletingAttachments,
	expectInBucket,
	expectInsidePolicy,
	filesOf,
	getAttachment,
	jpeg,
	keyOf,
	localExists,
	localPath,
	mainFile,
	mediaSpecHooks,
	mp4,
	pdf,
	png,
	publiclyReadable,
	uploadKeys,
	uploadOk,
	type Attachment,
} from './media-helpers';

test.describe.configure( { mode: 'serial' } );

/** Every PUT that carries an ACL header, whatever its value. */
const PUT_WITH_ACL: ReplayMatch = {
	method: 'PUT',
	header: [ 'x-amz-acl', '' ],
};

const created: number[] = [];
const { session, firstSeq } = mediaSpecHooks( {
	cleanUp: deletingAttachments( created ),
} );

/** Uploads, remembers the attachment for clean-up, and returns it with the bucket's new keys. */
async function uploadAndDiff(
	filename: string,
	mime: string,
	data: Buffer
): Promise< { attachment: Attachment; newKeys: string[] } > {
	const before = new Set( await uploadKeys() );
	const attachment = await uploadOk( session(), filename, mime, data );
	created.push( attachment.id );
	const newKeys = ( await uploadKeys() ).filter(
		( key ) => ! before.has( key )
	);
	return { attachment, newKeys };
}

/** Synced, and its recorded keys are exactly the files WordPress lists and the objects the bucket gained. */
function expectSyncedExactly( attachment: Attachment, newKeys: string[] ) {
	const field = attachment.s3_media_sync;
	expect( field.status, JSON.stringify( field ) ).toBe( 'synced' );
	expect( field.error ?? null ).toBeNull();
	expect( field.bucket ).toBe( s3().bucket );
	const expected = filesOf( attachment ).map( keyOf ).sort();
	expect( [ ...( field.keys ?? [] ) ].sort() ).toEqual( expected );
	expect( newKeys ).toEqual( expected );
}

test( 'a big JPEG through REST: the original, -scaled and every size are in S3, identical, public-read', async () => {
	const name = uniqueName( 'photo' );
	const { attachment, newKeys } = await uploadAndDiff(
		`${ name }.jpg`,
		'image/jpeg',
		jpeg( 3000, 2000 )
	);
	const details = attachment.media_details;

	// WordPress made what the test is about: a -scaled copy of the original and many sizes.
	expect( details.file ).toMatch( new RegExp( `/${ name }-scaled\\.jpg$` ) );
	expect( details.original_image ).toBe( `${ name }.jpg` );
	const sizes = Object.keys( details.sizes ?? {} );
	expect( sizes ).toEqual(
		expect.arrayContaining( [
			'thumbnail',
			'medium',
			'medium_large',
			'large',
			'1536x1536',
			'2048x2048',
		] )
	);

	// Every file WordPress wrote for it on disk is one WordPress lists.
	const files = filesOf( attachment );
	const dir = dirname( mainFile( attachment ) );
	const onDisk = readdirSync( dirname( localPath( mainFile( attachment ) ) ) )
		.filter(
			( file ) =>
				file.startsWith( `${ name }.` ) ||
				file.startsWith( `${ name }-` )
		)
		.map( ( file ) => `${ dir }/${ file }` )
		.sort();
	expect( onDisk ).toEqual( files );
	const sizeFiles = new Set(
		Object.entries( details.sizes ?? {} )
			.filter( ( [ size ] ) => size !== 'full' ) // REST's own entry for the attached file
			.map( ( [ , size ] ) => size.file )
	);
	expect( files.length ).toBe( sizeFiles.size + 2 );

	expectSyncedExactly( attachment, newKeys );
	expect( attachment.s3_media_sync.acl ).toBe( 'public-read' );
	await expectInBucket( files, 'image/jpeg' );
	for ( const file of files ) {
		expect(
			await publiclyReadable( keyOf( file ) ),
			`${ file } is public-read`
		).toBe( true );
	}

	// The REST answer is what is stored.
	const again = await getAttachment( session(), attachment.id );
	expect( again.s3_media_sync.status ).toBe( 'synced' );
	expect( [ ...( again.s3_media_sync.keys ?? [] ) ].sort() ).toEqual(
		newKeys
	);
} );

test( 'private ACL: every object is in S3 and none grants AllUsers anything', async () => {
	await saveSettings( session(), guideSettings( { object_acl: 'private' } ) );
	const { attachment, newKeys } = await uploadAndDiff(
		`${ uniqueName( 'private' ) }.jpg`,
		'image/jpeg',
		jpeg( 1600, 1000 )
	);
	expectSyncedExactly( attachment, newKeys );
	expect( attachment.s3_media_sync.acl ).toBe( 'private' );
	const files = filesOf( attachment );
	expect( files.length ).toBeGreaterThan( 3 );
	await expectInBucket( files, 'image/jpeg' );
	for ( const file of files ) {
		expect(
			await publiclyReadable( keyOf( file ) ),
			`${ file } is private`
		).toBe( false );
	}
} );

test( 'bucket-default: no ACL header is sent, so a bucket with ACLs disabled takes the upload', async () => {
	await saveSettings(
		session(),
		guideSettings( { object_acl: 'bucket-default' } )
	);
	const seq = await frontClient().lastSeq();
	// Any PUT with an x-amz-acl header is refused as a bucket with ACLs disabled refuses it.
	await frontClient().replay(
		PUT_WITH_ACL,
		awsResponse( 'acl-not-supported.http' )
	);
	const { attachment, newKeys } = await uploadAndDiff(
		`${ uniqueName( 'default-acl' ) }.jpg`,
		'image/jpeg',
		jpeg( 1600, 1000 )
	);
	await frontClient().clearReplays();

	expectSyncedExactly( attachment, newKeys );
	expect( attachment.s3_media_sync.acl ).toBe( 'bucket-default' );
	const puts = ( await requestsSince( seq ) ).filter(
		( entry ) => entry.method === 'PUT'
	);
	expect( puts.length ).toBe( newKeys.length );
	for ( const put of puts ) {
		expect(
			put.kind,
			`${ put.path } went to moto, not to the replay`
		).toBe( 'signed' );
		expect( put.status ).toBe( 200 );
	}
	await expectInBucket( filesOf( attachment ), 'image/jpeg' );
	// Moto's bucket default is private.
	for ( const key of newKeys ) {
		expect( await publiclyReadable( key ) ).toBe( false );
	}
} );

test( 'public-read on a bucket with ACLs disabled: failed with AccessControlListNotSupported, the local files stay', async () => {
	const seq = await frontClient().lastSeq();
	await frontClient().replay(
		{ method: 'PUT', header: [ 'x-amz-acl', 'public-read' ] },
		awsResponse( 'acl-not-supported.http' )
	);
	const name = uniqueName( 'acl-refused' );
	const data = jpeg( 1600, 1000 );
	const { attachment, newKeys } = await uploadAndDiff(
		`${ name }.jpg`,
		'image/jpeg',
		data
	);
	await frontClient().clearReplays();

	const field = attachment.s3_media_sync;
	expect( field.status, JSON.stringify( field ) ).toBe( 'failed' );
	expect( field.error?.code ).toBe( 'AccessControlListNotSupported' );
	expect( field.error?.message ).toContain(
		'The bucket does not allow ACLs'
	);
	expect( field.keys ?? [] ).toEqual( [] );
	expect( newKeys ).toEqual( [] );
	// Never silently another ACL: every PUT carried public-read and was refused.
	const puts = ( await requestsSince( seq ) ).filter(
		( entry ) => entry.method === 'PUT'
	);
	expect( puts.length ).toBeGreaterThan( 0 );
	expect(
		puts.every(
			( put ) =>
				put.kind === 'replayed' &&
				put.code === 'AccessControlListNotSupported'
		)
	).toBe( true );
	// The upload itself succeeded: every file is on disk.
	const files = filesOf( attachment );
	expect( files.length ).toBeGreaterThan( 3 );
	for ( const file of files ) {
		expect( localExists( file ), file ).toBe( true );
	}
	expect(
		readFileSync(
			localPath(
				files.find( ( file ) => file.endsWith( `/${ name }.jpg` ) )!
			)
		).equals( data )
	).toBe( true );
	const stored = await getAttachment( session(), attachment.id );
	expect( stored.s3_media_sync.status ).toBe( 'failed' );
	expect( stored.s3_media_sync.error?.code ).toBe(
		'AccessControlListNotSupported'
	);
} );

test( 'a PNG: synced as image/png, every size identical', async () => {
	const { attachment, newKeys } = await uploadAndDiff(
		`${ uniqueName( 'diagram' ) }.png`,
		'image/png',
		png( 1200, 900 )
	);
	expectSyncedExactly( attachment, newKeys );
	expect( filesOf( attachment ).length ).toBeGreaterThan( 2 );
	await expectInBucket( filesOf( attachment ), 'image/png' );
} );

test( 'a PDF: synced as application/pdf, identical (previews too, where this PHP can make them)', async () => {
	const data = pdf();
	const { attachment, newKeys } = await uploadAndDiff(
		`${ uniqueName( 'leaflet' ) }.pdf`,
		'application/pdf',
		data
	);
	expect( attachment.mime_type ).toBe( 'application/pdf' );
	expectSyncedExactly( attachment, newKeys );
	const files = filesOf( attachment );
	await expectInBucket( files, ( file ) =>
		file.endsWith( '.pdf' ) ? 'application/pdf' : 'image/jpeg'
	);
	const pdfFile = files.find( ( file ) => file.endsWith( '.pdf' ) )!;
	expect( readFileSync( localPath( pdfFile ) ).equals( data ) ).toBe( true );
} );

test( 'an MP4: synced as video/mp4, identical', async () => {
	const data = mp4();
	const { attachment, newKeys } = await uploadAndDiff(
		`${ uniqueName( 'clip' ) }.mp4`,
		'video/mp4',
		data
	);
	expect( attachment.mime_type ).toBe( 'video/mp4' );
	expectSyncedExactly( attachment, newKeys );
	expect( newKeys.length ).toBe( 1 );
	await expectInBucket( filesOf( attachment ), 'video/mp4' );
} );

test( 'names with spaces and non-ASCII letters: synced under the names WordPress gave them', async () => {
	// WordPress transliterates Latin accents (remove_accents) and keeps other scripts.
	const cases: Array< [ string, RegExp ] > = [
		[ 'Büro Foto Ärger.jpg', /\/Buro-Foto-Arger(-\d+)?\.jpg$/ ],
		[ 'Büro Foto 写真 Ωμέγα.jpg', /\/Buro-Foto-写真-Ωμέγα(-\d+)?\.jpg$/ ],
	];
	for ( const [ filename, expected ] of cases ) {
		const { attachment, newKeys } = await uploadAndDiff(
			filename,
			'image/jpeg',
			jpeg( 1200, 800 )
		);
		const file = attachment.media_details.file!.normalize( 'NFC' );
		console.log( `    "${ filename }" → ${ file }` );
		expect( file ).toMatch( expected );
		expectSyncedExactly( attachment, newKeys );
		expect( newKeys ).toContain( keyOf( attachment.media_details.file! ) );
		await expectInBucket( filesOf( attachment ), 'image/jpeg' );
	}
} );

test( 'rotating an image (REST edit) makes a new attachment, synced too', async () => {
	const { attachment } = await uploadAndDiff(
		`${ uniqueName( 'to-rotate' ) }.jpg`,
		'image/jpeg',
		jpeg( 1600, 1000 )
	);
	expect( attachment.s3_media_sync.status ).toBe( 'synced' );
	const before = new Set( await uploadKeys() );
	const response = await session().rest(
		'POST',
		`wp/v2/media/${ attachment.id }/edit`,
		{
			rotation: 90,
			src: attachment.source_url, // what the block editor sends
		}
	);
	const body = await response.text();
	expect( response.status(), body ).toBe( 201 );
	const edited = JSON.parse( body ) as Attachment;
	created.push( edited.id );
	expect( edited.id ).not.toBe( attachment.id );
	const newKeys = ( await uploadKeys() ).filter(
		( key ) => ! before.has( key )
	);

	// The edit answer is in the view context, which does not show the S3 state.
	const stored = await getAttachment( session(), edited.id );
	expectSyncedExactly( stored, newKeys );
	const files = filesOf( stored );
	await expectInBucket( files, 'image/jpeg' );
	// Rotated: the new full-size image is portrait.
	const details = stored.media_details as { width?: number; height?: number };
	expect( details.height ).toBeGreaterThan( details.width ?? Infinity );
	// The original attachment is untouched and still synced.
	expect(
		( await getAttachment( session(), attachment.id ) ).s3_media_sync.status
	).toBe( 'synced' );
} );

test( "the plugin stayed inside the guide's policy: no AccessDenied for its key", async () => {
	await expectInsidePolicy( firstSeq() );
	const puts = ( await requestsSince( firstSeq() ) ).filter(
		( entry ) =>
			entry.method === 'PUT' &&
			entry.accessKeyId === s3().user.accessKeyId
	);
	expect( puts.length ).toBeGreaterThan( 0 );
} );
