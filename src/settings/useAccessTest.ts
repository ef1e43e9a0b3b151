/**
 * Test S3 Access: the last result (shown again on the next visit) and a run
 * of the checks on the saved settings.
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useState } from '@wordpress/element';

import { lastTest, normaliseError, runTest } from './api';
import type { TestResult } from './types';

export interface AccessTestState {
	result: TestResult | null;
	error: string | null;
	isRunning: boolean;
	run: () => Promise< void >;
	/** The result described settings that have since been saved over. */
	forget: () => void;
}

export function useAccessTest(): AccessTestState {
	const [ result, setResult ] = useState< TestResult | null >( null );
	const [ error, setError ] = useState< string | null >( null );
	const [ isRunning, setIsRunning ] = useState( false );

	useEffect( () => {
		let current = true;
		lastTest().then(
			( last ) => {
				if ( current ) {
					setResult( ( shown ) => shown ?? last );
				}
			},
			// Having no previous result to show is not worth an error.
			() => undefined
		);
		return () => {
			current = false;
		};
	}, [] );

	const run = async () => {
		setIsRunning( true );
		setError( null );
		try {
			const next = await runTest();
			setResult( next );
			speak(
				`${ next.title }: ${ next.message }`,
				next.ok ? 'polite' : 'assertive'
			);
		} catch ( failure ) {
			const message = normaliseError( failure ).message;
			setError( message );
			speak( message, 'assertive' );
		} finally {
			setIsRunning( false );
		}
	};

	const forget = useCallback( () => {
		setResult( null );
		setError( null );
	}, [] );

	return { result, error, isRunning, run, forget };
}
