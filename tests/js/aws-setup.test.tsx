/**
 * "Set up AWS for me": when the panel shows, that its script and template
 * carry exactly the policy the plugin generates (the PHP class, run here),
 * the guide's names or the owner's, what the bucket gets for each ACL, no
 * secret in either, the copy button copying the text shown, and Test S3
 * Access running by itself once after the first key is saved.
 */
// First: it mocks apiFetch and @wordpress/a11y for what is imported after it.
import { resetPageMocks } from './support/settings-page';
import { execFileSync } from 'node:child_process';
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { SettingsApp } from '../../src/settings/SettingsApp';
import {
	GUIDE_NAMES,
	type SetupOptions,
} from '../../src/settings/aws-setup/options';
import { policyDocument } from '../../src/settings/aws-setup/policy';
import { setupScript } from '../../src/settings/aws-setup/script';
import { setupTemplate } from '../../src/settings/aws-setup/template';
import type { Settings, SettingsUpdate } from '../../src/settings/types';
import { callsTo, routeApiFetch } from './api-fetch-mock';
import { savedSettings } from './fixtures';

const SETTINGS = '/s3-media-sync/v1/settings';
const TEST = '/s3-media-sync/v1/test';
const OK_RESULT = {
	ok: true,
	category: 'ok',
	title: 'S3 access works',
	message: 'Every check passed.',
	tested_at: '2026-11-27T12:00:00Z',
	checks: [],
};

function options( overrides: Partial< SetupOptions > = {} ): SetupOptions {
	return {
		bucket: 'my-bucket',
		region: 'eu-west-1',
		keyPrefix: 'staging/',
		acl: 'public-read',
		names: GUIDE_NAMES,
		createBucket: false,
		publicPolicy: false,
		...overrides,
	};
}

/** Policy_Document::for_bucket(), run by PHP. */
function phpPolicy( bucket: string, prefix: string ): unknown {
	const code = `require 'includes/Access/Policy_Document.php';
		echo json_encode( S3MediaSync\\Access\\Policy_Document::for_bucket( $argv[1], $argv[2] ) );`;
	return JSON.parse(
		execFileSync( 'php', [ '-r', code, '--', bucket, prefix ], {
			encoding: 'utf8',
		} )
	);
}

const NO_KEY = savedSettings( {
	access_key_id: '',
	has_secret_access_key: false,
	configured: false,
	key_prefix: 'staging/',
} );

function serve( settings: Settings ) {
	let current = settings;
	routeApiFetch( {
		[ `GET ${ SETTINGS }` ]: () => current,
		[ `POST ${ SETTINGS }` ]: ( request ) => {
			const update = request.data as SettingsUpdate;
			current = {
				...current,
				...update,
				has_secret_access_key: true,
				configured: Boolean(
					update.access_key_id ?? current.access_key_id
				),
			};
			return current;
		},
		[ `GET ${ TEST }` ]: () => OK_RESULT,
		[ `POST ${ TEST }` ]: () => OK_RESULT,
	} );
}

function scriptShown(): string {
	return screen.getByLabelText( 'Setup script' ).textContent ?? '';
}

beforeEach( resetPageMocks );

describe( 'the generated policy', () => {
	it.each( [
		[ 'my-bucket', '' ],
		[ 'my.dotted.bucket', 'staging/' ],
		[ '', 'a/b/' ],
	] )( 'is Policy_Document’s for %p / %p', ( bucket, prefix ) => {
		expect( policyDocument( bucket, prefix ) ).toEqual(
			phpPolicy( bucket, prefix )
		);
	} );
} );

describe( 'the script', () => {
	it( 'carries the policy JSON, the guide’s names, and checks every step', () => {
		const script = setupScript( options() );
		const json = JSON.stringify( phpPolicy( 'my-bucket', 'staging/' ) );
		expect( script ).toContain( `POLICY_DOCUMENT='${ json }'` );
		expect( script ).toContain( `POLICY_NAME='S3-Media-Sync-Policy'` );
		expect( script ).toContain( `GROUP_NAME='s3-media-sync-users'` );
		expect( script ).toContain( `USER_NAME='s3-media-sync'` );
		expect( script ).toMatch( /^set -Eeuo pipefail$/m );
		expect( script ).not.toContain( 'head-bucket' );
	} );

	it( 'sets the bucket up as each ACL needs', () => {
		const publicRead = setupScript( options( { createBucket: true } ) );
		expect( publicRead ).toContain(
			'ObjectOwnership=BucketOwnerPreferred'
		);
		expect( publicRead ).toContain(
			'BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=true,RestrictPublicBuckets=true'
		);
		expect( publicRead ).toContain( 'LocationConstraint="$REGION"' );
		const privateAcl = setupScript(
			options( { createBucket: true, acl: 'private' } )
		);
		expect( privateAcl ).toContain(
			'ObjectOwnership=BucketOwnerPreferred'
		);
		expect( privateAcl ).not.toContain( 'put-public-access-block' );
		const enforced = setupScript(
			options( { createBucket: true, acl: 'bucket-default' } )
		);
		expect( enforced ).not.toContain( 'put-bucket-ownership-controls' );
		expect( enforced ).not.toContain( 'put-public-access-block' );
		expect( enforced ).not.toContain( 'put-bucket-policy' );
		const open = setupScript(
			options( {
				createBucket: true,
				acl: 'bucket-default',
				publicPolicy: true,
			} )
		);
		expect( open ).toContain(
			'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=false,RestrictPublicBuckets=false'
		);
		expect( open ).toContain(
			'"Resource":"arn:aws:s3:::my-bucket/staging/wp-content/uploads/*"'
		);
	} );
} );

describe( 'the template', () => {
	it( 'builds the same policy, group, user and key, the secret in Secrets Manager only', () => {
		const template = JSON.parse(
			setupTemplate( options( { createBucket: true } ) )
		);
		const { Resources: resources, Outputs: outputs } = template;
		expect( resources.Policy.Properties.PolicyDocument ).toEqual(
			phpPolicy( 'my-bucket', 'staging/' )
		);
		expect( resources.Policy.Properties.ManagedPolicyName ).toBe(
			'S3-Media-Sync-Policy'
		);
		expect( resources.Group.Properties.GroupName ).toBe(
			's3-media-sync-users'
		);
		expect( resources.User.Properties ).toEqual( {
			UserName: 's3-media-sync',
			Groups: [ { Ref: 'Group' } ],
		} );
		expect(
			resources.AccessKeySecret.Properties.SecretString[ 'Fn::Sub' ]
		).toContain( '${AccessKey.SecretAccessKey}' );
		expect( JSON.stringify( outputs ) ).not.toContain( 'SecretAccessKey' );
		expect( resources.Bucket.Properties.OwnershipControls ).toEqual( {
			Rules: [ { ObjectOwnership: 'BucketOwnerPreferred' } ],
		} );
	} );
} );

describe( 'the panel', () => {
	it( 'shows once bucket and region are typed and no key is saved; the copy button copies the text shown', async () => {
		serve( NO_KEY );
		const writeText = jest.fn( async ( text: string ) => void text );
		Object.assign( navigator, { clipboard: { writeText } } );
		render( <SettingsApp /> );
		await screen.findByText( 'Set up AWS for me' );
		await screen.findByLabelText( 'Setup script' );
		expect( scriptShown() ).toBe(
			setupScript( options( { region: 'us-east-1' } ) )
		);

		fireEvent.change( screen.getByLabelText( 'User name' ), {
			target: { value: 'site-two' },
		} );
		expect( scriptShown() ).toContain( `USER_NAME='site-two'` );
		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Copy script' } )
			);
		} );
		expect( writeText ).toHaveBeenCalledWith( scriptShown() );

		fireEvent.change( screen.getByLabelText( 'User name' ), {
			target: { value: 'bad name' },
		} );
		expect( screen.queryByLabelText( 'Setup script' ) ).toBeNull();

		fireEvent.change( screen.getByLabelText( 'S3 Bucket Name' ), {
			target: { value: '' },
		} );
		expect( screen.queryByText( 'Set up AWS for me' ) ).toBeNull();
	} );

	it( 'is not offered once a key is saved', async () => {
		serve( savedSettings() );
		render( <SettingsApp /> );
		await screen.findByLabelText( 'S3 Access Key ID' );
		expect( screen.queryByText( 'Set up AWS for me' ) ).toBeNull();
	} );

	it( 'runs Test S3 Access once after the first key is saved', async () => {
		serve( NO_KEY );
		render( <SettingsApp /> );
		await screen.findByText( 'Set up AWS for me' );
		fireEvent.change( screen.getByLabelText( 'S3 Access Key ID' ), {
			target: { value: 'AKIANEWKEY0000000000' },
		} );
		fireEvent.change( screen.getByLabelText( 'S3 Secret Access Key' ), {
			target: { value: 'new-secret' },
		} );
		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Save Changes' } )
			);
		} );
		await screen.findByText( 'S3 access works' );
		expect( callsTo( 'POST', TEST ) ).toHaveLength( 1 );
		expect( screen.queryByText( 'Set up AWS for me' ) ).toBeNull();

		// Later saves leave the test to the owner.
		fireEvent.change( screen.getByLabelText( 'S3 Bucket Name' ), {
			target: { value: 'other-bucket' },
		} );
		await act( async () => {
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Save Changes' } )
			);
		} );
		expect( callsTo( 'POST', TEST ) ).toHaveLength( 1 );
	} );
} );
