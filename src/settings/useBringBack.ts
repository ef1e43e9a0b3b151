/**
 * "Bring files back": the count of GET /local-copies (attachments whose
 * files are only in S3), and the loop on POST /local-copies/batch that puts
 * them back on this server a batch at a time until the server says nothing
 * is left in the run.
 *
 * The server keeps the run, as for the bulk copy: Pause, a failed batch or
 * leaving the page only stop asking for the next batch, and Bring files
 * back carries on where it stopped. The count is always the server's
 * (loaded at mount and again when the loop stops), so the warnings beside
 * Remove local copies and on the plugins screen agree with it.
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { BATCH_SIZE } from './batch-size';
import {
	getMissingLocalCopies,
	runBringBackBatch,
	type BringBackFailure,
} from './local-copies-api';
import { useBatchLoop } from './useBatchLoop';

/** Batches in a row that handled nothing while work was left: stop, do not spin. */
export const STALLED_BATCHES = 3;

export type BringBackPhase = 'idle' | 'running' | 'pausing' | 'stopped';

export interface BringBackRun {
	/** Attachments handled in this run since the page started it. */
	done: number;
	/** Files written back. */
	restored: number;
	/** What the server says is left; null before its first answer. */
	remaining: number | null;
	failed: BringBackFailure[];
	complete: boolean;
}

export interface BringBackNotice {
	status: 'success' | 'error' | 'warning';
	message: string;
}

export interface BringBackState {
	/** Attachments with files only in S3; null until known. */
	missing: number | null;
	phase: BringBackPhase;
	run: BringBackRun | null;
	notice: BringBackNotice | null;
	start: () => Promise< void >;
	pause: () => void;
	dismissNotice: () => void;
}

const NEW_RUN: BringBackRun = {
	done: 0,
	restored: 0,
	remaining: null,
	failed: [],
	complete: false,
};

function finished( run: BringBackRun ): BringBackNotice {
	if ( run.failed.length > 0 ) {
		return {
			status: 'warning',
			message: sprintf(
				/* translators: 1: files brought back, 2: files that could not be. */
				__(
					'Done: %1$d files brought back, %2$d could not be. They are still only in S3: do not deactivate the plugin yet.',
					's3-media-sync'
				),
				run.restored,
				run.failed.length
			),
		};
	}
	return {
		status: 'success',
		message: sprintf(
			/* translators: %d: files brought back. */
			__(
				'Done: %d files brought back. Every file is on this server.',
				's3-media-sync'
			),
			run.restored
		),
	};
}

export function useBringBack(): BringBackState {
	const [ missing, setMissing ] = useState< number | null >( null );
	const { phase, setPhase, mounted, pauseRequested, pause, loop } =
		useBatchLoop< BringBackPhase >( 'idle', 'pausing' );
	const [ run, setRun ] = useState< BringBackRun | null >( null );
	const [ notice, setNotice ] = useState< BringBackNotice | null >( null );
	const runRef = useRef< BringBackRun | null >( null );

	// A count that cannot be read shows no warning: the plugins screen still has its own.
	const refresh = useCallback( async () => {
		try {
			const count = await getMissingLocalCopies();
			if ( mounted.current ) {
				setMissing( count );
			}
		} catch {}
	}, [ mounted ] );

	useEffect( () => {
		void refresh();
	}, [ refresh ] );

	const stop = ( next: BringBackNotice | null ) => {
		setPhase( 'stopped' );
		setNotice( next );
		if ( next ) {
			speak(
				next.message,
				next.status === 'error' ? 'assertive' : 'polite'
			);
		}
	};

	const batches = async () => {
		if ( ! runRef.current || runRef.current.complete ) {
			runRef.current = NEW_RUN;
			setRun( NEW_RUN );
		}
		setPhase( 'running' );
		setNotice( null );
		speak(
			__( 'Bringing files back from S3.', 's3-media-sync' ),
			'polite'
		);
		let stalled = 0;
		for (;;) {
			const batch = await runBringBackBatch( BATCH_SIZE );
			if ( ! mounted.current ) {
				return;
			}
			const current = runRef.current ?? NEW_RUN;
			const next: BringBackRun = {
				done: current.done + batch.processed.length,
				restored: current.restored + batch.restored,
				remaining: batch.remaining,
				failed: [ ...current.failed, ...batch.failed ],
				complete: batch.remaining === 0,
			};
			runRef.current = next;
			setRun( next );
			if ( next.complete ) {
				stop( finished( next ) );
				return;
			}
			stalled = batch.processed.length > 0 ? 0 : stalled + 1;
			if ( stalled >= STALLED_BATCHES ) {
				stop( {
					status: 'error',
					message: __(
						'Stopped: the server brought nothing back in the last batches. Select Bring files back to try again.',
						's3-media-sync'
					),
				} );
				return;
			}
			if ( pauseRequested.current ) {
				stop( null );
				speak( __( 'Paused.', 's3-media-sync' ), 'polite' );
				return;
			}
		}
	};

	const start = async () => {
		await loop(
			batches,
			( message ) =>
				stop( {
					status: 'error',
					message: sprintf(
						/* translators: %s: the error message. */
						__(
							'Stopped: %s Select Bring files back to resume.',
							's3-media-sync'
						),
						message
					),
				} ),
			refresh
		);
	};

	return {
		missing,
		phase,
		run,
		notice,
		start,
		pause,
		dismissNotice: () => setNotice( null ),
	};
}
