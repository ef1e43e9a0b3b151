/**
 * Test S3 Access's check ids are defined once, in PHP
 * (includes/Access/Check_Ids.php, in the order they run); the tests that
 * read the REST answer re-state them. This fails when the two drift: a
 * check added, renamed or moved on one side only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

const ROOT = join( __dirname, '..', '..' );
const php = readFileSync(
	join( ROOT, 'includes', 'Access', 'Check_Ids.php' ),
	'utf8'
);
// Read as text: the module loads Playwright, which Jest cannot.
const helpers = readFileSync(
	join( ROOT, 'tests', 'integration', 'access-helpers.ts' ),
	'utf8'
);

/** CHECK_ORDER of the integration tests. */
function tsOrder(): string[] {
	const list =
		/export const CHECK_ORDER: CheckId\[\] = \[([\s\S]*?)\];/.exec(
			helpers
		)?.[ 1 ] ?? '';
	return [ ...list.matchAll( /'([a-z_]+)'/g ) ].map(
		( match ) => match[ 1 ]!
	);
}

/** The members of the CheckId union. */
function tsIds(): string[] {
	const union = /export type CheckId =([^;]+);/.exec( helpers )?.[ 1 ] ?? '';
	return [ ...union.matchAll( /'([a-z_]+)'/g ) ].map(
		( match ) => match[ 1 ]!
	);
}

/** Check_Ids::ORDER, its constants resolved to their values. */
function phpOrder(): string[] {
	const values = new Map< string, string >();
	for ( const match of php.matchAll(
		/public const ([A-Z_]+)\s*=\s*'([a-z_]+)';/g
	) ) {
		values.set( match[ 1 ]!, match[ 2 ]! );
	}
	const order =
		/public const ORDER = array\(([\s\S]*?)\);/.exec( php )?.[ 1 ] ?? '';
	return [ ...order.matchAll( /self::([A-Z_]+)/g ) ].map(
		( match ) => values.get( match[ 1 ]! ) ?? `?${ match[ 1 ] }`
	);
}

describe( 'Test S3 Access check ids, PHP and TypeScript', () => {
	it( 'reads eight checks from PHP', () => {
		expect( phpOrder() ).toHaveLength( 8 );
		expect( phpOrder()[ 0 ] ).toBe( 'credentials' );
	} );

	it( 'lists the same checks in the same order', () => {
		expect( tsOrder() ).toEqual( phpOrder() );
		expect( [ ...tsIds() ].sort() ).toEqual( [ ...phpOrder() ].sort() );
	} );
} );
