/**
 * POST /audit of docs/rest-api.md: the records compared with the bucket.
 * The answer is checked before the page shows it.
 */
import { request } from './api';
import { isCount, isRecord, unexpected } from './answer-checks';
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
	if ( ! isRecord( answer ) ) {
		throw unexpected();
	}
	const record = answer;
	for ( const count of COUNTS ) {
		if ( ! isCount( record[ count ] ) ) {
			throw unexpected();
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
