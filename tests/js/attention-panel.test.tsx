/**
 * "Needs your attention" as an admin meets it: nothing when nothing waits;
 * the counts and the refused deletions when something does; Retry now
 * posts once and shows what is still waiting; a failed request says so.
 */
// First: it mocks apiFetch and @wordpress/a11y for what is imported after it.
import { resetPageMocks } from './support/settings-page';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { speak } from '@wordpress/a11y';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { AttentionPanel } from '../../src/settings/AttentionPanel';
import type { Attention } from '../../src/settings/types';
import { callsTo, restError, routeApiFetch } from './api-fetch-mock';

const ATTENTION = '/s3-media-sync/v1/attention';
const RETRY = '/s3-media-sync/v1/attention/retry';

const waiting: Attention = {
	uploads: 2,
	deletions: 1,
	deletion_failures: [
		{
			bucket: 'media-bucket',
			key: 'wp-content/uploads/2026/11/old.jpg',
			attempts: 4,
			next_attempt: '2026-12-01T00:00:00Z',
			error: 'AccessDenied: Access Denied',
		},
	],
};
const nothing: Attention = { uploads: 0, deletions: 0, deletion_failures: [] };

describe( 'AttentionPanel', () => {
	beforeEach( resetPageMocks );

	it( 'shows nothing when nothing waits', async () => {
		routeApiFetch( { [ `GET ${ ATTENTION }` ]: () => nothing } );
		const { container } = render( <AttentionPanel /> );
		await waitFor( () =>
			expect( callsTo( 'GET', ATTENTION ) ).toHaveLength( 1 )
		);
		expect( container.textContent ).toBe( '' );
	} );

	it( 'lists what keeps failing, and Retry now shows what is left', async () => {
		routeApiFetch( {
			[ `GET ${ ATTENTION }` ]: () => waiting,
			[ `POST ${ RETRY }` ]: () => ( {
				retried: { uploads: 2, deletions: 1 },
				waiting: nothing,
			} ),
		} );
		render( <AttentionPanel /> );
		expect(
			await screen.findByText( /2 uploads failed or keep failing/ )
		).toBeTruthy();
		expect(
			screen.getByText(
				'media-bucket/wp-content/uploads/2026/11/old.jpg'
			)
		).toBeTruthy();
		expect(
			screen.getByText( /AccessDenied: Access Denied/ )
		).toBeTruthy();

		fireEvent.click( screen.getByRole( 'button', { name: 'Retry now' } ) );
		await waitFor( () =>
			expect( screen.queryByText( /keep failing/ ) ).toBeNull()
		);
		expect( callsTo( 'POST', RETRY ) ).toHaveLength( 1 );
		expect( speak ).toHaveBeenCalledWith(
			'Everything waiting went through.'
		);
	} );

	it( 'says so when the list cannot be read', async () => {
		routeApiFetch( {
			[ `GET ${ ATTENTION }` ]: () => {
				throw restError( 500, 'The database went away.' );
			},
		} );
		render( <AttentionPanel /> );
		expect(
			await screen.findByText( /The database went away/ )
		).toBeTruthy();
	} );
} );
