/**
 * The fields of the setup guide, with the guide's labels, so a user following
 * it finds each one by name.
 */
import { ExternalLink } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { AclField } from './AclField';
import { SettingsTextField, type FormBinding } from './fields';
import { RegionField } from './RegionField';
import { SecretField } from './SecretField';

export function ConnectionSection( { form }: { form: FormBinding } ) {
	const { draft } = form;
	return (
		<>
			<p className="s3-media-sync-intro">
				{ __(
					'Create an IAM user with the S3 Media Sync policy, then enter its access key, the bucket and its region here.',
					's3-media-sync'
				) }{ ' ' }
				<ExternalLink href="https://console.aws.amazon.com/iam/home#/users">
					{ __( 'Open the IAM console', 's3-media-sync' ) }
				</ExternalLink>
			</p>
			<SettingsTextField
				form={ form }
				field="access_key_id"
				label={ __( 'S3 Access Key ID', 's3-media-sync' ) }
				help={ __(
					'The Access key ID of the IAM user you created for this plugin.',
					's3-media-sync'
				) }
			/>
			<SecretField form={ form } />
			<SettingsTextField
				form={ form }
				field="bucket"
				label={ __( 'S3 Bucket Name', 's3-media-sync' ) }
				help={
					draft.bucket.includes( '.' )
						? __(
								'A name with dots works, but is addressed path-style: HTTPS certificates for bucket addresses do not cover dotted names.',
								's3-media-sync'
							)
						: __(
								'The bucket’s name exactly as it appears in the S3 console.',
								's3-media-sync'
							)
				}
			/>
			<RegionField form={ form } />
			<AclField form={ form } />
		</>
	);
}
