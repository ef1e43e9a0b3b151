/**
 * The guide's user against moto, through the front: allowed and refused
 * exactly as the guide's policy says, with real signature checks.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
	DeleteObjectCommand,
	GetBucketLocationCommand,
	GetObjectCommand,
	ListBucketsCommand,
	ListObjectsV2Command,
	PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
	createGroupUser,
	deleteUser,
	guidePolicy,
	removeUserFromGroup,
	replacePolicyDocument,
	restoreGuidePolicy,
} from '../../tools/s3/iam';
import { errorOf, front, s3Client, s3State, uploadKey } from './helpers';

test.describe( 'the guide’s IAM policy, enforced by moto', () => {
	test( 'put, get and delete an object under wp-content/uploads/', async () => {
		const { bucket, user } = s3State();
		const s3 = s3Client( user );
		const key = uploadKey( 'hello.txt' );
		const body = `hello ${ randomBytes( 8 ).toString( 'hex' ) }`;
		await s3.send(
			new PutObjectCommand( {
				Bucket: bucket,
				Key: key,
				Body: body,
				ContentType: 'text/plain',
			} )
		);
		const got = await s3.send(
			new GetObjectCommand( { Bucket: bucket, Key: key } )
		);
		expect( await got.Body?.transformToString() ).toBe( body );
		const listed = await s3.send(
			new ListObjectsV2Command( {
				Bucket: bucket,
				Prefix: 'wp-content/uploads/s3-tests/',
			} )
		);
		expect(
			( listed.Contents ?? [] ).map( ( object ) => object.Key )
		).toContain( key );
		await s3.send(
			new DeleteObjectCommand( { Bucket: bucket, Key: key } )
		);
		expect(
			(
				await errorOf(
					s3.send(
						new GetObjectCommand( { Bucket: bucket, Key: key } )
					)
				)
			).name
		).toBe( 'NoSuchKey' );
	} );

	test( 'GetBucketLocation is allowed', async () => {
		const { bucket, user } = s3State();
		const location = await s3Client( user ).send(
			new GetBucketLocationCommand( { Bucket: bucket } )
		);
		// us-east-1 answers an empty constraint.
		expect( location.LocationConstraint ?? '' ).toBe( '' );
	} );

	test( 'PutObject at the bucket root is AccessDenied', async () => {
		const { bucket, user } = s3State();
		const error = await errorOf(
			s3Client( user ).send(
				new PutObjectCommand( {
					Bucket: bucket,
					Key: `root-${ Date.now() }.txt`,
					Body: 'x',
				} )
			)
		);
		expect( error ).toEqual( { name: 'AccessDenied', status: 403 } );
	} );

	test( 'ListBuckets is AccessDenied', async () => {
		const error = await errorOf(
			s3Client( s3State().user ).send( new ListBucketsCommand( {} ) )
		);
		expect( error ).toEqual( { name: 'AccessDenied', status: 403 } );
	} );

	test( 'a wrong secret is SignatureDoesNotMatch', async () => {
		const { bucket, user } = s3State();
		const s3 = s3Client( {
			accessKeyId: user.accessKeyId,
			secretAccessKey: `${ user.secretAccessKey }x`,
		} );
		const error = await errorOf(
			s3.send(
				new ListObjectsV2Command( {
					Bucket: bucket,
					Prefix: 'wp-content/uploads/',
					MaxKeys: 1,
				} )
			)
		);
		expect( error ).toEqual( {
			name: 'SignatureDoesNotMatch',
			status: 403,
		} );
	} );

	test( 'an unknown key id is InvalidAccessKeyId', async () => {
		const { bucket } = s3State();
		const s3 = s3Client( {
			accessKeyId: 'AKIAUNKNOWNUNKNOWN00',
			secretAccessKey: 'x'.repeat( 40 ),
		} );
		const error = await errorOf(
			s3.send(
				new ListObjectsV2Command( {
					Bucket: bucket,
					Prefix: 'wp-content/uploads/',
					MaxKeys: 1,
				} )
			)
		);
		expect( error ).toEqual( { name: 'InvalidAccessKeyId', status: 403 } );
	} );

	test( 'a user removed from the group is AccessDenied', async () => {
		const state = s3State();
		const userName = `s3-media-sync-test-${ randomBytes( 4 ).toString( 'hex' ) }`;
		const credentials = await createGroupUser( state, userName );
		try {
			const s3 = s3Client( credentials );
			const list = (): Promise< unknown > =>
				s3.send(
					new ListObjectsV2Command( {
						Bucket: state.bucket,
						Prefix: 'wp-content/uploads/',
						MaxKeys: 1,
					} )
				);
			await list();
			await removeUserFromGroup( state, userName );
			expect( await errorOf( list() ) ).toEqual( {
				name: 'AccessDenied',
				status: 403,
			} );
		} finally {
			await deleteUser( state, userName );
		}
	} );

	test( 'a policy without s3:PutObject refuses uploads until restored', async () => {
		const state = s3State();
		const s3 = s3Client( state.user );
		const key = uploadKey( 'policy.txt' );
		const narrowed = guidePolicy( state.bucket );
		const objectStatement = narrowed.Statement[ 1 ];
		if ( ! objectStatement ) {
			throw new Error( 'the guide policy has two statements' );
		}
		objectStatement.Action = [
			's3:GetObject',
			's3:DeleteObject',
			's3:PutObjectAcl',
		];
		await replacePolicyDocument( state, narrowed );
		try {
			expect(
				await errorOf(
					s3.send(
						new PutObjectCommand( {
							Bucket: state.bucket,
							Key: key,
							Body: 'x',
						} )
					)
				)
			).toEqual( { name: 'AccessDenied', status: 403 } );
		} finally {
			await restoreGuidePolicy( state, state.bucket );
		}
		await s3.send(
			new PutObjectCommand( {
				Bucket: state.bucket,
				Key: key,
				Body: 'x',
			} )
		);
		await s3.send(
			new DeleteObjectCommand( { Bucket: state.bucket, Key: key } )
		);
	} );

	test( 'the request log records who asked and what moto answered', async () => {
		const { bucket, user } = s3State();
		const control = front();
		const since = await control.lastSeq();
		await errorOf( s3Client( user ).send( new ListBucketsCommand( {} ) ) );
		await s3Client( user ).send(
			new GetBucketLocationCommand( { Bucket: bucket } )
		);
		const entries = await control.log( since );
		expect(
			entries.map(
				( { method, path, kind, accessKeyId, status, code } ) => ( {
					method,
					path,
					kind,
					accessKeyId,
					status,
					code,
				} )
			)
		).toEqual( [
			{
				method: 'GET',
				path: '/',
				kind: 'signed',
				accessKeyId: user.accessKeyId,
				status: 403,
				code: 'AccessDenied',
			},
			{
				method: 'GET',
				path: expect.stringMatching( new RegExp( `^/${ bucket }/?$` ) ),
				kind: 'signed',
				accessKeyId: user.accessKeyId,
				status: 200,
				code: null,
			},
		] );
		expect( entries[ 1 ]?.query ).toContain( 'location' );
	} );
} );
