/**
 * The bulk-copy client: paths, methods and bodies of docs/rest-api.md, and
 * answers the page cannot follow refused before it polls on them.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals';

import {
	getSyncStatus,
	pauseSyncJob,
	resumeSyncJob,
	retryAttachment,
	startSyncJob,
} from '../../src/settings/sync-api';

const JOB = {
	state: 'running',
	workers: 2,
	started: 1_800_000_000,
	total: 40,
	remaining: 12,
	error: null,
};
import { apiFetchMock, restError, routeApiFetch } from './api-fetch-mock';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

beforeEach( () => {
	apiFetchMock.mockReset();
} );

describe( 'sync requests', () => {
	it( 'reads the counts with GET /sync', async () => {
		const status = {
			total: 3,
			synced: 1,
			pending: 1,
			failed: 1,
			failures: [ { id: 7, file: 'a.jpg', code: 'X', message: 'y' } ],
			job: JOB,
		};
		routeApiFetch( { 'GET /s3-media-sync/v1/sync': () => status } );
		await expect( getSyncStatus() ).resolves.toEqual( status );
	} );

	it( 'refuses a preloaded error body handed back as a success', async () => {
		routeApiFetch( {
			'GET /s3-media-sync/v1/sync': () => restError( 403, 'Forbidden' ),
		} );
		await expect( getSyncStatus() ).rejects.toThrow(
			'The server sent an unexpected answer.'
		);
	} );

	it( 'starts, pauses and resumes the job with POSTs to /sync/job', async () => {
		routeApiFetch( {
			'POST /s3-media-sync/v1/sync/job': () => ( { job: JOB } ),
			'POST /s3-media-sync/v1/sync/job/pause': () => ( {
				job: { ...JOB, state: 'paused' },
			} ),
			'POST /s3-media-sync/v1/sync/job/resume': () => ( { job: JOB } ),
		} );
		await expect( startSyncJob( 3 ) ).resolves.toEqual( JOB );
		expect( apiFetchMock ).toHaveBeenCalledWith( {
			path: '/s3-media-sync/v1/sync/job',
			method: 'POST',
			data: { workers: 3 },
		} );
		await expect( pauseSyncJob() ).resolves.toMatchObject( {
			state: 'paused',
		} );
		await expect( resumeSyncJob() ).resolves.toEqual( JOB );
	} );

	it( 'refuses a job it could not follow: an unknown state, a remaining that is not a count', async () => {
		for ( const bad of [
			{ ...JOB, state: 'exploded' },
			{ ...JOB, remaining: -1 },
			{ ...JOB, remaining: '12' },
			null,
		] ) {
			routeApiFetch( {
				'GET /s3-media-sync/v1/sync': () => ( {
					total: 1,
					synced: 0,
					pending: 1,
					failed: 0,
					failures: [],
					job: bad,
				} ),
				'POST /s3-media-sync/v1/sync/job': () => ( { job: bad } ),
			} );
			await expect( getSyncStatus() ).rejects.toThrow(
				'The server sent an unexpected answer.'
			);
			await expect( startSyncJob( 2 ) ).rejects.toThrow(
				'The server sent an unexpected answer.'
			);
		}
	} );

	it( 'retries one attachment by id, and passes a 404 on', async () => {
		routeApiFetch( {
			'POST /s3-media-sync/v1/attachments/42/retry': () => ( {
				status: 'synced',
			} ),
		} );
		await expect( retryAttachment( 42 ) ).resolves.toEqual( {
			status: 'synced',
		} );
		await expect( retryAttachment( 43 ) ).rejects.toMatchObject( {
			status: 404,
		} );
	} );
} );
