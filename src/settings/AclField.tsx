/**
 * "S3 Object ACL". The guide offers public-read and private; buckets created
 * since April 2023 have ACLs disabled and refuse both, hence the third
 * choice, which sends no ACL at all.
 */
import { RadioControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { FieldWrapper, fieldState, type FormBinding } from './fields';
import type { ObjectAcl } from './types';

function isObjectAcl( value: string ): value is ObjectAcl {
	return [ 'public-read', 'private', 'bucket-default' ].includes( value );
}

export function AclField( { form }: { form: FormBinding } ) {
	const state = fieldState( form, 'object_acl' );
	const options = [
		{
			value: 'public-read',
			label: 'public-read',
			description: __(
				'Anyone with a file’s address can view it. The usual choice for a public site.',
				's3-media-sync'
			),
		},
		{
			value: 'private',
			label: 'private',
			description: __(
				'Only the site can read files; visitors get signed links that expire.',
				's3-media-sync'
			),
		},
		{
			value: 'bucket-default',
			label: __( 'Bucket default (no ACL)', 's3-media-sync' ),
			description: __(
				'Sends no ACL; the bucket policy decides. The choice for buckets with ACLs disabled (Object Ownership: bucket owner enforced, the default for new buckets since April 2023).',
				's3-media-sync'
			),
		},
	];
	return (
		<FieldWrapper field="object_acl" state={ state }>
			<RadioControl
				label={ __( 'S3 Object ACL', 's3-media-sync' ) }
				selected={ form.draft.object_acl }
				options={ options }
				onChange={ ( value ) => {
					if ( isObjectAcl( value ) ) {
						form.setField( 'object_acl', value );
					}
				} }
				disabled={ state.locked }
				help={ state.locked || state.error ? state.help : undefined }
			/>
		</FieldWrapper>
	);
}
