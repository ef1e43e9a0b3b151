/**
 * The update the form sends: only what changed, trimmed, never a locked
 * field, the secret only when typed, and the expiry as a number.
 */
import { describe, expect, it } from '@jest/globals';

import {
	buildUpdate,
	constantFor,
	draftFrom,
	firstFieldWithError,
	hasChanges,
} from '../../src/settings/settings-draft';
import { savedSettings } from './fixtures';

describe( 'buildUpdate', () => {
	it( 'sends nothing and is not dirty when nothing was edited', () => {
		const saved = savedSettings();
		const built = buildUpdate( saved, draftFrom( saved ) );
		expect( built ).toEqual( { update: {}, errors: {} } );
		expect( hasChanges( built ) ).toBe( false );
	} );

	it( 'starts the secret field empty even when a secret is stored', () => {
		expect( draftFrom( savedSettings() ).secret_access_key ).toBe( '' );
	} );

	it( 'sends only the fields that changed', () => {
		const saved = savedSettings();
		const draft = {
			...draftFrom( saved ),
			bucket: 'other-bucket',
			sign_urls: true,
		};
		const built = buildUpdate( saved, draft );
		expect( built.update ).toEqual( {
			bucket: 'other-bucket',
			sign_urls: true,
		} );
		expect( hasChanges( built ) ).toBe( true );
	} );

	it( 'trims whitespace pasted around keys and names', () => {
		const saved = savedSettings( { access_key_id: '', bucket: '' } );
		const draft = {
			...draftFrom( saved ),
			access_key_id: '  AKIANEW\t',
			secret_access_key: ' s3cr3t/KEY+x \n',
			bucket: ' new-bucket ',
		};
		expect( buildUpdate( saved, draft ).update ).toEqual( {
			access_key_id: 'AKIANEW',
			secret_access_key: 's3cr3t/KEY+x',
			bucket: 'new-bucket',
		} );
	} );

	it( 'is not dirty when only whitespace was added around a saved value', () => {
		const saved = savedSettings();
		const draft = { ...draftFrom( saved ), bucket: ' my-bucket ' };
		expect( hasChanges( buildUpdate( saved, draft ) ) ).toBe( false );
	} );

	it( 'sends the secret only when something was typed', () => {
		const saved = savedSettings();
		const blank = { ...draftFrom( saved ), secret_access_key: '   ' };
		expect( buildUpdate( saved, blank ).update ).not.toHaveProperty(
			'secret_access_key'
		);
		const typed = { ...draftFrom( saved ), secret_access_key: 'new' };
		expect( buildUpdate( saved, typed ).update ).toEqual( {
			secret_access_key: 'new',
		} );
	} );

	it( 'asks to remove the stored secret only when one is stored, and a typed secret wins', () => {
		const saved = savedSettings();
		const removing = {
			...draftFrom( saved ),
			remove_secret_access_key: true,
		};
		expect( buildUpdate( saved, removing ).update ).toEqual( {
			remove_secret_access_key: true,
		} );
		expect(
			buildUpdate( { ...saved, has_secret_access_key: false }, removing )
				.update
		).toEqual( {} );
		expect(
			buildUpdate( saved, { ...removing, secret_access_key: 'new' } )
				.update
		).toEqual( { secret_access_key: 'new' } );
		expect(
			buildUpdate(
				{ ...saved, locked: [ 'secret_access_key' ] },
				removing
			).update
		).toEqual( {} );
	} );

	it( 'sends presign_expiry as a number', () => {
		const saved = savedSettings();
		const draft = { ...draftFrom( saved ), presign_expiry: ' 3600 ' };
		expect( buildUpdate( saved, draft ).update ).toEqual( {
			presign_expiry: 3600,
		} );
	} );

	it.each( [ '', 'abc', '59', '604801', '1.5', '-60' ] )(
		'refuses presign_expiry %p before sending anything',
		( value ) => {
			const saved = savedSettings();
			const draft = { ...draftFrom( saved ), presign_expiry: value };
			const built = buildUpdate( saved, draft );
			expect( built.update ).toEqual( {} );
			expect( built.errors.presign_expiry ).toMatch( /60 to 604800/ );
			expect( hasChanges( built ) ).toBe( true );
		}
	);

	it( 'never sends a field locked by a wp-config.php constant', () => {
		const saved = savedSettings( {
			locked: [ 'bucket', 'secret_access_key' ],
		} );
		const draft = {
			...draftFrom( saved ),
			bucket: 'changed',
			secret_access_key: 'typed',
			region: 'eu-west-1',
		};
		expect( buildUpdate( saved, draft ).update ).toEqual( {
			region: 'eu-west-1',
		} );
	} );
} );

describe( 'field helpers', () => {
	it( 'names the wp-config.php constant of a field', () => {
		expect( constantFor( 'access_key_id' ) ).toBe(
			'S3_MEDIA_SYNC_ACCESS_KEY_ID'
		);
		expect( constantFor( 'presign_expiry' ) ).toBe(
			'S3_MEDIA_SYNC_PRESIGN_EXPIRY'
		);
	} );

	it( 'picks the first field with an error in page order', () => {
		expect(
			firstFieldWithError( {
				presign_expiry: 'x',
				bucket: 'y',
				endpoint: 'z',
			} )
		).toBe( 'bucket' );
		expect( firstFieldWithError( {} ) ).toBeUndefined();
	} );
} );
