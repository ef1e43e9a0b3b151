/**
 * What every typed REST client of the page checks an answer with before it
 * uses it: an object, a count that can drive a loop (a `remaining` that is
 * not a whole number would never end one), and the one error for an answer
 * that is neither.
 */
import { __ } from '@wordpress/i18n';

import { ApiError } from './api';

export function isRecord( value: unknown ): value is Record< string, unknown > {
	return typeof value === 'object' && value !== null;
}

export function isCount( value: unknown ): value is number {
	return typeof value === 'number' && Number.isInteger( value ) && value >= 0;
}

export function unexpected(): ApiError {
	return new ApiError(
		__( 'The server sent an unexpected answer.', 's3-media-sync' )
	);
}
