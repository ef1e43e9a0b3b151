/**
 * The arithmetic of the progress bar: files per second over the latest
 * batches, time left, the percentage, and how they are written.
 */
import { describe, expect, it } from '@jest/globals';

import {
	NEW_RUN,
	RATE_WINDOW,
	batchCounts,
	filesPerSecond,
	formatDuration,
	formatRate,
	percentDone,
	recordBatch,
	secondsLeft,
} from '../../src/settings/sync-progress';

describe( 'batchCounts', () => {
	it( 'counts each attachment once, whether or not failed ids repeat processed ones', () => {
		const failure = { id: 3, code: 'AccessDenied', message: 'Refused.' };
		expect(
			batchCounts( {
				processed: [ 1, 2, 3 ],
				failed: [ failure ],
				remaining: 5,
			} )
		).toEqual( { handled: 3, failed: 1 } );
		expect(
			batchCounts( {
				processed: [ 1, 2 ],
				failed: [ failure ],
				remaining: 5,
			} )
		).toEqual( { handled: 3, failed: 1 } );
	} );
} );

describe( 'recordBatch', () => {
	it( 'adds up the run and keeps only the latest samples', () => {
		let run = NEW_RUN;
		for ( let i = 0; i < RATE_WINDOW + 2; i++ ) {
			run = recordBatch(
				run,
				{ processed: [ i ], failed: [], remaining: 100 - i },
				1000
			);
		}
		expect( run.done ).toBe( RATE_WINDOW + 2 );
		expect( run.samples ).toHaveLength( RATE_WINDOW );
		expect( run.remaining ).toBe( 100 - RATE_WINDOW - 1 );
		expect( run.complete ).toBe( false );
	} );

	it( 'marks the run complete when nothing is left', () => {
		const run = recordBatch(
			NEW_RUN,
			{
				processed: [ 1, 2 ],
				failed: [ { id: 2, code: 'X', message: 'y' } ],
				remaining: 0,
			},
			500
		);
		expect( run ).toMatchObject( {
			done: 2,
			failed: 1,
			remaining: 0,
			complete: true,
		} );
	} );
} );

describe( 'filesPerSecond', () => {
	it( 'divides the files by the time spent in batches', () => {
		expect(
			filesPerSecond( [
				{ files: 20, ms: 4000 },
				{ files: 10, ms: 2000 },
			] )
		).toBe( 5 );
	} );

	it( 'follows the latest pace once older batches leave the window', () => {
		let run = NEW_RUN;
		for ( let i = 0; i < RATE_WINDOW; i++ ) {
			run = recordBatch(
				run,
				{ processed: [ 1, 2, 3, 4 ], failed: [], remaining: 50 },
				1000
			);
		}
		expect( filesPerSecond( run.samples ) ).toBe( 4 );
		for ( let i = 0; i < RATE_WINDOW; i++ ) {
			run = recordBatch(
				run,
				{ processed: [ 1 ], failed: [], remaining: 50 },
				1000
			);
		}
		expect( filesPerSecond( run.samples ) ).toBe( 1 );
	} );

	it( 'is unknown without files or time', () => {
		expect( filesPerSecond( [] ) ).toBeNull();
		expect( filesPerSecond( [ { files: 0, ms: 3000 } ] ) ).toBeNull();
		expect( filesPerSecond( [ { files: 5, ms: 0 } ] ) ).toBeNull();
	} );
} );

describe( 'secondsLeft', () => {
	it( 'is what is left over the speed', () => {
		expect( secondsLeft( 100, 4 ) ).toBe( 25 );
	} );

	it( 'is 0 when nothing is left, unknown without a speed', () => {
		expect( secondsLeft( 0, null ) ).toBe( 0 );
		expect( secondsLeft( 10, null ) ).toBeNull();
		expect( secondsLeft( 10, 0 ) ).toBeNull();
		expect( secondsLeft( null, 3 ) ).toBeNull();
	} );
} );

describe( 'percentDone', () => {
	const run = ( done: number, remaining: number | null ) => ( {
		...NEW_RUN,
		done,
		remaining,
	} );

	it( 'is the share of the run handled, rounded down', () => {
		expect( percentDone( run( 20, 40 ) ) ).toBe( 33 );
		expect( percentDone( run( 50, 50 ) ) ).toBe( 50 );
	} );

	it( 'reaches 100 only when nothing is left', () => {
		expect( percentDone( run( 999, 1 ) ) ).toBe( 99 );
		expect( percentDone( run( 1000, 0 ) ) ).toBe( 100 );
		expect( percentDone( run( 0, 0 ) ) ).toBe( 100 );
	} );

	it( 'is unknown before the first answer', () => {
		expect( percentDone( run( 0, null ) ) ).toBeNull();
	} );
} );

describe( 'formatting', () => {
	it( 'writes the speed with one decimal only below 10', () => {
		expect( formatRate( 4.25, 'en-US' ) ).toBe( '4.3' );
		expect( formatRate( 4, 'en-US' ) ).toBe( '4' );
		expect( formatRate( 37.6, 'en-US' ) ).toBe( '38' );
		expect( formatRate( 4.25, 'de-DE' ) ).toBe( '4,3' );
	} );

	it.each( [
		[ 0.2, '1 second' ],
		[ 45, '45 seconds' ],
		[ 59.5, '1 minute' ],
		[ 61, '2 minutes' ],
		[ 3600, '1 hour' ],
		[ 3700, '1 hour 2 minutes' ],
		[ 7200 + 5 * 60, '2 hours 5 minutes' ],
	] )( 'writes %p seconds as %p', ( seconds, text ) => {
		expect( formatDuration( seconds ) ).toBe( text );
	} );
} );
