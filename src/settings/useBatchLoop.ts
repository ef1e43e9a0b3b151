/**
 * The frame of a loop that asks the server for one batch after another
 * (Bring files back; the bulk copy has its own in useSync.ts): one loop at a
 * time, Pause honoured after the current batch, a failure turned into the
 * server's message, nothing set once the page is gone, and something to do
 * when the loop ends, however it ended.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { normaliseError } from './api';

export interface BatchLoopFrame< Phase extends string > {
	phase: Phase;
	setPhase: ( phase: Phase ) => void;
	/** Still on the page: set nothing once it is not. */
	mounted: { readonly current: boolean };
	/** Pause was asked for: stop after this batch. */
	pauseRequested: { readonly current: boolean };
	pause: () => void;
	/**
	 * Runs `body` unless a loop already runs; a throw ends it with
	 * `onError( message )`; `after` runs when it ends (not when the page left).
	 * Resolves false when a loop was already running.
	 */
	loop: (
		body: () => Promise< void >,
		onError: ( message: string ) => void,
		after: () => Promise< void >
	) => Promise< boolean >;
}

export function useBatchLoop< Phase extends string >(
	idle: Phase,
	pausing: Phase
): BatchLoopFrame< Phase > {
	const [ phase, setPhase ] = useState< Phase >( idle );
	const mounted = useRef( true );
	const looping = useRef( false );
	const pauseRequested = useRef( false );

	useEffect( () => {
		mounted.current = true;
		return () => {
			mounted.current = false;
		};
	}, [] );

	const pause = useCallback( () => {
		if ( looping.current ) {
			pauseRequested.current = true;
			setPhase( pausing );
		}
	}, [ pausing ] );

	const loop = useCallback(
		async (
			body: () => Promise< void >,
			onError: ( message: string ) => void,
			after: () => Promise< void >
		) => {
			if ( looping.current ) {
				return false;
			}
			looping.current = true;
			pauseRequested.current = false;
			try {
				await body();
			} catch ( error ) {
				if ( mounted.current ) {
					onError( normaliseError( error ).message );
				}
			} finally {
				looping.current = false;
			}
			if ( mounted.current ) {
				await after();
			}
			return true;
		},
		[]
	);

	return { phase, setPhase, mounted, pauseRequested, pause, loop };
}
