/**
 * The setup guide's policy with the bucket and key prefix filled in, built
 * by the same rules as includes/Access/Policy_Document.php (a Jest test runs
 * both and compares), so the page can show it before anything is saved.
 */
export interface PolicyDocument {
	Version: '2012-10-17';
	Statement: Array< Record< string, unknown > >;
}

export function policyDocument(
	bucket: string,
	keyPrefix = ''
): PolicyDocument {
	const name = bucket === '' ? 'YOUR-BUCKET-NAME' : bucket;
	return {
		Version: '2012-10-17',
		Statement: [
			{
				Effect: 'Allow',
				Action: [ 's3:ListBucket', 's3:GetBucketLocation' ],
				Resource: `arn:aws:s3:::${ name }`,
			},
			{
				Effect: 'Allow',
				Action: [
					's3:PutObject',
					's3:GetObject',
					's3:DeleteObject',
					's3:PutObjectAcl',
				],
				Resource: `arn:aws:s3:::${ name }/${ keyPrefix }wp-content/uploads/*`,
			},
		],
	};
}
