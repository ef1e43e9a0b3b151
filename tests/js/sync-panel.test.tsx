/**
 * "Copy existing media to S3" as a user meets it: the counts of GET /sync,
 * the job the server runs (started with POST /sync/job, then followed on
 * GET /sync alone) with its progress bar, Pause and Resume of a job any
 * session started, a job the server paused, and Retry on one failed
 * attachment.
 */
// First: it mocks apiFetch and @wordpress/a11y for what is imported after it.
import { resetPageMocks } from './support/settings-page';
import {
	afterEach,
	beforeEach,
	describe,
	expect,
	it,
	jest,
} from '@jest/globals';
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
import { JOB_WORKERS, POLL_MS } from '../../src/settings/useSync';
import type { Settings, SyncJob, SyncStatus } from '../../src/settings/types';
import { callsTo, restError, routeApiFetch } from './api-fetch-mock';
import { savedSettings } from './fixtures';

// The whole settings page renders first: give a loaded machine time.
configure( { asyncUtilTimeout: 5000 } );
jest.setTimeout( 20000 );

const SYNC = '/s3-media-sync/v1/sync';
const JOB = '/s3-media-sync/v1/sync/job';

function job( overrides: Partial< SyncJob > = {} ): SyncJob {
	return {
		state: 'idle',
		workers: 2,
		started: 0,
		total: 0,
		remaining: 0,
		error: null,
		...overrides,
	};
}

function running( total: number, remaining: number ): SyncJob {
	return job( {
		state: 'running',
		started: 1_800_000_000,
		total,
		remaining,
	} );
}

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
		job: job(),
		...overrides,
	};
}

type Handler = ( options: APIFetchOptions ) => unknown;

function serve( {
	settings = savedSettings(),
	statuses = [ syncStatus() ],
	extra = {},
}: {
	settings?: Settings;
	/** GET /sync answers in turn; the last one repeats. */
	statuses?: SyncStatus[];
	extra?: Record< string, Handler >;
} ) {
	let statusCall = 0;
	routeApiFetch( {
		'GET /s3-media-sync/v1/settings': () => settings,
		'GET /s3-media-sync/v1/test': () => {
			throw restError( 404, 'No test has run yet.' );
		},
		[ `GET ${ SYNC }` ]: () =>
			statuses[ Math.min( statusCall++, statuses.length - 1 ) ],
		...extra,
	} );
}

/** The page's next look at GET /sync, POLL_MS later. */
async function nextPoll() {
	await act( async () => {
		jest.advanceTimersByTime( POLL_MS );
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
const resumeButton = () => screen.getByRole( 'button', { name: 'Resume' } );
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

describe( 'the copy job', () => {
	beforeEach( () => {
		jest.useFakeTimers( { doNotFake: [ 'performance' ] } );
	} );
	afterEach( () => {
		jest.useRealTimers();
	} );

	it( 'starts the job with POST /sync/job, then only reads GET /sync until the server says it is done', async () => {
		serve( {
			statuses: [
				syncStatus( { pending: 60 } ),
				syncStatus( { job: running( 60, 60 ) } ),
				syncStatus( { job: running( 60, 30 ) } ),
				syncStatus( {
					synced: 119,
					pending: 0,
					failed: 1,
					failures: [],
					job: job( {
						state: 'done',
						started: 1_800_000_000,
						total: 60,
					} ),
				} ),
			],
			extra: {
				[ `POST ${ JOB }` ]: () => ( { job: running( 60, 60 ) } ),
			},
		} );
		await renderPanel();
		await click( startButton() );
		expect( callsTo( 'POST', JOB ).map( ( call ) => call.data ) ).toEqual( [
			{ workers: JOB_WORKERS },
		] );
		expect( startButton() ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( screen.getByText( /0% — 0 of 60 files/ ) ).toBeInTheDocument();

		await nextPoll();
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '50' )
		);
		const text = screen.getByText( /50% — 30 of 60 files/ );
		expect( bar() ).toHaveAccessibleDescription( text.textContent ?? '' );

		await nextPoll();
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '100' )
		);
		expect( screen.getByText( 'Synced: 119' ) ).toBeInTheDocument();
		const finished =
			'Copy finished. Some attachments failed: they are listed below.';
		expect( screen.getByText( finished ) ).toBeInTheDocument();
		expect( speak ).toHaveBeenCalledWith( finished, 'polite' );
		// Done: no more looks, and nothing but GET /sync after the start.
		await nextPoll();
		expect( callsTo( 'GET', SYNC ) ).toHaveLength( 4 );
		expect( callsTo( 'POST', JOB ) ).toHaveLength( 1 );
		// Nothing pending any more: Start copying waits for new media.
		expect( startButton() ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( pauseButton() ).toHaveAttribute( 'aria-disabled', 'true' );
	} );

	it( 'shows a job another session started, and pauses and resumes it on the server', async () => {
		serve( {
			statuses: [
				syncStatus( { job: running( 40, 30 ) } ),
				syncStatus( {
					job: { ...running( 40, 20 ), state: 'paused' },
				} ),
				syncStatus( { job: running( 40, 20 ) } ),
				syncStatus( {
					pending: 0,
					failed: 0,
					failures: [],
					job: job( {
						state: 'done',
						started: 1_800_000_000,
						total: 40,
					} ),
				} ),
			],
			extra: {
				[ `POST ${ JOB }/pause` ]: () => ( {
					job: { ...running( 40, 20 ), state: 'paused' },
				} ),
				[ `POST ${ JOB }/resume` ]: () => ( {
					job: running( 40, 20 ),
				} ),
			},
		} );
		await renderPanel();
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '25' )
		);
		expect( startButton() ).toHaveAttribute( 'aria-disabled', 'true' );

		await click( pauseButton() );
		expect( callsTo( 'POST', `${ JOB }/pause` ) ).toHaveLength( 1 );
		await waitFor( () => expect( resumeButton() ).toBeInTheDocument() );
		expect( screen.getByText( 'Paused.' ) ).toBeInTheDocument();
		expect( speak ).toHaveBeenCalledWith( 'Copying paused.', 'polite' );
		// Paused: the page stops looking.
		await nextPoll();
		expect( callsTo( 'GET', SYNC ) ).toHaveLength( 2 );

		await click( resumeButton() );
		expect( callsTo( 'POST', `${ JOB }/resume` ) ).toHaveLength( 1 );
		await nextPoll();
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '100' )
		);
		expect( screen.getByText( 'Copy finished.' ) ).toBeInTheDocument();
	} );

	it( 'shows the end when the workers were through before the start was answered', async () => {
		const done = job( { state: 'done', started: 1_800_000_000, total: 3 } );
		serve( {
			statuses: [
				syncStatus( { pending: 3 } ),
				syncStatus( {
					pending: 0,
					failed: 0,
					failures: [],
					job: done,
				} ),
			],
			extra: { [ `POST ${ JOB }` ]: () => ( { job: done } ) },
		} );
		await renderPanel();
		await click( startButton() );
		await waitFor( () =>
			expect( bar() ).toHaveAttribute( 'aria-valuenow', '100' )
		);
		expect(
			await screen.findByText( 'Copy finished.' )
		).toBeInTheDocument();
		expect( screen.getByText( /100% — 3 of 3 files/ ) ).toBeInTheDocument();
	} );

	it( 'says why the server paused the job', async () => {
		serve( {
			statuses: [
				syncStatus( {
					job: {
						...running( 10, 5 ),
						state: 'paused',
						error: {
							code: 's3_media_sync_not_configured',
							message: 'S3 Media Sync is not configured.',
						},
					},
				} ),
			],
		} );
		await renderPanel();
		const message =
			'Copying paused: S3 Media Sync is not configured. Select Resume to carry on.';
		const notice = ( await screen.findByText( message ) ).closest(
			'.components-notice'
		);
		expect( notice ).toHaveClass( 'is-error' );
		expect( resumeButton() ).toBeInTheDocument();
	} );

	it( 'says when the job cannot be started, and changes nothing', async () => {
		serve( {
			extra: {
				[ `POST ${ JOB }` ]: () => {
					throw restError( 409, 'S3 Media Sync is not configured.' );
				},
			},
		} );
		await renderPanel();
		await click( startButton() );
		const message =
			'The copy could not be started: S3 Media Sync is not configured.';
		expect( await screen.findByText( message ) ).toBeInTheDocument();
		expect( speak ).toHaveBeenCalledWith( message, 'assertive' );
		expect( startButton() ).not.toHaveAttribute( 'aria-disabled', 'true' );
		expect( screen.queryByRole( 'progressbar' ) ).toBeNull();
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
