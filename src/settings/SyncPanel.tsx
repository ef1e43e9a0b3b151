/**
 * "Copy existing media to S3": the library's counts, Start copying, Pause and
 * Resume of the job the server runs, its progress with its speed and time
 * left, and the attachments that failed, each with a Retry button.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import {
	filesPerSecond,
	formatDuration,
	formatRate,
	percentDone,
	secondsLeft,
	type RunProgress,
} from './sync-progress';
import {
	ErrorCell,
	FailureHead,
	ProgressMeter,
	RunButtons,
	RunNotice,
} from './RunControls';
import type { SyncStatus } from './types';
import { useSync, type SyncPhase } from './useSync';

const PROGRESS_TEXT_ID = 's3-media-sync-copy-progress-text';
const IDLE_REASON_ID = 's3-media-sync-copy-idle-reason';

function failureId( id: number ): string {
	return `s3-media-sync-failure-${ id }`;
}

function Counts( { status }: { status: SyncStatus } ) {
	if ( status.total === 0 ) {
		// idleReason() says the library is empty.
		return null;
	}
	const counts = [
		sprintf(
			/* translators: %d: number of attachments. */
			__( 'Total: %d', 's3-media-sync' ),
			status.total
		),
		sprintf(
			/* translators: %d: number of attachments. */
			__( 'Synced: %d', 's3-media-sync' ),
			status.synced
		),
		sprintf(
			/* translators: %d: number of attachments. */
			__( 'Pending: %d', 's3-media-sync' ),
			status.pending
		),
		sprintf(
			/* translators: %d: number of attachments. */
			__( 'Failed: %d', 's3-media-sync' ),
			status.failed
		),
	];
	return (
		<ul
			className="s3-media-sync-sync-counts"
			aria-label={ __( 'Media library in S3', 's3-media-sync' ) }
		>
			{ counts.map( ( text ) => (
				<li key={ text }>{ text }</li>
			) ) }
		</ul>
	);
}

/** Why Start copying is not offered, or null when it is. */
function idleReason( status: SyncStatus | null ): string | null {
	if ( status === null || status.pending > 0 ) {
		return null;
	}
	if ( status.total === 0 ) {
		return __(
			'The media library is empty: uploads are copied to S3 as they arrive.',
			's3-media-sync'
		);
	}
	return status.failed > 0
		? __(
				'Nothing is waiting to be copied: retry the failed files below.',
				's3-media-sync'
			)
		: __( 'All media is in S3.', 's3-media-sync' );
}

function Progress( { run, phase }: { run: RunProgress; phase: SyncPhase } ) {
	const percent = percentDone( run );
	const rate = filesPerSecond( run.samples );
	const left = secondsLeft( run.remaining, rate );
	const active = phase === 'running' || phase === 'pausing';
	const parts: string[] = [];
	if ( run.remaining === null ) {
		parts.push( __( 'Starting…', 's3-media-sync' ) );
	} else if ( run.done + run.remaining === 0 ) {
		parts.push(
			__(
				'Nothing was left to copy: all media is in S3.',
				's3-media-sync'
			)
		);
	} else {
		parts.push(
			sprintf(
				/* translators: 1: percent done, 2: files handled, 3: files in the run. */
				__( '%1$d%% — %2$d of %3$d files', 's3-media-sync' ),
				percent ?? 0,
				run.done,
				run.done + run.remaining
			)
		);
	}
	if ( rate !== null ) {
		parts.push(
			sprintf(
				/* translators: %s: a number of files, such as 4.2. */
				__( '%s files per second', 's3-media-sync' ),
				formatRate( rate, document.documentElement.lang || undefined )
			)
		);
	}
	if ( active && left !== null && left > 0 ) {
		parts.push(
			sprintf(
				/* translators: %s: a duration, such as "3 minutes". */
				__( 'About %s left', 's3-media-sync' ),
				formatDuration( left )
			)
		);
	}
	return (
		<ProgressMeter
			label={ __( 'Copy progress', 's3-media-sync' ) }
			percent={ percent }
			textId={ PROGRESS_TEXT_ID }
			text={ parts.join( ' · ' ) }
		/>
	);
}

export function SyncPanel() {
	const sync = useSync();
	const { status, phase, run, notice } = sync;
	const noticeRef = useRef< HTMLDivElement >( null );
	const busy = phase === 'running' || phase === 'pausing';

	// A successful retry removes the row and its focused button with it.
	useEffect( () => {
		const target = noticeRef.current;
		const active = target?.ownerDocument.activeElement;
		if (
			sync.retryRevision > 0 &&
			target &&
			( ! active || active === target.ownerDocument.body )
		) {
			target.focus();
		}
	}, [ sync.retryRevision ] );

	const failures = status?.failures ?? [];
	const reason = busy ? null : idleReason( status );

	return (
		<div className="s3-media-sync-sync">
			<p>
				{ __(
					'Copies the media uploaded before the plugin was set up. The server does the copying: you can leave this page, and every administrator sees, pauses and resumes the same copy.',
					's3-media-sync'
				) }
			</p>
			{ sync.loadError && (
				<Notice
					status="error"
					isDismissible={ false }
					spokenMessage={ null }
				>
					{ sync.loadError }
				</Notice>
			) }
			{ status ? (
				<Counts status={ status } />
			) : (
				! sync.loadError && <Spinner />
			) }
			{ reason && (
				<p id={ IDLE_REASON_ID } className="description">
					{ reason }
				</p>
			) }
			<RunButtons
				startLabel={ __( 'Start copying', 's3-media-sync' ) }
				loop={ sync }
				startDisabled={ status === null || status.pending === 0 }
				describedBy={ reason ? IDLE_REASON_ID : undefined }
			>
				{ phase === 'pausing' && (
					<span className="s3-media-sync-actions__status">
						{ __(
							'Pausing after the current batch…',
							's3-media-sync'
						) }
					</span>
				) }
				{ phase === 'paused' && (
					<span className="s3-media-sync-actions__status">
						{ __( 'Paused.', 's3-media-sync' ) }
					</span>
				) }
			</RunButtons>
			{ run && <Progress run={ run } phase={ phase } /> }
			<div
				ref={ noticeRef }
				tabIndex={ -1 }
				className="s3-media-sync-run-notice"
			>
				<RunNotice notice={ notice } onDismiss={ sync.dismissNotice } />
			</div>
			{ failures.length > 0 && (
				<>
					<h3>{ __( 'Failed attachments', 's3-media-sync' ) }</h3>
					{ status && status.failed > failures.length && (
						<p>
							{ sprintf(
								/* translators: 1: attachments listed, 2: attachments that failed. */
								__(
									'The first %1$d of %2$d are listed.',
									's3-media-sync'
								),
								failures.length,
								status.failed
							) }
						</p>
					) }
					<table className="widefat striped s3-media-sync-failures">
						<FailureHead withAction />
						<tbody>
							{ failures.map( ( failure ) => (
								<tr key={ failure.id }>
									<td id={ failureId( failure.id ) }>
										{ failure.file }
									</td>
									<ErrorCell { ...failure } />
									<td>
										<Button
											variant="secondary"
											size="compact"
											aria-describedby={ failureId(
												failure.id
											) }
											isBusy={
												sync.retrying === failure.id
											}
											disabled={
												busy || sync.retrying !== null
											}
											accessibleWhenDisabled
											onClick={ () =>
												void sync.retry( failure.id )
											}
										>
											{ __( 'Retry', 's3-media-sync' ) }
										</Button>
									</td>
								</tr>
							) ) }
						</tbody>
					</table>
				</>
			) }
		</div>
	);
}
