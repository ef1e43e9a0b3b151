/**
 * After a save, moves focus where a keyboard or screen-reader user needs to
 * be: to the first field with an error (opening the Advanced panel first if
 * it is there), otherwise to the notice that says why the save failed. A
 * save that worked passes no notice: focus stays where it was, and its
 * snackbar is announced and goes away by itself.
 */
import { useEffect, useRef, type RefObject } from '@wordpress/element';

import { firstFieldWithError, isAdvancedField } from './settings-draft';
import type { FieldErrors, SettingsField } from './types';

/** Fields are wrapped in an element carrying this attribute. */
export const FIELD_ATTRIBUTE = 'data-s3-media-sync-field';

function focusableIn( field: SettingsField ): HTMLElement | null {
	const wrapper = document.querySelector(
		`[${ FIELD_ATTRIBUTE }="${ field }"]`
	);
	if ( ! wrapper ) {
		return null;
	}
	return (
		wrapper.querySelector< HTMLElement >( '[aria-invalid="true"]' ) ??
		wrapper.querySelector< HTMLElement >( 'input:checked' ) ??
		wrapper.querySelector< HTMLElement >( 'input, select, textarea' )
	);
}

interface FocusAfterSave {
	saveRevision: number;
	fieldErrors: FieldErrors;
	noticeRef: RefObject< HTMLElement | null > | null;
	advancedOpen: boolean;
	openAdvanced: () => void;
}

export function useFocusAfterSave( {
	saveRevision,
	fieldErrors,
	noticeRef,
	advancedOpen,
	openAdvanced,
}: FocusAfterSave ): void {
	const handled = useRef( saveRevision );
	useEffect( () => {
		if ( handled.current === saveRevision ) {
			return;
		}
		const field = firstFieldWithError( fieldErrors );
		if ( field && isAdvancedField( field ) && ! advancedOpen ) {
			// Runs again once the panel has rendered its fields.
			openAdvanced();
			return;
		}
		handled.current = saveRevision;
		( ( field && focusableIn( field ) ) || noticeRef?.current )?.focus();
	}, [ saveRevision, fieldErrors, noticeRef, advancedOpen, openAdvanced ] );
}
