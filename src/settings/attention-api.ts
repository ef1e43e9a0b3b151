/**
 * The "needs attention" routes of docs/rest-api.md: GET /attention (uploads
 * that keep failing, deletions S3 keeps refusing) and POST /attention/retry
 * (everything waiting is tried now). Answers are checked before the page
 * shows them.
 */
import { __ } from '@wordpress/i18n';

import { ApiError, request } from './api';
import type { Attention, DeletionFailure } from './types';

export const ATTENTION_PATH = '/s3-media-sync/v1/attention';
export const ATTENTION_RETRY_PATH = '/s3-media-sync/v1/attention/retry';

function isRecord( value: unknown ): value is Record< string, unknown > {
	return typeof value === 'object' && value !== null;
}

function isCount( value: unknown ): value is number {
	return typeof value === 'number' && Number.isInteger( value ) && value >= 0;
}

function toAttention( answer: unknown ): Attention {
	if (
		! isRecord( answer ) ||
		! isCount( answer.uploads ) ||
		! isCount( answer.deletions )
	) {
		throw new ApiError(
			__( 'The server sent an unexpected answer.', 's3-media-sync' )
		);
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
