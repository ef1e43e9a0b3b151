/**
 * "S3 Secret Access Key": write-only. The field starts empty; a stored secret
 * is said once, in the help, and an empty field keeps it. Removing it is its
 * own action, which the next Save carries out (and can be taken back before).
 */
import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { SettingsTextField, type FormBinding } from './fields';

function secretHelp( form: FormBinding ): string {
	if ( form.draft.remove_secret_access_key ) {
		return __(
			'The stored secret will be removed when you save. S3 Media Sync stops uploading until a new one is entered.',
			's3-media-sync'
		);
	}
	if ( form.saved.secret_unreadable ) {
		return __(
			'The stored secret can no longer be read. Enter it again.',
			's3-media-sync'
		);
	}
	if ( form.saved.has_secret_access_key ) {
		return __(
			'A secret is stored. Leave this empty to keep it, or enter a new one to replace it.',
			's3-media-sync'
		);
	}
	return __(
		'The Secret access key shown once when the IAM user’s access key was created.',
		's3-media-sync'
	);
}

export function SecretField( { form }: { form: FormBinding } ) {
	const { saved, draft } = form;
	const removable =
		saved.has_secret_access_key &&
		! saved.locked.includes( 'secret_access_key' );
	const removing = draft.remove_secret_access_key;
	return (
		<div className="s3-media-sync-secret">
			<SettingsTextField
				form={ form }
				field="secret_access_key"
				label={ __( 'S3 Secret Access Key', 's3-media-sync' ) }
				type="password"
				// Keeps the browser from offering the WordPress password here.
				autoComplete="new-password"
				readOnly={ removing }
				help={ secretHelp( form ) }
			/>
			{ removable && (
				<Button
					variant="link"
					isDestructive={ ! removing }
					className="s3-media-sync-secret__remove"
					onClick={ () => {
						form.setField( 'secret_access_key', '' );
						form.setField( 'remove_secret_access_key', ! removing );
					} }
				>
					{ removing
						? __( 'Keep stored secret', 's3-media-sync' )
						: __( 'Remove stored secret', 's3-media-sync' ) }
				</Button>
			) }
		</div>
	);
}
