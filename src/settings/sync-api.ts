/**
 * The bulk-copy routes of docs/rest-api.md: GET /sync, POST /sync/batch and
 * POST /attachments/{id}/retry. Answers are checked for the numbers the
 * page relies on: a loop on a `remaining` that is not a number would never
 * end.
 */

import { request } from './api';
import { isCount, isRecord, unexpected } from './answer-checks';
import type {
	AttachmentSyncState,
	SyncBatchResult,
	SyncFailure,
	SyncStatus,
} from './types';

export const SYNC_PATH = '/s3-media-sync/v1/sync';
export const SYNC_BATCH_PATH = '/s3-media-sync/v1/sync/batch';

export function retryPath( id: number ): string {
	return `/s3-media-sync/v1/attachments/${ id }/retry`;
}

/**
 * The counts, and the failed attachments. The preloading middleware hands a
 * preloaded error body back as if it were a success: that is refused here.
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
	};
}

/** Copies the next `limit` (1–100) attachments not yet tried in this run. */
export async function runSyncBatch(
	limit: number
): Promise< SyncBatchResult > {
	const answer = await request< unknown >( {
		path: SYNC_BATCH_PATH,
		method: 'POST',
		data: { limit },
	} );
	if ( ! isRecord( answer ) || ! isCount( answer.remaining ) ) {
		throw unexpected();
	}
	return {
		processed: Array.isArray( answer.processed )
			? ( answer.processed as number[] )
			: [],
		failed: Array.isArray( answer.failed )
			? ( answer.failed as SyncBatchResult[ 'failed' ] )
			: [],
		remaining: answer.remaining,
	};
}

export function retryAttachment( id: number ): Promise< AttachmentSyncState > {
	return request< AttachmentSyncState >( {
		path: retryPath( id ),
		method: 'POST',
	} );
}
