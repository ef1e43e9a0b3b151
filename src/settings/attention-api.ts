/**
 * The "needs attention" routes of docs/rest-api.md: GET /attention (uploads
 * that keep failing, deletions S3 keeps refusing) and POST /attention/retry
 * (everything waiting is tried now). Answers are checked before the page
 * shows them.
 */

import { request } from './api';
import { isCount, isRecord, unexpected } from './answer-checks';
import type { Attention, DeletionFailure } from './types';

export const ATTENTION_PATH = '/s3-media-sync/v1/attention';
export const ATTENTION_RETRY_PATH = '/s3-media-sync/v1/attention/retry';

function toAttention( answer: unknown ): Attention {
	if (
		! isRecord( answer ) ||
		! isCount( answer.uploads ) ||
		! isCount( answer.deletions )
	) {
		throw unexpected();
	}
	const failures = Array.isArray( answer.deletion_failures )
		? ( answer.deletion_failures as DeletionFailure[] )
		: [];
	return {
		uploads: answer.uploads,
		deletions: answer.deletions,
		deletion_failures: failures,
	};
}

export async function getAttention(): Promise< Attention > {
	return toAttention( await request< unknown >( { path: ATTENTION_PATH } ) );
}

/** Retries everything now; answers what is still waiting afterwards. */
export async function retryAttention(): Promise< Attention > {
	const answer = await request< unknown >( {
		path: ATTENTION_RETRY_PATH,
		method: 'POST',
	} );
	return toAttention( isRecord( answer ) ? answer.waiting : undefined );
}
