/**
 * A button's one request (Retry now, Check the bucket): whether it is under
 * way, and the message of the last failure, for the panel to show.
 */
import { useCallback, useState } from '@wordpress/element';

export interface ActionState {
	busy: boolean;
	error: string | null;
	run: () => Promise< void >;
}

export function useAction( action: () => Promise< void > ): ActionState {
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< string | null >( null );

	const run = useCallback( async () => {
		setBusy( true );
		setError( null );
		try {
			await action();
		} catch ( failure ) {
			setError( ( failure as Error ).message );
		} finally {
			setBusy( false );
		}
	}, [ action ] );

	return { busy, error, run };
}
