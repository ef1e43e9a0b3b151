/**
 * "S3 Bucket Region": the AWS regions by name and code, or "Custom…" for
 * S3-compatible stores, whose region names are their own. The server takes
 * free text only together with a custom endpoint, and the help says so.
 */
import { SelectControl, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { FieldWrapper, fieldState, type FormBinding } from './fields';
import { awsRegions, isAwsRegion } from './regions';

const CUSTOM = '__custom';

export function RegionField( { form }: { form: FormBinding } ) {
	const region = form.draft.region;
	const [ custom, setCustom ] = useState(
		() => region !== '' && ! isAwsRegion( region )
	);
	// The help, and any error, go under whichever control holds the value.
	const state = fieldState(
		form,
		'region',
		custom
			? __(
					'Only for S3-compatible storage: a custom region is accepted only with a custom endpoint (Advanced).',
					's3-media-sync'
				)
			: __(
					'The AWS region where your bucket is located, e.g. us-east-1.',
					's3-media-sync'
				)
	);
	const options = [
		{
			value: '',
			label: __( 'Select a region', 's3-media-sync' ),
			disabled: true,
		},
		...awsRegions().map( ( { code, name } ) => ( {
			value: code,
			/* translators: 1: region name, 2: region code, e.g. us-east-1. */
			label: sprintf( __( '%1$s — %2$s', 's3-media-sync' ), name, code ),
		} ) ),
		{ value: CUSTOM, label: __( 'Custom…', 's3-media-sync' ) },
	];

	const choose = ( value: string ) => {
		if ( value === CUSTOM ) {
			setCustom( true );
			// An AWS code is rarely what another store calls its region.
			form.setField( 'region', '' );
			return;
		}
		setCustom( false );
		form.setField( 'region', value );
	};

	return (
		<FieldWrapper field="region" state={ state }>
			<SelectControl
				__next40pxDefaultSize
				__nextHasNoMarginBottom
				label={ __( 'S3 Bucket Region', 's3-media-sync' ) }
				value={ custom ? CUSTOM : region }
				options={ options }
				onChange={ choose }
				disabled={ state.locked }
				aria-invalid={ state.error && ! custom ? true : undefined }
				help={ custom ? undefined : state.help }
			/>
			{ custom && (
				<TextControl
					__next40pxDefaultSize
					__nextHasNoMarginBottom
					label={ __( 'Custom region', 's3-media-sync' ) }
					value={ region }
					onChange={ ( value ) => form.setField( 'region', value ) }
					readOnly={ state.locked }
					aria-invalid={ state.error ? true : undefined }
					autoComplete="off"
					spellCheck={ false }
					help={ state.help }
				/>
			) }
		</FieldWrapper>
	);
}
