/**
 * "Check the bucket" as an admin meets it: one POST /audit per click; a
 * clean bucket says so; problems are listed in words; a check that ran out
 * of time says the rest was not checked; an unverified file is never
 * counted as identical.
 */
// First: it mocks apiFetch and @wordpress/a11y for what is imported after it.
import { resetPageMocks } from './support/settings-page';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { fireEvent, render, screen } from '@testing-library/react';

import { AuditPanel } from '../../src/settings/AuditPanel';
import type { AuditResult } from '../../src/settings/types';
import { callsTo, routeApiFetch } from './api-fetch-mock';

const AUDIT = '/s3-media-sync/v1/audit';

function result( overrides: Partial< AuditResult > = {} ): AuditResult {
	return {
		attachments: 2,
		checked: 6,
		identical: 6,
		unverified: 0,
		missing: 0,
		changed: 0,
		lost: 0,
		orphaned: 0,
		unlisted: 0,
		complete: true,
		problems: [],
		...overrides,
	};
}

async function check( answer: AuditResult ) {
	routeApiFetch( { [ `POST ${ AUDIT }` ]: () => answer } );
	render( <AuditPanel /> );
	fireEvent.click(
		screen.getByRole( 'button', { name: 'Check the bucket' } )
	);
	return screen.findByText( /objects checked/ );
}

describe( 'AuditPanel', () => {
	beforeEach( resetPageMocks );

	it( 'sends nothing until asked, then one check', async () => {
		routeApiFetch( { [ `POST ${ AUDIT }` ]: () => result() } );
		render( <AuditPanel /> );
		expect( callsTo( 'POST', AUDIT ) ).toHaveLength( 0 );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Check the bucket' } )
		);
		expect(
			( await screen.findByText( /objects checked/ ) ).textContent
		).toBe(
			'6 objects checked: 6 identical, 0 missing or changed, 0 unverified; 0 files lost; 0 orphaned objects.'
		);
		expect( callsTo( 'POST', AUDIT ) ).toHaveLength( 1 );
	} );

	it( 'lists each problem in words, and an unverified file is not identical', async () => {
		const line = await check(
			result( {
				identical: 3,
				missing: 1,
				unverified: 1,
				orphaned: 1,
				problems: [
					{
						kind: 'missing',
						id: 7,
						what: 'b/wp-content/uploads/a.jpg',
					},
					{
						kind: 'unverified',
						id: 8,
						what: 'b/wp-content/uploads/c.jpg',
					},
					{
						kind: 'orphaned',
						id: 0,
						what: 'b/wp-content/uploads/x.jpg',
					},
				],
			} )
		);
		expect( line.textContent ).toContain(
			'3 identical, 1 missing or changed, 1 unverified'
		);
		expect(
			screen.getByText( /recorded, but not in the bucket/ )
		).toBeTruthy();
		expect( screen.getByText( /nothing to compare it with/ ) ).toBeTruthy();
		expect( screen.getByText( /named by no attachment/ ) ).toBeTruthy();
	} );

	it( 'says when the check ran out of time', async () => {
		await check( result( { complete: false } ) );
		expect( screen.getByText( /ran out of time/ ) ).toBeTruthy();
	} );
} );
