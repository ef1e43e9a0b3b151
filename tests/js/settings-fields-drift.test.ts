/**
 * The settings fields are defined once, in PHP (includes/Settings/
 * Settings_Fields.php: names, types, limits, the ACL choices, the constant
 * names); the page re-states what it needs in TypeScript. This test reads
 * the PHP definition as text and fails when the TypeScript drifts from it:
 * a field added, renamed or retyped on one side only, a limit changed, an
 * ACL added.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

import {
	FIELD_ORDER,
	PRESIGN_EXPIRY_MAX,
	PRESIGN_EXPIRY_MIN,
	constantFor,
} from '../../src/settings/settings-draft';
import { savedSettings } from './fixtures';

const ROOT = join( __dirname, '..', '..' );
const php = readFileSync(
	join( ROOT, 'includes', 'Settings', 'Settings_Fields.php' ),
	'utf8'
);
const types = readFileSync(
	join( ROOT, 'src', 'settings', 'types.ts' ),
	'utf8'
);

interface PhpField {
	type: string;
	minimum?: number | undefined;
	maximum?: number | undefined;
}

/** Field => what its schema entry says, read from schema()'s array. */
function phpFields(): Map< string, PhpField > {
	const schema = php.slice( php.indexOf( 'function schema()' ) );
	const body = schema.slice( 0, schema.indexOf( '\n\t}' ) );
	const fields = new Map< string, PhpField >();
	for ( const match of body.matchAll(
		/'([a-z0-9_]+)'\s*=>\s*array\(([\s\S]*?)\n\t{3}\)/g
	) ) {
		const entry = match[ 2 ] ?? '';
		const number = ( key: string ) => {
			const found = new RegExp( `'${ key }'\\s*=>\\s*(\\d+)` ).exec(
				entry
			);
			return found ? Number( found[ 1 ] ) : undefined;
		};
		fields.set( match[ 1 ]!, {
			type: /'type'\s*=>\s*'(\w+)'/.exec( entry )?.[ 1 ] ?? '',
			...( number( 'minimum' ) === undefined
				? {}
				: { minimum: number( 'minimum' ) } ),
			...( number( 'maximum' ) === undefined
				? {}
				: { maximum: number( 'maximum' ) } ),
		} );
	}
	return fields;
}

/** The members of a TypeScript interface in types.ts: name => type text. */
function interfaceMembers( name: string ): Map< string, string > {
	const start = types.indexOf( `export interface ${ name } ` );
	const body = types.slice( start, types.indexOf( '\n}', start ) );
	const members = new Map< string, string >();
	for ( const match of body.matchAll( /^\t(\w+)\??:\s*([^;]+);/gm ) ) {
		members.set( match[ 1 ]!, match[ 2 ]!.trim() );
	}
	return members;
}

const TS_TYPE: Record< string, string > = {
	string: 'string',
	boolean: 'boolean',
	integer: 'number',
};

describe( 'the settings fields, PHP and TypeScript', () => {
	const fields = phpFields();

	it( 'reads the PHP definition', () => {
		expect( fields.size ).toBeGreaterThan( 10 );
		expect( fields.get( 'presign_expiry' )?.type ).toBe( 'integer' );
	} );

	it( 'has the same fields on the page, in its order', () => {
		expect( [ ...FIELD_ORDER ].sort() ).toEqual(
			[ ...fields.keys() ].sort()
		);
	} );

	it( 'types every stored field as PHP does (the secret is never read back)', () => {
		const stored = interfaceMembers( 'StoredFields' );
		const expected = [ ...fields.keys() ].filter(
			( field ) => field !== 'secret_access_key'
		);
		expect( [ ...stored.keys() ].sort() ).toEqual( expected.sort() );
		for ( const field of expected ) {
			const tsType = stored.get( field )!;
			const phpType = fields.get( field )!.type;
			expect( [
				field,
				tsType === 'ObjectAcl' ? 'string' : tsType,
			] ).toEqual( [ field, TS_TYPE[ phpType ] ] );
		}
	} );

	it( 'limits the presign expiry as PHP does', () => {
		expect( PRESIGN_EXPIRY_MIN ).toBe(
			fields.get( 'presign_expiry' )?.minimum
		);
		expect( PRESIGN_EXPIRY_MAX ).toBe(
			fields.get( 'presign_expiry' )?.maximum
		);
	} );

	it( 'offers the ACLs PHP accepts', () => {
		const acls = /const ACLS = array\(([^)]*)\)/.exec( php )?.[ 1 ] ?? '';
		const phpAcls = [ ...acls.matchAll( /'([^']+)'/g ) ].map(
			( m ) => m[ 1 ]
		);
		const tsAcls = [
			...(
				/export type ObjectAcl =([^;]+);/.exec( types )?.[ 1 ] ?? ''
			).matchAll( /'([^']+)'/g ),
		].map( ( m ) => m[ 1 ] );
		expect( tsAcls.sort() ).toEqual( phpAcls.sort() );
		expect( phpAcls.length ).toBe( 3 );
	} );

	it( 'names the wp-config.php constants as PHP does', () => {
		expect( php ).toContain(
			"return 'S3_MEDIA_SYNC_' . strtoupper( $field );"
		);
		expect( constantFor( 'presign_expiry' ) ).toBe(
			'S3_MEDIA_SYNC_PRESIGN_EXPIRY'
		);
	} );

	it( "keeps the tests' settings fixture whole", () => {
		const fixture = Object.keys( savedSettings() );
		for ( const field of fields.keys() ) {
			if ( field !== 'secret_access_key' ) {
				expect( fixture ).toContain( field );
			}
		}
	} );
} );
