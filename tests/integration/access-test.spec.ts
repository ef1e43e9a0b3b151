/**
 * Test S3 Access (POST /s3-media-sync/v1/test) against moto with IAM on,
 * behind the S3 front: the guide followed literally, then each way the guide
 * says it can go wrong, made real through the IAM API (a wrong key, a user
 * out of the group, a policy missing one action, a bucket that is not there,
 * a key prefix, S3 down). Every test saves its settings first (the check runs
 * on the saved settings) and puts IAM and the front back in afterEach.
 */
import { expect, test } from '@playwright/test';

import {
	createGroupUser,
	deleteUser,
	guidePolicy,
	removeUserFromGroup,
	replacePolicyDocument,
} from '../../tools/s3/iam';
import {
	accessTestHooks,
	checkOf,
	deleteAsAdmin,
	expectCheckOrder,
	frontClient,
	guideSettings,
	keysUnder,
	leftoverTestObjects,
	objectExists,
	policyWithout,
	requestsSince,
	runAccessTest,
	s3,
	saveSettings,
	TEST_ROUTE,
	uniqueName,
	wordsOf,
	type AccessResult,
} from './access-helpers';

const session = accessTestHooks();

test( 'the guide followed literally: ok, every check passes, nothing left in the bucket', async () => {
	const { bucket, user } = s3();
	const before = await keysUnder( 'wp-content/uploads/' );
	const seq = await frontClient().lastSeq();

	const result = await runAccessTest( session() );
	// Read before anything else talks to the front.
	const log = await requestsSince( seq );

	expect( result.ok ).toBe( true );
	expect( result.category ).toBe( 'ok' );
	expectCheckOrder( result );
	for ( const check of result.checks ) {
		expect( check.status, `${ check.id }: ${ check.message }` ).toBe(
			'pass'
		);
		expect( check.code ).toBeNull();
	}
	expect( result.leftover_key ).toBeNull();
	expect( result.requests ).toBeLessThanOrEqual( 10 );
	expect( result.duration_ms ).toBeLessThan( 30_000 );
	expect( result.policy ).toEqual( guidePolicy( bucket ) );

	// Nothing left: the test object was created and removed.
	expect( await keysUnder( 'wp-content/uploads/' ) ).toEqual( before );

	// The front saw exactly what the plugin counted, all within the policy.
	expect( log.length ).toBe( result.requests );
	const mine = log.filter(
		( entry ) => entry.accessKeyId === user.accessKeyId
	);
	expect( mine.filter( ( entry ) => entry.code === 'AccessDenied' ) ).toEqual(
		[]
	);
	expect( mine.every( ( entry ) => entry.status < 400 ) ).toBe( true );
	const testObject = new RegExp(
		`^/${ bucket }/wp-content/uploads/s3-media-sync-test-[^/]+\\.txt$`
	);
	expect(
		mine.some(
			( entry ) => entry.method === 'PUT' && testObject.test( entry.path )
		)
	).toBe( true );
	expect(
		mine.some(
			( entry ) =>
				entry.method === 'DELETE' &&
				testObject.test( entry.path ) &&
				entry.status === 204
		)
	).toBe( true );
	// public_url was judged by the front: an anonymous GET that it served.
	expect(
		log.some(
			( entry ) =>
				entry.kind === 'anonymous' &&
				entry.method === 'GET' &&
				testObject.test( entry.path ) &&
				entry.status === 200
		)
	).toBe( true );
	// Never outside the policy: no HeadBucket, no ListBuckets, no root keys.
	for ( const entry of mine ) {
		expect(
			entry.path === `/${ bucket }` ||
				entry.path.startsWith( `/${ bucket }/wp-content/uploads/` ),
			`${ entry.method } ${ entry.path }?${ entry.query }`
		).toBe( true );
		expect( entry.method ).not.toBe( 'HEAD' );
	}
} );

test( 'a wrong secret is "Invalid credentials" (SignatureDoesNotMatch)', async () => {
	await saveSettings(
		session(),
		guideSettings( {
			secret_access_key: `${ s3().user.secretAccessKey.slice(
				0,
				-4
			) }XXXX`,
		} )
	);

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'invalid_credentials' );
	expect( result.title ).toBe( 'Invalid credentials' );
	expectCheckOrder( result );
	const credentials = checkOf( result, 'credentials' );
	expect( credentials.status ).toBe( 'fail' );
	expect( credentials.code ).toBe( 'SignatureDoesNotMatch' );
	expect( wordsOf( credentials ) ).toMatch( /Secret Access Key/ );
	// The guide's "Invalid credentials" list, narrowed: the secret, not the id.
	expect( result.message ).toMatch( /Secret Access Key/i );
	// Nothing else can work with a bad signature: skipped, not failed again.
	for ( const id of [
		'bucket_location',
		'put_object',
		'put_object_acl',
		'get_object',
		'public_url',
		'delete_object',
	] as const ) {
		expect( checkOf( result, id ).status ).toBe( 'skip' );
	}
	expect( result.leftover_key ).toBeNull();
} );

test( 'an unknown access key id is "Invalid credentials" (InvalidAccessKeyId), naming the key', async () => {
	const unknownKey = 'AKIAIOSFODNN7EXAMPLE';
	await saveSettings(
		session(),
		guideSettings( { access_key_id: unknownKey } )
	);

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'invalid_credentials' );
	expect( result.title ).toBe( 'Invalid credentials' );
	const credentials = checkOf( result, 'credentials' );
	expect( credentials.status ).toBe( 'fail' );
	expect( credentials.code ).toBe( 'InvalidAccessKeyId' );
	expect( credentials.hints.join( '\n' ) ).toContain( unknownKey );
	// The guide: "The IAM user is active and not deleted".
	expect( credentials.hints.join( '\n' ) ).toMatch( /not deleted/ );
	expect( checkOf( result, 'put_object' ).status ).toBe( 'skip' );
} );

test( 'a user removed from the group is "Access Denied", naming s3:ListBucket and the group', async () => {
	const target = s3();
	const userName = uniqueName( 's3ms-it-outside' );
	const keys = await createGroupUser( target, userName );
	try {
		await removeUserFromGroup( target, userName );
		await saveSettings(
			session(),
			guideSettings( {
				access_key_id: keys.accessKeyId,
				secret_access_key: keys.secretAccessKey,
			} )
		);

		const result = await runAccessTest( session() );

		expect( result.ok ).toBe( false );
		expect( result.category ).toBe( 'access_denied' );
		expect( result.title ).toBe( 'Access Denied' );
		expectCheckOrder( result );
		// The key itself is fine: moto knew it and checked its signature.
		expect( checkOf( result, 'credentials' ).status ).toBe( 'pass' );
		const list = checkOf( result, 'list_bucket' );
		expect( list.status ).toBe( 'fail' );
		expect( list.code ).toBe( 'AccessDenied' );
		expect( list.permission ).toBe( 's3:ListBucket' );
		expect( list.message ).toContain( 's3:ListBucket' );
		expect( result.message ).toContain( 's3:ListBucket' );
		const hints = list.hints.join( '\n' );
		expect( hints ).toMatch( /policy is attached to the group/ );
		expect( hints ).toMatch( /user is in the group/ );
		// Nothing was written, so nothing to clean up.
		expect( result.leftover_key ).toBeNull();
		expect( await leftoverTestObjects() ).toEqual( [] );
	} finally {
		await deleteUser( target, userName );
	}
} );

test( 'a policy without s3:PutObjectAcl: put_object_acl fails and names s3:PutObjectAcl', async () => {
	await replacePolicyDocument( s3(), policyWithout( 's3:PutObjectAcl' ) );

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'access_denied' );
	expect( result.title ).toBe( 'Access Denied' );
	expectCheckOrder( result );
	const acl = checkOf( result, 'put_object_acl' );
	expect( acl.status ).toBe( 'fail' );
	expect( acl.code ).toBe( 'AccessDenied' );
	expect( acl.message ).toContain( 's3:PutObjectAcl' );
	expect( acl.hints.join( '\n' ) ).toContain( 's3:PutObjectAcl' );
	expect( result.message ).toContain( 's3:PutObjectAcl' );
	// Not mistaken for Block Public Access, nor for a missing s3:PutObject.
	expect( checkOf( result, 'put_object' ).status ).toBe( 'pass' );
	// The test object was still removed.
	expect( result.leftover_key ).toBeNull();
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

test( 'a policy without s3:DeleteObject: delete_object fails and leftover_key names the object left', async () => {
	await replacePolicyDocument( s3(), policyWithout( 's3:DeleteObject' ) );

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'access_denied' );
	expect( result.title ).toBe( 'Access Denied' );
	const deletion = checkOf( result, 'delete_object' );
	expect( deletion.status ).toBe( 'fail' );
	expect( deletion.code ).toBe( 'AccessDenied' );
	expect( wordsOf( deletion ) ).toContain( 's3:DeleteObject' );
	expect( result.message ).toContain( 's3:DeleteObject' );
	for ( const id of [
		'credentials',
		'list_bucket',
		'bucket_location',
		'put_object',
		'put_object_acl',
		'get_object',
		'public_url',
	] as const ) {
		expect( checkOf( result, id ).status ).toBe( 'pass' );
	}
	expect( result.leftover_key ).toMatch(
		/^wp-content\/uploads\/s3-media-sync-test-[^/]+\.txt$/
	);
	const leftover = result.leftover_key ?? '';
	try {
		expect( await objectExists( leftover ) ).toBe( true );
	} finally {
		await deleteAsAdmin( leftover );
	}
	expect( await objectExists( leftover ) ).toBe( false );
} );

test( 'a policy without s3:GetObject: get_object fails and names s3:GetObject', async () => {
	await replacePolicyDocument( s3(), policyWithout( 's3:GetObject' ) );

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'access_denied' );
	expect( result.title ).toBe( 'Access Denied' );
	const read = checkOf( result, 'get_object' );
	expect( read.status ).toBe( 'fail' );
	expect( read.code ).toBe( 'AccessDenied' );
	expect( read.message ).toContain( 's3:GetObject' );
	expect( read.hints.join( '\n' ) ).toContain( 's3:GetObject' );
	expect( result.message ).toContain( 's3:GetObject' );
	// Reads failed, but the rest still ran and the object was removed.
	expect( checkOf( result, 'put_object' ).status ).toBe( 'pass' );
	expect( checkOf( result, 'delete_object' ).status ).toBe( 'pass' );
	expect( result.leftover_key ).toBeNull();
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

test( 'a policy without s3:GetBucketLocation: bucket_location fails and names it', async () => {
	await replacePolicyDocument(
		s3(),
		policyWithout( 's3:GetBucketLocation' )
	);

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'access_denied' );
	expect( result.title ).toBe( 'Access Denied' );
	const location = checkOf( result, 'bucket_location' );
	expect( location.status ).toBe( 'fail' );
	expect( location.code ).toBe( 'AccessDenied' );
	expect( location.message ).toContain( 's3:GetBucketLocation' );
	expect( location.hints.join( '\n' ) ).toContain(
		`s3:GetBucketLocation on arn:aws:s3:::${ s3().bucket }`
	);
	expect( result.message ).toContain( 's3:GetBucketLocation' );
	expect( checkOf( result, 'list_bucket' ).status ).toBe( 'pass' );
	expect( checkOf( result, 'delete_object' ).status ).toBe( 'pass' );
	expect( result.region_detected ).toBeNull();
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

test( 'a bucket that does not exist is "Bucket does not exist"', async () => {
	const missing = uniqueName( 's3ms-missing' );
	await saveSettings( session(), guideSettings( { bucket: missing } ) );

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'bucket_not_found' );
	expect( result.title ).toBe( 'Bucket does not exist' );
	const list = checkOf( result, 'list_bucket' );
	expect( list.status ).toBe( 'fail' );
	expect( list.code ).toBe( 'NoSuchBucket' );
	const hints = list.hints.join( '\n' );
	// The guide's "Bucket does not exist" list, with the name filled in.
	expect( hints ).toContain( missing );
	expect( hints ).toMatch( /case-sensitive/ );
	expect( hints ).toMatch( /region/ );
	// Not an error about the key: S3 said nothing about it.
	expect( checkOf( result, 'credentials' ).status ).not.toBe( 'fail' );
	expect( checkOf( result, 'put_object' ).status ).toBe( 'skip' );
	expect( result.policy.Statement[ 0 ]?.Resource ).toBe(
		`arn:aws:s3:::${ missing }`
	);
} );

test( 'a missing bucket answered with moto’s own AccessDenied still says the bucket may not exist', async () => {
	await frontClient().noSuchBucket( false );
	const missing = uniqueName( 's3ms-missing' );
	await saveSettings( session(), guideSettings( { bucket: missing } ) );

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'access_denied' );
	expect( result.title ).toBe( 'Access Denied' );
	const list = checkOf( result, 'list_bucket' );
	expect( list.status ).toBe( 'fail' );
	expect( list.code ).toBe( 'AccessDenied' );
	const hints = list.hints.join( '\n' );
	// The guide's Access Denied list covers a missing bucket too.
	expect( hints ).toContain( missing );
	expect( hints ).toMatch( /spelled correctly/ );
	expect( hints ).toMatch( /exists in the region/ );
} );

test( 'a key prefix moves the generated policy and the test object under it', async () => {
	const { bucket } = s3();
	await replacePolicyDocument( s3(), guidePolicy( bucket, 'staging/' ) );
	await saveSettings(
		session(),
		guideSettings( { key_prefix: 'staging/' } )
	);
	const seq = await frontClient().lastSeq();

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( true );
	expect( result.category ).toBe( 'ok' );
	for ( const check of result.checks ) {
		expect( check.status, `${ check.id }: ${ check.message }` ).toBe(
			'pass'
		);
	}
	expect( result.policy.Statement[ 1 ]?.Resource ).toBe(
		`arn:aws:s3:::${ bucket }/staging/wp-content/uploads/*`
	);
	expect( result.policy ).toEqual( guidePolicy( bucket, 'staging/' ) );

	const log = await requestsSince( seq );
	const puts = log.filter( ( entry ) => entry.method === 'PUT' );
	expect( puts.length ).toBeGreaterThan( 0 );
	for ( const put of puts ) {
		expect( put.path ).toMatch(
			new RegExp(
				`^/${ bucket }/staging/wp-content/uploads/s3-media-sync-test-[^/]+\\.txt$`
			)
		);
	}
	const list = log.find( ( entry ) => entry.query.includes( 'list-type' ) );
	expect( list?.query ).toContain(
		'prefix=staging%2Fwp-content%2Fuploads%2F'
	);
	expect( await keysUnder( 'staging/' ) ).toEqual( [] );
} );

test( 'the S3 endpoint down is "endpoint unreachable", well within 30 s', async () => {
	await frontClient().down();
	const started = Date.now();

	const result = await runAccessTest( session() );

	const elapsed = Date.now() - started;
	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'endpoint_unreachable' );
	expect( result.duration_ms ).toBeLessThan( 30_000 );
	expect( elapsed ).toBeLessThan( 30_000 );
	const list = checkOf( result, 'list_bucket' );
	expect( list.status ).toBe( 'fail' );
	expect( list.hints.join( '\n' ) ).toContain( s3().endpoint );
	// Unreachable says nothing about the key.
	expect( checkOf( result, 'credentials' ).status ).toBe( 'skip' );
	expect( checkOf( result, 'put_object' ).status ).toBe( 'skip' );
} );

test( 'S3 answering slowly (6 s a request) still gets an answer within 30 s, and names anything it left', async () => {
	test.setTimeout( 120_000 );
	await frontClient().latency( 6_000 );
	const started = Date.now();

	// Not session().rest(): its 30 s client timeout would hide an overrun.
	const response = await session().http.fetch( `/wp-json/${ TEST_ROUTE }`, {
		method: 'POST',
		headers: { 'X-WP-Nonce': session().nonce },
		timeout: 90_000,
	} );
	const elapsed = Date.now() - started;
	expect( response.status() ).toBe( 200 );
	const result = ( await response.json() ) as AccessResult;
	console.log(
		`    → ${ result.category }: ${ result.message } [${ result.checks
			.map( ( check ) => `${ check.id }=${ check.status }` )
			.join( ' ' ) }] ${ result.duration_ms }ms (seen: ${ elapsed }ms)`
	);
	await frontClient().latency( 0 );

	// docs/rest-api.md: a run never takes longer than 30 s.
	expect.soft( result.duration_ms ).toBeLessThan( 30_000 );
	// The REST request around it: WordPress boot and JSON on top of the checks.
	expect.soft( elapsed ).toBeLessThan( 31_000 );
	expect( result.ok ).toBe( false );
	// A test object left behind is named, and only then.
	expect( await leftoverTestObjects() ).toEqual(
		result.leftover_key === null ? [] : [ result.leftover_key ]
	);
} );

test( 'private ACL: anonymous reads refused, presigned URL served: ok', async () => {
	const { bucket } = s3();
	await saveSettings( session(), guideSettings( { object_acl: 'private' } ) );
	const seq = await frontClient().lastSeq();

	const result = await runAccessTest( session() );
	const log = await requestsSince( seq );

	expect( result.ok ).toBe( true );
	expect( result.category ).toBe( 'ok' );
	for ( const check of result.checks ) {
		expect( check.status, `${ check.id }: ${ check.message }` ).toBe(
			'pass'
		);
	}
	const testObject = new RegExp(
		`^/${ bucket }/wp-content/uploads/s3-media-sync-test-[^/]+\\.txt$`
	);
	// Judged by the front: the anonymous GET refused, the presigned one served.
	expect(
		log.some(
			( entry ) =>
				entry.kind === 'anonymous' &&
				testObject.test( entry.path ) &&
				entry.status === 403
		)
	).toBe( true );
	expect(
		log.some(
			( entry ) =>
				entry.kind === 'presigned' &&
				testObject.test( entry.path ) &&
				entry.status === 200
		)
	).toBe( true );
	expect( result.requests ).toBeLessThanOrEqual( 10 );
	expect( await leftoverTestObjects() ).toEqual( [] );
} );

test( 'bucket-default ACL with presigned URLs: no ACL sent, put_object_acl skipped, ok', async () => {
	await saveSettings(
		session(),
		guideSettings( { object_acl: 'bucket-default', sign_urls: true } )
	);

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( true );
	expect( result.category ).toBe( 'ok' );
	expect( checkOf( result, 'put_object_acl' ).status ).toBe( 'skip' );
	for ( const id of [
		'credentials',
		'list_bucket',
		'bucket_location',
		'put_object',
		'get_object',
		'public_url',
		'delete_object',
	] as const ) {
		expect( checkOf( result, id ).status ).toBe( 'pass' );
	}
	expect( await leftoverTestObjects() ).toEqual( [] );
} );
