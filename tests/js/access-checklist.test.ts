/**
 * What each Test S3 Access row says: a hint once across rows, a failed row's
 * S3 words behind Details (its code, its message), a skipped row without
 * the error code of the row that stopped it.
 */
import { describe, expect, it } from '@jest/globals';

import { checklistRows } from '../../src/settings/AccessChecklist';
import type { TestCheck } from '../../src/settings/types';

const HINTS = [ 'Paste the secret again.', 'Create a new access key.' ];
const AWS_WORDS =
	'SignatureDoesNotMatch: The request signature we calculated does not match (request id ABC123)';

const WRONG_SECRET: TestCheck[] = [
	{
		id: 'credentials',
		permission: null,
		status: 'fail',
		code: 'SignatureDoesNotMatch',
		message: AWS_WORDS,
		hints: HINTS,
	},
	{
		id: 'list_bucket',
		permission: 's3:ListBucket',
		status: 'fail',
		code: 'SignatureDoesNotMatch',
		message: AWS_WORDS,
		hints: HINTS,
	},
	{
		id: 'put_object',
		permission: 's3:PutObject',
		status: 'skip',
		code: 'SignatureDoesNotMatch',
		message: 'Not tried: the problem above stops every request.',
		hints: [],
	},
];

describe( 'checklistRows', () => {
	it( 'gives each hint once, on the first row that has it', () => {
		const rows = checklistRows( WRONG_SECRET );
		expect( rows.map( ( row ) => row.hints ) ).toEqual( [ HINTS, [], [] ] );
		expect( rows[ 1 ]?.text ).toBe(
			'Refused for the same reason as Credentials, above.'
		);
	} );

	it( 'keeps S3’s code and words behind Details on failed rows only', () => {
		const rows = checklistRows( WRONG_SECRET );
		expect( rows[ 0 ]?.text ).toBe( '' );
		expect( rows[ 0 ]?.details ).toEqual( {
			code: 'SignatureDoesNotMatch',
			message: AWS_WORDS,
		} );
		// Not judged: no code, no Details, only why.
		expect( rows[ 2 ]?.details ).toBeNull();
		expect( rows[ 2 ]?.text ).toBe(
			'Not tried: the problem above stops every request.'
		);
	} );

	it( 'shows a failed row’s message when it has no hints to lead with', () => {
		const [ row ] = checklistRows( [
			{
				id: 'get_object',
				permission: 's3:GetObject',
				status: 'fail',
				code: 'ChecksumMismatch',
				message: 'The object read back differs from the one uploaded.',
				hints: [],
			},
		] );
		expect( row?.text ).toBe(
			'The object read back differs from the one uploaded.'
		);
		expect( row?.details ).toEqual( {
			code: 'ChecksumMismatch',
			message: '',
		} );
	} );
} );
