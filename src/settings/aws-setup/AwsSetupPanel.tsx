/**
 * "Set up AWS for me": the setup guide done by AWS itself, for the bucket,
 * region, key prefix and ACL typed in the form — a CloudShell / AWS CLI
 * script to copy, or a CloudFormation template to download. Both are run by
 * the owner in their own account: the plugin never sees any credential but
 * the IAM user's key they paste back, and neither holds a secret.
 */
import {
	Button,
	ExternalLink,
	Notice,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { Draft } from '../settings-draft';
import { BucketChoice } from './BucketChoice';
import { CopyBlock } from '../CopyBlock';
import {
	GUIDE_NAMES,
	namesAreValid,
	type SetupNames,
	type SetupOptions,
} from './options';
import { setupScript } from './script';
import { setupTemplate } from './template';

export const TEMPLATE_FILE = 's3-media-sync-aws.json';

function download( text: string ): void {
	const url = URL.createObjectURL(
		new Blob( [ text ], { type: 'application/json' } )
	);
	const link = document.createElement( 'a' );
	link.href = url;
	link.download = TEMPLATE_FILE;
	document.body.append( link );
	link.click();
	link.remove();
	window.setTimeout( () => URL.revokeObjectURL( url ), 1000 );
}

export function AwsSetupPanel( { draft }: { draft: Draft } ) {
	const [ names, setNames ] = useState< SetupNames >( GUIDE_NAMES );
	const [ choice, setChoice ] = useState( {
		createBucket: false,
		publicPolicy: false,
	} );
	const options: SetupOptions = {
		bucket: draft.bucket.trim(),
		region: draft.region.trim(),
		keyPrefix: draft.key_prefix.trim(),
		acl: draft.object_acl,
		names,
		...choice,
	};
	const nameField = ( field: keyof SetupNames, label: string ) => (
		<TextControl
			__next40pxDefaultSize
			label={ label }
			value={ names[ field ] }
			onChange={ ( value ) =>
				setNames( ( previous ) => ( {
					...previous,
					[ field ]: value,
				} ) )
			}
		/>
	);
	const valid = namesAreValid( names );

	return (
		<div className="s3-media-sync-aws-setup">
			<p>
				{ __(
					'Let AWS do the setup guide for you: the policy for this bucket and key prefix, the group, the user in it and one access key. You run it in your own AWS account and paste the printed key above; the plugin never asks for any other credential.',
					's3-media-sync'
				) }
			</p>
			<div className="s3-media-sync-aws-setup__names">
				{ nameField( 'policy', __( 'Policy name', 's3-media-sync' ) ) }
				{ nameField( 'group', __( 'Group name', 's3-media-sync' ) ) }
				{ nameField( 'user', __( 'User name', 's3-media-sync' ) ) }
			</div>
			<BucketChoice
				options={ options }
				onChange={ ( change ) =>
					setChoice( ( previous ) => ( { ...previous, ...change } ) )
				}
			/>
			{ ! valid && (
				<Notice status="error" isDismissible={ false }>
					{ __(
						'Names are 1 to 64 letters, digits and + = , . @ _ -',
						's3-media-sync'
					) }
				</Notice>
			) }
			{ valid && (
				<>
					<h3>
						{ __( 'CloudShell / AWS CLI script', 's3-media-sync' ) }
					</h3>
					<p>
						{ __(
							'Paste it into AWS CloudShell (or a shell where the AWS CLI is signed in as an administrator) and run it. Run again, it reuses what exists and says so; it makes a second access key only when run with NEW_KEY=yes.',
							's3-media-sync'
						) }{ ' ' }
						<ExternalLink
							href={ `https://console.aws.amazon.com/cloudshell/home?region=${ encodeURIComponent(
								options.region
							) }` }
						>
							{ __( 'Open AWS CloudShell', 's3-media-sync' ) }
						</ExternalLink>
					</p>
					<CopyBlock
						text={ setupScript( options ) }
						label={ __( 'Setup script', 's3-media-sync' ) }
						buttonLabel={ __( 'Copy script', 's3-media-sync' ) }
					/>
					<h3>
						{ __( 'CloudFormation template', 's3-media-sync' ) }
					</h3>
					<p>
						{ __(
							'Create a stack from this file, acknowledging that it creates named IAM resources. The secret access key is kept in Secrets Manager, not in the stack’s outputs; the ShowSecret output is the command that reads it. Use the script or the template, not both with the same names.',
							's3-media-sync'
						) }
					</p>
					<Button
						variant="secondary"
						onClick={ () => download( setupTemplate( options ) ) }
					>
						{ __( 'Download template (.json)', 's3-media-sync' ) }
					</Button>
				</>
			) }
		</div>
	);
}
