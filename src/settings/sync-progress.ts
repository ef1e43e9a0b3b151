/**
 * The progress of the bulk-copy job, as the page sees it from GET /sync:
 * how many attachments it handled, what the server says is left, and the
 * speed and time left estimated from the answers so far. Pure, so the
 * arithmetic is tested on its own.
 *
 * Speed counts only the time the job was running between two answers: a
 * pause does not slow it. It is taken over the last few answers so that it
 * follows the real pace (small files first, large ones later) rather than
 * the run's average.
 */
import { _n, __, sprintf } from '@wordpress/i18n';

import type { SyncJob } from './types';

/** How many of the latest answers the speed is measured over. */
export const RATE_WINDOW = 10;

export interface BatchSample {
	/** Attachments handled, copied or failed, since the previous answer. */
	files: number;
	/** Time since the previous answer. */
	ms: number;
}

export interface RunProgress {
	/** Attachments the job handled since it was started. */
	done: number;
	/** What the server says is left; null before the first answer. */
	remaining: number | null;
	samples: BatchSample[];
	/** The server says the job is done. */
	complete: boolean;
}

export const NEW_RUN: RunProgress = {
	done: 0,
	remaining: null,
	samples: [],
	complete: false,
};

/**
 * The run after another answer about the job, `ms` after the previous one:
 * handled is what the job started with minus what it has left. A sample is
 * kept only for time the job was running.
 */
export function recordJob(
	run: RunProgress,
	job: SyncJob,
	ms: number,
	wasRunning: boolean
): RunProgress {
	const done = Math.max( 0, job.total - job.remaining );
	const samples =
		wasRunning && run.remaining !== null && ms > 0
			? [
					...run.samples,
					{ files: Math.max( 0, done - run.done ), ms },
				].slice( -RATE_WINDOW )
			: run.samples;
	return {
		done,
		remaining: job.remaining,
		samples,
		complete: job.state === 'done',
	};
}

/** Files per second over the samples, or null when there is nothing to go on. */
export function filesPerSecond( samples: BatchSample[] ): number | null {
	let files = 0;
	let ms = 0;
	for ( const sample of samples ) {
		files += sample.files;
		ms += sample.ms;
	}
	if ( files === 0 || ms <= 0 ) {
		return null;
	}
	return ( files * 1000 ) / ms;
}

/** Seconds until `remaining` files are done at `rate`; null when unknown. */
export function secondsLeft(
	remaining: number | null,
	rate: number | null
): number | null {
	if ( remaining === 0 ) {
		return 0;
	}
	if ( remaining === null || rate === null || rate <= 0 ) {
		return null;
	}
	return remaining / rate;
}

/**
 * Whole percent of the run done, or null before the server said how much is
 * left. 100 only once nothing is left: rounding never shows a run as
 * finished early.
 */
export function percentDone( run: RunProgress ): number | null {
	if ( run.remaining === null ) {
		return null;
	}
	if ( run.remaining === 0 ) {
		return 100;
	}
	const percent = Math.floor(
		( run.done * 100 ) / ( run.done + run.remaining )
	);
	return Math.min( 99, percent );
}

/** "4.2" below 10 a second, "37" above: one decimal only where it helps. */
export function formatRate( rate: number, locale?: string ): string {
	return new Intl.NumberFormat( locale, {
		maximumFractionDigits: rate < 10 ? 1 : 0,
	} ).format( rate );
}

/** "45 seconds", "3 minutes", "2 hours 5 minutes": rounded up, never 0. */
export function formatDuration( seconds: number ): string {
	const whole = Math.max( 1, Math.ceil( seconds ) );
	if ( whole < 60 ) {
		return sprintf(
			/* translators: %d: a number of seconds. */
			_n( '%d second', '%d seconds', whole, 's3-media-sync' ),
			whole
		);
	}
	const minutes = Math.ceil( whole / 60 );
	const minutesText = ( count: number ) =>
		sprintf(
			/* translators: %d: a number of minutes. */
			_n( '%d minute', '%d minutes', count, 's3-media-sync' ),
			count
		);
	if ( minutes < 60 ) {
		return minutesText( minutes );
	}
	const hours = Math.floor( minutes / 60 );
	const hoursText = sprintf(
		/* translators: %d: a number of hours. */
		_n( '%d hour', '%d hours', hours, 's3-media-sync' ),
		hours
	);
	const rest = minutes % 60;
	if ( rest === 0 ) {
		return hoursText;
	}
	return sprintf(
		/* translators: 1: "2 hours", 2: "5 minutes". */
		__( '%1$s %2$s', 's3-media-sync' ),
		hoursText,
		minutesText( rest )
	);
}
