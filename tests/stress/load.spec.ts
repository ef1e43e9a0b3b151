/**
 * Load: 20 uploads of distinct files at the same moment (the MariaDB site,
 * six PHP workers) all end synced, each file PUT once under its own key:
 * no key missing, none duplicated, none shared by two uploads.
 */
import { expect, test } from '@playwright/test';

import { frontClient, s3, uniqueName } from '../integration/access-helpers';
import {
	deleteAttachment,
	expectInsidePolicy,
	filesOf,
	jpeg,
	keyOf,
} from '../integration/media-helpers';
import {
	expectAllInBucket,
	keysInFolders,
	putsSince,
	report,
	uploadMany,
	adminSessionWithGuideSettings,
} from './stress-helpers';

const UPLOADS = 20;

const admin = adminSessionWithGuideSettings();

test( '20 concurrent uploads of distinct files: all synced, no key missing or duplicated', async ( {}, testInfo ) => {
	test.setTimeout( 300_000 );
	// Two uploads share a base name: WordPress must keep them apart, and so must S3.
	const shared = uniqueName( 'load-shared' );
	const images = Array.from( { length: UPLOADS }, ( _, index ) => ( {
		name: index < 2 ? `${ shared }.jpg` : `${ uniqueName( 'load' ) }.jpg`,
		data: jpeg( 400 + index, 300 ),
	} ) );
	const seq = await frontClient().lastSeq();
	const started = Date.now();
	const attachments = await uploadMany( admin(), images, UPLOADS );
	const seconds = ( Date.now() - started ) / 1000;

	expect( new Set( attachments.map( ( a ) => a.id ) ).size ).toBe( UPLOADS );
	for ( const attachment of attachments ) {
		expect(
			attachment.s3_media_sync.status,
			`${ attachment.id }: ${ JSON.stringify( attachment.s3_media_sync.error ) }`
		).toBe( 'synced' );
	}
	const expected = attachments.flatMap( ( a ) => filesOf( a ).map( keyOf ) );
	expect( new Set( expected ).size, 'no two uploads share a key' ).toBe(
		expected.length
	);
	// Recorded keys are exactly the files' keys.
	for ( const attachment of attachments ) {
		expect( [ ...( attachment.s3_media_sync.keys ?? [] ) ].sort() ).toEqual(
			filesOf( attachment ).map( keyOf ).sort()
		);
	}
	const verified = await expectAllInBucket( attachments );
	const inBucket = await keysInFolders( attachments );
	expect( inBucket ).toEqual( expect.arrayContaining( expected ) );
	const puts = await putsSince( seq, s3().user.accessKeyId );
	expect(
		[ ...puts.keys() ].sort(),
		'PUTs went to exactly these keys'
	).toEqual( [ ...expected ].sort() );
	for ( const [ key, entries ] of puts ) {
		expect( entries.length, `${ key } PUT once` ).toBe( 1 );
		expect( entries[ 0 ]?.status, `${ key } stored` ).toBe( 200 );
	}
	await expectInsidePolicy( seq );

	for ( const attachment of attachments ) {
		expect( await deleteAttachment( admin(), attachment.id ) ).toBe( 200 );
	}
	const left = await keysInFolders( attachments );
	expect( left.filter( ( key ) => expected.includes( key ) ) ).toEqual( [] );

	await report( testInfo, {
		uploads: UPLOADS,
		objects: expected.length,
		objectsVerified: verified,
		seconds: Number( seconds.toFixed( 1 ) ),
	} );
} );
