/**
 * Form controls bound to one settings field: each shows the field's REST
 * error in its help (which the control links with aria-describedby) and,
 * when a wp-config.php constant sets the field, why it cannot be changed.
 */
import { TextControl, ToggleControl } from '@wordpress/components';
import type { ReactNode } from 'react';
import { __, sprintf } from '@wordpress/i18n';

import type { SettingsState } from './useSettings';
import { constantFor, type Draft } from './settings-draft';
import { FIELD_ATTRIBUTE } from './useFocusAfterSave';
import type { FieldErrors, Settings, SettingsField } from './types';

export interface FormBinding {
	saved: Settings;
	draft: Draft;
	fieldErrors: FieldErrors;
	setField: SettingsState[ 'setField' ];
}

type TextField = Exclude<
	{
		[ K in keyof Draft ]: Draft[ K ] extends string ? K : never;
	}[ keyof Draft ],
	'object_acl'
>;
type FlagField = {
	[ K in keyof Draft ]: Draft[ K ] extends boolean ? K : never;
}[ keyof Draft ];

const ERROR_STYLE = { display: 'block', color: '#cc1818' } as const;

export interface FieldState {
	locked: boolean;
	error: string | undefined;
	help: ReactNode;
}

export function fieldState(
	form: FormBinding,
	field: SettingsField,
	help?: ReactNode
): FieldState {
	const locked = form.saved.locked.includes( field );
	const error = form.fieldErrors[ field ];
	const lockedReason = sprintf(
		/* translators: %s: a PHP constant name, e.g. S3_MEDIA_SYNC_BUCKET. */
		__( 'Set in wp-config.php by %s.', 's3-media-sync' ),
		constantFor( field )
	);
	return {
		locked,
		error,
		help: (
			<>
				{ error && (
					<span
						className="s3-media-sync-field-error"
						style={ ERROR_STYLE }
					>
						{ error }
					</span>
				) }
				{ locked ? lockedReason : help }
			</>
		),
	};
}

interface TextFieldProps {
	form: FormBinding;
	field: TextField;
	label: string;
	help?: ReactNode;
	type?: 'text' | 'password' | 'url' | 'number';
	placeholder?: string;
	autoComplete?: string;
	inputProps?: { min?: number; max?: number; step?: number };
}

export function SettingsTextField( {
	form,
	field,
	label,
	help,
	type = 'text',
	placeholder,
	autoComplete = 'off',
	inputProps,
}: TextFieldProps ) {
	const state = fieldState( form, field, help );
	return (
		<div { ...{ [ FIELD_ATTRIBUTE ]: field } }>
			<TextControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={ label }
				type={ type }
				value={ form.draft[ field ] }
				onChange={ ( value ) => form.setField( field, value ) }
				help={ state.help }
				readOnly={ state.locked }
				aria-invalid={ state.error ? true : undefined }
				placeholder={ placeholder }
				autoComplete={ autoComplete }
				spellCheck={ false }
				{ ...inputProps }
			/>
		</div>
	);
}

interface ToggleFieldProps {
	form: FormBinding;
	field: FlagField;
	label: string;
	help: string;
}

export function SettingsToggleField( {
	form,
	field,
	label,
	help,
}: ToggleFieldProps ) {
	const state = fieldState( form, field, help );
	return (
		<div { ...{ [ FIELD_ATTRIBUTE ]: field } }>
			<ToggleControl
				__nextHasNoMarginBottom
				label={ label }
				checked={ form.draft[ field ] }
				onChange={ ( checked ) => form.setField( field, checked ) }
				help={ state.help }
				disabled={ state.locked }
			/>
		</div>
	);
}
