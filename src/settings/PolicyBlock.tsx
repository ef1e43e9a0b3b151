/**
 * The least-privilege IAM policy for the saved bucket and key prefix, ready
 * to paste into the IAM console's JSON tab.
 */
import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { useCopy } from './useCopy';

const PRE_STYLE = {
	maxHeight: '20em',
	overflow: 'auto',
	padding: '12px',
	background: '#f6f7f7',
	border: '1px solid #dcdcde',
	whiteSpace: 'pre',
} as const;

export function PolicyBlock( {
	policy,
}: {
	policy: Record< string, unknown >;
} ) {
	const text = JSON.stringify( policy, null, 2 );
	const { copyState, copy } = useCopy( text, {
		copied: __( 'Policy copied to the clipboard.', 's3-media-sync' ),
		failed: __(
			'The policy could not be copied. Select it and copy it by hand.',
			's3-media-sync'
		),
	} );

	return (
		<div className="s3-media-sync-policy">
			<h3>{ __( 'IAM policy for this bucket', 's3-media-sync' ) }</h3>
			<p>
				{ __(
					'The setup guide’s policy with your bucket and key prefix filled in. Paste it into the JSON tab of the IAM policy editor.',
					's3-media-sync'
				) }
			</p>
			<pre
				style={ PRE_STYLE }
				aria-label={ __( 'IAM policy', 's3-media-sync' ) }
			>
				<code>{ text }</code>
			</pre>
			<Button variant="secondary" onClick={ copy }>
				{ __( 'Copy policy', 's3-media-sync' ) }
			</Button>{ ' ' }
			<span className="s3-media-sync-copy-status">
				{ copyState === 'copied' && __( 'Copied', 's3-media-sync' ) }
				{ copyState === 'failed' &&
					__(
						'Could not copy: select the policy and copy it by hand.',
						's3-media-sync'
					) }
			</span>
		</div>
	);
}
