/**
 * Answers of the REST API as docs/rest-api.md describes them, for the tests to
 * start from and vary.
 */
import type { Settings, TestResult } from '../../src/settings/types';

export function savedSettings( overrides: Partial< Settings > = {} ): Settings {
	return {
		access_key_id: 'AKIAEXAMPLE',
		has_secret_access_key: true,
		secret_unreadable: false,
		bucket: 'my-bucket',
		region: 'us-east-1',
		object_acl: 'public-read',
		key_prefix: '',
		endpoint: '',
		use_path_style: false,
		delivery_url: '',
		serve_from_s3: true,
		sign_urls: false,
		presign_expiry: 900,
		remove_local_copies: false,
		cache_control: '',
		locked: [],
		configured: true,
		...overrides,
	};
}

export const POLICY = {
	Version: '2012-10-17',
	Statement: [
		{
			Effect: 'Allow',
			Action: [ 's3:ListBucket', 's3:GetBucketLocation' ],
			Resource: 'arn:aws:s3:::my-bucket',
		},
	],
};

export function failingTest(
	overrides: Partial< TestResult > = {}
): TestResult {
	return {
		ok: false,
		category: 'access_denied',
		title: 'Access Denied',
		message: 'The IAM user may not write to wp-content/uploads/.',
		tested_at: '2026-11-27T12:00:00Z',
		checks: [
			{
				id: 'credentials',
				permission: null,
				status: 'pass',
				message: 'The access key was accepted.',
			},
			{
				id: 'list_bucket',
				permission: 's3:ListBucket',
				status: 'pass',
				message: 'Listed wp-content/uploads/.',
			},
			{
				id: 'put_object',
				permission: 's3:PutObject',
				status: 'fail',
				code: 'AccessDenied',
				message: 'Uploading the test file was refused.',
				hints: [
					'The IAM policy is correctly attached to the group',
					'The IAM user is in the group',
				],
			},
			{
				id: 'put_object_acl',
				permission: 's3:PutObjectAcl',
				status: 'skip',
				message: 'Not tried: there is no test file.',
			},
		],
		region_detected: null,
		leftover_key: null,
		policy: POLICY,
		requests: 3,
		duration_ms: 120,
		...overrides,
	};
}
