/**
 * Settings → S3 Media Sync: the connection form, its Advanced panel, Save
 * Changes, Test S3 Access, and, once a complete configuration is saved,
 * Copy existing media to S3; while files are only in S3, Bring files back.
 */
import { Button, Panel, PanelBody, Spinner } from '@wordpress/components';
import { useCallback, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { AccessTest } from './AccessTest';
import { AdvancedSection } from './AdvancedSection';
import { AttentionPanel } from './AttentionPanel';
import { LazyAwsSetupPanel } from './aws-setup/LazyAwsSetupPanel';
import { LazyAuditPanel, LazyBringBackPanel } from './LazyPanels';
import { ConnectionSection } from './ConnectionSection';
import type { FormBinding } from './fields';
import { PageNotices } from './PageNotices';
import { SavedSnackbar } from './SavedSnackbar';
import { SyncPanel } from './SyncPanel';
import { useAccessTest } from './useAccessTest';
import { useBringBack } from './useBringBack';
import { useFocusAfterSave } from './useFocusAfterSave';
import { useSettings, type SettingsState } from './useSettings';
import { useTestAfterFirstKey } from './useTestAfterFirstKey';
import { useUnsavedChangesWarning } from './useUnsavedChangesWarning';

function testUnavailableReason( state: SettingsState ): string | null {
	if ( state.isDirty ) {
		return __( 'Save your changes to test them.', 's3-media-sync' );
	}
	if ( ! state.saved?.configured ) {
		return __(
			'Save the access key, secret, bucket and region to test them.',
			's3-media-sync'
		);
	}
	return null;
}

export function SettingsApp() {
	const state = useSettings();
	const test = useAccessTest();
	const bringBack = useBringBack();
	const noticeRef = useRef< HTMLDivElement >( null );
	const [ advancedOpen, setAdvancedOpen ] = useState( false );
	const openAdvanced = useCallback( () => setAdvancedOpen( true ), [] );

	const testAfterFirstKey = useTestAfterFirstKey( state.saved, test.run );

	useUnsavedChangesWarning( state.isDirty );
	useFocusAfterSave( {
		saveRevision: state.saveRevision,
		fieldErrors: state.fieldErrors,
		noticeRef: state.notice?.status === 'error' ? noticeRef : null,
		advancedOpen,
		openAdvanced,
	} );

	const { saved, draft } = state;
	const notices = (
		<PageNotices
			ref={ noticeRef }
			saved={ saved }
			loadError={ state.loadError }
			notice={ state.notice }
			onDismiss={ state.dismissNotice }
		/>
	);
	if ( ! saved || ! draft ) {
		return (
			<div className="s3-media-sync-settings">
				{ notices }
				{ ! state.loadError && (
					<p className="s3-media-sync-loading">
						<Spinner />
						{ __( 'Loading settings…', 's3-media-sync' ) }
					</p>
				) }
			</div>
		);
	}

	const form: FormBinding = {
		saved,
		draft,
		fieldErrors: state.fieldErrors,
		setField: state.setField,
	};
	const save = async () => {
		const wasConfigured = saved.configured;
		// A result for the old settings would mislead; the next run replaces it.
		if ( await state.save() ) {
			test.forget();
			testAfterFirstKey( wasConfigured );
		}
	};

	return (
		<div className="s3-media-sync-settings">
			{ notices }
			<form
				onSubmit={ ( event ) => {
					event.preventDefault();
					void save();
				} }
			>
				<Panel header={ __( 'Amazon S3 connection', 's3-media-sync' ) }>
					<PanelBody>
						<ConnectionSection form={ form } />
					</PanelBody>
					<PanelBody
						title={ __( 'Advanced', 's3-media-sync' ) }
						opened={ advancedOpen }
						onToggle={ setAdvancedOpen }
					>
						<AdvancedSection
							form={ form }
							missingLocalCopies={ bringBack.missing }
						/>
					</PanelBody>
				</Panel>
				<p className="s3-media-sync-actions">
					<Button
						variant="primary"
						type="submit"
						isBusy={ state.isSaving }
						disabled={ ! state.isDirty || state.isSaving }
						accessibleWhenDisabled
					>
						{ __( 'Save Changes', 's3-media-sync' ) }
					</Button>
					{ state.isSaving && (
						<span className="s3-media-sync-actions__status">
							{ __( 'Saving…', 's3-media-sync' ) }
						</span>
					) }
				</p>
			</form>
			{ ! saved.access_key_id && draft.bucket && draft.region && (
				<Panel header={ __( 'Set up AWS for me', 's3-media-sync' ) }>
					<PanelBody>
						<LazyAwsSetupPanel draft={ draft } />
					</PanelBody>
				</Panel>
			) }
			<Panel header={ __( 'Test S3 Access', 's3-media-sync' ) }>
				<PanelBody>
					<AccessTest
						test={ test }
						unavailableReason={ testUnavailableReason( state ) }
					/>
				</PanelBody>
			</Panel>
			{ saved.configured && (
				<Panel
					header={ __(
						'Copy existing media to S3',
						's3-media-sync'
					) }
				>
					<PanelBody>
						<AttentionPanel />
						<SyncPanel />
					</PanelBody>
				</Panel>
			) }
			{ saved.configured && (
				<Panel header={ __( 'Check the bucket', 's3-media-sync' ) }>
					<PanelBody>
						<LazyAuditPanel />
					</PanelBody>
				</Panel>
			) }
			{ ( ( bringBack.missing ?? 0 ) > 0 || bringBack.run ) && (
				<Panel header={ __( 'Bring files back', 's3-media-sync' ) }>
					<PanelBody>
						<LazyBringBackPanel
							state={ bringBack }
							removeLocalCopiesOn={ saved.remove_local_copies }
						/>
					</PanelBody>
				</Panel>
			) }
			<SavedSnackbar
				notice={ state.notice }
				onDismiss={ state.dismissNotice }
			/>
		</div>
	);
}
