/**
 * Test S3 Access runs by itself once, right after a save that gave the
 * settings their first complete key (the key the "Set up AWS for me" panel
 * printed, say): the owner learns at once whether it works.
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

import type { Settings } from './types';

export function useTestAfterFirstKey(
	saved: Settings | null,
	run: () => Promise< void >
): ( wasConfigured: boolean ) => void {
	const [ pending, setPending ] = useState( false );

	useEffect( () => {
		if ( ! pending ) {
			return;
		}
		setPending( false );
		if ( saved?.configured ) {
			void run();
		}
	}, [ pending, saved, run ] );

	/** Call after a successful save, with whether the settings were complete before it. */
	return useCallback( ( wasConfigured: boolean ) => {
		if ( ! wasConfigured ) {
			setPending( true );
		}
	}, [] );
}
