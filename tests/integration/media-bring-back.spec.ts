/**
 * "Bring files back", as a site lives it, against a bucket of the spec's
 * own: media uploaded with Remove local copies on exists only in S3; the
 * admin turns the setting off and runs POST /local-copies/batch until
 * nothing is left; every file is back on disk with exactly the bytes
 * WordPress wrote (the witness), the count the warnings use is 0 and a
 * second run writes nothing. An object whose bytes were changed behind the
 * plugin's back is reported and not written; a run driven one attachment a
 * batch, with an upload in between, resumes where it stopped. After every
 * step the audit (lifecycle-helpers.ts) checks the bucket against the
 * records and that no file is in neither place.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

import {
	adminS3,
	guideSettings,
	saveSettings,
	uniqueName,
} from './access-helpers';
import {
	deleteAttachment,
	jpeg,
	localPath,
	mediaSessionWithGuideSettings,
	pdf,
	uploadOk,
} from './media-helpers';
import {
	dropBucket,
	expectBucketsMatchRecords,
	md5,
	ownBucket,
	placeWitness,
	records,
	recordedObjects,
	removeWitness,
	witnessed,
} from './lifecycle-helpers';

test.describe.configure( { mode: 'default' } );

const BUCKET = uniqueName( 'bring-back' );
const COUNT = 's3-media-sync/v1/local-copies';
const BATCH = 's3-media-sync/v1/local-copies/batch';
const ids: number[] = [];

interface Failure {
	id: number;
	file: string;
	code: string;
	message: string;
}

interface BatchAnswer {
	processed: number[];
	restored: number;
	failed: Failure[];
	remaining: number;
}

const session = mediaSessionWithGuideSettings( async ( wp ) => {
	for ( const id of ids.splice( 0 ) ) {
		await deleteAttachment( wp, id );
	}
	await saveSettings( wp, guideSettings() );
	removeWitness();
	await dropBucket( BUCKET ).catch( () => undefined );
} );

test.beforeAll( async () => {
	await ownBucket( BUCKET );
	placeWitness();
} );

async function useSettings( removeLocalCopies: boolean ) {
	await saveSettings(
		session(),
		guideSettings( {
			bucket: BUCKET,
			remove_local_copies: removeLocalCopies,
		} )
	);
}

async function uploadRemoved( name: string, mime: string, data: Buffer ) {
	const attachment = await uploadOk( session(), name, mime, data );
	ids.push( attachment.id );
	removeLeftovers( attachment.id );
	return attachment.id;
}

/** The files WordPress lists for an attachment, relative to the uploads folder. */
function filesOf( id: number ): string[] {
	const record = records().find( ( candidate ) => candidate.id === id );
	expect( record, `attachment ${ id } has a record` ).toBeDefined();
	return record!.files;
}

async function missingCount(): Promise< number > {
	const response = await session().rest( 'GET', COUNT );
	expect( response.status() ).toBe( 200 );
	return ( ( await response.json() ) as { missing: number } ).missing;
}

async function batch( limit: number ): Promise< BatchAnswer > {
	const response = await session().rest( 'POST', BATCH, { limit } );
	const text = await response.text();
	expect( response.status(), `POST /local-copies/batch: ${ text }` ).toBe(
		200
	);
	return JSON.parse( text ) as BatchAnswer;
}

/** Batches until the run is over: what they brought back and reported. */
async function runToTheEnd( limit = 100 ) {
	let restored = 0;
	const failed: Failure[] = [];
	let answer: BatchAnswer;
	let batches = 0;
	do {
		answer = await batch( limit );
		restored += answer.restored;
		failed.push( ...answer.failed );
		expect( ++batches, 'the run ends' ).toBeLessThan( 1000 );
	} while ( answer.remaining > 0 );
	return { restored, failed };
}

/** Each file of the attachment is on disk with the bytes WordPress wrote for it. */
function expectBackAsWritten( id: number, except: string[] = [] ) {
	const seen = witnessed();
	for ( const file of filesOf( id ) ) {
		if ( except.includes( file ) ) {
			continue;
		}
		const written = seen.get( `${ id }:${ file }` );
		expect( written, `WordPress wrote ${ file }` ).toBeDefined();
		expect( existsSync( localPath( file ) ), `${ file } is back` ).toBe(
			true
		);
		expect( md5( readFileSync( localPath( file ) ) ), file ).toBe(
			written
		);
	}
}

/**
 * An upload's response reads the original back from S3 (Local_Copies, for
 * WordPress's own use of it): on this server it is here again. Remove what
 * S3 holds, as a second web server sharing the library would see it.
 */
function removeLeftovers( id: number ) {
	const record = records().find( ( candidate ) => candidate.id === id )!;
	const inS3 = new Set(
		recordedObjects( record ).map( ( object ) => object.file )
	);
	for ( const file of record.files ) {
		if ( inS3.has( file ) ) {
			rmSync( localPath( file ), { force: true } );
		}
	}
}

function expectAllGone( id: number ) {
	for ( const file of filesOf( id ) ) {
		expect(
			existsSync( localPath( file ) ),
			`${ file } is only in S3`
		).toBe( false );
	}
}

test( 'a JPEG with sizes, a PDF and a non-ASCII image come back byte for byte; the count drops to 0; a second run writes nothing', async () => {
	await useSettings( true );
	const before = await missingCount();
	const mine = [
		await uploadRemoved(
			'bring-back.jpg',
			'image/jpeg',
			jpeg( 1400, 1000 )
		),
		await uploadRemoved( 'bring-back.pdf', 'application/pdf', pdf() ),
		await uploadRemoved(
			'Café Ünïcödé rückkehr.jpg',
			'image/jpeg',
			jpeg( 800, 600 )
		),
	];
	await expectBucketsMatchRecords( [ BUCKET ], ids, 'uploaded' );
	expect( filesOf( mine[ 0 ]! ).length ).toBeGreaterThan( 3 );
	mine.forEach( expectAllGone );
	expect( await missingCount() ).toBe( before + 3 );

	// Refused while the setting is on: the next upload would delete them again.
	const refused = await session().rest( 'POST', BATCH, { limit: 10 } );
	expect( refused.status() ).toBe( 409 );
	expect( ( await refused.json() ).code ).toBe(
		's3_media_sync_remove_local_copies_on'
	);
	mine.forEach( expectAllGone );

	await useSettings( false );
	const run = await runToTheEnd();
	expect( run.failed.filter( ( f ) => mine.includes( f.id ) ) ).toEqual( [] );
	const files = mine.reduce( ( sum, id ) => sum + filesOf( id ).length, 0 );
	expect( run.restored ).toBeGreaterThanOrEqual( files );
	mine.forEach( ( id ) => expectBackAsWritten( id ) );
	await expectBucketsMatchRecords( [ BUCKET ], ids, 'brought back' );
	// Only attachments whose files could not come back still count (none of this spec's).
	const stillMissing = new Set( run.failed.map( ( f ) => f.id ) ).size;
	expect( await missingCount() ).toBe( stillMissing );
	expect( stillMissing ).toBe( 0 );

	const again = await runToTheEnd();
	expect( again.restored ).toBe( 0 );
	expect( again.failed ).toEqual( [] );
	mine.forEach( ( id ) => expectBackAsWritten( id ) );
} );

test( 'an object whose bytes were changed behind the plugin’s back is reported and not written; with its bytes back, the next run restores it', async () => {
	await useSettings( true );
	const id = await uploadRemoved(
		'tampered.jpg',
		'image/jpeg',
		jpeg( 1200, 900 )
	);
	await expectBucketsMatchRecords( [ BUCKET ], ids, 'uploaded' );
	const record = records().find( ( candidate ) => candidate.id === id )!;
	const target = recordedObjects( record ).find(
		( object ) => object.file !== filesOf( id )[ 0 ]
	)!;
	const original = Buffer.from(
		await (
			await adminS3().send(
				new GetObjectCommand( { Bucket: BUCKET, Key: target.key } )
			)
		).Body!.transformToByteArray()
	);
	await adminS3().send(
		new PutObjectCommand( {
			Bucket: BUCKET,
			Key: target.key,
			Body: Buffer.from( 'not the picture WordPress made' ),
		} )
	);

	await useSettings( false );
	const before = await missingCount();
	const run = await runToTheEnd();
	expect( run.failed.filter( ( f ) => f.id === id ) ).toEqual( [
		expect.objectContaining( {
			id,
			file: target.file,
			code: 'ChecksumMismatch',
		} ),
	] );
	expect(
		existsSync( localPath( target.file ) ),
		'the changed bytes were not written'
	).toBe( false );
	expectBackAsWritten( id, [ target.file ] );
	expect( await missingCount(), 'still counted: still only in S3' ).toBe(
		before
	);

	await adminS3().send(
		new PutObjectCommand( {
			Bucket: BUCKET,
			Key: target.key,
			Body: original,
		} )
	);
	const retry = await runToTheEnd();
	expect( retry.failed.filter( ( f ) => f.id === id ) ).toEqual( [] );
	expect( retry.restored ).toBeGreaterThanOrEqual( 1 );
	expectBackAsWritten( id );
	expect( await missingCount() ).toBe( before - 1 );
	await expectBucketsMatchRecords( [ BUCKET ], ids, 'restored after all' );
} );

test( 'one attachment a batch, with an upload in between: the run resumes where it stopped and tries each attachment once, in order', async () => {
	await useSettings( true );
	const mine = [
		await uploadRemoved( 'resume-1.jpg', 'image/jpeg', jpeg( 700, 500 ) ),
		await uploadRemoved( 'resume-2.jpg', 'image/jpeg', jpeg( 710, 500 ) ),
		await uploadRemoved( 'resume-3.jpg', 'image/jpeg', jpeg( 720, 500 ) ),
	];
	mine.forEach( expectAllGone );
	await useSettings( false );

	const seen: number[] = [];
	let answer: BatchAnswer;
	let interleaved = false;
	let previousCount = await missingCount();
	do {
		answer = await batch( 1 );
		expect( answer.processed.length ).toBeLessThanOrEqual( 1 );
		seen.push( ...answer.processed );
		for ( const id of mine ) {
			if ( seen.includes( id ) ) {
				expectBackAsWritten( id );
			} else {
				expectAllGone( id );
			}
		}
		const count = await missingCount();
		expect( count ).toBeLessThanOrEqual( previousCount );
		previousCount = count;
		if ( ! interleaved && seen.includes( mine[ 0 ]! ) ) {
			// Between two requests an editor uploads: kept locally, it changes nothing in the run.
			interleaved = true;
			const extra = (
				await uploadOk(
					session(),
					'resume-extra.jpg',
					'image/jpeg',
					jpeg( 730, 500 )
				)
			).id;
			ids.push( extra );
			expectBackAsWritten( extra );
			await expectBucketsMatchRecords(
				[ BUCKET ],
				ids,
				'mid-run upload'
			);
		}
	} while ( answer.remaining > 0 );

	expect( interleaved ).toBe( true );
	expect( seen ).toEqual( [ ...new Set( seen ) ] );
	expect( seen ).toEqual( [ ...seen ].sort( ( a, b ) => a - b ) );
	for ( const id of mine ) {
		expect( seen ).toContain( id );
		expectBackAsWritten( id );
	}
	await expectBucketsMatchRecords( [ BUCKET ], ids, 'resumed run over' );
} );
