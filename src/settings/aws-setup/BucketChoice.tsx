/**
 * "Also create the bucket", and what it is set to for the chosen ACL, each
 * choice explained in one line.
 */
import { CheckboxControl, RadioControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import type { SetupOptions } from './options';

function aclLine( options: SetupOptions ): string | null {
	if ( options.acl === 'public-read' ) {
		return __(
			'public-read: ACLs enabled (Object Ownership: bucket owner preferred) and the ACL part of Block Public Access off, so uploads can be made public.',
			's3-media-sync'
		);
	}
	if ( options.acl === 'private' ) {
		return __(
			'private: ACLs enabled (Object Ownership: bucket owner preferred), because a bucket with ACLs disabled refuses the private ACL too; Block Public Access stays on.',
			's3-media-sync'
		);
	}
	return null;
}

export function BucketChoice( {
	options,
	onChange,
}: {
	options: SetupOptions;
	onChange: ( change: Partial< SetupOptions > ) => void;
} ) {
	const line = aclLine( options );
	return (
		<>
			<CheckboxControl
				label={ sprintf(
					/* translators: 1: bucket name, 2: AWS region. */
					__(
						'Also create the bucket %1$s in %2$s',
						's3-media-sync'
					),
					options.bucket,
					options.region
				) }
				checked={ options.createBucket }
				onChange={ ( createBucket ) => onChange( { createBucket } ) }
				help={ __(
					'An existing bucket of yours with that name is reused, and set as below.',
					's3-media-sync'
				) }
			/>
			{ options.createBucket && line && <p>{ line }</p> }
			{ options.createBucket && options.acl === 'bucket-default' && (
				<RadioControl
					label={ __( 'Who may read the uploads', 's3-media-sync' ) }
					selected={ options.publicPolicy ? 'public' : 'signed' }
					options={ [
						{
							value: 'signed',
							label: __(
								'Only through signed links',
								's3-media-sync'
							),
							description: __(
								'AWS’s defaults: ACLs disabled, Block Public Access on. Turn on signed URLs under Advanced.',
								's3-media-sync'
							),
						},
						{
							value: 'public',
							label: __(
								'Anyone (public, ACLs disabled)',
								's3-media-sync'
							),
							description: __(
								'A bucket policy lets anyone read wp-content/uploads/*; the bucket-policy part of Block Public Access is turned off.',
								's3-media-sync'
							),
						},
					] }
					onChange={ ( value ) =>
						onChange( { publicPolicy: value === 'public' } )
					}
				/>
			) }
		</>
	);
}
