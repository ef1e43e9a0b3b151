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
type FlagField = Exclude<
	{
		[ K in keyof Draft ]: Draft[ K ] extends boolean ? K : never;
	}[ keyof Draft ],
	'remove_secret_access_key'
>;

/** What a field's one line of help says, most urgent first. */
export type HelpKind = 'error' | 'locked' | 'warning' | 'help';

export interface FieldState {
	locked: boolean;
	error: string | undefined;
	kind: HelpKind;
	help: ReactNode;
}

/**
 * One help text per field: its REST error; else, when a wp-config.php
 * constant sets it, that (and why the constant was ignored, if it was);
 * else the server's advice about the saved value, while the field still
 * holds it; else the field's own help.
 */
export function fieldState(
	form: FormBinding,
	field: SettingsField,
	help?: ReactNode
): FieldState {
	const locked = form.saved.locked.includes( field );
	const error = form.fieldErrors[ field ];
	const constantError = form.saved.constant_errors?.[ field ];
	const warning =
		field !== 'secret_access_key' &&
		String( form.draft[ field ] ) === String( form.saved[ field ] )
			? form.saved.warnings?.[ field ]
			: undefined;
	let kind: HelpKind = 'help';
	let text: ReactNode = help;
	if ( error ) {
		kind = 'error';
		text = error;
	} else if ( locked ) {
		kind = 'locked';
		text = constantError
			? sprintf(
					/* translators: 1: a PHP constant name, e.g. S3_MEDIA_SYNC_BUCKET, 2: why its value was refused. */
					__(
						'%1$s in wp-config.php is ignored (%2$s): the default is used until it is corrected there.',
						's3-media-sync'
					),
					constantFor( field ),
					constantError
				)
			: sprintf(
					/* translators: %s: a PHP constant name, e.g. S3_MEDIA_SYNC_BUCKET. */
					__( 'Set in wp-config.php by %s.', 's3-media-sync' ),
					constantFor( field )
				);
	} else if ( warning ) {
		kind = 'warning';
		text = warning;
	}
	return {
		locked,
		error,
		kind,
		help: text ? (
			<span
				className={ `s3-media-sync-help is-${ kind }${
					kind === 'error' ? ' s3-media-sync-field-error' : ''
				}` }
			>
				{ text }
			</span>
		) : undefined,
	};
}

/** The wrapper every field sits in: focus after a failed save finds it by name. */
export function FieldWrapper( {
	field,
	state,
	children,
}: {
	field: SettingsField;
	state: FieldState;
	children: ReactNode;
} ) {
	return (
		<div
			className={ `s3-media-sync-field${
				state.locked ? ' is-locked' : ''
			}` }
			{ ...{ [ FIELD_ATTRIBUTE ]: field } }
		>
			{ children }
		</div>
	);
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
	/** Read-only for a reason of the page's own (a locked field always is). */
	readOnly?: boolean;
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
	readOnly = false,
}: TextFieldProps ) {
	const state = fieldState( form, field, help );
	return (
		<FieldWrapper field={ field } state={ state }>
			<TextControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={ label }
				type={ type }
				value={ form.draft[ field ] }
				onChange={ ( value ) => form.setField( field, value ) }
				help={ state.help }
				readOnly={ state.locked || readOnly }
				aria-invalid={ state.error ? true : undefined }
				placeholder={ placeholder }
				autoComplete={ autoComplete }
				spellCheck={ false }
				{ ...inputProps }
			/>
		</FieldWrapper>
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
		<FieldWrapper field={ field } state={ state }>
			<ToggleControl
				__nextHasNoMarginBottom
				label={ label }
				checked={ form.draft[ field ] }
				onChange={ ( checked ) => form.setField( field, checked ) }
				help={ state.help }
				disabled={ state.locked }
			/>
		</FieldWrapper>
	);
}

/** A text field, or a toggle (`toggle` names its field), described as data. */
export type FieldSpec =
	| ( Omit< TextFieldProps, 'form' > & { toggle?: never } )
	| ( Omit< ToggleFieldProps, 'form' | 'field' > & { toggle: FlagField } );

/** Fields one under the other, in the order given. */
export function FieldList( {
	form,
	specs,
}: {
	form: FormBinding;
	specs: FieldSpec[];
} ) {
	return (
		<>
			{ specs.map( ( spec ) =>
				spec.toggle ? (
					<SettingsToggleField
						key={ spec.toggle }
						form={ form }
						field={ spec.toggle }
						label={ spec.label }
						help={ spec.help }
					/>
				) : (
					<SettingsTextField
						key={ spec.field }
						form={ form }
						{ ...spec }
					/>
				)
			) }
		</>
	);
}
