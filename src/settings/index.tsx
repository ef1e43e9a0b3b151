/**
 * Settings → S3 Media Sync: mounts the React app on the container that
 * includes/Admin/Settings_Page.php prints.
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';

import { SettingsApp } from './SettingsApp';
import './settings.scss';

export const ROOT_ID = 's3-media-sync-settings';

domReady( () => {
	const container = document.getElementById( ROOT_ID );
	if ( container ) {
		createRoot( container ).render( <SettingsApp /> );
	}
} );
