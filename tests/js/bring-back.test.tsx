/**
 * "Bring files back" as a user meets it: the count of GET /local-copies as
 * a warning beside Remove local copies and as a panel of its own, the
 * button held back while Remove local copies is saved on, the loop on
 * POST /local-copies/batch with its progress bar until nothing is left,
 * the files that could not come back, and a batch that fails.
 */
// First: it mocks apiFetch and @wordpress/a11y for what is imported after it.
import { resetPageMocks } from './support/settings-page';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { speak } from '@wordpress/a11y';
import type { APIFetchOptions } from '@wordpress/api-fetch';
import {
	act,
	configure,
	fireEvent,
	render,
	screen,
	waitFor,
	within,
} from '@testing-library/react';

import { SettingsApp } from '../../src/settings/SettingsApp';
import { BATCH_SIZE } from '../../src/settings/batch-size';
import {
	getMissingLocalCopies,
	runBringBackBatch,
	type BringBackBatch,
} from '../../src/settings/local-copies-api';
import type { Settings } from '../../src/settings/types';
import { FIELD_ATTRIBUTE } from '../../src/settings/useFocusAfterSave';
import { callsTo, restError, routeApiFetch } from './api-fetch-mock';
import { savedSettings } from './fixtures';

configure( { asyncUtilTimeout: 5000 } );
jest.setTimeout( 20000 );

const COUNT = '/s3-media-sync/v1/local-copies';
const BATCH = '/s3-media-sync/v1/local-copies/batch';

type Handler = ( options: APIFetchOptions ) => unknown;

function serve( {
	settings = savedSettings(),
	counts = [ 3 ],
	batches = [],
}: {
	settings?: Settings;
	/** GET /local-copies answers in turn; the last one repeats. */
	counts?: number[];
	/** POST /local-copies/batch answers in turn: a value, or a function of nothing. */
	batches?: Array< BringBackBatch | ( () => unknown ) >;
} ) {
	let countCall = 0;
	let batchCall = 0;
	const routes: Record< string, Handler > = {
		'GET /s3-media-sync/v1/settings': () => settings,
		'GET /s3-media-sync/v1/test': () => {
			throw restError( 404, 'No test has run yet.' );
		},
		'GET /s3-media-sync/v1/sync': () => ( {
			total: 3,
			synced: 3,
			pending: 0,
			failed: 0,
			failures: [],
			job: {
				state: 'idle',
				workers: 2,
				started: 0,
				total: 0,
				remaining: 0,
				error: null,
			},
		} ),
		[ `GET ${ COUNT }` ]: () => ( {
			missing: counts[ Math.min( countCall++, counts.length - 1 ) ],
		} ),
		[ `POST ${ BATCH }` ]: () => {
			const answer = batches[ batchCall++ ];
			if ( answer === undefined ) {
				throw new Error( 'More batches than the test expected.' );
			}
			return typeof answer === 'function' ? answer() : answer;
		},
	};
	routeApiFetch( routes );
}

function batch(
	processed: number[],
	restored: number,
	remaining: number,
	failed: BringBackBatch[ 'failed' ] = []
): BringBackBatch {
	return { processed, restored, failed, remaining };
}

async function renderPanel(): Promise< HTMLElement > {
	render( <SettingsApp /> );
	const heading = await screen.findByRole( 'heading', {
		name: 'Bring files back',
	} );
	return heading.closest( '.components-panel' ) as HTMLElement;
}

const bringBackButton = ( panel: HTMLElement ) =>
	within( panel ).getByRole( 'button', { name: 'Bring files back' } );
const bar = ( panel: HTMLElement ) =>
	within( panel ).getByRole( 'progressbar', {
		name: 'Bring back progress',
	} );

async function click( element: HTMLElement ) {
	await act( async () => {
		fireEvent.click( element );
	} );
}

beforeEach( resetPageMocks );

describe( 'while files are only in S3', () => {
	it( 'warns beside Remove local copies and shows the panel with the count', async () => {
		serve( {} );
		const panel = await renderPanel();
		expect(
			await within( panel ).findByText(
				/^3 attachments have files only in S3\./
			)
		).toBeInTheDocument();
		fireEvent.click( screen.getByRole( 'button', { name: 'Advanced' } ) );
		const toggle = screen.getByRole( 'checkbox', {
			name: 'Remove local copies',
		} );
		const warning = screen.getByText(
			/^3 attachments have files only in S3\. Turning this off does not bring them back/
		);
		// Beside the setting: right after its field.
		expect(
			toggle.closest( `[${ FIELD_ATTRIBUTE }="remove_local_copies"]` )
				?.nextElementSibling
		).toContainElement( warning );
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 0 );
	} );

	it( 'shows neither the panel nor the warning when nothing is missing', async () => {
		serve( { counts: [ 0 ] } );
		render( <SettingsApp /> );
		await screen.findByText( 'Total: 3' );
		await waitFor( () =>
			expect( callsTo( 'GET', COUNT ) ).toHaveLength( 1 )
		);
		expect(
			screen.queryByRole( 'heading', { name: 'Bring files back' } )
		).toBeNull();
		fireEvent.click( screen.getByRole( 'button', { name: 'Advanced' } ) );
		expect( screen.queryByText( /files only in S3/ ) ).toBeNull();
	} );

	it( 'holds the button back, saying why, while Remove local copies is saved on', async () => {
		serve( {
			settings: savedSettings( { remove_local_copies: true } ),
		} );
		const panel = await renderPanel();
		const button = bringBackButton( panel );
		expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( button ).toHaveAccessibleDescription(
			/Turn off Remove local copies \(under Advanced\) and save first/
		);
		await click( button );
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 0 );
	} );
} );

describe( 'Bring files back', () => {
	it( 'loops until nothing is left, lists what could not come back, and reloads the count', async () => {
		serve( {
			counts: [ 3, 1 ],
			batches: [
				batch( [ 1, 2 ], 5, 2 ),
				batch( [ 3, 4 ], 3, 0, [
					{
						id: 4,
						file: '2026/11/changed.jpg',
						code: 'ChecksumMismatch',
						message: 'S3 holds other bytes.',
					},
				] ),
			],
		} );
		const panel = await renderPanel();
		await click( bringBackButton( panel ) );

		await waitFor( () =>
			expect( bar( panel ) ).toHaveAttribute( 'aria-valuenow', '100' )
		);
		expect( callsTo( 'POST', BATCH ).map( ( call ) => call.data ) ).toEqual(
			[ { limit: BATCH_SIZE }, { limit: BATCH_SIZE } ]
		);
		expect(
			within( panel ).getByText(
				'100% — 4 of 4 attachments checked, 8 files brought back'
			)
		).toBeInTheDocument();
		const message =
			'Done: 8 files brought back, 1 could not be. They are still only in S3: do not deactivate the plugin yet.';
		expect( within( panel ).getByText( message ) ).toBeInTheDocument();
		expect( speak ).toHaveBeenCalledWith( message, 'polite' );
		const row = within( panel )
			.getByText( '2026/11/changed.jpg' )
			.closest( 'tr' );
		expect( row ).toHaveTextContent( 'ChecksumMismatch' );
		// The count is the server's again once the loop stopped.
		await waitFor( () =>
			expect(
				within( panel ).getByText(
					/^1 attachment has files only in S3\./
				)
			).toBeInTheDocument()
		);
		expect( callsTo( 'GET', COUNT ) ).toHaveLength( 2 );
	} );

	it( 'stops with the server’s message when a batch fails, and carries on when asked', async () => {
		serve( {
			counts: [ 2, 2, 0 ],
			batches: [
				() => {
					throw restError( 409, 'Remove local copies is on.' );
				},
				batch( [ 7, 8 ], 4, 0 ),
			],
		} );
		const panel = await renderPanel();
		await click( bringBackButton( panel ) );
		expect(
			await within( panel ).findByText(
				'Stopped: Remove local copies is on. Select Bring files back to resume.'
			)
		).toBeInTheDocument();
		expect( bringBackButton( panel ) ).not.toHaveAttribute(
			'aria-disabled',
			'true'
		);

		await click( bringBackButton( panel ) );
		expect(
			await within( panel ).findByText(
				'Done: 4 files brought back. Every file is on this server.'
			)
		).toBeInTheDocument();
		// Nothing is missing any more, but the panel stays to show the result.
		await waitFor( () =>
			expect( callsTo( 'GET', COUNT ) ).toHaveLength( 3 )
		);
		expect( within( panel ).queryByText( /files only in S3/ ) ).toBeNull();
	} );
} );

describe( 'the routes’ client', () => {
	it( 'refuses answers a loop could not end on', async () => {
		serve( { counts: [ -1 ] } );
		await expect( getMissingLocalCopies() ).rejects.toThrow(
			'The server sent an unexpected answer.'
		);
		serve( {
			batches: [
				() => ( { processed: [], restored: 0, failed: [] } ),
				() => ( { processed: [], restored: 'all', remaining: 0 } ),
			],
		} );
		await expect( runBringBackBatch( 5 ) ).rejects.toThrow(
			'The server sent an unexpected answer.'
		);
		await expect( runBringBackBatch( 5 ) ).rejects.toThrow(
			'The server sent an unexpected answer.'
		);
	} );
} );
