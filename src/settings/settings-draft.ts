/**
 * The form's editable copy of the settings, and the update it turns into.
 * Whether the form is dirty is decided by the update itself, so "Save
 * Changes" is enabled exactly when there is something to send.
 */
import { __, sprintf } from '@wordpress/i18n';

import type {
	FieldErrors,
	Settings,
	SettingsField,
	SettingsUpdate,
	StoredFields,
} from './types';

export const PRESIGN_EXPIRY_MIN = 60;
export const PRESIGN_EXPIRY_MAX = 604800;

/**
 * The inputs as typed: text stays text until the update is built; the
 * write-only secret starts empty, and removing the stored one waits for Save.
 */
export type Draft = Omit< StoredFields, 'presign_expiry' > & {
	secret_access_key: string;
	presign_expiry: string;
	remove_secret_access_key: boolean;
};

const TEXT_FIELDS = [
	'access_key_id',
	'bucket',
	'region',
	'key_prefix',
	'endpoint',
	'delivery_url',
	'cache_control',
] as const;

const CHOICE_FIELDS = [
	'object_acl',
	'use_path_style',
	'serve_from_s3',
	'sign_urls',
	'remove_local_copies',
] as const;

/** The order of the fields on the page: the first with an error gets focus. */
export const FIELD_ORDER: readonly SettingsField[] = [
	'access_key_id',
	'secret_access_key',
	'bucket',
	'region',
	'object_acl',
	'key_prefix',
	'endpoint',
	'use_path_style',
	'delivery_url',
	'serve_from_s3',
	'sign_urls',
	'presign_expiry',
	'remove_local_copies',
	'cache_control',
];

const CONNECTION_FIELDS: readonly SettingsField[] = FIELD_ORDER.slice( 0, 5 );

export function isAdvancedField( field: SettingsField ): boolean {
	return ! CONNECTION_FIELDS.includes( field );
}

export function isSettingsField( name: string ): name is SettingsField {
	return ( FIELD_ORDER as readonly string[] ).includes( name );
}

export function firstFieldWithError(
	errors: FieldErrors
): SettingsField | undefined {
	return FIELD_ORDER.find( ( field ) => errors[ field ] !== undefined );
}

/** The wp-config.php constant that overrides a field. */
export function constantFor( field: SettingsField ): string {
	return `S3_MEDIA_SYNC_${ field.toUpperCase() }`;
}

export function draftFrom( settings: Settings ): Draft {
	const draft = {
		// The secret is write-only: the field always starts empty.
		secret_access_key: '',
		presign_expiry: String( settings.presign_expiry ),
		remove_secret_access_key: false,
	} as Draft;
	for ( const field of [ ...TEXT_FIELDS, ...CHOICE_FIELDS ] ) {
		setDraftField( draft, field, settings[ field ] );
	}
	return draft;
}

function setDraftField< K extends keyof Draft >(
	draft: Draft,
	field: K,
	value: Draft[ K ]
): void {
	draft[ field ] = value;
}

export interface BuiltUpdate {
	update: SettingsUpdate;
	/** Mistakes caught before sending: nothing is sent while there are any. */
	errors: FieldErrors;
}

function setField< K extends keyof StoredFields >(
	update: SettingsUpdate,
	field: K,
	value: StoredFields[ K ]
): void {
	( update as Partial< StoredFields > )[ field ] = value;
}

/**
 * Only the fields that changed, trimmed as the server would trim them (keys
 * pasted from the IAM console often carry a space); never a locked field,
 * which the server refuses; the secret only when something was typed.
 */
export function buildUpdate( saved: Settings, draft: Draft ): BuiltUpdate {
	const update: SettingsUpdate = {};
	const errors: FieldErrors = {};
	const editable = ( field: SettingsField ) =>
		! saved.locked.includes( field );

	for ( const field of TEXT_FIELDS ) {
		const value = draft[ field ].trim();
		if ( editable( field ) && value !== saved[ field ] ) {
			setField( update, field, value );
		}
	}
	for ( const field of CHOICE_FIELDS ) {
		if ( editable( field ) && draft[ field ] !== saved[ field ] ) {
			setField( update, field, draft[ field ] );
		}
	}

	const secret = draft.secret_access_key.trim();
	if ( editable( 'secret_access_key' ) && secret !== '' ) {
		update.secret_access_key = secret;
	} else if (
		editable( 'secret_access_key' ) &&
		draft.remove_secret_access_key &&
		saved.has_secret_access_key
	) {
		update.remove_secret_access_key = true;
	}

	const expiry = draft.presign_expiry.trim();
	if (
		editable( 'presign_expiry' ) &&
		expiry !== String( saved.presign_expiry )
	) {
		const seconds = /^\d+$/.test( expiry ) ? Number( expiry ) : NaN;
		if (
			Number.isInteger( seconds ) &&
			seconds >= PRESIGN_EXPIRY_MIN &&
			seconds <= PRESIGN_EXPIRY_MAX
		) {
			update.presign_expiry = seconds;
		} else {
			errors.presign_expiry = sprintf(
				/* translators: 1: minimum seconds, 2: maximum seconds. */
				__(
					'Enter a whole number of seconds from %1$d to %2$d.',
					's3-media-sync'
				),
				PRESIGN_EXPIRY_MIN,
				PRESIGN_EXPIRY_MAX
			);
		}
	}

	return { update, errors };
}

export function hasChanges( { update, errors }: BuiltUpdate ): boolean {
	return Object.keys( update ).length > 0 || Object.keys( errors ).length > 0;
}
