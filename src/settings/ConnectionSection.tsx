/**
 * The fields of the setup guide, with the guide's labels, so a user following
 * it finds each one by name.
 */
import { ExternalLink, Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { AclField } from './AclField';
import { SettingsTextField, type FormBinding } from './fields';
import { RegionField } from './RegionField';

function secretHelp( form: FormBinding ): string {
	if ( form.saved.secret_unreadable ) {
		return __(
			'The stored secret can no longer be read. Enter it again.',
			's3-media-sync'
		);
	}
	if ( form.saved.has_secret_access_key ) {
		return __( 'Stored — leave empty to keep.', 's3-media-sync' );
	}
	return __(
		'The Secret access key shown once when the IAM user’s access key was created.',
		's3-media-sync'
	);
}

export function ConnectionSection( { form }: { form: FormBinding } ) {
	const { saved, draft } = form;
	const secretStored =
		saved.has_secret_access_key && ! saved.secret_unreadable;
	return (
		<>
			<p>
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
			{ saved.secret_unreadable && (
				<Notice
					status="warning"
					isDismissible={ false }
					spokenMessage={ null }
				>
					{ __(
						'The stored S3 Secret Access Key can no longer be read: the key it was sealed with (S3_MEDIA_SYNC_ENCRYPTION_KEY in wp-config.php, or without it the site’s security keys, its salts) has changed since it was saved. Enter the secret again and save.',
						's3-media-sync'
					) }
				</Notice>
			) }
			<SettingsTextField
				form={ form }
				field="secret_access_key"
				label={ __( 'S3 Secret Access Key', 's3-media-sync' ) }
				type="password"
				// Keeps the browser from offering the WordPress password here.
				autoComplete="new-password"
				placeholder={
					secretStored
						? __( 'Stored — leave empty to keep', 's3-media-sync' )
						: ''
				}
				help={ secretHelp( form ) }
			/>
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
