/**
 * Whatever S3 or the network does, no media is lost. 100 image uploads
 * through WordPress, 4 at a time, while the front fails the plugin's
 * requests (10 % 500 InternalError, bursts of 503 SlowDown, connections
 * reset mid-body, stalls of seconds); then the faults stop and the retry job
 * runs: every attachment is synced, every object is its local file byte for
 * byte, no local file is gone, and the plugin never left the guide's policy.
 * The same for deleting them. And a server clock 20 minutes off is
 * corrected from S3's answer.
 */
import { expect, test } from '@playwright/test';

import type { FaultConfig } from '../../tools/s3/front-fault-config';
import { frontClient, s3, uniqueName } from '../integration/access-helpers';
import {
	cronState,
	deleteAttachment,
	expectInsidePolicy,
	filesOf,
	jpeg,
	keyOf,
	localExists,
	uploadOk,
	type Attachment,
} from '../integration/media-helpers';
import {
	expectAllInBucket,
	inParallel,
	keysInFolders,
	putsSince,
	queuedDeletions,
	refresh,
	report,
	retryUntilDone,
	uploadMany,
	adminSessionWithGuideSettings,
} from './stress-helpers';

test.describe.configure( { mode: 'serial' } );

const UPLOADS = 100;
const AT_ONCE = 4;

const admin = adminSessionWithGuideSettings();

/** The faults of the issue, only on the plugin's (the guide user's) requests. */
function faults( seed: number, methods: string[] ): FaultConfig {
	return {
		seed,
		accessKeyId: s3().user.accessKeyId,
		methods,
		errorRate: 0.1,
		slowDownRate: 0.02,
		slowDownBurst: 4,
		resetRate: 0.03,
		stallRate: 0.02,
		stallMs: 2000,
	};
}

/** Attachments not synced yet. */
async function notSynced( attachments: Attachment[] ): Promise< Attachment[] > {
	return ( await refresh( admin(), attachments ) ).filter(
		( attachment ) => attachment.s3_media_sync.status !== 'synced'
	);
}

test( '100 uploads under faults, then deletions under faults: nothing lost, nothing left, inside the policy', async ( {}, testInfo ) => {
	test.setTimeout( 900_000 );
	const front = frontClient();
	const images = Array.from( { length: UPLOADS }, ( _, index ) => ( {
		name: `${ uniqueName( `fault-${ index }` ) }.jpg`,
		// 400×300: WordPress makes two sizes, so three files an upload.
		data: jpeg( 400 + ( index % 7 ), 300 ),
	} ) );
	const firstSeq = await front.lastSeq();

	await front.faults( faults( 20261127, [ 'PUT' ] ) );
	const attachments = await uploadMany( admin(), images, AT_ONCE );
	const uploadFaults = await front.faultCounts();
	await front.faults( {} );

	// Every upload succeeded locally, whatever S3 did.
	expect( new Set( attachments.map( ( a ) => a.id ) ).size ).toBe( UPLOADS );
	for ( const attachment of attachments ) {
		for ( const file of filesOf( attachment ) ) {
			expect( localExists( file ), `local ${ file }` ).toBe( true );
		}
		expect( [ 'synced', 'pending', 'failed' ] ).toContain(
			attachment.s3_media_sync.status
		);
	}
	const injected = Object.values( uploadFaults ).reduce( ( a, b ) => a + b );
	expect( injected, 'the front injected faults' ).toBeGreaterThan( 10 );
	const waitingAfterUploads = ( await notSynced( attachments ) ).length;

	const retryRuns = await retryUntilDone(
		admin(),
		async () => ( await notSynced( attachments ) ).length
	);
	const synced = await refresh( admin(), attachments );
	for ( const attachment of synced ) {
		expect(
			attachment.s3_media_sync.status,
			`${ attachment.id }: ${ JSON.stringify( attachment.s3_media_sync.error ) }`
		).toBe( 'synced' );
	}
	const verified = await expectAllInBucket( synced );
	const expected = synced
		.flatMap( ( a ) => filesOf( a ).map( keyOf ) )
		.sort();
	expect( await keysInFolders( synced ) ).toEqual(
		expect.arrayContaining( expected )
	);
	const puts = await putsSince( firstSeq, s3().user.accessKeyId );
	const putAttempts = [ ...puts.values() ].reduce(
		( sum, entries ) => sum + entries.length,
		0
	);
	await expectInsidePolicy( firstSeq );

	// Deletions, under the same faults.
	const deleteSeq = await front.lastSeq();
	await front.faults( faults( 20261128, [ 'DELETE' ] ) );
	const statuses = await inParallel( synced, AT_ONCE, ( attachment ) =>
		deleteAttachment( admin(), attachment.id )
	);
	const deleteFaults = await front.faultCounts();
	await front.faults( {} );
	expect( statuses.every( ( status ) => status === 200 ) ).toBe( true );
	const queuedAfterDeletes = queuedDeletions();
	const deleteRetryRuns =
		queuedAfterDeletes > 0
			? await retryUntilDone( admin(), async () => queuedDeletions() )
			: 0;
	const left = await keysInFolders( synced );
	expect(
		left.filter( ( key ) => expected.includes( key ) ),
		'every key of the deleted attachments is gone'
	).toEqual( [] );
	await expectInsidePolicy( deleteSeq );
	expect( cronState().queue ).toEqual( [] );

	await report( testInfo, {
		uploads: UPLOADS,
		files: expected.length,
		uploadFaultsInjected: uploadFaults,
		putAttempts,
		putRetries: putAttempts - expected.length,
		pendingAfterUploads: waitingAfterUploads,
		retryJobRuns: retryRuns,
		objectsVerified: verified,
		deleteFaultsInjected: deleteFaults,
		deletionsQueued: queuedAfterDeletes,
		deleteRetryJobRuns: deleteRetryRuns,
	} );
} );

test( 'S3 clock 20 minutes ahead of the server: corrected from the answer, uploads and deletions succeed, and corrected back', async ( {}, testInfo ) => {
	const front = frontClient();
	const seq = await front.lastSeq();
	const skewedUpload = async (
		offsetMs: number
	): Promise< { attachment: Attachment; skewed: number } > => {
		await front.faults( {
			accessKeyId: s3().user.accessKeyId,
			clockOffsetMs: offsetMs,
		} );
		const attachment = await uploadOk(
			admin(),
			`${ uniqueName( 'skewed' ) }.jpg`,
			'image/jpeg',
			jpeg( 400, 300 )
		);
		expect(
			attachment.s3_media_sync.status,
			JSON.stringify( attachment.s3_media_sync.error )
		).toBe( 'synced' );
		await expectAllInBucket( [ attachment ] );
		// The offset learnt is remembered: the deletion is not refused again.
		expect( await deleteAttachment( admin(), attachment.id ) ).toBe( 200 );
		expect( queuedDeletions() ).toBe( 0 );
		const left = await keysInFolders( [ attachment ] );
		for ( const file of filesOf( attachment ) ) {
			expect( left ).not.toContain( keyOf( file ) );
		}
		const skewed = ( await front.faultCounts() ).skewed;
		// The upload's first PUTs went out at once, all with the wrong time; nothing after them.
		expect( skewed ).toBeGreaterThanOrEqual( 1 );
		expect( skewed ).toBeLessThanOrEqual( filesOf( attachment ).length );
		return { attachment, skewed };
	};

	const ahead = await skewedUpload( 20 * 60 * 1000 );
	// S3's clock right again (1 ms off keeps the front checking): the
	// remembered 20 minutes are now wrong, and corrected back the same way.
	const back = await skewedUpload( 1 );
	await front.faults( {} );
	await expectInsidePolicy( seq );
	await report( testInfo, {
		clockOffsetMinutes: 20,
		requestsRefusedAsSkewed: ahead.skewed,
		refusedWhenCorrectedBack: back.skewed,
		requests: ( await front.log( seq ) ).length,
	} );
} );
