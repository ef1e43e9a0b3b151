/**
 * Asks the browser to confirm leaving the page while the form holds changes
 * that were not saved. Browsers show their own text; ours is ignored.
 */
import { useEffect } from '@wordpress/element';

export function useUnsavedChangesWarning( isDirty: boolean ): void {
	useEffect( () => {
		if ( ! isDirty ) {
			return undefined;
		}
		const warn = ( event: BeforeUnloadEvent ) => {
			event.preventDefault();
			// Older Chromium and Safari only prompt when returnValue is set.
			event.returnValue = '';
		};
		window.addEventListener( 'beforeunload', warn );
		return () => window.removeEventListener( 'beforeunload', warn );
	}, [ isDirty ] );
}
