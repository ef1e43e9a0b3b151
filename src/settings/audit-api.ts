/**
 * POST /audit of docs/rest-api.md: the records compared with the bucket.
 * The answer is checked before the page shows it.
 */
import { __ } from '@wordpress/i18n';

import { ApiError, request } from './api';
import type { AuditProblem, AuditResult } from './types';

export const AUDIT_PATH = '/s3-media-sync/v1/audit';

const COUNTS = [
	'attachments',
	'checked',
	'identical',
	'unverified',
	'missing',
	'changed',
	'lost',
	'orphaned',
	'unlisted',
] as const;

export async function runAudit(): Promise< AuditResult > {
	const answer = await request< unknown >( {
		path: AUDIT_PATH,
		method: 'POST',
	} );
	if ( typeof answer !== 'object' || answer === null ) {
		throw new ApiError(
			__( 'The server sent an unexpected answer.', 's3-media-sync' )
		);
	}
	const record = answer as Record< string, unknown >;
	for ( const count of COUNTS ) {
		const value = record[ count ];
		if ( typeof value !== 'number' || ! Number.isInteger( value ) ) {
			throw new ApiError(
				__( 'The server sent an unexpected answer.', 's3-media-sync' )
			);
		}
	}
	return {
		...( record as unknown as AuditResult ),
		complete: record.complete === true,
		problems: Array.isArray( record.problems )
			? ( record.problems as AuditProblem[] )
			: [],
	};
}
