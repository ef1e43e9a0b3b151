/**
 * "Copy existing media to S3": the counts and the job from GET /sync, and
 * the controls of the job the server runs (POST /sync/job, /pause, /resume).
 *
 * The server runs the copy: this page starts it and then only reads
 * GET /sync, every POLL_MS while the job runs, so leaving the page does not
 * stop it, and every administrator's page shows, pauses and resumes the same
 * job. The counts are always the server's, so coming back shows the truth.
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { normaliseError } from './api';
import {
	getSyncStatus,
	pauseSyncJob,
	resumeSyncJob,
	retryAttachment,
	startSyncJob,
} from './sync-api';
import { NEW_RUN, recordJob, type RunProgress } from './sync-progress';
import type { AttachmentSyncState, SyncJob, SyncStatus } from './types';

/** How often the page reads GET /sync while the job runs. */
export const POLL_MS = 2000;

/** Workers the page asks for: docs/rest-api.md's default. */
export const JOB_WORKERS = 2;

export type SyncPhase = 'idle' | 'running' | 'pausing' | 'paused' | 'done';

export interface SyncNotice {
	status: 'success' | 'error' | 'warning';
	message: string;
}

export interface SyncState {
	status: SyncStatus | null;
	loadError: string | null;
	phase: SyncPhase;
	/** The job's progress, or null before one ran. */
	run: RunProgress | null;
	notice: SyncNotice | null;
	/** The attachment whose retry is under way. */
	retrying: number | null;
	/** Goes up when a retry ends: the page moves focus then if it was lost. */
	retryRevision: number;
	start: () => Promise< void >;
	pause: () => Promise< void >;
	resume: () => Promise< void >;
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

function phaseOf( job: SyncJob, sawRun: boolean ): SyncPhase {
	if ( job.state === 'done' ) {
		return sawRun ? 'done' : 'idle';
	}
	return job.state;
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
	// The job as the page last saw it, without waiting for a render.
	const runRef = useRef< RunProgress | null >( null );
	const lastState = useRef< SyncJob[ 'state' ] | null >( null );
	const lastAnswer = useRef( 0 );
	const timer = useRef< ReturnType< typeof setTimeout > | null >( null );
	// Only the latest GET /sync may set the counts.
	const refreshSeq = useRef( 0 );

	const follow = useCallback( ( job: SyncJob, counts?: SyncStatus ) => {
		const previous = lastState.current;
		const at = now();
		const active = job.state !== 'idle' && job.started > 0;
		if ( active && ( job.state !== 'done' || previous !== null ) ) {
			const next = recordJob(
				runRef.current ?? NEW_RUN,
				job,
				at - lastAnswer.current,
				previous === 'running'
			);
			runRef.current = next;
			setRun( next );
		}
		lastAnswer.current = at;
		// The end is announced with the counts: an action's answer that
		// says done leaves that to the GET /sync that follows it.
		if ( counts || job.state !== 'done' ) {
			lastState.current = job.state;
		}
		setPhase( phaseOf( job, runRef.current !== null ) );

		if (
			job.state === 'done' &&
			previous !== null &&
			previous !== 'done' &&
			counts
		) {
			const message =
				counts.failed > 0
					? __(
							'Copy finished. Some attachments failed: they are listed below.',
							's3-media-sync'
						)
					: __( 'Copy finished.', 's3-media-sync' );
			setNotice( {
				status: counts.failed > 0 ? 'warning' : 'success',
				message,
			} );
			speak( message, 'polite' );
		}
		if ( job.state === 'paused' && job.error && previous !== 'paused' ) {
			const message = sprintf(
				/* translators: %s: the error message. */
				__(
					'Copying paused: %s Select Resume to carry on.',
					's3-media-sync'
				),
				job.error.message
			);
			setNotice( { status: 'error', message } );
			speak( message, 'assertive' );
		}
	}, [] );

	const refresh = useCallback( async (): Promise< void > => {
		const seq = ++refreshSeq.current;
		if ( timer.current ) {
			clearTimeout( timer.current );
			timer.current = null;
		}
		try {
			const next = await getSyncStatus();
			if ( ! mounted.current || seq !== refreshSeq.current ) {
				return;
			}
			setStatus( next );
			setLoadError( null );
			follow( next.job, next );
			if ( next.job.state === 'running' ) {
				timer.current = setTimeout( () => void refresh(), POLL_MS );
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
				// The job runs on: look again later.
				if ( lastState.current === 'running' ) {
					timer.current = setTimeout( () => void refresh(), POLL_MS );
				}
			}
		}
	}, [ follow ] );

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
			if ( timer.current ) {
				clearTimeout( timer.current );
			}
		};
	}, [ refresh ] );

	/** One job action: its answer shown, then GET /sync followed again. */
	const act = async (
		action: () => Promise< SyncJob >,
		failure: ( error: string ) => string
	): Promise< void > => {
		setNotice( null );
		try {
			const job = await action();
			if ( ! mounted.current ) {
				return;
			}
			follow( job );
		} catch ( error ) {
			if ( ! mounted.current ) {
				return;
			}
			const message = failure( normaliseError( error ).message );
			setNotice( { status: 'error', message } );
			speak( message, 'assertive' );
		}
		await refresh();
	};

	const start = async () => {
		if ( phase === 'running' || phase === 'pausing' ) {
			return;
		}
		// A finished job is over: the progress starts again with the next,
		// followed from here even should the first answer already say done.
		runRef.current = null;
		lastState.current = 'idle';
		setRun( null );
		speak( __( 'Copying media to S3.', 's3-media-sync' ), 'polite' );
		await act(
			() => startSyncJob( JOB_WORKERS ),
			( error ) =>
				sprintf(
					/* translators: %s: the error message. */
					__( 'The copy could not be started: %s', 's3-media-sync' ),
					error
				)
		);
	};

	const pause = async () => {
		if ( phase !== 'running' ) {
			return;
		}
		setPhase( 'pausing' );
		await act( pauseSyncJob, ( error ) =>
			sprintf(
				/* translators: %s: the error message. */
				__( 'The copy could not be paused: %s', 's3-media-sync' ),
				error
			)
		);
		if ( mounted.current && lastState.current === 'paused' ) {
			speak( __( 'Copying paused.', 's3-media-sync' ), 'polite' );
		}
	};

	const resume = async () => {
		if ( phase !== 'paused' ) {
			return;
		}
		speak( __( 'Copying media to S3.', 's3-media-sync' ), 'polite' );
		await act( resumeSyncJob, ( error ) =>
			sprintf(
				/* translators: %s: the error message. */
				__( 'The copy could not be resumed: %s', 's3-media-sync' ),
				error
			)
		);
	};

	const retry = async ( id: number ) => {
		if ( phase === 'running' || retrying !== null ) {
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
		resume,
		retry,
		dismissNotice: () => setNotice( null ),
	};
}
