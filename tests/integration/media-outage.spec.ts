/**
 * Failure never loses media. With the S3 front down, an upload still
 * succeeds locally and waits, pending with its error, for the retry job; a
 * deletion is queued with its keys. Once S3 is back and the job's backoff has
 * passed, WP-Cron runs `s3_media_sync_retry` (GET /wp-cron.php, as any visit
 * to the site would) and the attachment is synced, or the queued keys gone.
 */
import { expect, test } from '@playwright/test';

import { frontClient, objectExists, s3, uniqueName } from './access-helpers';
import {
	cronState,
	deleteAttachment,
	deletingAttachments,
	expectInBucket,
	expectInsidePolicy,
	filesOf,
	getAttachment,
	jpeg,
	keyOf,
	localExists,
	mediaSpecHooks,
	runRetryJob,
	uploadKeys,
	uploadOk,
} from './media-helpers';

test.describe.configure( { mode: 'serial' } );

/** The first retry waits a minute, jittered by ±25% (includes/Media/Backoff.php). */
const FIRST_RETRY_MIN_S = 45;

const created: number[] = [];
const { session, firstSeq } = mediaSpecHooks( {
	cleanUp: deletingAttachments( created ),
} );

test( 'S3 down during an upload: saved locally, pending; after S3 is back and cron runs, synced', async () => {
	const name = uniqueName( 'outage' );
	await frontClient().down();
	const started = Math.floor( Date.now() / 1000 );
	const attachment = await uploadOk(
		session(),
		`${ name }.jpg`,
		'image/jpeg',
		jpeg( 3000, 2000 )
	);
	created.push( attachment.id );

	// The upload succeeded: the attachment and all its files are here.
	const files = filesOf( attachment );
	expect( files.length ).toBeGreaterThan( 6 );
	for ( const file of files ) {
		expect( localExists( file ), file ).toBe( true );
	}
	const field = attachment.s3_media_sync;
	console.log(
		`    upload answer: ${ JSON.stringify( { ...field, keys: field.keys?.length } ) }`
	);
	expect( field.status, JSON.stringify( field ) ).toBe( 'pending' );
	expect( field.error?.code ).toBe( 'NetworkError' );
	expect( field.error?.message ).not.toBe( '' );
	expect( field.keys ?? [] ).toEqual( [] );
	expect( field.attempts ).toBeGreaterThanOrEqual( 1 );
	expect( field.next_attempt ).toEqual( expect.any( String ) );
	const nextAttempt = Date.parse( field.next_attempt! ) / 1000;
	expect( nextAttempt - started ).toBeGreaterThanOrEqual(
		FIRST_RETRY_MIN_S - 1
	);

	// What is stored, and the WP-Cron event that will retry it.
	const stored = await getAttachment( session(), attachment.id );
	console.log(
		`    stored: ${ JSON.stringify( { ...stored.s3_media_sync, keys: stored.s3_media_sync.keys?.length } ) }`
	);
	expect( stored.s3_media_sync.status ).toBe( 'pending' );
	const waiting = cronState( attachment.id );
	expect(
		waiting.next_scheduled,
		's3_media_sync_retry is scheduled'
	).not.toBeNull();
	const storedNext = Date.parse( stored.s3_media_sync.next_attempt! ) / 1000;
	expect( Number( waiting.next_meta ) ).toBe( storedNext );
	expect( storedNext - started ).toBeGreaterThanOrEqual(
		FIRST_RETRY_MIN_S - 1
	);
	// The job runs by then at the latest (an earlier event, left by another test, may come first).
	expect( waiting.next_scheduled! ).toBeLessThanOrEqual( storedNext );

	// S3 is back (and held nothing of it); time passes; WP-Cron runs the job.
	await frontClient().up();
	for ( const key of files.map( keyOf ) ) {
		expect( await objectExists( key ), key ).toBe( false );
	}
	const after = await runRetryJob( session(), attachment.id );

	const synced = await getAttachment( session(), attachment.id );
	const state = synced.s3_media_sync;
	expect( state.status, JSON.stringify( state ) ).toBe( 'synced' );
	expect( state.error ?? null ).toBeNull();
	expect( [ ...( state.keys ?? [] ) ].sort() ).toEqual( files.map( keyOf ) );
	await expectInBucket( files, 'image/jpeg' );
	expect( await uploadKeys() ).toEqual(
		expect.arrayContaining( files.map( keyOf ) )
	);
	// Nothing of this attachment left to retry (other suites' leftovers may
	// keep the job scheduled, which is right for them).
	expect( Number( after.next_meta ), JSON.stringify( after ) ).toBe( 0 );
	if ( after.queue.length === 0 ) {
		expect( after.next_scheduled, JSON.stringify( after ) ).toBeNull();
	}
} );

test( 'S3 down during a delete: local files gone, keys queued; after S3 is back and cron runs, keys gone', async () => {
	const attachment = await uploadOk(
		session(),
		`${ uniqueName( 'delete-outage' ) }.jpg`,
		'image/jpeg',
		jpeg( 1600, 1000 )
	);
	expect( attachment.s3_media_sync.status ).toBe( 'synced' );
	const files = filesOf( attachment );
	const keys = files.map( keyOf );
	expect( [ ...( attachment.s3_media_sync.keys ?? [] ) ].sort() ).toEqual(
		keys
	);

	await frontClient().down();
	const started = Math.floor( Date.now() / 1000 );
	expect( await deleteAttachment( session(), attachment.id ) ).toBe( 200 );
	await frontClient().up();

	for ( const file of files ) {
		expect( localExists( file ), `${ file } gone locally` ).toBe( false );
	}
	for ( const key of keys ) {
		expect( await objectExists( key ), `${ key } still in S3` ).toBe(
			true
		);
	}
	const waiting = cronState();
	console.log(
		`    queue: ${ JSON.stringify( waiting.queue[ 0 ] ) } (+${ waiting.queue.length - 1 })`
	);
	expect( waiting.queue.map( ( entry ) => entry.key ).sort() ).toEqual(
		keys
	);
	for ( const entry of waiting.queue ) {
		expect( entry.bucket ).toBe( s3().bucket );
		expect( entry.error ).toContain( 'NetworkError' );
		expect( entry.next_attempt - started ).toBeGreaterThanOrEqual(
			FIRST_RETRY_MIN_S - 1
		);
	}
	expect(
		waiting.next_scheduled,
		's3_media_sync_retry is scheduled'
	).not.toBeNull();
	expect( waiting.next_scheduled! ).toBeLessThanOrEqual(
		Math.min( ...waiting.queue.map( ( entry ) => entry.next_attempt ) )
	);

	const after = await runRetryJob( session() );
	for ( const key of keys ) {
		expect(
			await objectExists( key ),
			`${ key } deleted by the retry`
		).toBe( false );
	}
	expect(
		after.queue.filter( ( entry ) => keys.includes( entry.key ) )
	).toEqual( [] );
	if ( after.queue.length === 0 ) {
		expect( after.next_scheduled, JSON.stringify( after ) ).toBeNull();
	}
} );

test( "the plugin stayed inside the guide's policy: no AccessDenied for its key", async () => {
	await expectInsidePolicy( firstSeq() );
} );
