/**
 * Test S3 Access on the page: the run, the overall notice, the checklist of
 * a failing result with its hints, the last result on the next visit, and
 * copying the generated policy.
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
import { act, fireEvent, render, screen, within } from '@testing-library/react';

import { SettingsApp } from '../../src/settings/SettingsApp';
import type { TestResult } from '../../src/settings/types';
import { callsTo, restError, routeApiFetch } from './api-fetch-mock';
import { POLICY, failingTest, savedSettings } from './fixtures';

const TEST = '/s3-media-sync/v1/test';

function serve( {
	last = null,
	run = () => Promise.resolve( failingTest() ),
}: {
	last?: TestResult | null;
	run?: () => Promise< TestResult >;
} ) {
	routeApiFetch( {
		'GET /s3-media-sync/v1/settings': () => savedSettings(),
		[ `GET ${ TEST }` ]: () => {
			if ( ! last ) {
				throw restError( 404, 'No test has run yet.' );
			}
			return last;
		},
		[ `POST ${ TEST }` ]: run,
	} );
}

async function renderApp() {
	render( <SettingsApp /> );
	return screen.findByRole( 'button', { name: 'Test S3 Access' } );
}

async function runTheTest() {
	const button = await renderApp();
	await act( async () => {
		fireEvent.click( button );
	} );
	return button;
}

beforeEach( resetPageMocks );

describe( 'running Test S3 Access', () => {
	it( 'disables the button and shows a spinner while the checks run', async () => {
		let finish: ( result: TestResult ) => void = () => undefined;
		serve( {
			run: () =>
				new Promise< TestResult >( ( resolve ) => {
					finish = resolve;
				} ),
		} );
		const button = await renderApp();
		expect( button ).not.toHaveAttribute( 'aria-disabled', 'true' );

		act( () => {
			fireEvent.click( button );
		} );
		expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
		expect(
			document.querySelector( '.components-spinner' )
		).not.toBeNull();
		// A second click while running does not start a second test.
		fireEvent.click( button );
		expect( callsTo( 'POST', TEST ) ).toHaveLength( 1 );

		await act( async () => finish( failingTest() ) );
		expect( button ).not.toHaveAttribute( 'aria-disabled', 'true' );
		expect( document.querySelector( '.components-spinner' ) ).toBeNull();
	} );

	it( 'shows a failing result: notice, checklist with statuses and hints', async () => {
		serve( {} );
		await runTheTest();

		const notice = screen
			.getByText( 'Access Denied' )
			.closest( '.components-notice' );
		expect( notice ).toHaveClass( 'is-error' );
		expect( notice ).toHaveTextContent(
			'The IAM user may not write to wp-content/uploads/.'
		);
		expect( speak ).toHaveBeenCalledWith(
			'Access Denied: The IAM user may not write to wp-content/uploads/.',
			'assertive'
		);

		const list = screen.getByRole( 'list', {
			name: 'Test S3 Access results',
		} );
		const rows = within( list )
			.getAllByRole( 'listitem' )
			.filter( ( item ) => item.parentElement === list );
		expect(
			rows.map( ( row ) => row.querySelector( 'strong' )?.textContent )
		).toEqual( [
			'Credentials',
			's3:ListBucket',
			's3:PutObject',
			's3:PutObjectAcl',
		] );

		const put = rows[ 2 ] as HTMLElement;
		expect( put ).toHaveTextContent( 'Failed:' );
		expect( put ).toHaveTextContent( 'AccessDenied' );
		expect( put ).toHaveTextContent(
			'Uploading the test file was refused.'
		);
		const hints = within( put ).getByRole( 'list', {
			name: 'What to check',
		} );
		expect(
			within( hints )
				.getAllByRole( 'listitem' )
				.map( ( item ) => item.textContent )
		).toEqual( [
			'The IAM policy is correctly attached to the group',
			'The IAM user is in the group',
		] );
		expect( rows[ 0 ] ).toHaveTextContent( 'Passed:' );
		expect( rows[ 3 ] ).toHaveTextContent( 'Skipped:' );
	} );

	it( 'shows a passing result as a success notice', async () => {
		serve( {
			run: () =>
				Promise.resolve(
					failingTest( {
						ok: true,
						category: 'ok',
						title: 'S3 access works',
						message: 'Every permission of the policy was granted.',
					} )
				),
		} );
		await runTheTest();
		expect(
			screen
				.getByText( 'S3 access works' )
				.closest( '.components-notice' )
		).toHaveClass( 'is-success' );
	} );

	it( 'names a test file that could not be deleted', async () => {
		serve( {
			run: () =>
				Promise.resolve(
					failingTest( {
						leftover_key:
							'wp-content/uploads/s3-media-sync-test-ab12.txt',
					} )
				),
		} );
		await runTheTest();
		expect(
			screen.getByText(
				/s3-media-sync-test-ab12\.txt could not be deleted/
			)
		).toBeInTheDocument();
	} );

	it( 'names where the key it signed with came from', async () => {
		serve( {
			run: () =>
				Promise.resolve(
					failingTest( {
						credentials: {
							source: 'environment',
							access_key_id: 'ASIAIOSFODNN7EXAMPLE',
							temporary: true,
						},
					} )
				),
		} );
		await runTheTest();
		expect(
			screen.getByText(
				/ASIAIOSFODNN7EXAMPLE, from the AWS_ACCESS_KEY_ID environment variable\. Temporary credentials/
			)
		).toBeInTheDocument();
	} );

	it( 'reports a request that failed outright', async () => {
		serve( {
			run: () => Promise.reject( restError( 500, 'Internal error.' ) ),
		} );
		await runTheTest();
		expect( screen.getByText( 'Internal error.' ) ).toBeInTheDocument();
		expect(
			screen.queryByRole( 'list', { name: 'Test S3 Access results' } )
		).toBeNull();
	} );
} );

describe( 'the last result', () => {
	it( 'is shown on the next visit, with when it ran', async () => {
		serve( { last: failingTest() } );
		await renderApp();
		expect(
			await screen.findByRole( 'list', {
				name: 'Test S3 Access results',
			} )
		).toBeInTheDocument();
		const time = document.querySelector( 'time' );
		expect( time ).toHaveAttribute( 'dateTime', '2026-11-27T12:00:00Z' );
		expect( time?.textContent ).toMatch( /2026/ );
		expect( callsTo( 'POST', TEST ) ).toHaveLength( 0 );
	} );

	it( 'is absent when the test never ran', async () => {
		serve( {} );
		await renderApp();
		expect(
			screen.queryByRole( 'list', { name: 'Test S3 Access results' } )
		).toBeNull();
	} );
} );

describe( 'Copy policy', () => {
	const originalClipboard = navigator.clipboard;
	afterEach( () => {
		Object.defineProperty( navigator, 'clipboard', {
			value: originalClipboard,
			configurable: true,
		} );
	} );

	it( 'shows the policy and copies it with the Clipboard API', async () => {
		const writeText = jest.fn< ( text: string ) => Promise< void > >( () =>
			Promise.resolve()
		);
		Object.defineProperty( navigator, 'clipboard', {
			value: { writeText },
			configurable: true,
		} );
		serve( { last: failingTest() } );
		await renderApp();
		const copy = await screen.findByRole( 'button', {
			name: 'Copy policy',
		} );
		expect( screen.getByLabelText( 'IAM policy' ) ).toHaveTextContent(
			'arn:aws:s3:::my-bucket'
		);

		await act( async () => {
			fireEvent.click( copy );
		} );
		expect( writeText ).toHaveBeenCalledTimes( 1 );
		expect( JSON.parse( writeText.mock.calls[ 0 ]?.[ 0 ] ?? '' ) ).toEqual(
			POLICY
		);
		expect( screen.getByText( 'Copied' ) ).toBeInTheDocument();
	} );

	it( 'falls back to execCommand where the Clipboard API is missing', async () => {
		Object.defineProperty( navigator, 'clipboard', {
			value: undefined,
			configurable: true,
		} );
		let copied = '';
		const execCommand = jest.fn( ( command: string ) => {
			copied = document.querySelector( 'textarea' )?.value ?? '';
			return command === 'copy';
		} );
		Object.defineProperty( document, 'execCommand', {
			value: execCommand,
			configurable: true,
		} );
		serve( { last: failingTest() } );
		await renderApp();
		await act( async () => {
			fireEvent.click(
				await screen.findByRole( 'button', { name: 'Copy policy' } )
			);
		} );
		expect( execCommand ).toHaveBeenCalledWith( 'copy' );
		expect( JSON.parse( copied ) ).toEqual( POLICY );
		expect( screen.getByText( 'Copied' ) ).toBeInTheDocument();
		// The helper textarea is gone again.
		expect( document.querySelector( 'textarea' ) ).toBeNull();
	} );

	it( 'says so when copying is refused', async () => {
		const writeText = jest.fn( () =>
			Promise.reject( new Error( 'denied' ) )
		);
		Object.defineProperty( navigator, 'clipboard', {
			value: { writeText },
			configurable: true,
		} );
		Object.defineProperty( document, 'execCommand', {
			value: () => false,
			configurable: true,
		} );
		serve( { last: failingTest() } );
		await renderApp();
		await act( async () => {
			fireEvent.click(
				await screen.findByRole( 'button', { name: 'Copy policy' } )
			);
		} );
		expect( screen.queryByText( 'Copied' ) ).toBeNull();
		expect( screen.getByText( /Could not copy/ ) ).toBeInTheDocument();
	} );
} );
