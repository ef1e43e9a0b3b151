/**
 * The `s3_media_sync_object_key` filter used as a site's own plugin would:
 * a must-use plugin puts every file under `tenant-a/`, in front of
 * wp-content/uploads/, and the IAM user is granted that folder as the guide
 * grants wp-content/uploads/ (a second inline policy). The site's life then
 * goes on as usual (an image with its sizes, the same name again, a name
 * another site already has in that folder, a delete) with local copies
 * removed, and after every step the audit checks the whole bucket against
 * the records and the bytes WordPress wrote.
 *
 * What the filter returns is used only when it is still a key for that very
 * file (deleting decides by that match): another file's key, a climb out
 * with `..`, a versioned-looking key, a control character or a non-string
 * are ignored, and the file goes up under its plain key.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PutObjectCommand } from '@aws-sdk/client-s3';

import {
	deleteUserPolicy,
	guidePolicy,
	putUserPolicy,
	USER_NAME,
} from '../../tools/s3/iam';
import {
	adminS3,
	guideSettings,
	saveSettings,
	uniqueName,
} from './access-helpers';
import {
	deleteAttachment,
	jpeg,
	mediaSessionWithGuideSettings,
	pdf,
	siteDir,
	uploadOk,
	type Attachment,
} from './media-helpers';
import {
	bucketKeys,
	dropBucket,
	expectBucketsMatchRecords,
	iamTarget,
	md5,
	objectMd5,
	ownBucket,
	placeWitness,
	records,
	recordedObjects,
	removeWitness,
	served,
} from './lifecycle-helpers';

test.describe.configure( { mode: 'serial' } );

const BUCKET = uniqueName( 'object-key' );
const FOLDER = 'tenant-a/';
const GRANT = `object-key-${ BUCKET }`;
const FILTER = join(
	siteDir(),
	'wp-content',
	'mu-plugins',
	's3ms-object-key.php'
);

/** Files named refused-<n>…: the filter returns refusal n for each of their keys. */
const REFUSALS = [
	"'wp-content/uploads/2001/01/someone-else.pdf'",
	"'../' . $key",
	"'tenant-a/wp-content/uploads/' . dirname( $file ) . '/s3ms-0123456789ab/' . wp_basename( $file )",
	'42',
	`"tenant\\n-a/" . $key`,
	"'tenant-a//' . $key",
];

const PLUGIN = `<?php
// Placed by tests/integration/object-key-filter.spec.ts, removed after.
add_filter( 's3_media_sync_object_key', static function ( $key, $file, $id ) {
	if ( preg_match( '/^refused-(\\d)/', wp_basename( $file ), $n ) ) {
		$refusals = array( ${ REFUSALS.join( ', ' ) } );
		return $refusals[ (int) $n[1] ];
	}
	return '${ FOLDER }' . $key;
}, 10, 3 );
`;

const ids: number[] = [];
const notOurs: string[] = [];

const session = mediaSessionWithGuideSettings( async ( wp ) => {
	for ( const id of ids.splice( 0 ) ) {
		await deleteAttachment( wp, id );
	}
	await saveSettings( wp, guideSettings() );
	rmSync( FILTER, { force: true } );
	removeWitness();
	await deleteUserPolicy( iamTarget(), USER_NAME, GRANT ).catch(
		() => undefined
	);
	await dropBucket( BUCKET ).catch( () => undefined );
} );

test.beforeAll( async () => {
	await ownBucket( BUCKET );
	await putUserPolicy(
		iamTarget(),
		USER_NAME,
		GRANT,
		guidePolicy( BUCKET, FOLDER )
	);
	mkdirSync( join( siteDir(), 'wp-content', 'mu-plugins' ), {
		recursive: true,
	} );
	writeFileSync( FILTER, PLUGIN );
	placeWitness();
} );

async function upload(
	name: string,
	mime: string,
	data: Buffer
): Promise< Attachment > {
	const attachment = await uploadOk( session(), name, mime, data );
	ids.push( attachment.id );
	return attachment;
}

function keysOf( id: number ): Record< string, string > {
	const record = records().find( ( r ) => r.id === id );
	expect( record, `attachment ${ id } has a record` ).toBeDefined();
	return Object.fromEntries(
		recordedObjects( record! ).map( ( o ) => [ o.file, o.key ] )
	);
}

async function audit( step: string ): Promise< void > {
	await expectBucketsMatchRecords( [ BUCKET ], ids, step, [ siteDir() ], {
		prefix: '',
		notOurs,
	} );
}

test( 'every file of an image goes up under the filtered folder, is served from it, and a second upload of the name gets its own keys there', async () => {
	await saveSettings(
		session(),
		guideSettings( { bucket: BUCKET, remove_local_copies: true } )
	);
	const first = jpeg( 1200, 900 );
	const a = await upload( 'photo.jpg', 'image/jpeg', first );
	const keys = keysOf( a.id );
	expect(
		Object.keys( keys ).length,
		'the original and its sizes'
	).toBeGreaterThan( 2 );
	for ( const [ file, key ] of Object.entries( keys ) ) {
		expect( key ).toBe( `${ FOLDER }wp-content/uploads/${ file }` );
	}
	await audit( 'image uploaded' );
	expect( await served( session(), a.id ) ).toEqual( {
		url: expect.stringContaining( `/${ FOLDER }wp-content/uploads/` ),
		sum: md5( first ),
	} );

	const second = jpeg( 1100, 800 );
	const b = await upload( 'photo.jpg', 'image/jpeg', second );
	expect( Object.values( keysOf( b.id ) ) ).not.toContain(
		keys[ Object.keys( keys )[ 0 ]! ]
	);
	await audit( 'same name again' );
	expect( ( await served( session(), a.id ) ).sum ).toBe( md5( first ) );
	expect( ( await served( session(), b.id ) ).sum ).toBe( md5( second ) );

	expect( await deleteAttachment( session(), a.id ) ).toBe( 200 );
	ids.splice( ids.indexOf( a.id ), 1 );
	await audit( 'the first deleted' );
	for ( const key of Object.values( keys ) ) {
		expect(
			await bucketKeys( BUCKET, '' ),
			`${ key } went with its attachment`
		).not.toContain( key );
	}
	expect( ( await served( session(), b.id ) ).sum ).toBe( md5( second ) );
} );

test( "another site's object at the filtered key is never overwritten: the upload goes beside it", async () => {
	const folder = ( Object.keys( keysOf( ids[ 0 ]! ) )[ 0 ] ?? '' ).replace(
		/[^/]+$/,
		''
	);
	const theirs = Buffer.concat( [
		pdf(),
		Buffer.from( '% another site\n' ),
	] );
	const foreign = `${ FOLDER }wp-content/uploads/${ folder }contract.pdf`;
	await adminS3().send(
		new PutObjectCommand( { Bucket: BUCKET, Key: foreign, Body: theirs } )
	);
	notOurs.push( foreign );

	const ours = Buffer.concat( [ pdf(), Buffer.from( '% this site\n' ) ] );
	const c = await upload( 'contract.pdf', 'application/pdf', ours );
	const [ key ] = Object.values( keysOf( c.id ) );
	expect( key ).toMatch(
		new RegExp(
			`^${ FOLDER }wp-content/uploads/${ folder }(s3ms-[0-9a-f]{12}/)?contract(-\\d+)?\\.pdf$`
		)
	);
	expect( key ).not.toBe( foreign );
	expect(
		await objectMd5( BUCKET, foreign ),
		'their object keeps its bytes'
	).toBe( md5( theirs ) );
	await audit( 'a name another site has in the folder' );
	expect( ( await served( session(), c.id ) ).sum ).toBe( md5( ours ) );

	expect( await deleteAttachment( session(), c.id ) ).toBe( 200 );
	ids.splice( ids.indexOf( c.id ), 1 );
	expect(
		await objectMd5( BUCKET, foreign ),
		'deleting ours leaves theirs'
	).toBe( md5( theirs ) );
	await audit( 'ours deleted' );
} );

test( 'a key that is not one for that very file is ignored: the file goes up under its plain key, and is deleted from there', async () => {
	for ( let n = 0; n < REFUSALS.length; n++ ) {
		const data = Buffer.concat( [
			pdf(),
			Buffer.from( `% refusal ${ n }\n` ),
		] );
		const attachment = await upload(
			`refused-${ n }.pdf`,
			'application/pdf',
			data
		);
		const keys = keysOf( attachment.id );
		for ( const [ file, key ] of Object.entries( keys ) ) {
			expect( key, `refusal ${ n }: ${ REFUSALS[ n ] }` ).toBe(
				`wp-content/uploads/${ file }`
			);
		}
		expect( await objectMd5( BUCKET, Object.values( keys )[ 0 ]! ) ).toBe(
			md5( data )
		);
		await audit( `refusal ${ n }` );
		expect( await deleteAttachment( session(), attachment.id ) ).toBe(
			200
		);
		ids.splice( ids.indexOf( attachment.id ), 1 );
		await audit( `refusal ${ n } deleted` );
	}
	expect(
		await bucketKeys( BUCKET, 'wp-content/uploads/2001/' ),
		'nothing under another file'
	).toEqual( [] );
} );
