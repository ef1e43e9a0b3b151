/**
 * The CloudFormation template of the "Set up AWS for me" panel: the same
 * resources as the script. The key's secret goes into a Secrets Manager
 * secret, never into the stack's outputs; the template itself holds none.
 */
import { bucketNeeds, type SetupOptions } from './options';
import { policyDocument } from './policy';

type Resources = Record< string, Record< string, unknown > >;

function bucketResources( options: SetupOptions ): Resources {
	const needs = bucketNeeds( options );
	const resources: Resources = {
		Bucket: {
			Type: 'AWS::S3::Bucket',
			DeletionPolicy: 'Retain',
			Properties: {
				BucketName: options.bucket,
				...( needs.ownership && {
					OwnershipControls: {
						Rules: [ { ObjectOwnership: needs.ownership } ],
					},
				} ),
				...( needs.publicAccessBlock && {
					PublicAccessBlockConfiguration: needs.publicAccessBlock,
				} ),
			},
		},
	};
	if ( needs.publicReadPolicy ) {
		resources.BucketPolicy = {
			Type: 'AWS::S3::BucketPolicy',
			Properties: {
				Bucket: { Ref: 'Bucket' },
				PolicyDocument: needs.publicReadPolicy,
			},
		};
	}
	return resources;
}

export function setupTemplate( options: SetupOptions ): string {
	const { names } = options;
	const template = {
		AWSTemplateFormatVersion: '2010-09-09',
		Description:
			'S3 Media Sync: the setup guide’s policy, group and user with one access key, whose secret is kept in Secrets Manager.',
		Resources: {
			...( options.createBucket ? bucketResources( options ) : {} ),
			Group: {
				Type: 'AWS::IAM::Group',
				Properties: { GroupName: names.group },
			},
			Policy: {
				Type: 'AWS::IAM::ManagedPolicy',
				Properties: {
					ManagedPolicyName: names.policy,
					Description:
						'Permissions required for S3 Media Sync WordPress plugin',
					PolicyDocument: policyDocument(
						options.bucket,
						options.keyPrefix
					),
					Groups: [ { Ref: 'Group' } ],
				},
			},
			User: {
				Type: 'AWS::IAM::User',
				Properties: {
					UserName: names.user,
					Groups: [ { Ref: 'Group' } ],
				},
			},
			AccessKey: {
				Type: 'AWS::IAM::AccessKey',
				Properties: { UserName: { Ref: 'User' } },
			},
			AccessKeySecret: {
				Type: 'AWS::SecretsManager::Secret',
				Properties: {
					Name: `s3-media-sync/${ names.user }`,
					Description: 'Access key of the S3 Media Sync IAM user',
					SecretString: {
						'Fn::Sub':
							'{"accessKeyId":"${AccessKey}","secretAccessKey":"${AccessKey.SecretAccessKey}"}',
					},
				},
			},
		},
		Outputs: {
			AccessKeyId: { Value: { Ref: 'AccessKey' } },
			SecretArn: { Value: { Ref: 'AccessKeySecret' } },
			ShowSecret: {
				Description:
					'Run this in CloudShell to read the secret access key',
				Value: {
					'Fn::Sub':
						'aws secretsmanager get-secret-value --region ${AWS::Region} --secret-id ${AccessKeySecret} --query SecretString --output text',
				},
			},
		},
	};
	return `${ JSON.stringify( template, null, 2 ) }\n`;
}
