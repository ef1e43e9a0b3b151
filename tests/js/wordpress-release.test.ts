/**
 * @jest-environment node
 */
/**
 * `npm test -- --wp=previous` (or S3MS_WORDPRESS=previous) builds the run's
 * sites from the previous major; a wrong reading would test the current
 * release twice and call it both (tools/lib/wordpress-release.ts).
 */
import {
	RELEASES,
	debianSuiteOf,
	releaseLabel,
	takeReleaseArg,
} from '../../tools/lib/wordpress-release';

describe( 'the WordPress release of a run', () => {
	it( 'is the current one (Debian sid) unless one is named', () => {
		expect( debianSuiteOf( undefined ) ).toBe( 'sid' );
		expect( debianSuiteOf( '' ) ).toBe( 'sid' );
		expect( debianSuiteOf( 'current' ) ).toBe( RELEASES.current );
		expect( releaseLabel( undefined ) ).toBe( 'current' );
	} );

	it( 'is the previous major from Debian trixie, or any suite named', () => {
		expect( debianSuiteOf( 'previous' ) ).toBe( 'trixie' );
		expect( releaseLabel( 'trixie' ) ).toBe( 'previous' );
		expect( debianSuiteOf( 'bookworm' ) ).toBe( 'bookworm' );
		expect( releaseLabel( 'bookworm' ) ).toBe( 'bookworm' );
	} );

	it( 'refuses what is not a suite name', () => {
		expect( () => debianSuiteOf( '6.8' ) ).toThrow( /Unknown WordPress/ );
		expect( () => debianSuiteOf( 'sid main' ) ).toThrow();
		// Only the object's own names are releases, not what it inherits.
		expect( debianSuiteOf( 'constructor' ) ).toBe( 'constructor' );
	} );

	it( 'is taken out of npm test’s arguments, in either spelling', () => {
		expect(
			takeReleaseArg( [ '--only=php', '--wp=previous', '--filter', 'X' ] )
		).toEqual( {
			release: 'previous',
			rest: [ '--only=php', '--filter', 'X' ],
		} );
		expect( takeReleaseArg( [ '--wp', 'trixie', 'tests/php' ] ) ).toEqual( {
			release: 'trixie',
			rest: [ 'tests/php' ],
		} );
		expect( takeReleaseArg( [ '--only=js' ] ) ).toEqual( {
			release: undefined,
			rest: [ '--only=js' ],
		} );
		expect( () => takeReleaseArg( [ '--wp' ] ) ).toThrow( /--wp needs/ );
		expect( () => takeReleaseArg( [ '--wp=6.8' ] ) ).toThrow(
			/Unknown WordPress/
		);
	} );
} );
