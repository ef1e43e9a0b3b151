/**
 * The bulk-copy routes of docs/rest-api.md: GET /sync, POST /sync/job (start),
 * POST /sync/job/pause and /resume, and POST /attachments/{id}/retry.
 * Answers are checked for the numbers and states the page relies on: it
 * polls GET /sync while the job runs, and a state it does not know would
 * leave it polling for ever.
 */

import { request } from './api';
import { isCount, isRecord, unexpected } from './answer-checks';
import type {
	AttachmentSyncState,
	SyncFailure,
	SyncJob,
	SyncJobState,
	SyncStatus,
} from './types';

export const SYNC_PATH = '/s3-media-sync/v1/sync';
export const SYNC_JOB_PATH = '/s3-media-sync/v1/sync/job';

const JOB_STATES: readonly SyncJobState[] = [
	'idle',
	'running',
	'paused',
	'done',
];

export function retryPath( id: number ): string {
	return `/s3-media-sync/v1/attachments/${ id }/retry`;
}

/** The job of an answer, or an error when it is not one the page can follow. */
function toJob( value: unknown ): SyncJob {
	if (
		! isRecord( value ) ||
		! JOB_STATES.includes( value.state as SyncJobState ) ||
		! isCount( value.workers ) ||
		! isCount( value.started ) ||
		! isCount( value.total ) ||
		! isCount( value.remaining )
	) {
		throw unexpected();
	}
	const error = isRecord( value.error )
		? {
				code: String( value.error.code ?? '' ),
				message: String( value.error.message ?? '' ),
			}
		: null;
	return {
		state: value.state as SyncJobState,
		workers: value.workers,
		started: value.started,
		total: value.total,
		remaining: value.remaining,
		error,
	};
}

/**
 * The counts, the failed attachments and the job. The preloading middleware
 * hands a preloaded error body back as if it were a success: that is
 * refused here.
 */
export async function getSyncStatus(): Promise< SyncStatus > {
	const answer = await request< unknown >( { path: SYNC_PATH } );
	if (
		! isRecord( answer ) ||
		! isCount( answer.total ) ||
		! isCount( answer.synced ) ||
		! isCount( answer.pending ) ||
		! isCount( answer.failed )
	) {
		throw unexpected();
	}
	const failures = Array.isArray( answer.failures )
		? ( answer.failures as SyncFailure[] )
		: [];
	return {
		total: answer.total,
		synced: answer.synced,
		pending: answer.pending,
		failed: answer.failed,
		failures,
		job: toJob( answer.job ),
	};
}

async function jobRequest(
	path: string,
	data?: Record< string, unknown >
): Promise< SyncJob > {
	const answer = await request< unknown >( {
		path,
		method: 'POST',
		...( data ? { data } : {} ),
	} );
	if ( ! isRecord( answer ) ) {
		throw unexpected();
	}
	return toJob( answer.job );
}

/** Starts the job on the server (or answers the one another session started). */
export function startSyncJob( workers: number ): Promise< SyncJob > {
	return jobRequest( SYNC_JOB_PATH, { workers } );
}

export function pauseSyncJob(): Promise< SyncJob > {
	return jobRequest( `${ SYNC_JOB_PATH }/pause` );
}

export function resumeSyncJob(): Promise< SyncJob > {
	return jobRequest( `${ SYNC_JOB_PATH }/resume` );
}

export function retryAttachment( id: number ): Promise< AttachmentSyncState > {
	return request< AttachmentSyncState >( {
		path: retryPath( id ),
		method: 'POST',
	} );
}
