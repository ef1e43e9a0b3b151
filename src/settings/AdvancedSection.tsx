/**
 * Settings most sites never change: S3-compatible stores, a CDN, signed URLs
 * and what happens to the local files.
 */
import { Notice } from '@wordpress/components';
import { _n, __, sprintf } from '@wordpress/i18n';

import { FieldList, type FieldSpec, type FormBinding } from './fields';
import { PRESIGN_EXPIRY_MAX, PRESIGN_EXPIRY_MIN } from './settings-draft';

function advancedFields(): FieldSpec[] {
	return [
		{
			field: 'key_prefix',
			label: __( 'Key prefix', 's3-media-sync' ),
			placeholder: 'staging/',
			help: __(
				'Stores every file under this folder of the bucket. The IAM policy must name it too: Test S3 Access shows the policy to use.',
				's3-media-sync'
			),
		},
		{
			field: 'endpoint',
			label: __( 'Custom endpoint', 's3-media-sync' ),
			type: 'url',
			placeholder: 'https://',
			help: __(
				'Only for S3-compatible storage (MinIO, Cloudflare R2, DigitalOcean Spaces…). Leave empty for Amazon S3.',
				's3-media-sync'
			),
		},
		{
			toggle: 'use_path_style',
			label: __( 'Use path-style addresses', 's3-media-sync' ),
			help: __(
				'Addresses the bucket as endpoint/bucket instead of bucket.endpoint. Many S3-compatible stores need this.',
				's3-media-sync'
			),
		},
		{
			field: 'delivery_url',
			label: __( 'Delivery URL', 's3-media-sync' ),
			type: 'url',
			placeholder: 'https://media.example.com',
			help: __(
				'A custom domain or CDN in front of the bucket. Leave empty to serve from the bucket’s own address.',
				's3-media-sync'
			),
		},
		{
			toggle: 'serve_from_s3',
			label: __( 'Serve media from S3', 's3-media-sync' ),
			help: __(
				'Pages link to the files in S3. When off, files are still copied to S3 but pages keep linking to this server.',
				's3-media-sync'
			),
		},
		{
			toggle: 'sign_urls',
			label: __( 'Sign media URLs', 's3-media-sync' ),
			help: __(
				'Serves signed links that expire even when the ACL is not private: for private buckets with ACLs disabled.',
				's3-media-sync'
			),
		},
		{
			field: 'presign_expiry',
			label: __( 'Signed URL lifetime (seconds)', 's3-media-sync' ),
			type: 'number',
			inputProps: {
				min: PRESIGN_EXPIRY_MIN,
				max: PRESIGN_EXPIRY_MAX,
				step: 1,
			},
			help: sprintf(
				/* translators: 1: minimum seconds, 2: maximum seconds (7 days). */
				__(
					'How long a signed link works: %1$d to %2$d seconds (7 days).',
					's3-media-sync'
				),
				PRESIGN_EXPIRY_MIN,
				PRESIGN_EXPIRY_MAX
			),
		},
		{
			toggle: 'remove_local_copies',
			label: __( 'Remove local copies', 's3-media-sync' ),
			help: __(
				'Deletes files from this server once S3 has confirmed them. Leave off to keep a local copy as a backup.',
				's3-media-sync'
			),
		},
	];
}

/** After the local-copies warning, which belongs to the toggle above it. */
function uploadFields(): FieldSpec[] {
	return [
		{
			field: 'cache_control',
			label: __( 'Cache-Control of new uploads', 's3-media-sync' ),
			placeholder: 'public, max-age=31536000, immutable',
			help: __(
				'Sent with every file uploaded from now on; files already in S3 keep theirs. Empty: a year, public or private as the ACL says.',
				's3-media-sync'
			),
		},
	];
}

export function AdvancedSection( {
	form,
	missingLocalCopies = null,
}: {
	form: FormBinding;
	/** Attachments whose files are only in S3 (GET /local-copies). */
	missingLocalCopies?: number | null;
} ) {
	return (
		<>
			<FieldList form={ form } specs={ advancedFields() } />
			{ missingLocalCopies !== null && missingLocalCopies > 0 && (
				<Notice
					status="warning"
					isDismissible={ false }
					spokenMessage={ null }
					className="s3-media-sync-local-copies-warning"
				>
					{ sprintf(
						/* translators: %d: number of attachments. */
						_n(
							'%d attachment has files only in S3. Turning this off does not bring them back: turn it off, save, then select Bring files back before you deactivate the plugin.',
							'%d attachments have files only in S3. Turning this off does not bring them back: turn it off, save, then select Bring files back before you deactivate the plugin.',
							missingLocalCopies,
							's3-media-sync'
						),
						missingLocalCopies
					) }
				</Notice>
			) }
			<FieldList form={ form } specs={ uploadFields() } />
		</>
	);
}
