/**
 * The arithmetic of the progress bar: the job's answers added up, files per
 * second over the latest answers, time left, the percentage, and how they
 * are written.
 */
import { describe, expect, it } from '@jest/globals';

import {
	NEW_RUN,
	RATE_WINDOW,
	filesPerSecond,
	formatDuration,
	formatRate,
	percentDone,
	recordJob,
	secondsLeft,
} from '../../src/settings/sync-progress';
import type { SyncJob } from '../../src/settings/types';

function job( remaining: number, state: SyncJob[ 'state' ] = 'running' ) {
	return {
		state,
		workers: 2,
		started: 1_800_000_000,
		total: 100,
		remaining,
		error: null,
	};
}

describe( 'recordJob', () => {
	it( 'counts what the job handled and keeps only the latest samples', () => {
		let run = recordJob( NEW_RUN, job( 100 ), 0, false );
		expect( run.samples ).toEqual( [] );
		for ( let i = 1; i <= RATE_WINDOW + 2; i++ ) {
			run = recordJob( run, job( 100 - 3 * i ), 1000, true );
		}
		expect( run.done ).toBe( 3 * ( RATE_WINDOW + 2 ) );
		expect( run.samples ).toHaveLength( RATE_WINDOW );
		expect( run.samples[ 0 ] ).toEqual( { files: 3, ms: 1000 } );
		expect( run.remaining ).toBe( 100 - 3 * ( RATE_WINDOW + 2 ) );
		expect( run.complete ).toBe( false );
	} );

	it( 'takes no sample for time the job was paused', () => {
		const first = recordJob( NEW_RUN, job( 80, 'paused' ), 0, false );
		const later = recordJob( first, job( 80, 'running' ), 60_000, false );
		expect( later.samples ).toEqual( [] );
		expect( later.done ).toBe( 20 );
	} );

	it( 'is complete when the server says the job is done', () => {
		const run = recordJob( NEW_RUN, job( 0, 'done' ), 500, true );
		expect( run ).toMatchObject( {
			done: 100,
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

	it( 'follows the latest pace once older answers leave the window', () => {
		let run = recordJob( NEW_RUN, job( 100 ), 0, false );
		for ( let i = 1; i <= RATE_WINDOW; i++ ) {
			run = recordJob( run, job( 100 - 4 * i ), 1000, true );
		}
		expect( filesPerSecond( run.samples ) ).toBe( 4 );
		const left = run.remaining ?? 0;
		for ( let i = 1; i <= RATE_WINDOW; i++ ) {
			run = recordJob( run, job( left - i ), 1000, true );
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
