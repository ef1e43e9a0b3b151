/**
 * Typed client for the plugin's REST routes. apiFetch adds the nonce and, at
 * page load, answers GET /settings and GET /test from the data the PHP
 * preloaded, so the page paints without a request.
 */
import apiFetch, { type APIFetchOptions } from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import type {
	FieldErrors,
	Settings,
	SettingsField,
	SettingsUpdate,
	TestResult,
} from './types';

export const SETTINGS_PATH = '/s3-media-sync/v1/settings';
export const TEST_PATH = '/s3-media-sync/v1/test';

/** A failed request, reduced to what the page shows. */
export class ApiError extends Error {
	readonly fieldErrors: FieldErrors;
	readonly status: number | undefined;

	constructor(
		message: string,
		fieldErrors: FieldErrors = {},
		status?: number
	) {
		super( message );
		this.name = 'ApiError';
		this.fieldErrors = fieldErrors;
		this.status = status;
	}
}

interface WpErrorBody {
	code?: unknown;
	message?: unknown;
	data?: { status?: unknown; params?: unknown } | null;
}

function isRecord( value: unknown ): value is Record< string, unknown > {
	return typeof value === 'object' && value !== null;
}

function statusOf( error: unknown ): number | undefined {
	if ( ! isRecord( error ) || ! isRecord( error.data ) ) {
		return undefined;
	}
	const status = ( error as WpErrorBody ).data?.status;
	return typeof status === 'number' ? status : undefined;
}

/**
 * apiFetch rejects with the WP_Error body ({ code, message, data }) or, when
 * the request never got an answer, with { code: 'fetch_error', message }.
 * A 400 carrying `data.params` is WordPress's per-field validation answer.
 */
export function normaliseError( error: unknown ): ApiError {
	const body: WpErrorBody = isRecord( error ) ? error : {};
	const message =
		typeof body.message === 'string' && body.message !== ''
			? body.message
			: __( 'The request failed. Please try again.', 's3-media-sync' );
	const status = statusOf( error );
	const params = body.data?.params;
	if ( status === 400 && isRecord( params ) ) {
		const fieldErrors: FieldErrors = {};
		for ( const [ field, fieldMessage ] of Object.entries( params ) ) {
			if ( typeof fieldMessage === 'string' ) {
				fieldErrors[ field as SettingsField ] = fieldMessage;
			}
		}
		return new ApiError( message, fieldErrors, status );
	}
	return new ApiError( message, {}, status );
}

export async function request< T >(
	options: APIFetchOptions< true >
): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( error ) {
		throw normaliseError( error );
	}
}

export function getSettings(): Promise< Settings > {
	return request< Settings >( { path: SETTINGS_PATH } );
}

export function saveSettings( update: SettingsUpdate ): Promise< Settings > {
	return request< Settings >( {
		path: SETTINGS_PATH,
		method: 'POST',
		data: update,
	} );
}

export function runTest(): Promise< TestResult > {
	return request< TestResult >( { path: TEST_PATH, method: 'POST' } );
}

/**
 * The last result, or null when the test never ran (404). The preloading
 * middleware hands a preloaded error body back as if it were a success, so
 * an answer without checks is treated the same way.
 */
export async function lastTest(): Promise< TestResult | null > {
	let answer: unknown;
	try {
		answer = await request< unknown >( { path: TEST_PATH } );
	} catch ( error ) {
		if ( error instanceof ApiError && error.status === 404 ) {
			return null;
		}
		throw error;
	}
	if ( ! isRecord( answer ) || ! Array.isArray( answer.checks ) ) {
		return null;
	}
	return answer as unknown as TestResult;
}
