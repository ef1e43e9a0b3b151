/**
 * What the "Set up AWS for me" panel builds, and what the bucket needs for
 * the chosen ACL (docs/aws-setup.md explains each choice).
 */
import type { ObjectAcl } from '../types';

export interface SetupNames {
	policy: string;
	group: string;
	user: string;
}

/** The setup guide's names. */
export const GUIDE_NAMES: SetupNames = {
	policy: 'S3-Media-Sync-Policy',
	group: 's3-media-sync-users',
	user: 's3-media-sync',
};

export interface SetupOptions {
	bucket: string;
	region: string;
	keyPrefix: string;
	acl: ObjectAcl;
	names: SetupNames;
	/** Create the bucket too (and set what the ACL needs). */
	createBucket: boolean;
	/** bucket-default only: anyone may read uploads, through a bucket policy. */
	publicPolicy: boolean;
}

/** IAM's characters for user, group and policy names. */
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

export function namesAreValid( names: SetupNames ): boolean {
	return Object.values( names ).every( ( name ) => IAM_NAME.test( name ) );
}

export interface PublicAccessBlock {
	BlockPublicAcls: boolean;
	IgnorePublicAcls: boolean;
	BlockPublicPolicy: boolean;
	RestrictPublicBuckets: boolean;
}

export interface BucketNeeds {
	/** null: AWS's default (BucketOwnerEnforced: ACLs disabled) is kept. */
	ownership: 'BucketOwnerPreferred' | null;
	/** null: AWS's default (all four on) is kept. */
	publicAccessBlock: PublicAccessBlock | null;
	/** Anyone may GetObject under the uploads folder. */
	publicReadPolicy: Record< string, unknown > | null;
}

/**
 * public-read needs ACLs on and the ACL half of Block Public Access off;
 * private needs ACLs on (a bucket with ACLs disabled refuses the private ACL
 * too: docs/policy.md) and keeps Block Public Access; bucket-default keeps
 * AWS's defaults, or opens reads with a bucket policy when asked.
 */
export function bucketNeeds( options: SetupOptions ): BucketNeeds {
	if ( options.acl === 'public-read' ) {
		return {
			ownership: 'BucketOwnerPreferred',
			publicAccessBlock: {
				BlockPublicAcls: false,
				IgnorePublicAcls: false,
				BlockPublicPolicy: true,
				RestrictPublicBuckets: true,
			},
			publicReadPolicy: null,
		};
	}
	if ( options.acl === 'private' ) {
		return {
			ownership: 'BucketOwnerPreferred',
			publicAccessBlock: null,
			publicReadPolicy: null,
		};
	}
	if ( ! options.publicPolicy ) {
		return {
			ownership: null,
			publicAccessBlock: null,
			publicReadPolicy: null,
		};
	}
	return {
		ownership: null,
		publicAccessBlock: {
			BlockPublicAcls: true,
			IgnorePublicAcls: true,
			BlockPublicPolicy: false,
			RestrictPublicBuckets: false,
		},
		publicReadPolicy: {
			Version: '2012-10-17',
			Statement: [
				{
					Sid: 'PublicReadUploads',
					Effect: 'Allow',
					Principal: '*',
					Action: 's3:GetObject',
					Resource: `arn:aws:s3:::${ options.bucket }/${ options.keyPrefix }wp-content/uploads/*`,
				},
			],
		},
	};
}
