/**
 * A block of generated text with a button that copies exactly that text.
 */
import { speak } from '@wordpress/a11y';
import { Button } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { copyText } from '../copy-text';

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyBlock( {
	text,
	label,
	buttonLabel,
}: {
	text: string;
	label: string;
	buttonLabel: string;
} ) {
	const [ copyState, setCopyState ] = useState< CopyState >( 'idle' );

	useEffect( () => {
		if ( copyState !== 'copied' ) {
			return undefined;
		}
		const timer = window.setTimeout( () => setCopyState( 'idle' ), 3000 );
		return () => window.clearTimeout( timer );
	}, [ copyState ] );

	const copy = async () => {
		const copied = await copyText( text );
		setCopyState( copied ? 'copied' : 'failed' );
		speak(
			copied
				? __( 'Copied to the clipboard.', 's3-media-sync' )
				: __(
						'Could not copy: select the text and copy it by hand.',
						's3-media-sync'
					)
		);
	};

	return (
		<div className="s3-media-sync-copy-block">
			<pre className="s3-media-sync-code" aria-label={ label }>
				<code>{ text }</code>
			</pre>
			<Button variant="secondary" onClick={ copy }>
				{ buttonLabel }
			</Button>{ ' ' }
			<span className="s3-media-sync-copy-status">
				{ copyState === 'copied' && __( 'Copied', 's3-media-sync' ) }
				{ copyState === 'failed' &&
					__(
						'Could not copy: select the text and copy it by hand.',
						's3-media-sync'
					) }
			</span>
		</div>
	);
}
