/**
 * @jest-environment node
 */
/**
 * languages/s3-media-sync.pot is generated, never edited by hand: a string
 * added to the PHP or TypeScript without regenerating it fails here.
 */
import { readFileSync } from 'node:fs';

import { makePot, msgids, POT_FILE } from '../../tools/make-pot';

describe( 'the translation template', () => {
	it( 'holds exactly the strings of the PHP and TypeScript sources', () => {
		const fresh = msgids(
			readFileSync( makePot( '.cache/pot-check' ), 'utf8' )
		);
		const committed = msgids( readFileSync( POT_FILE, 'utf8' ) );
		expect( fresh.length ).toBeGreaterThan( 100 );
		expect( fresh ).toContain(
			'Bucket names are 3 to 63 characters long.'
		); // PHP
		expect( fresh ).toContain( 'Save Changes' ); // TypeScript
		expect( committed ).toEqual( fresh );
	} );
} );
