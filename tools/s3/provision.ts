/**
 * Builds in moto exactly what the setup guide has the user build in AWS:
 * a group, the guide's managed policy attached to it, a user in the group
 * with an access key. An admin user stands for the bucket owner.
 */
import {
	AttachGroupPolicyCommand,
	CreateGroupCommand,
	CreatePolicyCommand,
	CreateUserCommand,
	PutUserPolicyCommand,
	AddUserToGroupCommand,
} from '@aws-sdk/client-iam';
import { S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';
import type { S3Credentials } from '../lib/run-state';
import {
	ADMIN_NAME,
	ADMIN_POLICY,
	GROUP_NAME,
	POLICY_NAME,
	USER_NAME,
	createAccessKey,
	guidePolicy,
	iamClient,
} from './iam';
import { setMotoAuth } from './moto';

export { guidePolicy };

export interface ProvisionOptions {
	motoUrl: string;
	bucket: string;
	region?: string;
}

export interface Provisioned {
	/** The guide's user `s3-media-sync`. */
	user: S3Credentials;
	/** The admin that stands for the bucket owner. */
	admin: S3Credentials;
	policyArn: string;
}

export async function provision(
	options: ProvisionOptions
): Promise< Provisioned > {
	const { motoUrl, bucket } = options;
	const region = options.region ?? 'us-east-1';

	// With checks off moto takes any signature: the first key is made up.
	await setMotoAuth( motoUrl, 'inf' );
	try {
		const bootstrap = iamClient( {
			motoUrl,
			region,
			admin: {
				accessKeyId: 'AKIABOOTSTRAP0000000',
				secretAccessKey: 'bootstrap',
			},
		} );
		await bootstrap.send(
			new CreateUserCommand( { UserName: ADMIN_NAME } )
		);
		await bootstrap.send(
			new PutUserPolicyCommand( {
				UserName: ADMIN_NAME,
				PolicyName: 'AllowEverything',
				PolicyDocument: JSON.stringify( ADMIN_POLICY ),
			} )
		);
		const admin = await createAccessKey( bootstrap, ADMIN_NAME );
		const iam = iamClient( { motoUrl, region, admin } );

		const s3 = new S3Client( {
			endpoint: motoUrl,
			region,
			forcePathStyle: true,
			credentials: { ...admin },
			maxAttempts: 1,
		} );
		await s3.send(
			new CreateBucketCommand( {
				Bucket: bucket,
				// us-east-1 is the one region that takes no location constraint.
				...( region === 'us-east-1'
					? {}
					: {
							CreateBucketConfiguration: {
								LocationConstraint: region as never,
							},
						} ),
			} )
		);

		// The guide's steps, in the guide's order.
		await iam.send( new CreateGroupCommand( { GroupName: GROUP_NAME } ) );
		const { Policy: policy } = await iam.send(
			new CreatePolicyCommand( {
				PolicyName: POLICY_NAME,
				Description:
					'Permissions required for S3 Media Sync WordPress plugin',
				PolicyDocument: JSON.stringify( guidePolicy( bucket ) ),
			} )
		);
		const policyArn = policy?.Arn;
		if ( ! policyArn ) {
			throw new Error( `IAM gave no ARN for ${ POLICY_NAME }` );
		}
		await iam.send(
			new AttachGroupPolicyCommand( {
				GroupName: GROUP_NAME,
				PolicyArn: policyArn,
			} )
		);
		await iam.send( new CreateUserCommand( { UserName: USER_NAME } ) );
		await iam.send(
			new AddUserToGroupCommand( {
				GroupName: GROUP_NAME,
				UserName: USER_NAME,
			} )
		);
		const user = await createAccessKey( iam, USER_NAME );
		return { user, admin, policyArn };
	} finally {
		// Enforcement back on even if a step failed, so nothing runs unchecked.
		await setMotoAuth( motoUrl, '0' );
	}
}
