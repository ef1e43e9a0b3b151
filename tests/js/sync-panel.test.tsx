/**
 * "Copy existing media to S3" as a user meets it: the counts of GET /sync,
 * the loop on POST /sync/batch with its progress bar, Pause, a batch that
 * fails, and Retry on one failed attachment.
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
import type {
	Settings,
	SyncBatchResult,
	SyncStatus,
} from '../../src/settings/types';
import { callsTo, restError, routeApiFetch } from './api-fetch-mock';
import { savedSettings } from './fixtures';

// The whole settings page renders first: give a loaded machine time.
configure( { asyncUtilTimeout: 5000 } );
jest.setTimeout( 20000 );

const SYNC = '/s3-media-sync/v1/sync';
const BATCH = '/s3-media-sync/v1/sync/batch';

function syncStatus( overrides: Partial< SyncStatus > = {} ): SyncStatus {
	return {
		total: 120,
		synced: 80,
		pending: 35,
		failed: 5,
		failures: [
			{
				id: 12,
				file: '2026/11/a.jpg',
				code: 'AccessDenied',
				message: 'Access Denied',
			},
			{
				id: 13,
				file: '2026/11/b.pdf',
				code: 'RequestTimeout',
				message: 'The upload timed out.',
			},
		],
		...overrides,
	};
}

/** Ids `from`, `from + 1`, … for a batch of `count` attachments. */
function ids( from: number, count: number ): number[] {
	return Array.from( { length: count }, ( _, i ) => from + i );
}

function batch(
	processed: number[],
	remaining: number,
	failed: SyncBatchResult[ 'failed' ] = []
): SyncBatchResult {
	return { processed, failed, remaining };
}

/** A promise the test settles when it wants. */
function deferred< T >() {
	let resolve: ( value: T ) => void = () => undefined;
	let reject: ( reason: unknown ) => void = () => undefined;
	const promise = new Promise< T >( ( yes, no ) => {
		resolve = yes;
		reject = no;
	} );
	return { promise, resolve, reject };
}

type Handler = ( options: APIFetchOptions ) => unknown;

function serve( {
	settings = savedSettings(),
	statuses = [ syncStatus() ],
	batches = [],
	extra = {},
}: {
	settings?: Settings;
	/** GET /sync answers in turn; the last one repeats. */
	statuses?: SyncStatus[];
	/** POST /sync/batch answers in turn: a value, or a function of nothing. */
	batches?: Array< SyncBatchResult | ( () => unknown ) >;
	extra?: Record< string, Handler >;
} ) {
	let statusCall = 0;
	let batchCall = 0;
	routeApiFetch( {
		'GET /s3-media-sync/v1/settings': () => settings,
		'GET /s3-media-sync/v1/test': () => {
			throw restError( 404, 'No test has run yet.' );
		},
		[ `GET ${ SYNC }` ]: () =>
			statuses[ Math.min( statusCall++, statuses.length - 1 ) ],
		[ `POST ${ BATCH }` ]: () => {
			const answer = batches[ batchCall++ ];
			if ( answer === undefined ) {
				throw new Error( 'More batches than the test expected.' );
			}
			return typeof answer === 'function' ? answer() : answer;
		},
		...extra,
	} );
}

async function renderPanel() {
	render( <SettingsApp /> );
	await screen.findByText( /^Synced: / );
	return screen
		.getByRole( 'heading', { name: 'Copy existing media to S3' } )
		.closest( '.components-panel' ) as HTMLElement;
}

const startButton = () =>
	screen.getByRole( 'button', { name: 'Start copying' } );
const pauseButton = () => screen.getByRole( 'button', { name: 'Pause' } );
const bar = () => screen.getByRole( 'progressbar', { name: 'Copy progress' } );

async function click( element: HTMLElement ) {
	await act( async () => {
		fireEvent.click( element );
	} );
}

beforeEach( resetPageMocks );

describe( 'the panel', () => {
	it( 'shows the counts of GET /sync below Test S3 Access', async () => {
		serve( {} );
		const panel = await renderPanel();
		const counts = within( panel ).getByRole( 'list', {
			name: 'Media library in S3',
		} );
		expect(
			within( counts )
				.getAllByRole( 'listitem' )
				.map( ( item ) => item.textContent )
		).toEqual( [ 'Total: 120', 'Synced: 80', 'Pending: 35', 'Failed: 5' ] );
		// Below the Test S3 Access panel.
		const headings = screen
			.getAllByRole( 'heading', { level: 2 } )
			.map( ( heading ) => heading.textContent );
		expect( headings.indexOf( 'Copy existing media to S3' ) ).toBe(
			headings.indexOf( 'Test S3 Access' ) + 1
		);
		// No run yet: no bar.
		expect( screen.queryByRole( 'progressbar' ) ).toBeNull();
		expect( callsTo( 'GET', SYNC ) ).toHaveLength( 1 );
	} );

	it( 'is absent until a complete configuration is saved', async () => {
		serve( { settings: savedSettings( { configured: false } ) } );
		render( <SettingsApp /> );
		await screen.findByLabelText( 'S3 Access Key ID' );
		expect(
			screen.queryByRole( 'heading', {
				name: 'Copy existing media to S3',
			} )
		).toBeNull();
		expect( callsTo( 'GET', SYNC ) ).toHaveLength( 0 );
	} );

	it( 'lists failed attachments with file, code and message', async () => {
		serve( {} );
		await renderPanel();
		const row = screen.getByText( '2026/11/a.jpg' ).closest( 'tr' );
		expect( row ).toHaveTextContent( 'AccessDenied' );
		expect( row ).toHaveTextContent( 'Access Denied' );
		const retry = within( row as HTMLElement ).getByRole( 'button', {
			name: 'Retry',
		} );
		expect( retry ).toHaveAccessibleDescription( '2026/11/a.jpg' );
		expect(
			screen.getByText( /The first 2 of 5 are listed\./ )
		).toBeInTheDocument();
	} );

	it( 'says when the counts cannot be loaded', async () => {
		serve( {
			extra: {
				[ `GET ${ SYNC }` ]: () => {
					throw restError( 500, 'Database error.' );
				},
			},
		} );
		render( <SettingsApp /> );
		expect(
			await screen.findByText(
				'The copy status could not be loaded: Database error.'
			)
		).toBeInTheDocument();
	} );
} );

describe( 'Start copying', () => {
	it( 'loops on POST /sync/batch until nothing is left, then shows 100% and fresh counts', async () => {
		serve( {
			statuses: [
				syncStatus( { pending: 60 } ),
				syncStatus( {
					synced: 119,
					pending: 0,
					failed: 1,
					failures: [],
				} ),
			],
			batches: [
				batch( ids( 1, 20 ), 40 ),
				batch( ids( 21, 20 ), 20 ),
				batch( ids( 41, 20 ), 0, [
					{ id: 60, code: 'AccessDenied', message: 'Refused.' },
				] ),
			],
		} );
		await renderPanel();
		await click( startButton() );

		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '100' )
		);
		expect( callsTo( 'POST', BATCH ).map( ( call ) => call.data ) ).toEqual(
			[
				{ limit: BATCH_SIZE },
				{ limit: BATCH_SIZE },
				{ limit: BATCH_SIZE },
			]
		);
		expect( bar() ).toHaveAttribute( 'value', '100' );
		expect(
			screen.getByText( /100% — 60 of 60 files/ )
		).toBeInTheDocument();
		// Counts reloaded from the server once the loop ended.
		expect( await screen.findByText( 'Synced: 119' ) ).toBeInTheDocument();
		expect( screen.getByText( 'Pending: 0' ) ).toBeInTheDocument();
		expect( callsTo( 'GET', SYNC ) ).toHaveLength( 2 );
		expect(
			screen.getByText( 'Copy finished: 59 copied, 1 failed.' )
		).toBeInTheDocument();
		expect( speak ).toHaveBeenCalledWith(
			'Copying media to S3.',
			'polite'
		);
		expect( speak ).toHaveBeenCalledWith(
			'Copy finished: 59 copied, 1 failed.',
			'polite'
		);
		// Nothing is pending any more: nothing to start.
		expect( startButton() ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( startButton() ).toHaveAccessibleDescription(
			'Nothing is waiting to be copied: retry the failed files below.'
		);
		expect( pauseButton() ).toHaveAttribute( 'aria-disabled', 'true' );
	} );

	it( 'shows the progress, speed and time left while a batch is under way', async () => {
		const second = deferred< SyncBatchResult >();
		serve( {
			batches: [ batch( ids( 1, 20 ), 20 ), () => second.promise ],
		} );
		await renderPanel();
		await click( startButton() );

		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '50' )
		);
		const text = screen.getByText( /50% — 20 of 40 files/ );
		expect( bar() ).toHaveAccessibleDescription( text.textContent ?? '' );
		expect( text.textContent ).toMatch( /files per second/ );
		expect( text.textContent ).toMatch( /About .+ left/ );
		expect( startButton() ).toHaveAttribute( 'aria-disabled', 'true' );

		await act( async () => second.resolve( batch( ids( 21, 20 ), 0 ) ) );
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '100' )
		);
	} );

	it( 'Pause stops after the current batch, and Start carries on', async () => {
		const first = deferred< SyncBatchResult >();
		serve( {
			batches: [
				() => first.promise,
				batch( ids( 21, 20 ), 10 ),
				batch( ids( 41, 10 ), 0 ),
			],
		} );
		await renderPanel();
		await click( startButton() );
		await click( pauseButton() );
		expect(
			screen.getByText( 'Pausing after the current batch…' )
		).toBeInTheDocument();
		expect( pauseButton() ).toHaveAttribute( 'aria-disabled', 'true' );

		await act( async () => first.resolve( batch( ids( 1, 20 ), 30 ) ) );
		await waitFor( () =>
			expect( speak ).toHaveBeenCalledWith( 'Copying paused.', 'polite' )
		);
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 1 );
		expect( bar() ).toHaveAttribute( 'aria-valuenow', '40' );
		expect( startButton() ).not.toHaveAttribute( 'aria-disabled', 'true' );
		// The counts are reloaded when the loop stops.
		await waitFor( () =>
			expect( callsTo( 'GET', SYNC ) ).toHaveLength( 2 )
		);

		// Resuming continues the same run: the bar does not start over.
		await click( startButton() );
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '100' )
		);
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 3 );
		expect(
			screen.getByText( /100% — 50 of 50 files/ )
		).toBeInTheDocument();
	} );

	it( 'pauses with a notice when a batch fails, and resumes on Start', async () => {
		serve( {
			batches: [
				batch( ids( 1, 20 ), 20 ),
				() =>
					Promise.reject(
						restError( 500, 'Internal Server Error.' )
					),
				batch( ids( 21, 20 ), 0 ),
			],
		} );
		await renderPanel();
		await click( startButton() );

		const message =
			'Copying paused: Internal Server Error. Select Start copying to resume.';
		const notice = ( await screen.findByText( message ) ).closest(
			'.components-notice'
		);
		expect( notice ).toHaveClass( 'is-error' );
		expect( speak ).toHaveBeenCalledWith( message, 'assertive' );
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 2 );
		expect( bar() ).toHaveAttribute( 'aria-valuenow', '50' );
		expect( startButton() ).not.toHaveAttribute( 'aria-disabled', 'true' );
		expect( pauseButton() ).toHaveAttribute( 'aria-disabled', 'true' );

		await click( startButton() );
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '100' )
		);
		expect( screen.queryByText( message ) ).toBeNull();
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 3 );
	} );

	it( 'pauses when a network failure stops a batch', async () => {
		serve( {
			batches: [
				() =>
					Promise.reject( {
						code: 'fetch_error',
						message: 'You are probably offline.',
					} ),
			],
		} );
		await renderPanel();
		await click( startButton() );
		expect(
			await screen.findByText(
				/Copying paused: You are probably offline\./
			)
		).toBeInTheDocument();
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 1 );
	} );

	it( 'stops rather than spin when batches copy nothing', async () => {
		serve( {
			batches: [ batch( [], 5 ), batch( [], 5 ), batch( [], 5 ) ],
		} );
		await renderPanel();
		await click( startButton() );
		expect(
			await screen.findByText( /the server copied nothing/ )
		).toBeInTheDocument();
		expect( callsTo( 'POST', BATCH ) ).toHaveLength( 3 );
	} );
} );

describe( 'Retry', () => {
	it( 'POSTs the attachment’s retry route, then reloads the counts', async () => {
		const retried: number[] = [];
		serve( {
			statuses: [
				syncStatus(),
				syncStatus( {
					synced: 81,
					failed: 4,
					failures: [
						{
							id: 13,
							file: '2026/11/b.pdf',
							code: 'RequestTimeout',
							message: 'The upload timed out.',
						},
					],
				} ),
			],
			extra: {
				'POST /s3-media-sync/v1/attachments/12/retry': () => {
					retried.push( 12 );
					return { status: 'synced', keys: [], error: null };
				},
			},
		} );
		await renderPanel();
		const row = screen.getByText( '2026/11/a.jpg' ).closest( 'tr' );
		await click(
			within( row as HTMLElement ).getByRole( 'button', {
				name: 'Retry',
			} )
		);

		expect( retried ).toEqual( [ 12 ] );
		expect( await screen.findByText( 'Synced: 81' ) ).toBeInTheDocument();
		expect( screen.queryByText( '2026/11/a.jpg' ) ).toBeNull();
		expect(
			screen.getByText( '2026/11/a.jpg is now in S3.' )
		).toBeInTheDocument();
		expect( speak ).toHaveBeenCalledWith(
			'2026/11/a.jpg is now in S3.',
			'polite'
		);
		expect( callsTo( 'GET', SYNC ) ).toHaveLength( 2 );
	} );

	it( 'says why when the attachment is still not in S3', async () => {
		serve( {
			extra: {
				'POST /s3-media-sync/v1/attachments/13/retry': () => ( {
					status: 'failed',
					error: { code: 'AccessDenied', message: 'Access Denied' },
				} ),
			},
		} );
		await renderPanel();
		const row = screen.getByText( '2026/11/b.pdf' ).closest( 'tr' );
		await click(
			within( row as HTMLElement ).getByRole( 'button', {
				name: 'Retry',
			} )
		);
		expect(
			await screen.findByText(
				'2026/11/b.pdf is still not in S3. AccessDenied: Access Denied'
			)
		).toBeInTheDocument();
		expect(
			callsTo( 'POST', '/s3-media-sync/v1/attachments/13/retry' )
		).toHaveLength( 1 );
	} );
} );
