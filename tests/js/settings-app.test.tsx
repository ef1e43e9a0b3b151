/**
 * The settings form as a user meets it: the guide's labels, the write-only
 * secret, saving, REST field errors beside their fields, locked fields, and
 * when Test S3 Access is offered.
 */
// First: it mocks apiFetch and @wordpress/a11y for what is imported after it.
import { resetPageMocks } from './support/settings-page';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { speak } from '@wordpress/a11y';
import {
	act,
	fireEvent,
	render,
	screen,
	waitFor,
	within,
} from '@testing-library/react';

import { SettingsApp } from '../../src/settings/SettingsApp';
import type { Settings, SettingsUpdate } from '../../src/settings/types';
import { callsTo, restError, routeApiFetch } from './api-fetch-mock';
import { savedSettings } from './fixtures';

const SETTINGS = '/s3-media-sync/v1/settings';

/** The server: answers GET with `settings`, POST with `onSave`. */
function serve(
	settings: Settings,
	onSave: ( update: SettingsUpdate ) => unknown = ( update ) => ( {
		...settings,
		...update,
	} )
) {
	routeApiFetch( {
		[ `GET ${ SETTINGS }` ]: () => settings,
		[ `POST ${ SETTINGS }` ]: ( options ) =>
			onSave( options.data as SettingsUpdate ),
		'GET /s3-media-sync/v1/test': () => {
			throw restError( 404, 'No test has run yet.' );
		},
	} );
}

async function renderApp( settings: Settings = savedSettings() ) {
	serve( settings );
	render( <SettingsApp /> );
	return screen.findByLabelText( 'S3 Access Key ID' );
}

function saveButton() {
	return screen.getByRole( 'button', { name: 'Save Changes' } );
}

function type( label: string, value: string ) {
	fireEvent.change( screen.getByLabelText( label ), { target: { value } } );
}

async function save() {
	await act( async () => {
		fireEvent.click( saveButton() );
	} );
}

/** The text of the element(s) an input's aria-describedby points to. */
function description( element: HTMLElement ): string {
	return ( element.getAttribute( 'aria-describedby' ) ?? '' )
		.split( ' ' )
		.map( ( id ) => document.getElementById( id )?.textContent ?? '' )
		.join( ' ' );
}

beforeEach( resetPageMocks );

describe( 'SettingsApp form', () => {
	it( 'shows the guide’s fields with the saved values', async () => {
		await renderApp();
		expect( screen.getByLabelText( 'S3 Access Key ID' ) ).toHaveValue(
			'AKIAEXAMPLE'
		);
		expect( screen.getByLabelText( 'S3 Bucket Name' ) ).toHaveValue(
			'my-bucket'
		);
		expect( screen.getByLabelText( 'S3 Bucket Region' ) ).toHaveValue(
			'us-east-1'
		);
		expect(
			screen.getByRole( 'option', {
				name: 'US East (N. Virginia) — us-east-1',
			} )
		).toBeInTheDocument();
		const acl = screen.getByRole( 'radiogroup', { name: 'S3 Object ACL' } );
		expect(
			within( acl ).getByRole( 'radio', { name: 'public-read' } )
		).toBeChecked();
		expect(
			description(
				within( acl ).getByRole( 'radio', {
					name: 'Bucket default (no ACL)',
				} )
			)
		).toMatch( /buckets with ACLs disabled/ );
	} );

	it( 'keeps the secret field empty and says a secret is stored', async () => {
		await renderApp();
		const secret = screen.getByLabelText( 'S3 Secret Access Key' );
		expect( secret ).toHaveAttribute( 'type', 'password' );
		expect( secret ).toHaveValue( '' );
		// Said once, in the help: no placeholder repeats it.
		expect( secret ).not.toHaveAttribute( 'placeholder' );
		expect( description( secret ) ).toBe(
			'A secret is stored. Leave this empty to keep it, or enter a new one to replace it.'
		);
	} );

	it( 'asks for the secret again when the stored one cannot be read', async () => {
		await renderApp( savedSettings( { secret_unreadable: true } ) );
		expect(
			screen.getByText(
				/S3_MEDIA_SYNC_ENCRYPTION_KEY in wp-config\.php, or without it the site’s security keys/
			)
		).toBeInTheDocument();
		const secret = screen.getByLabelText( 'S3 Secret Access Key' );
		expect( secret ).not.toHaveAttribute( 'placeholder' );
		expect( description( secret ) ).toMatch( /can no longer be read/ );
	} );

	it( 'enables Save Changes only once something changed', async () => {
		await renderApp();
		expect( saveButton() ).toHaveAttribute( 'aria-disabled', 'true' );
		type( 'S3 Bucket Name', 'other-bucket' );
		expect( saveButton() ).not.toHaveAttribute( 'aria-disabled', 'true' );
		type( 'S3 Bucket Name', 'my-bucket' );
		expect( saveButton() ).toHaveAttribute( 'aria-disabled', 'true' );
	} );

	it( 'saves only the edited fields, trimmed, then says so in a snackbar', async () => {
		await renderApp();
		type( 'S3 Bucket Name', '  other-bucket ' );
		type( 'S3 Secret Access Key', ' new-secret ' );
		saveButton().focus();
		await save();

		expect(
			callsTo( 'POST', SETTINGS ).map( ( call ) => call.data )
		).toEqual( [
			{ bucket: 'other-bucket', secret_access_key: 'new-secret' },
		] );
		const notice = await screen.findByText( 'Settings saved.' );
		expect( speak ).toHaveBeenCalledWith( 'Settings saved.', 'polite' );
		// Transient, at the bottom of the screen; focus stays where it was.
		expect( notice.closest( '.s3-media-sync-snackbar' ) ).not.toBeNull();
		expect(
			document.querySelector( '.s3-media-sync-notices' )
		).toBeEmptyDOMElement();
		expect( saveButton() ).toHaveFocus();
		// Saved: the secret field is empty again and nothing is dirty.
		expect( screen.getByLabelText( 'S3 Secret Access Key' ) ).toHaveValue(
			''
		);
		expect( saveButton() ).toHaveAttribute( 'aria-disabled', 'true' );
	} );

	it( 'shows REST field errors next to their fields and focuses the first', async () => {
		serve( savedSettings(), () => {
			throw restError( 400, 'Invalid parameter(s): bucket', {
				bucket: 'Bucket names cannot contain uppercase letters.',
			} );
		} );
		render( <SettingsApp /> );
		await screen.findByLabelText( 'S3 Bucket Name' );
		type( 'S3 Bucket Name', 'My-Bucket' );
		await save();

		const bucket = screen.getByLabelText( 'S3 Bucket Name' );
		await waitFor( () => expect( bucket ).toHaveFocus() );
		expect( bucket ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( description( bucket ) ).toMatch(
			/Bucket names cannot contain uppercase letters\./
		);
		expect(
			screen.getByLabelText( 'S3 Access Key ID' )
		).not.toHaveAttribute( 'aria-invalid' );
		expect(
			screen.getByText( /The settings were not saved/ )
		).toBeInTheDocument();
		expect( speak ).toHaveBeenCalledWith(
			expect.stringMatching( /not saved/ ),
			'assertive'
		);
		// Still dirty: the user's value is kept for correcting.
		expect( bucket ).toHaveValue( 'My-Bucket' );
	} );

	it( 'opens Advanced to focus a field with an error there', async () => {
		await renderApp();
		expect(
			screen.queryByLabelText( 'Signed URL lifetime (seconds)' )
		).toBeNull();
		fireEvent.click( screen.getByRole( 'button', { name: 'Advanced' } ) );
		type( 'Signed URL lifetime (seconds)', '30' );
		fireEvent.click( screen.getByRole( 'button', { name: 'Advanced' } ) );
		expect(
			screen.queryByLabelText( 'Signed URL lifetime (seconds)' )
		).toBeNull();
		await save();

		const expiry = await screen.findByLabelText(
			'Signed URL lifetime (seconds)'
		);
		await waitFor( () => expect( expiry ).toHaveFocus() );
		expect( description( expiry ) ).toMatch( /from 60 to 604800/ );
		// Caught in the browser: nothing was sent.
		expect( callsTo( 'POST', SETTINGS ) ).toHaveLength( 0 );
	} );

	it( 'offers the AWS regions and a custom region', async () => {
		await renderApp();
		fireEvent.change( screen.getByLabelText( 'S3 Bucket Region' ), {
			target: { value: '__custom' },
		} );
		type( 'Custom region', 'garage' );
		await save();
		expect(
			callsTo( 'POST', SETTINGS ).map( ( call ) => call.data )
		).toEqual( [ { region: 'garage' } ] );
	} );

	it( 'makes locked fields read-only and says which constant sets them', async () => {
		await renderApp(
			savedSettings( { locked: [ 'access_key_id', 'object_acl' ] } )
		);
		const key = screen.getByLabelText( 'S3 Access Key ID' );
		expect( key ).toHaveAttribute( 'readonly' );
		expect( description( key ) ).toMatch(
			/Set in wp-config\.php by S3_MEDIA_SYNC_ACCESS_KEY_ID\./
		);
		expect(
			screen.getByRole( 'radio', { name: 'private' } )
		).toBeDisabled();
		expect( screen.getByLabelText( 'S3 Bucket Name' ) ).not.toHaveAttribute(
			'readonly'
		);
	} );

	it( 'warns before leaving with unsaved changes only', async () => {
		await renderApp();
		const clean = new Event( 'beforeunload', { cancelable: true } );
		window.dispatchEvent( clean );
		expect( clean.defaultPrevented ).toBe( false );

		type( 'S3 Bucket Name', 'other-bucket' );
		const dirty = new Event( 'beforeunload', { cancelable: true } );
		window.dispatchEvent( dirty );
		expect( dirty.defaultPrevented ).toBe( true );
	} );
} );

describe( 'Test S3 Access button', () => {
	const testButton = () =>
		screen.queryByRole( 'button', { name: 'Test S3 Access' } );

	it( 'is offered when a complete configuration is saved', async () => {
		await renderApp( savedSettings( { configured: true } ) );
		expect( testButton() ).toBeInTheDocument();
	} );

	it( 'is not offered before the configuration is complete', async () => {
		await renderApp(
			savedSettings( { configured: false, has_secret_access_key: false } )
		);
		expect( testButton() ).toBeNull();
	} );

	it( 'is withdrawn while there are unsaved changes', async () => {
		await renderApp();
		type( 'S3 Bucket Name', 'other-bucket' );
		expect( testButton() ).toBeNull();
		expect(
			screen.getByText( 'Save your changes to test them.' )
		).toBeInTheDocument();
	} );

	it( 'appears once the save that completes the configuration succeeds', async () => {
		const incomplete = savedSettings( {
			configured: false,
			has_secret_access_key: false,
		} );
		serve( incomplete, ( update ) => ( {
			...incomplete,
			has_secret_access_key: true,
			configured: update.secret_access_key !== undefined,
		} ) );
		render( <SettingsApp /> );
		await screen.findByLabelText( 'S3 Secret Access Key' );
		type( 'S3 Secret Access Key', 'secret' );
		await save();
		await screen.findByText( 'Settings saved.' );
		expect( testButton() ).toBeInTheDocument();
	} );
} );
