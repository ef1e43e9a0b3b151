/**
 * A block of generated text (the IAM policy, the setup script) shown as code,
 * with a button that copies exactly that text.
 */
import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { useCopy } from './useCopy';

export function CopyBlock( {
	text,
	label,
	buttonLabel,
}: {
	text: string;
	/** The accessible name of the block, such as "IAM policy". */
	label: string;
	buttonLabel: string;
} ) {
	const failed = __(
		'Could not copy: select the text and copy it by hand.',
		's3-media-sync'
	);
	const { copyState, copy } = useCopy( text, {
		copied: __( 'Copied to the clipboard.', 's3-media-sync' ),
		failed,
	} );

	return (
		<div className="s3-media-sync-copy-block">
			{ /* A scrollable region: keyboard users must be able to focus it to scroll; code reads left to right in any language. */ }
			<pre
				className="s3-media-sync-code"
				aria-label={ label }
				role="region"
				tabIndex={ 0 }
				dir="ltr"
			>
				<code>{ text }</code>
			</pre>
			<p className="s3-media-sync-copy-block__actions">
				<Button variant="secondary" onClick={ copy }>
					{ buttonLabel }
				</Button>
				<span className="s3-media-sync-copy-status">
					{ copyState === 'copied' &&
						__( 'Copied', 's3-media-sync' ) }
					{ copyState === 'failed' && failed }
				</span>
			</p>
		</div>
	);
}
