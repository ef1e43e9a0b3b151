/**
 * The bulk-copy client: paths, methods and bodies of docs/rest-api.md, and
 * answers the loop cannot trust refused before it runs on them.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals';

import {
	getSyncStatus,
	retryAttachment,
	runSyncBatch,
} from '../../src/settings/sync-api';
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

	it( 'POSTs the limit to /sync/batch', async () => {
		routeApiFetch( {
			'POST /s3-media-sync/v1/sync/batch': () => ( {
				processed: [ 1 ],
				failed: [],
				remaining: 4,
			} ),
		} );
		await expect( runSyncBatch( 20 ) ).resolves.toEqual( {
			processed: [ 1 ],
			failed: [],
			remaining: 4,
		} );
		expect( apiFetchMock ).toHaveBeenCalledWith( {
			path: '/s3-media-sync/v1/sync/batch',
			method: 'POST',
			data: { limit: 20 },
		} );
	} );

	it( 'refuses a batch answer without a remaining count, which would never end the loop', async () => {
		routeApiFetch( {
			'POST /s3-media-sync/v1/sync/batch': () => ( { processed: [] } ),
		} );
		await expect( runSyncBatch( 20 ) ).rejects.toThrow(
			'The server sent an unexpected answer.'
		);
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
