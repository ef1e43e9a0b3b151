/**
 * @jest-environment node
 */
/**
 * CI reads only the totals line that tools/test.ts prints from these counts:
 * a miscount would land a red build.
 */
import {
	countJest,
	countJunit,
	countPlaywright,
} from '../../tools/test-counts';

describe( 'countJunit', () => {
	it( 'reads totals from the outer testsuite, errors counting as failures', () => {
		const xml =
			'<?xml version="1.0"?><testsuites><testsuite name="all" tests="12" assertions="40" errors="1" failures="2" skipped="3" time="1.0">' +
			'<testsuite name="inner" tests="1" failures="0" errors="0" skipped="0"></testsuite></testsuite></testsuites>';
		expect( countJunit( xml ) ).toEqual( {
			passed: 6,
			failed: 3,
			skipped: 3,
		} );
	} );

	it( 'returns null when there is no testsuite', () => {
		expect( countJunit( '<testsuites/>' ) ).toBeNull();
	} );
} );

describe( 'countJest', () => {
	it( 'counts suites that failed to run as failures', () => {
		const json = JSON.stringify( {
			numPassedTests: 5,
			numFailedTests: 1,
			numPendingTests: 2,
			numRuntimeErrorTestSuites: 1,
		} );
		expect( countJest( json ) ).toEqual( {
			passed: 5,
			failed: 2,
			skipped: 2,
		} );
	} );

	it( 'returns null for a report without counts', () => {
		expect( countJest( '{}' ) ).toBeNull();
	} );
} );

describe( 'countPlaywright', () => {
	it( 'counts flaky tests and global errors as failures', () => {
		const json = JSON.stringify( {
			stats: { expected: 7, unexpected: 1, flaky: 1, skipped: 0 },
			errors: [ { message: 'global setup failed' } ],
		} );
		expect( countPlaywright( json ) ).toEqual( {
			passed: 7,
			failed: 3,
			skipped: 0,
		} );
	} );

	it( 'returns null without stats', () => {
		expect( countPlaywright( '{"errors":[]}' ) ).toBeNull();
	} );
} );
