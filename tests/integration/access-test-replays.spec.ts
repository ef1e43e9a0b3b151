/**
 * Test S3 Access against what moto cannot produce: real Amazon S3 answers
 * (tests/fixtures/aws-responses/*.http) replayed by the S3 front for the matching
 * requests — ACLs disabled, Block Public Access, a bucket in another region,
 * clock skew, throttling and internal errors.
 */
import { expect, test } from '@playwright/test';

import type { ReplayMatch } from '../../tools/s3/front-client';
import {
	accessTestHooks,
	awsResponse,
	checkOf,
	expectCheckOrder,
	frontClient,
	guideSettings,
	leftoverTestObjects,
	requestsSince,
	runAccessTest,
	s3,
	saveSettings,
	wordsOf,
	type AccessResult,
} from './access-helpers';

/** PUTs that carry the public ACL: PutObject and PutObjectAcl with public-read, not the private probe. */
const PUBLIC_READ_PUT: ReplayMatch = {
	method: 'PUT',
	header: [ 'x-amz-acl', 'public-read' ],
};
/** The first request of the test, ListObjectsV2. */
const LIST: ReplayMatch = { method: 'GET', query: 'list-type' };
const LOCATION: ReplayMatch = { method: 'GET', query: 'location' };

const session = accessTestHooks();

async function withReplay(
	match: ReplayMatch,
	file: string,
	times?: number
): Promise< { result: AccessResult; seq: number } > {
	const seq = await frontClient().lastSeq();
	await frontClient().replay( match, awsResponse( file ), times );
	const result = await runAccessTest( session() );
	// Off before the bucket is looked at as its owner.
	await frontClient().clearReplays();
	return { result, seq };
}

test( 'ACLs disabled (AccessControlListNotSupported) recommends "Bucket default"', async () => {
	const { result } = await withReplay(
		PUBLIC_READ_PUT,
		'acl-not-supported.http'
	);

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'acl_not_supported' );
	expectCheckOrder( result );
	const acl = checkOf( result, 'put_object_acl' );
	expect( acl.status ).toBe( 'fail' );
	expect( acl.code ).toBe( 'AccessControlListNotSupported' );
	expect( acl.hints.join( '\n' ) ).toMatch( /Bucket default/ );
	// The upload itself works without the ACL: s3:PutObject is not blamed.
	expect( checkOf( result, 'put_object' ).status ).toBe( 'pass' );
	expect( result.message ).not.toMatch( /s3:PutObject\b(?!Acl)/ );
	expect( result.leftover_key ).toBeNull();
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

test( 'bucket-default on a bucket with ACLs disabled sends no ACL at all: ok', async () => {
	await saveSettings(
		session(),
		guideSettings( { object_acl: 'bucket-default', sign_urls: true } )
	);
	// Any x-amz-acl header, whatever its value, is refused as AWS would.
	const { result } = await withReplay(
		{ header: [ 'x-amz-acl', '' ] },
		'acl-not-supported.http'
	);

	expect( result.ok ).toBe( true );
	expect( result.category ).toBe( 'ok' );
	expect( checkOf( result, 'put_object' ).status ).toBe( 'pass' );
	expect( checkOf( result, 'put_object_acl' ).status ).toBe( 'skip' );
	expect( checkOf( result, 'public_url' ).status ).toBe( 'pass' );
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

test( 'Block Public Access (public-read PUTs refused, private ACL allowed) is "public_access_blocked"', async () => {
	const { result, seq } = await withReplay(
		PUBLIC_READ_PUT,
		'block-public-access.http'
	);

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'public_access_blocked' );
	const acl = checkOf( result, 'put_object_acl' );
	expect( acl.status ).toBe( 'fail' );
	expect( acl.code ).toBe( 'AccessDenied' );
	expect( wordsOf( acl ) ).toMatch( /Block Public Access/ );
	// Told apart from a missing permission: the private ACL was accepted.
	expect( result.message ).not.toMatch( /may not use s3:PutObjectAcl/ );
	expect( checkOf( result, 'put_object' ).status ).toBe( 'pass' );
	const log = await requestsSince( seq );
	expect(
		log.some(
			( entry ) =>
				entry.method === 'PUT' &&
				entry.query.startsWith( 'acl' ) &&
				entry.kind === 'signed' &&
				entry.status === 200
		),
		'the private-ACL probe reached moto and was accepted'
	).toBe( true );
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

for ( const file of [
	'permanent-redirect.http',
	'authorization-header-malformed.http',
] ) {
	test( `${ file } on the first request is "region_mismatch", eu-west-1 detected`, async () => {
		const { result } = await withReplay( LIST, file );

		expect( result.ok ).toBe( false );
		expect( result.category ).toBe( 'region_mismatch' );
		expect( result.region_detected ).toBe( 'eu-west-1' );
		const list = checkOf( result, 'list_bucket' );
		expect( list.status ).toBe( 'fail' );
		expect( list.code ).toBe(
			file.startsWith( 'permanent' )
				? 'PermanentRedirect'
				: 'AuthorizationHeaderMalformed'
		);
		expect( wordsOf( list ) ).toContain( 'eu-west-1' );
		expect( result.message ).toContain( 'eu-west-1' );
		// A region problem is not a key problem.
		expect( checkOf( result, 'credentials' ).status ).not.toBe( 'fail' );
		expect( await leftoverTestObjects() ).toEqual( [] );
	} );
}

test( 'GetBucketLocation answering eu-west-1 is "region_mismatch", eu-west-1 detected', async () => {
	const { result } = await withReplay(
		LOCATION,
		'get-bucket-location-eu-west-1.http'
	);

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'region_mismatch' );
	expect( result.region_detected ).toBe( 'eu-west-1' );
	const location = checkOf( result, 'bucket_location' );
	expect( location.status ).toBe( 'fail' );
	expect( location.message ).toContain( 'eu-west-1' );
	expect( location.message ).toContain( s3().region );
	expect( location.hints.join( '\n' ) ).toContain( 'eu-west-1' );
	expect( checkOf( result, 'list_bucket' ).status ).toBe( 'pass' );
	expect( checkOf( result, 'delete_object' ).status ).toBe( 'pass' );
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

test( 'GetBucketLocation with an empty constraint means us-east-1: no mismatch', async () => {
	test.skip( s3().region !== 'us-east-1', 'the bucket is not in us-east-1' );
	const { result } = await withReplay(
		LOCATION,
		'get-bucket-location-us-east-1.http'
	);

	expect( result.ok ).toBe( true );
	expect( checkOf( result, 'bucket_location' ).status ).toBe( 'pass' );
	expect( result.region_detected ).toBe( 'us-east-1' );
} );

for ( const [ file, code ] of [
	[ 'slow-down.http', 'SlowDown' ],
	[ 'internal-error.http', 'InternalError' ],
] as const ) {
	test( `${ code } once is retried, and the test succeeds`, async () => {
		const { result, seq } = await withReplay( LIST, file, 1 );
		const log = await requestsSince( seq );

		expect( result.ok ).toBe( true );
		expect( result.category ).toBe( 'ok' );
		expect( checkOf( result, 'list_bucket' ).status ).toBe( 'pass' );
		const lists = log.filter( ( entry ) =>
			entry.query.includes( 'list-type' )
		);
		expect( lists.map( ( entry ) => entry.code ) ).toEqual( [
			code,
			null,
		] );
		expect( lists[ 1 ]?.status ).toBe( 200 );
		// Retries are not counted against the budget of 10.
		expect( result.requests ).toBe( log.length - 1 );
		expect( result.requests ).toBeLessThanOrEqual( 10 );
	} );

	test( `${ code } every time is retried a bounded number of times, then reported`, async () => {
		const { result, seq } = await withReplay( LIST, file );
		const log = await requestsSince( seq );

		expect( result.ok ).toBe( false );
		expect( result.category ).toBe( 'error' );
		const list = checkOf( result, 'list_bucket' );
		expect( list.status ).toBe( 'fail' );
		expect( list.code ).toBe( code );
		expect( result.message ).toContain( code );
		const attempts = log.filter( ( entry ) =>
			entry.query.includes( 'list-type' )
		);
		expect( attempts.length ).toBeGreaterThan( 1 );
		expect( attempts.length ).toBeLessThanOrEqual( 5 );
		expect( result.duration_ms ).toBeLessThan( 30_000 );
		expect( await leftoverTestObjects() ).toEqual( [] );
	} );
}

test( `InternalError on every PUT: put_object fails with InternalError, nothing left`, async () => {
	const { result } = await withReplay(
		{ method: 'PUT' },
		'internal-error.http'
	);

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'error' );
	const put = checkOf( result, 'put_object' );
	expect( put.status ).toBe( 'fail' );
	expect( put.code ).toBe( 'InternalError' );
	expect( result.leftover_key ).toBeNull();
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

/** A RequestTimeTooSkewed answer naming `serverTime` as S3's clock. */
function skewAnswer( serverTime: Date ): string {
	return awsResponse( 'request-time-too-skewed.http' ).replace(
		/<ServerTime>[^<]*<\/ServerTime>/,
		`<ServerTime>${ serverTime.toISOString().replace( /\.\d{3}Z$/, 'Z' ) }</ServerTime>`
	);
}

test( 'RequestTimeTooSkewed once: the clock is corrected from ServerTime, the request retried, and the skew reported', async () => {
	const seq = await frontClient().lastSeq();
	await frontClient().replay(
		LIST,
		awsResponse( 'request-time-too-skewed.http' ),
		1
	);
	try {
		const result = await runAccessTest( session() );
		const log = await requestsSince( seq );

		// Every permission works once the clock is corrected.
		expect( result.ok ).toBe( true );
		expect( result.category ).toBe( 'clock_skew' );
		for ( const check of result.checks ) {
			expect( check.status, `${ check.id }: ${ check.message }` ).toBe(
				'pass'
			);
		}
		// The recorded answer's ServerTime is 2026-11-27T12:00:03Z.
		const expected = Math.round(
			( Date.parse( '2026-11-27T12:00:03Z' ) - Date.now() ) / 1000
		);
		const offset = Number(
			/(-?\d+) seconds/.exec( result.message )?.[ 1 ]
		);
		expect( Math.abs( offset - expected ) ).toBeLessThanOrEqual( 5 );
		const lists = log.filter( ( entry ) =>
			entry.query.includes( 'list-type' )
		);
		expect( lists.map( ( entry ) => entry.code ) ).toEqual( [
			'RequestTimeTooSkewed',
			null,
		] );
	} finally {
		// The plugin keeps the offset it learnt: teach it the real time again.
		await frontClient().replay( LIST, skewAnswer( new Date() ), 1 );
		const reset = await runAccessTest( session() );
		const offset = Number( /(-?\d+) seconds/.exec( reset.message )?.[ 1 ] );
		expect( Math.abs( offset ) ).toBeLessThanOrEqual( 2 );
	}
} );
