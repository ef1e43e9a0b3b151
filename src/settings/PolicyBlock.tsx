/**
 * The least-privilege IAM policy for the saved bucket and key prefix, ready
 * to paste into the IAM console's JSON tab.
 */
import { __ } from '@wordpress/i18n';

import { CopyBlock } from './CopyBlock';

export function PolicyBlock( {
	policy,
}: {
	policy: Record< string, unknown >;
} ) {
	return (
		<div className="s3-media-sync-policy">
			<h3>{ __( 'IAM policy for this bucket', 's3-media-sync' ) }</h3>
			<p>
				{ __(
					'The setup guide’s policy with your bucket and key prefix filled in. Paste it into the JSON tab of the IAM policy editor.',
					's3-media-sync'
				) }
			</p>
			<CopyBlock
				text={ JSON.stringify( policy, null, 2 ) }
				label={ __( 'IAM policy', 's3-media-sync' ) }
				buttonLabel={ __( 'Copy policy', 's3-media-sync' ) }
			/>
		</div>
	);
}
