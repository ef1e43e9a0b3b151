/**
 * The REST client: paths and methods of docs/rest-api.md, and failures reduced to a
 * message plus, for a 400 with data.params, one message per field.
 */
import { beforeEach, describe, expect, it, jest } from '@jest/globals';

import {
	ApiError,
	lastTest,
	normaliseError,
	runTest,
	saveSettings,
} from '../../src/settings/api';
import { apiFetchMock, restError, routeApiFetch } from './api-fetch-mock';
import { failingTest, savedSettings } from './fixtures';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

beforeEach( () => {
	apiFetchMock.mockReset();
} );

describe( 'normaliseError', () => {
	it( 'turns a 400 with data.params into one message per field', () => {
		const error = normaliseError(
			restError( 400, 'Invalid parameter(s): bucket, presign_expiry', {
				bucket: 'Bucket names use lowercase letters, digits, dots and hyphens.',
				presign_expiry: 'presign_expiry must be between 60 and 604800.',
			} )
		);
		expect( error ).toBeInstanceOf( ApiError );
		expect( error.message ).toBe(
			'Invalid parameter(s): bucket, presign_expiry'
		);
		expect( error.fieldErrors ).toEqual( {
			bucket: 'Bucket names use lowercase letters, digits, dots and hyphens.',
			presign_expiry: 'presign_expiry must be between 60 and 604800.',
		} );
	} );

	it( 'keeps only the message of any other failure', () => {
		const error = normaliseError(
			restError( 403, 'Sorry, you are not allowed to do that.' )
		);
		expect( error.message ).toBe(
			'Sorry, you are not allowed to do that.'
		);
		expect( error.fieldErrors ).toEqual( {} );
		expect( error.status ).toBe( 403 );
	} );

	it( 'ignores params on an answer that is not a 400', () => {
		const error = normaliseError(
			restError( 500, 'Boom', { bucket: 'x' } )
		);
		expect( error.fieldErrors ).toEqual( {} );
	} );

	it( 'gives a message when the request never got an answer', () => {
		expect(
			normaliseError( {
				code: 'fetch_error',
				message: 'You are probably offline.',
			} ).message
		).toBe( 'You are probably offline.' );
		expect( normaliseError( undefined ).message ).toBe(
			'The request failed. Please try again.'
		);
	} );
} );

describe( 'requests', () => {
	it( 'POSTs the update to /settings and returns the saved settings', async () => {
		const answer = savedSettings( { bucket: 'new-bucket' } );
		routeApiFetch( { 'POST /s3-media-sync/v1/settings': () => answer } );
		await expect(
			saveSettings( { bucket: 'new-bucket' } )
		).resolves.toEqual( answer );
		expect( apiFetchMock ).toHaveBeenCalledWith( {
			path: '/s3-media-sync/v1/settings',
			method: 'POST',
			data: { bucket: 'new-bucket' },
		} );
	} );

	it( 'rejects a refused save with the field messages', async () => {
		routeApiFetch( {
			'POST /s3-media-sync/v1/settings': () => {
				throw restError( 400, 'Invalid parameter(s): bucket', {
					bucket: 'Too short.',
				} );
			},
		} );
		await expect( saveSettings( { bucket: 'ab' } ) ).rejects.toMatchObject(
			{
				fieldErrors: { bucket: 'Too short.' },
			}
		);
	} );

	it( 'runs the test with POST /test', async () => {
		routeApiFetch( { 'POST /s3-media-sync/v1/test': () => failingTest() } );
		await expect( runTest() ).resolves.toMatchObject( {
			title: 'Access Denied',
		} );
	} );

	it( 'reads the last result with GET /test', async () => {
		routeApiFetch( { 'GET /s3-media-sync/v1/test': () => failingTest() } );
		await expect( lastTest() ).resolves.toMatchObject( {
			category: 'access_denied',
		} );
	} );

	it( 'answers null when the test never ran (404)', async () => {
		routeApiFetch( {
			'GET /s3-media-sync/v1/test': () => {
				throw restError( 404, 'No test has run yet.' );
			},
		} );
		await expect( lastTest() ).resolves.toBeNull();
	} );

	it( 'answers null for a preloaded 404 body, which apiFetch resolves with', async () => {
		routeApiFetch( {
			'GET /s3-media-sync/v1/test': () =>
				restError( 404, 'No test has run yet.' ),
		} );
		await expect( lastTest() ).resolves.toBeNull();
	} );

	it( 'still rejects other failures of GET /test', async () => {
		routeApiFetch( {
			'GET /s3-media-sync/v1/test': () => {
				throw restError( 500, 'Server error' );
			},
		} );
		await expect( lastTest() ).rejects.toThrow( 'Server error' );
	} );
} );
