/**
 * "Copy existing media to S3": the counts from GET /sync, and the loop on
 * POST /sync/batch that copies the library a batch at a time until the
 * server says nothing is left in the run.
 *
 * The server keeps the run: Pause, a failed batch or leaving the page only
 * stop asking for the next batch, and Start carries on where it stopped.
 * The counts are always the server's (loaded at mount, again when the loop
 * stops and after a retry), so coming back to the page shows the truth.
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { normaliseError } from './api';
import { BATCH_SIZE } from './batch-size';
import { getSyncStatus, retryAttachment, runSyncBatch } from './sync-api';
import {
	NEW_RUN,
	batchCounts,
	recordBatch,
	type RunProgress,
} from './sync-progress';
import type { AttachmentSyncState, SyncStatus } from './types';

/**
 * Batches in a row that handled nothing while the server still reported
 * work left: the loop stops rather than spin on a server that is stuck.
 */
export const STALLED_BATCHES = 3;

export type SyncPhase = 'idle' | 'running' | 'pausing' | 'paused' | 'done';

export interface SyncNotice {
	status: 'success' | 'error' | 'warning';
	message: string;
}

export interface SyncState {
	status: SyncStatus | null;
	loadError: string | null;
	phase: SyncPhase;
	/** The run this page drove, or null before Start. */
	run: RunProgress | null;
	notice: SyncNotice | null;
	/** The attachment whose retry is under way. */
	retrying: number | null;
	/** Goes up when a retry ends: the page moves focus then if it was lost. */
	retryRevision: number;
	start: () => Promise< void >;
	pause: () => void;
	retry: ( id: number ) => Promise< void >;
	dismissNotice: () => void;
}

function now(): number {
	return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function errorText( error: AttachmentSyncState[ 'error' ] ): string {
	if ( typeof error === 'string' ) {
		return error;
	}
	if ( error && typeof error === 'object' ) {
		return [ error.code, error.message ].filter( Boolean ).join( ': ' );
	}
	return '';
}

export function useSync(): SyncState {
	const [ status, setStatus ] = useState< SyncStatus | null >( null );
	const [ loadError, setLoadError ] = useState< string | null >( null );
	const [ phase, setPhase ] = useState< SyncPhase >( 'idle' );
	const [ run, setRun ] = useState< RunProgress | null >( null );
	const [ notice, setNotice ] = useState< SyncNotice | null >( null );
	const [ retrying, setRetrying ] = useState< number | null >( null );
	const [ retryRevision, setRetryRevision ] = useState( 0 );

	const mounted = useRef( true );
	const looping = useRef( false );
	const pauseRequested = useRef( false );
	// The run as the loop sees it, without waiting for a render.
	const runRef = useRef< RunProgress | null >( null );
	// Only the latest GET /sync may set the counts.
	const refreshSeq = useRef( 0 );

	const refresh = useCallback( async () => {
		const seq = ++refreshSeq.current;
		try {
			const next = await getSyncStatus();
			if ( mounted.current && seq === refreshSeq.current ) {
				setStatus( next );
				setLoadError( null );
			}
		} catch ( error ) {
			if ( mounted.current && seq === refreshSeq.current ) {
				setLoadError(
					sprintf(
						/* translators: %s: the error message. */
						__(
							'The copy status could not be loaded: %s',
							's3-media-sync'
						),
						normaliseError( error ).message
					)
				);
			}
		}
	}, [] );

	useEffect( () => {
		mounted.current = true;
		void refresh();
		// Back/forward cache: the page comes back as it was left; reload the counts.
		const onShow = ( event: PageTransitionEvent ) => {
			if ( event.persisted ) {
				void refresh();
			}
		};
		window.addEventListener( 'pageshow', onShow );
		return () => {
			mounted.current = false;
			window.removeEventListener( 'pageshow', onShow );
		};
	}, [ refresh ] );

	const showRun = ( next: RunProgress ) => {
		runRef.current = next;
		setRun( next );
	};

	const start = async () => {
		if ( looping.current ) {
			return;
		}
		looping.current = true;
		pauseRequested.current = false;
		// A finished run is over: the server starts a new one on the next call.
		if ( ! runRef.current || runRef.current.complete ) {
			showRun( NEW_RUN );
		}
		setPhase( 'running' );
		setNotice( null );
		speak( __( 'Copying media to S3.', 's3-media-sync' ), 'polite' );

		let stalled = 0;
		try {
			for (;;) {
				const began = now();
				const batch = await runSyncBatch( BATCH_SIZE );
				if ( ! mounted.current ) {
					return;
				}
				const current = runRef.current ?? NEW_RUN;
				const next = recordBatch( current, batch, now() - began );
				showRun( next );

				if ( next.complete ) {
					const copied = next.done - next.failed;
					const message =
						next.failed > 0
							? sprintf(
									/* translators: 1: files copied, 2: files that failed. */
									__(
										'Copy finished: %1$d copied, %2$d failed.',
										's3-media-sync'
									),
									copied,
									next.failed
								)
							: sprintf(
									/* translators: %d: files copied. */
									__(
										'Copy finished: %d copied.',
										's3-media-sync'
									),
									copied
								);
					setPhase( 'done' );
					setNotice( {
						status: next.failed > 0 ? 'warning' : 'success',
						message,
					} );
					speak( message, 'polite' );
					break;
				}

				const progressed =
					batchCounts( batch ).handled > 0 ||
					( current.remaining !== null &&
						batch.remaining < current.remaining );
				stalled = progressed ? 0 : stalled + 1;
				if ( stalled >= STALLED_BATCHES ) {
					const message = __(
						'Copying paused: the server copied nothing in the last batches. Run Test S3 Access, then select Start copying to try again.',
						's3-media-sync'
					);
					setPhase( 'paused' );
					setNotice( { status: 'error', message } );
					speak( message, 'assertive' );
					break;
				}

				if ( pauseRequested.current ) {
					setPhase( 'paused' );
					speak( __( 'Copying paused.', 's3-media-sync' ), 'polite' );
					break;
				}
			}
		} catch ( error ) {
			if ( ! mounted.current ) {
				return;
			}
			const message = sprintf(
				/* translators: %s: the error message. */
				__(
					'Copying paused: %s Select Start copying to resume.',
					's3-media-sync'
				),
				normaliseError( error ).message
			);
			setPhase( 'paused' );
			setNotice( { status: 'error', message } );
			speak( message, 'assertive' );
		} finally {
			looping.current = false;
		}
		await refresh();
	};

	const pause = useCallback( () => {
		if ( looping.current ) {
			pauseRequested.current = true;
			setPhase( 'pausing' );
		}
	}, [] );

	const retry = async ( id: number ) => {
		if ( looping.current || retrying !== null ) {
			return;
		}
		const file =
			status?.failures.find( ( failure ) => failure.id === id )?.file ??
			`#${ id }`;
		setRetrying( id );
		let next: SyncNotice;
		try {
			const state = await retryAttachment( id );
			next =
				state.status === 'synced'
					? {
							status: 'success',
							message: sprintf(
								/* translators: %s: a file name. */
								__( '%s is now in S3.', 's3-media-sync' ),
								file
							),
						}
					: {
							status: 'error',
							message: sprintf(
								/* translators: 1: a file name, 2: the error. */
								__(
									'%1$s is still not in S3. %2$s',
									's3-media-sync'
								),
								file,
								errorText( state.error )
							).trim(),
						};
		} catch ( error ) {
			next = {
				status: 'error',
				message: sprintf(
					/* translators: 1: a file name, 2: the error message. */
					__( 'Retrying %1$s failed: %2$s', 's3-media-sync' ),
					file,
					normaliseError( error ).message
				),
			};
		}
		await refresh();
		if ( ! mounted.current ) {
			return;
		}
		setRetrying( null );
		setNotice( next );
		setRetryRevision( ( revision ) => revision + 1 );
		speak( next.message, next.status === 'error' ? 'assertive' : 'polite' );
	};

	return {
		status,
		loadError,
		phase,
		run,
		notice,
		retrying,
		retryRevision,
		start,
		pause,
		retry,
		dismissNotice: () => setNotice( null ),
	};
}
