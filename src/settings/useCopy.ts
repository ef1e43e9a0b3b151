/**
 * Copying a block of text the page generated (the IAM policy, the setup
 * script): the clipboard when the browser allows it, what happened announced
 * to screen readers, and "Copied" shown for three seconds.
 */
import { speak } from '@wordpress/a11y';
import { useEffect, useState } from '@wordpress/element';

import { copyText } from './copy-text';

export type CopyState = 'idle' | 'copied' | 'failed';

export function useCopy(
	text: string,
	announce: { copied: string; failed: string }
): { copyState: CopyState; copy: () => Promise< void > } {
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
		speak( copied ? announce.copied : announce.failed );
	};

	return { copyState, copy };
}
