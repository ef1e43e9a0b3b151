/**
 * What the S3 front adds to moto: presigned URL verification, anonymous
 * reads by ACL, NoSuchBucket, and the control API's faults. Each test can
 * fail: a front that only passed requests through fails most of them.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import {
	DeleteObjectCommand,
	GetObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	type ObjectCannedACL,
} from '@aws-sdk/client-s3';
import {
	awsResponse,
	errorOf,
	front,
	presign,
	s3Client,
	s3State,
	uploadKey,
} from './helpers';
import {
	assumeRole,
	createGuideRole,
	deleteGuideRole,
	type TemporaryCredentials,
} from '../../tools/s3/sts';

const created: string[] = [];

async function putObject(
	acl: ObjectCannedACL,
	body = `body ${ randomBytes( 8 ).toString( 'hex' ) }`
): Promise< { key: string; body: string } > {
	const { bucket, user } = s3State();
	const key = uploadKey( `${ acl }.txt` );
	await s3Client( user ).send(
		new PutObjectCommand( {
			Bucket: bucket,
			Key: key,
			Body: body,
			ACL: acl,
			ContentType: 'text/plain',
		} )
	);
	created.push( key );
	return { key, body };
}

function codeOf( xml: string ): string | undefined {
	return /<Code>([^<]+)<\/Code>/.exec( xml )?.[ 1 ];
}

test.afterEach( async () => {
	await front().reset();
	const { bucket, user } = s3State();
	const s3 = s3Client( user );
	for ( const key of created.splice( 0 ) ) {
		await s3.send(
			new DeleteObjectCommand( { Bucket: bucket, Key: key } )
		);
	}
} );

test.describe( 'presigned URLs, judged by the AWS SDK’s signer', () => {
	test( 'a presigned GET serves the object', async () => {
		const { bucket, user } = s3State();
		const { key, body } = await putObject( 'private' );
		const response = await fetch(
			await presign( user, 'GET', `${ bucket }/${ key }` )
		);
		expect( response.status ).toBe( 200 );
		expect( await response.text() ).toBe( body );
	} );

	test( 'a tampered signature is SignatureDoesNotMatch', async () => {
		const { bucket, user } = s3State();
		const { key } = await putObject( 'private' );
		const url = new URL(
			await presign( user, 'GET', `${ bucket }/${ key }` )
		);
		const signature = url.searchParams.get( 'X-Amz-Signature' ) ?? '';
		url.searchParams.set(
			'X-Amz-Signature',
			( signature.startsWith( '0' ) ? '1' : '0' ) + signature.slice( 1 )
		);
		const response = await fetch( url );
		expect( response.status ).toBe( 403 );
		expect( codeOf( await response.text() ) ).toBe(
			'SignatureDoesNotMatch'
		);
	} );

	test( 'a URL whose key was changed is SignatureDoesNotMatch', async () => {
		const { bucket, user } = s3State();
		const { key } = await putObject( 'private' );
		const other = await putObject( 'private' );
		const url = (
			await presign( user, 'GET', `${ bucket }/${ key }` )
		).replace( key, other.key );
		const response = await fetch( url );
		expect( response.status ).toBe( 403 );
		expect( codeOf( await response.text() ) ).toBe(
			'SignatureDoesNotMatch'
		);
	} );

	test( 'a URL signed with a wrong secret is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId', async () => {
		const { bucket, user } = s3State();
		const { key } = await putObject( 'private' );
		const wrongSecret = await fetch(
			await presign(
				{
					accessKeyId: user.accessKeyId,
					secretAccessKey: `${ user.secretAccessKey }x`,
				},
				'GET',
				`${ bucket }/${ key }`
			)
		);
		expect( wrongSecret.status ).toBe( 403 );
		expect( codeOf( await wrongSecret.text() ) ).toBe(
			'SignatureDoesNotMatch'
		);
		const unknown = await fetch(
			await presign(
				{
					accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
					secretAccessKey: 'x'.repeat( 40 ),
				},
				'GET',
				`${ bucket }/${ key }`
			)
		);
		expect( unknown.status ).toBe( 403 );
		expect( codeOf( await unknown.text() ) ).toBe( 'InvalidAccessKeyId' );
	} );

	test( 'an expired URL is AccessDenied "Request has expired"', async () => {
		const { bucket, user } = s3State();
		const { key } = await putObject( 'private' );
		const url = await presign( user, 'GET', `${ bucket }/${ key }`, {
			expiresIn: 60,
			signingDate: new Date( Date.now() - 120_000 ),
		} );
		const response = await fetch( url );
		expect( response.status ).toBe( 403 );
		const text = await response.text();
		expect( codeOf( text ) ).toBe( 'AccessDenied' );
		expect( text ).toContain( 'Request has expired' );
	} );

	test( 'a presigned request is still judged by IAM: PUT at the bucket root is AccessDenied', async () => {
		const { bucket, user } = s3State();
		const inside = uploadKey( 'presigned-put.txt' );
		const allowed = await fetch(
			await presign( user, 'PUT', `${ bucket }/${ inside }` ),
			{ method: 'PUT', body: 'put through a presigned URL' }
		);
		expect( allowed.status ).toBe( 200 );
		created.push( inside );
		const got = await s3Client( user ).send(
			new GetObjectCommand( { Bucket: bucket, Key: inside } )
		);
		expect( await got.Body?.transformToString() ).toBe(
			'put through a presigned URL'
		);

		const denied = await fetch(
			await presign(
				user,
				'PUT',
				`${ bucket }/root-${ Date.now() }.txt`
			),
			{ method: 'PUT', body: 'x' }
		);
		expect( denied.status ).toBe( 403 );
		expect( codeOf( await denied.text() ) ).toBe( 'AccessDenied' );
	} );
} );

test.describe( 'temporary (STS) credentials', () => {
	const role = `s3-media-sync-front-${ randomBytes( 4 ).toString( 'hex' ) }`;
	let sts: TemporaryCredentials;
	const iamTarget = () => ( {
		motoUrl: s3State().motoUrl,
		admin: s3State().admin,
		region: s3State().region,
	} );

	test.beforeAll( async () => {
		sts = await assumeRole(
			iamTarget(),
			await createGuideRole( iamTarget(), role ),
			'front-test'
		);
		await front().registerCredentials( sts );
	} );

	test.afterAll( async () => {
		await deleteGuideRole( iamTarget(), role );
	} );

	test( 'header-signed and presigned requests with the session token are served; moto judges the token the front passes on', async () => {
		expect( sts.accessKeyId ).toMatch( /^ASIA/ );
		const { bucket } = s3State();
		const { key, body } = await putObject( 'private' );

		// Header-signed: the SDK sends x-amz-security-token, the front passes it through.
		const read = await s3Client( sts ).send(
			new GetObjectCommand( { Bucket: bucket, Key: key } )
		);
		expect( await read.Body?.transformToString() ).toBe( body );

		const url = await presign( sts, 'GET', `${ bucket }/${ key }` );
		expect(
			new URL( url ).searchParams.get( 'X-Amz-Security-Token' )
		).toBe( sts.sessionToken );
		const served = await fetch( url );
		expect( served.status ).toBe( 200 );
		expect( await served.text() ).toBe( body );

		// Signed over another token: the signature holds, the token does not.
		const wrongToken = await fetch(
			await presign(
				{ ...sts, sessionToken: `${ sts.sessionToken }x` },
				'GET',
				`${ bucket }/${ key }`
			)
		);
		expect( wrongToken.status ).toBe( 400 );
		expect( codeOf( await wrongToken.text() ) ).toBe( 'InvalidToken' );

		// The temporary key without its token is not a key moto knows.
		const noToken = await fetch(
			await presign(
				{
					accessKeyId: sts.accessKeyId,
					secretAccessKey: sts.secretAccessKey,
				},
				'GET',
				`${ bucket }/${ key }`
			)
		);
		expect( noToken.status ).toBe( 403 );
		expect( codeOf( await noToken.text() ) ).toBe( 'InvalidAccessKeyId' );
	} );
} );

test.describe( 'anonymous reads follow the object ACL', () => {
	test( 'public-read is served, private is AccessDenied', async () => {
		const { endpoint, bucket } = s3State();
		const publicObject = await putObject( 'public-read' );
		const privateObject = await putObject( 'private' );
		const open = await fetch(
			`${ endpoint }/${ bucket }/${ publicObject.key }`
		);
		expect( open.status ).toBe( 200 );
		expect( await open.text() ).toBe( publicObject.body );
		const head = await fetch(
			`${ endpoint }/${ bucket }/${ publicObject.key }`,
			{ method: 'HEAD' }
		);
		expect( head.status ).toBe( 200 );
		expect( head.headers.get( 'content-length' ) ).toBe(
			String( Buffer.byteLength( publicObject.body ) )
		);

		const closed = await fetch(
			`${ endpoint }/${ bucket }/${ privateObject.key }`
		);
		expect( closed.status ).toBe( 403 );
		expect( codeOf( await closed.text() ) ).toBe( 'AccessDenied' );
		const missing = await fetch(
			`${ endpoint }/${ bucket }/wp-content/uploads/no-such-object-${ Date.now() }.txt`
		);
		expect( missing.status ).toBe( 403 );
		await missing.body?.cancel();
	} );
} );

test.describe( 'a bucket that does not exist', () => {
	test( 'is 404 NoSuchBucket, as AWS answers (moto alone says AccessDenied)', async () => {
		const { endpoint, user } = s3State();
		const missing = `no-such-bucket-${ randomBytes( 4 ).toString( 'hex' ) }`;
		const list = (): Promise< unknown > =>
			s3Client( user ).send(
				new ListObjectsV2Command( {
					Bucket: missing,
					Prefix: 'wp-content/uploads/',
					MaxKeys: 1,
				} )
			);
		expect( await errorOf( list() ) ).toEqual( {
			name: 'NoSuchBucket',
			status: 404,
		} );
		const anonymous = await fetch(
			`${ endpoint }/${ missing }/wp-content/uploads/a.jpg`
		);
		expect( anonymous.status ).toBe( 404 );
		expect( codeOf( await anonymous.text() ) ).toBe( 'NoSuchBucket' );

		await front().noSuchBucket( false );
		expect( await errorOf( list() ) ).toEqual( {
			name: 'AccessDenied',
			status: 403,
		} );
	} );
} );

test.describe( 'the control API', () => {
	test( 'a replayed SlowDown answers the matching request once, then S3 is back', async () => {
		const { bucket, user } = s3State();
		const { key, body } = await putObject( 'private' );
		const s3 = s3Client( user );
		const control = front();
		const since = await control.lastSeq();
		await control.replay(
			{
				method: 'GET',
				path: `/${ bucket }/wp-content/uploads/s3-tests/`,
			},
			awsResponse( 'slow-down.http' ),
			1
		);
		expect(
			await errorOf(
				s3.send( new GetObjectCommand( { Bucket: bucket, Key: key } ) )
			)
		).toEqual( {
			name: 'SlowDown',
			status: 503,
		} );
		const again = await s3.send(
			new GetObjectCommand( { Bucket: bucket, Key: key } )
		);
		expect( await again.Body?.transformToString() ).toBe( body );
		const log = await control.log( since );
		expect(
			log.map( ( entry ) => [ entry.kind, entry.status, entry.code ] )
		).toEqual( [
			[ 'replayed', 503, 'SlowDown' ],
			[ 'signed', 200, null ],
		] );
	} );

	test( 'a replay matches on method, query and header, and stays until cleared', async () => {
		const { bucket, user } = s3State();
		const s3 = s3Client( user );
		const control = front();
		await control.replay(
			{
				method: 'PUT',
				query: 'x-id=PutObject',
				header: [ 'x-amz-acl', 'public-read' ],
			},
			awsResponse( 'acl-not-supported.http' )
		);
		for ( let i = 0; i < 2; i++ ) {
			const error = await errorOf(
				s3.send(
					new PutObjectCommand( {
						Bucket: bucket,
						Key: uploadKey( 'acl.txt' ),
						Body: 'x',
						ACL: 'public-read',
					} )
				)
			);
			expect( error ).toEqual( {
				name: 'AccessControlListNotSupported',
				status: 400,
			} );
		}
		// Without the ACL header the request is not matched and reaches moto.
		const { key } = await putObject( 'private' );
		expect( key ).toBeTruthy();
		await control.clearReplays();
		await putObject( 'public-read' );
	} );

	test( 'down refuses connections, up serves again', async () => {
		const { endpoint, bucket, user } = s3State();
		const control = front();
		await control.down();
		const refused = await fetch( `${ endpoint }/${ bucket }/x` ).then(
			() => 'answered',
			( error: { cause?: { code?: string } } ) =>
				error.cause?.code ?? 'failed'
		);
		expect( refused ).toBe( 'ECONNREFUSED' );
		await control.up();
		const listed = await s3Client( user ).send(
			new ListObjectsV2Command( {
				Bucket: bucket,
				Prefix: 'wp-content/uploads/',
				MaxKeys: 1,
			} )
		);
		expect( listed.$metadata.httpStatusCode ).toBe( 200 );
	} );

	test( 'down also cuts a connection in the middle of an answer', async () => {
		const { endpoint, bucket } = s3State();
		const control = front();
		await control.latency( 1500 );
		const outcome = new Promise< string >( ( resolve ) => {
			const request = httpRequest(
				`${ endpoint }/${ bucket }/wp-content/uploads/x.txt`
			);
			request.on( 'response', () => resolve( 'answered' ) );
			request.on( 'error', ( error: NodeJS.ErrnoException ) =>
				resolve( error.code ?? 'error' )
			);
			request.end();
		} );
		await new Promise( ( resolve ) => setTimeout( resolve, 300 ) );
		await control.down();
		expect( await outcome ).toBe( 'ECONNRESET' );
	} );

	test( 'latency is added before each request', async () => {
		const { bucket, user } = s3State();
		const s3 = s3Client( user );
		const list = (): Promise< unknown > =>
			s3.send(
				new ListObjectsV2Command( {
					Bucket: bucket,
					Prefix: 'wp-content/uploads/',
					MaxKeys: 1,
				} )
			);
		await list();
		await front().latency( 250 );
		const started = performance.now();
		await list();
		expect( performance.now() - started ).toBeGreaterThanOrEqual( 250 );
		await front().latency( 0 );
		const fast = performance.now();
		await list();
		expect( performance.now() - fast ).toBeLessThan( 250 );
	} );
} );
