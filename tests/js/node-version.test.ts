/**
 * @jest-environment node
 */
/**
 * CI and the development machines run Node 20. package.json's "engines" says
 * which Node runs this project, `.ci/run` stops early on any other (through
 * tools/lib/node-version.cjs), the README says the same, and the packages
 * that will leave Node 20 behind (the AWS SDK from January 2027, Playwright,
 * wp-scripts) are pinned so that an install cannot pull such a release.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from '../../tools/lib/paths';

const { satisfies } = require( '../../tools/lib/node-version.cjs' ) as {
	satisfies: ( range: string, version: string ) => boolean;
};

interface PackageJson {
	engines: { node: string };
	devDependencies: Record< string, string >;
	overrides?: Record< string, string >;
}
interface PackageLock {
	packages: Record< string, { version?: string } >;
}

const pkg = JSON.parse(
	readFileSync( join( ROOT, 'package.json' ), 'utf8' )
) as PackageJson;
const lock = JSON.parse(
	readFileSync( join( ROOT, 'package-lock.json' ), 'utf8' )
) as PackageLock;

describe( 'satisfies', () => {
	const range = '^20.19.0 || >=22.13.0';

	it.each( [
		[ '20.19.0', true ],
		[ 'v20.20.2', true ],
		[ '24.1.0', true ],
		[ '22.13.0', true ],
		[ '20.18.3', false ],
		[ '21.7.0', false ],
		[ '22.12.0', false ],
		[ '18.20.0', false ],
	] )( `${ range } with Node %s: %s`, ( version, expected ) => {
		expect( satisfies( range, version ) ).toBe( expected );
	} );

	it( 'reads upper bounds and several conditions in one alternative', () => {
		expect( satisfies( '>=20.19 <23', '22.1.0' ) ).toBe( true );
		expect( satisfies( '>= 20.19 < 23', '23.0.0' ) ).toBe( false );
		expect( satisfies( '20.19.0', '20.19.1' ) ).toBe( false );
	} );

	it( 'refuses what it cannot read instead of guessing', () => {
		expect( () => satisfies( '~20.19', '20.19.0' ) ).toThrow(
			'Cannot read'
		);
	} );
} );

describe( 'the Node requirement', () => {
	it( 'lets the Node running these tests in', () => {
		expect( satisfies( pkg.engines.node, process.versions.node ) ).toBe(
			true
		);
	} );

	it( 'is the one the README states, and .ci/run checks it before npm ci', () => {
		const readme = readFileSync( join( ROOT, 'README.md' ), 'utf8' );
		expect( readme ).toContain( `\`${ pkg.engines.node }\`` );
		const ci = readFileSync( join( ROOT, '.ci', 'run' ), 'utf8' );
		const check = ci.indexOf( 'node tools/lib/node-version.cjs' );
		expect( check ).toBeGreaterThan( -1 );
		expect( check ).toBeLessThan( ci.indexOf( 'npm ci' ) );
	} );

	it( 'pins every AWS SDK and Smithy package, and Playwright and wp-scripts, to the locked version', () => {
		const pinned: Record< string, string > = {
			...pkg.devDependencies,
			...pkg.overrides,
		};
		const loose = Object.entries( lock.packages )
			.map( ( [ path, entry ] ) => [
				path.replace( /^.*node_modules\//, '' ),
				entry.version,
			] )
			.filter(
				( [ name ] ) =>
					/^@(aws-sdk|smithy|aws-crypto|aws)\//.test( name ?? '' ) ||
					name === '@playwright/test' ||
					name === '@wordpress/scripts'
			)
			.filter( ( [ name, version ] ) => pinned[ name ?? '' ] !== version )
			.map( ( [ name, version ] ) => `${ name }@${ version }` );
		expect( loose ).toEqual( [] );
	} );
} );
