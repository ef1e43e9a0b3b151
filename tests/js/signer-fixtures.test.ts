/**
 * @jest-environment node
 */
/**
 * tests/fixtures/sigv4.json is what the AWS SDK's signer computes, not
 * something edited by hand: recompute it and compare.
 */
import { readFileSync } from 'node:fs';

import {
	computeFixtures,
	encodeKey,
	FIXTURE_FILE,
} from '../../tools/s3/make-signer-fixtures';

describe( 'Signature V4 fixtures', () => {
	it( 'match what @smithy/signature-v4 computes now', async () => {
		const committed = JSON.parse(
			readFileSync( FIXTURE_FILE, 'utf8' )
		) as { fixtures: unknown[] };
		const computed = await computeFixtures();
		expect( computed.length ).toBeGreaterThanOrEqual( 20 );
		expect( committed.fixtures ).toEqual( computed );
	} );

	it( 'encode keys once per segment, keeping slashes and RFC 3986 unreserved characters', () => {
		expect( encodeKey( "a b/c+d=e~f/(x)!*'" ) ).toBe(
			'a%20b/c%2Bd%3De~f/%28x%29%21%2A%27'
		);
		expect( encodeKey( 'café' ) ).toBe( 'caf%C3%A9' );
	} );
} );
