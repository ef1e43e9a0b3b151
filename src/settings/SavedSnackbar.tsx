/**
 * "Settings saved.": a transient snackbar at the bottom of the screen, as
 * the block editor and WordPress's settings pages built with components
 * show it. useSettings announces it; the snackbar does not speak it again.
 */
import { Snackbar } from '@wordpress/components';

import type { FormNotice } from './useSettings';

export function SavedSnackbar( {
	notice,
	onDismiss,
}: {
	notice: FormNotice | null;
	onDismiss: () => void;
} ) {
	if ( notice?.status !== 'success' ) {
		return null;
	}
	return (
		<div className="s3-media-sync-snackbar">
			<Snackbar onRemove={ onDismiss } spokenMessage="">
				{ notice.message }
			</Snackbar>
		</div>
	);
}
