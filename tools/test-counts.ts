/** Reads pass/fail counts from each runner's machine-readable report. */
export interface Counts {
	passed: number;
	failed: number;
	skipped: number;
}

/**
 * PHPUnit's --log-junit: the outer <testsuite> carries the totals.
 * @param xml
 */
export function countJunit( xml: string ): Counts | null {
	const match = /<testsuite\b([^>]*)>/.exec( xml );
	if ( ! match ) {
		return null;
	}
	const attribute = ( name: string ): number => {
		const found = new RegExp( `\\b${ name }="(\\d+)"` ).exec(
			match[ 1 ] ?? ''
		);
		return found ? Number( found[ 1 ] ) : 0;
	};
	const tests = attribute( 'tests' );
	const failed = attribute( 'failures' ) + attribute( 'errors' );
	const skipped = attribute( 'skipped' );
	return { passed: tests - failed - skipped, failed, skipped };
}

/**
 * Jest's --json output.
 * @param json
 */
export function countJest( json: string ): Counts | null {
	const report = JSON.parse( json ) as {
		numPassedTests?: number;
		numFailedTests?: number;
		numPendingTests?: number;
		numRuntimeErrorTestSuites?: number;
	};
	if ( typeof report.numPassedTests !== 'number' ) {
		return null;
	}
	return {
		passed: report.numPassedTests,
		failed:
			( report.numFailedTests ?? 0 ) +
			( report.numRuntimeErrorTestSuites ?? 0 ),
		skipped: report.numPendingTests ?? 0,
	};
}

/**
 * Playwright's JSON reporter: flaky tests passed on retry, so they count as failed here.
 * @param json
 */
export function countPlaywright( json: string ): Counts | null {
	const report = JSON.parse( json ) as {
		stats?: {
			expected?: number;
			unexpected?: number;
			flaky?: number;
			skipped?: number;
		};
		errors?: unknown[];
	};
	if ( ! report.stats ) {
		return null;
	}
	return {
		passed: report.stats.expected ?? 0,
		failed:
			( report.stats.unexpected ?? 0 ) +
			( report.stats.flaky ?? 0 ) +
			( report.errors?.length ?? 0 ),
		skipped: report.stats.skipped ?? 0,
	};
}
