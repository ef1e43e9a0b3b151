/**
 * What the long runs of the page share (Copy existing media to S3, Bring
 * files back): a start button and Pause, a progress bar with one line of
 * text under it that the bar points to, how the run ended, and the error
 * cell of the table of files it could not handle.
 */
import { Button, Notice, ProgressBar } from '@wordpress/components';
import type { ReactNode } from 'react';
import { __ } from '@wordpress/i18n';

/** What useSync and useBringBack both give: their loop's phase and controls. */
export interface BatchLoop {
	phase: string;
	start: () => Promise< void >;
	pause: () => void | Promise< void >;
	/** A run the server keeps (the copy job) is resumed, not started again. */
	resume?: () => Promise< void >;
}

export function RunButtons( {
	startLabel,
	loop,
	startDisabled,
	describedBy,
	children,
}: {
	startLabel: string;
	loop: BatchLoop;
	/** Nothing to do, or not allowed yet: `describedBy` says why. */
	startDisabled: boolean;
	describedBy?: string | undefined;
	children?: ReactNode;
} ) {
	const running = loop.phase === 'running';
	const resume = loop.phase === 'paused' ? loop.resume : undefined;
	return (
		<p className="s3-media-sync-actions">
			{ resume ? (
				<Button variant="primary" onClick={ () => void resume() }>
					{ __( 'Resume', 's3-media-sync' ) }
				</Button>
			) : (
				<Button
					variant="primary"
					onClick={ () => void loop.start() }
					disabled={
						running || loop.phase === 'pausing' || startDisabled
					}
					aria-describedby={ describedBy }
					accessibleWhenDisabled
				>
					{ startLabel }
				</Button>
			) }
			<Button
				variant="secondary"
				onClick={ () => void loop.pause() }
				disabled={ ! running }
				accessibleWhenDisabled
			>
				{ __( 'Pause', 's3-media-sync' ) }
			</Button>
			{ children }
		</p>
	);
}

export function ProgressMeter( {
	label,
	percent,
	textId,
	text,
}: {
	label: string;
	/** Null before the server's first answer: the bar is indeterminate. */
	percent: number | null;
	textId: string;
	text: string;
} ) {
	// Without a value the bar is indeterminate, and says no number.
	const value =
		percent === null ? {} : { value: percent, 'aria-valuenow': percent };
	return (
		<div className="s3-media-sync-progress">
			<ProgressBar
				{ ...value }
				className="s3-media-sync-progress__bar"
				aria-label={ label }
				aria-valuemin={ 0 }
				aria-valuemax={ 100 }
				aria-describedby={ textId }
			/>
			<p id={ textId } className="s3-media-sync-progress__text">
				{ text }
			</p>
		</div>
	);
}

/** How the run ended, or why it stopped; announced by the hook already. */
export function RunNotice( {
	notice,
	onDismiss,
}: {
	notice: { status: 'success' | 'error' | 'warning'; message: string } | null;
	onDismiss: () => void;
} ) {
	return notice ? (
		<Notice
			status={ notice.status }
			onRemove={ onDismiss }
			spokenMessage={ null }
		>
			{ notice.message }
		</Notice>
	) : null;
}

/** S3's code, then its words. */
export function ErrorCell( {
	code,
	message,
}: {
	code: string;
	message: string;
} ) {
	return (
		<td>
			<code>{ code }</code> { message }
		</td>
	);
}

/** The head of a table of files a run could not handle. */
export function FailureHead( {
	withAction = false,
}: {
	withAction?: boolean;
} ) {
	return (
		<thead>
			<tr>
				<th scope="col">{ __( 'File', 's3-media-sync' ) }</th>
				<th scope="col">{ __( 'Error', 's3-media-sync' ) }</th>
				{ withAction && <td /> }
			</tr>
		</thead>
	);
}
