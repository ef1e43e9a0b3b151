/**
 * Notices about the whole form, where WordPress puts them: at the top, under
 * the page title. A save that failed (with the fields to correct below it),
 * wp-config.php constants that were ignored, a stored secret that can no
 * longer be read. "Settings saved." is a snackbar instead (SavedSnackbar).
 */
import { Notice } from '@wordpress/components';
import { forwardRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { constantFor } from './settings-draft';
import type { FormNotice } from './useSettings';
import type { Settings, SettingsField } from './types';

interface PageNoticesProps {
	saved: Settings | null;
	loadError: string | null;
	notice: FormNotice | null;
	onDismiss: () => void;
}

export const PageNotices = forwardRef< HTMLDivElement, PageNoticesProps >(
	function PageNoticesList( { saved, loadError, notice, onDismiss }, ref ) {
		const ignored = Object.entries( saved?.constant_errors ?? {} );
		return (
			<div ref={ ref } tabIndex={ -1 } className="s3-media-sync-notices">
				{ loadError && (
					<Notice status="error" isDismissible={ false }>
						{ loadError }
					</Notice>
				) }
				{ notice?.status === 'error' && (
					<Notice
						status="error"
						onRemove={ onDismiss }
						spokenMessage={ null }
					>
						{ notice.message }
					</Notice>
				) }
				{ ignored.length > 0 && (
					<Notice
						status="error"
						isDismissible={ false }
						spokenMessage={ null }
						className="s3-media-sync-constant-errors"
					>
						<p>
							{ __(
								'Some settings in wp-config.php are ignored, and their defaults used, until they are corrected there:',
								's3-media-sync'
							) }
						</p>
						<ul>
							{ ignored.map( ( [ field, message ] ) => (
								<li key={ field }>
									{ sprintf(
										/* translators: 1: a PHP constant name, 2: what is wrong with its value. */
										__( '%1$s: %2$s', 's3-media-sync' ),
										constantFor( field as SettingsField ),
										message
									) }
								</li>
							) ) }
						</ul>
					</Notice>
				) }
				{ saved?.secret_unreadable && (
					<Notice
						status="warning"
						isDismissible={ false }
						spokenMessage={ null }
					>
						{ __(
							'The stored S3 Secret Access Key can no longer be read: the key it was sealed with (S3_MEDIA_SYNC_ENCRYPTION_KEY in wp-config.php, or without it the site’s security keys, its salts) has changed since it was saved. Enter the secret again and save.',
							's3-media-sync'
						) }
					</Notice>
				) }
			</div>
		);
	}
);
