/**
 * Loads the settings, keeps the form's draft, and saves it. Notices are
 * announced with speak() here rather than by <Notice>, so each one is
 * spoken once, when it happens, and not again on every re-render.
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useMemo, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { ApiError, getSettings, normaliseError, saveSettings } from './api';
import {
	buildUpdate,
	draftFrom,
	hasChanges,
	isSettingsField,
	type Draft,
} from './settings-draft';
import type { FieldErrors, Settings } from './types';

export interface FormNotice {
	status: 'success' | 'error';
	message: string;
}

export interface SettingsState {
	saved: Settings | null;
	draft: Draft | null;
	loadError: string | null;
	isDirty: boolean;
	isSaving: boolean;
	fieldErrors: FieldErrors;
	notice: FormNotice | null;
	/** Goes up after each save attempt: the page moves focus then. */
	saveRevision: number;
	setField: < K extends keyof Draft >( field: K, value: Draft[ K ] ) => void;
	/** Resolves true when the settings were saved. */
	save: () => Promise< boolean >;
	dismissNotice: () => void;
}

function announce( notice: FormNotice ): void {
	speak( notice.message, notice.status === 'error' ? 'assertive' : 'polite' );
}

/** Errors for fields the page does not show still need to be read. */
function failureMessage( error: ApiError ): string {
	const fields = Object.keys( error.fieldErrors );
	if ( fields.length === 0 ) {
		return error.message;
	}
	const unshown = Object.entries( error.fieldErrors )
		.filter( ( [ field ] ) => ! isSettingsField( field ) )
		.map( ( [ field, message ] ) => `${ field }: ${ message }` );
	return [
		__(
			'The settings were not saved. Correct the fields marked below.',
			's3-media-sync'
		),
		...unshown,
	].join( ' ' );
}

export function useSettings(): SettingsState {
	const [ saved, setSaved ] = useState< Settings | null >( null );
	const [ draft, setDraft ] = useState< Draft | null >( null );
	const [ loadError, setLoadError ] = useState< string | null >( null );
	const [ isSaving, setIsSaving ] = useState( false );
	const [ fieldErrors, setFieldErrors ] = useState< FieldErrors >( {} );
	const [ notice, setNotice ] = useState< FormNotice | null >( null );
	const [ saveRevision, setSaveRevision ] = useState( 0 );

	useEffect( () => {
		let current = true;
		getSettings().then(
			( settings ) => {
				if ( current ) {
					setSaved( settings );
					setDraft( draftFrom( settings ) );
				}
			},
			( error: unknown ) => {
				if ( current ) {
					setLoadError(
						sprintf(
							/* translators: %s: the error message. */
							__(
								'The settings could not be loaded: %s',
								's3-media-sync'
							),
							normaliseError( error ).message
						)
					);
				}
			}
		);
		return () => {
			current = false;
		};
	}, [] );

	const built = useMemo(
		() => ( saved && draft ? buildUpdate( saved, draft ) : null ),
		[ saved, draft ]
	);
	const isDirty = built !== null && hasChanges( built );

	const setField = useCallback(
		< K extends keyof Draft >( field: K, value: Draft[ K ] ) => {
			setDraft( ( previous ) =>
				previous ? { ...previous, [ field ]: value } : previous
			);
			// The message described the old value.
			setFieldErrors( ( previous ) => {
				if ( ! ( field in previous ) ) {
					return previous;
				}
				const { [ field ]: _removed, ...rest } = previous;
				return rest;
			} );
		},
		[]
	);

	const finish = ( next: FormNotice, errors: FieldErrors ) => {
		setNotice( next );
		setFieldErrors( errors );
		setSaveRevision( ( revision ) => revision + 1 );
		announce( next );
	};

	const save = async () => {
		if ( ! built || ! hasChanges( built ) || isSaving ) {
			return false;
		}
		if ( Object.keys( built.errors ).length > 0 ) {
			finish(
				{
					status: 'error',
					message: __(
						'The settings were not saved. Correct the fields marked below.',
						's3-media-sync'
					),
				},
				built.errors
			);
			return false;
		}
		setIsSaving( true );
		try {
			const settings = await saveSettings( built.update );
			setSaved( settings );
			setDraft( draftFrom( settings ) );
			finish(
				{
					status: 'success',
					message: __( 'Settings saved.', 's3-media-sync' ),
				},
				{}
			);
			return true;
		} catch ( error ) {
			const failure =
				error instanceof ApiError ? error : normaliseError( error );
			finish(
				{ status: 'error', message: failureMessage( failure ) },
				failure.fieldErrors
			);
			return false;
		} finally {
			setIsSaving( false );
		}
	};

	return {
		saved,
		draft,
		loadError,
		isDirty,
		isSaving,
		fieldErrors,
		notice,
		saveRevision,
		setField,
		save,
		dismissNotice: () => setNotice( null ),
	};
}
