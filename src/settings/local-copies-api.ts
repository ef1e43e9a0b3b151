/**
 * The "Bring files back" routes of docs/rest-api.md: GET /local-copies (how
 * many attachments have files only in S3) and POST /local-copies/batch.
 * Answers are checked for the numbers the page relies on: a loop on a
 * `remaining` that is not a number would never end.
 */

import { request } from './api';
import { isCount, isRecord, unexpected } from './answer-checks';

export const LOCAL_COPIES_PATH = '/s3-media-sync/v1/local-copies';
export const BRING_BACK_BATCH_PATH = '/s3-media-sync/v1/local-copies/batch';

/** A file that could not be brought back: still only in S3. */
export interface BringBackFailure {
	id: number;
	/** Relative to the uploads folder; empty when the whole attachment was busy. */
	file: string;
	code: string;
	message: string;
}

/** POST /local-copies/batch: attachments handled, files written, what is left. */
export interface BringBackBatch {
	processed: number[];
	restored: number;
	failed: BringBackFailure[];
	remaining: number;
}

/** Attachments whose files are only in S3. */
export async function getMissingLocalCopies(): Promise< number > {
	const answer = await request< unknown >( { path: LOCAL_COPIES_PATH } );
	if ( ! isRecord( answer ) || ! isCount( answer.missing ) ) {
		throw unexpected();
	}
	return answer.missing;
}

/** Brings back the files of the next `limit` (1–100) attachments of the run. */
export async function runBringBackBatch(
	limit: number
): Promise< BringBackBatch > {
	const answer = await request< unknown >( {
		path: BRING_BACK_BATCH_PATH,
		method: 'POST',
		data: { limit },
	} );
	if (
		! isRecord( answer ) ||
		! isCount( answer.remaining ) ||
		! isCount( answer.restored )
	) {
		throw unexpected();
	}
	return {
		processed: Array.isArray( answer.processed )
			? ( answer.processed as number[] )
			: [],
		restored: answer.restored,
		failed: Array.isArray( answer.failed )
			? ( answer.failed as BringBackFailure[] )
			: [],
		remaining: answer.remaining,
	};
}
