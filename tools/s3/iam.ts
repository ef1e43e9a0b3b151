/**
 * IAM as the setup guide builds it, and the changes tests make to it
 * (a user leaves the group, the policy loses a permission, …). Every call
 * goes to moto as the admin, so it works while IAM enforcement is on.
 */
import {
	IAMClient,
	AddUserToGroupCommand,
	CreateAccessKeyCommand,
	CreatePolicyVersionCommand,
	CreateUserCommand,
	DeleteAccessKeyCommand,
	DeletePolicyVersionCommand,
	DeleteUserCommand,
	DeleteUserPolicyCommand,
	ListAccessKeysCommand,
	ListGroupsForUserCommand,
	ListPoliciesCommand,
	ListPolicyVersionsCommand,
	ListUserPoliciesCommand,
	PutUserPolicyCommand,
	RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import type { S3Credentials } from '../lib/run-state';

/** Names the guide suggests, used verbatim so the environment reads like the guide. */
export const GROUP_NAME = 's3-media-sync-users';
export const POLICY_NAME = 'S3-Media-Sync-Policy';
export const USER_NAME = 's3-media-sync';
export const ADMIN_NAME = 's3-media-sync-admin';

export interface PolicyStatement {
	Effect: 'Allow' | 'Deny';
	Action: string | string[];
	Resource: string | string[];
}

export interface PolicyDocument {
	Version: '2012-10-17';
	Statement: PolicyStatement[];
}

/** Where IAM lives and who may change it. */
export interface IamTarget {
	motoUrl: string;
	admin: S3Credentials;
	region?: string;
}

/**
 * The guide's policy, bucket filled in both places. A key prefix moves the
 * object resource, as the plugin's generated policy does.
 */
export function guidePolicy( bucket: string, keyPrefix = '' ): PolicyDocument {
	return {
		Version: '2012-10-17',
		Statement: [
			{
				Effect: 'Allow',
				Action: [ 's3:ListBucket', 's3:GetBucketLocation' ],
				Resource: `arn:aws:s3:::${ bucket }`,
			},
			{
				Effect: 'Allow',
				Action: [
					's3:PutObject',
					's3:GetObject',
					's3:DeleteObject',
					's3:PutObjectAcl',
				],
				Resource: `arn:aws:s3:::${ bucket }/${ keyPrefix }wp-content/uploads/*`,
			},
		],
	};
}

/** Allow everything: the admin who stands for the bucket owner. */
export const ADMIN_POLICY: PolicyDocument = {
	Version: '2012-10-17',
	Statement: [ { Effect: 'Allow', Action: '*', Resource: '*' } ],
};

export function iamClient( target: IamTarget ): IAMClient {
	return new IAMClient( {
		endpoint: target.motoUrl,
		region: target.region ?? 'us-east-1',
		// A copy: the SDK tags the object it is given ($source), which would leak into the run state.
		credentials: { ...target.admin },
		// moto answers at once; retries would only hide a broken setup.
		maxAttempts: 1,
	} );
}

export async function createAccessKey(
	iam: IAMClient,
	userName: string
): Promise< S3Credentials > {
	const { AccessKey: key } = await iam.send(
		new CreateAccessKeyCommand( { UserName: userName } )
	);
	if ( ! key?.AccessKeyId || ! key.SecretAccessKey ) {
		throw new Error( `IAM gave no access key for ${ userName }` );
	}
	return {
		accessKeyId: key.AccessKeyId,
		secretAccessKey: key.SecretAccessKey,
	};
}

/** ARN of the guide's managed policy (moto's account id is not ours to assume). */
export async function guidePolicyArn( iam: IAMClient ): Promise< string > {
	const { Policies: policies = [] } = await iam.send(
		new ListPoliciesCommand( { Scope: 'Local' } )
	);
	const arn = policies.find(
		( policy ) => policy.PolicyName === POLICY_NAME
	)?.Arn;
	if ( ! arn ) {
		throw new Error( `IAM policy ${ POLICY_NAME } does not exist` );
	}
	return arn;
}

/**
 * A new user with a key, in the guide's group unless told otherwise: for
 * tests that must change a user without disturbing the shared one.
 */
export async function createGroupUser(
	target: IamTarget,
	userName: string,
	options: { inGroup?: boolean } = {}
): Promise< S3Credentials > {
	const iam = iamClient( target );
	await iam.send( new CreateUserCommand( { UserName: userName } ) );
	if ( options.inGroup ?? true ) {
		await iam.send(
			new AddUserToGroupCommand( {
				GroupName: GROUP_NAME,
				UserName: userName,
			} )
		);
	}
	return createAccessKey( iam, userName );
}

export async function removeUserFromGroup(
	target: IamTarget,
	userName: string,
	groupName = GROUP_NAME
): Promise< void > {
	await iamClient( target ).send(
		new RemoveUserFromGroupCommand( {
			GroupName: groupName,
			UserName: userName,
		} )
	);
}

export async function addUserToGroup(
	target: IamTarget,
	userName: string,
	groupName = GROUP_NAME
): Promise< void > {
	await iamClient( target ).send(
		new AddUserToGroupCommand( {
			GroupName: groupName,
			UserName: userName,
		} )
	);
}

/** An inline policy on one user, e.g. an explicit Deny next to the group's Allow. */
export async function putUserPolicy(
	target: IamTarget,
	userName: string,
	policyName: string,
	document: PolicyDocument
): Promise< void > {
	await iamClient( target ).send(
		new PutUserPolicyCommand( {
			UserName: userName,
			PolicyName: policyName,
			PolicyDocument: JSON.stringify( document ),
		} )
	);
}

export async function deleteUserPolicy(
	target: IamTarget,
	userName: string,
	policyName: string
): Promise< void > {
	await iamClient( target ).send(
		new DeleteUserPolicyCommand( {
			UserName: userName,
			PolicyName: policyName,
		} )
	);
}

/**
 * Makes `document` the guide policy's default version, as editing the policy
 * in the console does. Older versions are pruned: IAM keeps at most five.
 */
export async function replacePolicyDocument(
	target: IamTarget,
	document: PolicyDocument
): Promise< void > {
	const iam = iamClient( target );
	const arn = await guidePolicyArn( iam );
	const { Versions: versions = [] } = await iam.send(
		new ListPolicyVersionsCommand( { PolicyArn: arn } )
	);
	for ( const version of versions ) {
		if ( ! version.IsDefaultVersion && version.VersionId ) {
			await iam.send(
				new DeletePolicyVersionCommand( {
					PolicyArn: arn,
					VersionId: version.VersionId,
				} )
			);
		}
	}
	await iam.send(
		new CreatePolicyVersionCommand( {
			PolicyArn: arn,
			PolicyDocument: JSON.stringify( document ),
			SetAsDefault: true,
		} )
	);
}

/** Puts the guide's own policy back (after a test narrowed it). */
export function restoreGuidePolicy(
	target: IamTarget,
	bucket: string,
	keyPrefix = ''
): Promise< void > {
	return replacePolicyDocument( target, guidePolicy( bucket, keyPrefix ) );
}

/** Deletes a user the way IAM requires: keys, groups and inline policies first. */
export async function deleteUser(
	target: IamTarget,
	userName: string
): Promise< void > {
	const iam = iamClient( target );
	const { AccessKeyMetadata: keys = [] } = await iam.send(
		new ListAccessKeysCommand( { UserName: userName } )
	);
	for ( const key of keys ) {
		if ( key.AccessKeyId ) {
			await iam.send(
				new DeleteAccessKeyCommand( {
					UserName: userName,
					AccessKeyId: key.AccessKeyId,
				} )
			);
		}
	}
	const { Groups: groups = [] } = await iam.send(
		new ListGroupsForUserCommand( { UserName: userName } )
	);
	for ( const group of groups ) {
		if ( group.GroupName ) {
			await iam.send(
				new RemoveUserFromGroupCommand( {
					GroupName: group.GroupName,
					UserName: userName,
				} )
			);
		}
	}
	const { PolicyNames: inline = [] } = await iam.send(
		new ListUserPoliciesCommand( { UserName: userName } )
	);
	for ( const policyName of inline ) {
		await iam.send(
			new DeleteUserPolicyCommand( {
				UserName: userName,
				PolicyName: policyName,
			} )
		);
	}
	await iam.send( new DeleteUserCommand( { UserName: userName } ) );
}
