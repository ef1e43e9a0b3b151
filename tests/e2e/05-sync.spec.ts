/**
 * E2E: media that existed before the plugin was configured is
 * copied from the settings page — Start copying, the progress bar reaches
 * 100% — and the media library's S3 column then says Synced.
 */
import { test, expect } from './fixtures';
import { logInAsAdmin, openSettings, saveGuideSettings } from './support';
import { createLibrary, deletePosts } from '../integration/sync-helpers';

test( 'copying existing media shows progress to 100% and the library column turns to Synced', async ( {
	page,
} ) => {
	// Made while the plugin had no settings: nothing of it is in S3.
	const library = createLibrary( 12, 'e2e-existing', '2024-01' );
	const ids = library.attachments.map( ( attachment ) => attachment.id );
	try {
		await saveGuideSettings();
		await logInAsAdmin( page );
		await openSettings( page );

		await expect(
			page.getByRole( 'heading', { name: 'Copy existing media to S3' } )
		).toBeVisible();
		const counts = page.getByRole( 'list', {
			name: 'Media library in S3',
		} );
		await expect( counts ).toContainText(
			/Pending: (1[2-9]|[2-9]\d|\d{3,})/
		);

		await page.getByRole( 'button', { name: 'Start copying' } ).click();
		const bar = page.getByRole( 'progressbar', { name: 'Copy progress' } );
		await expect( bar ).toBeVisible();
		await expect( bar ).toHaveAttribute( 'aria-valuenow', '100', {
			timeout: 60_000,
		} );
		await expect(
			page.locator( '#s3-media-sync-copy-progress-text' )
		).toContainText( '100%' );
		await expect( counts ).toContainText( 'Pending: 0' );

		await page.goto(
			`${ new URL( page.url() ).origin }/wp-admin/upload.php?mode=list`
		);
		for ( const id of ids.slice( 0, 5 ) ) {
			const row = page.locator( `#post-${ id }` );
			// The status; the cell says public or private below it.
			await expect(
				row.locator( 'td.column-s3_media_sync .s3-media-sync-status' )
			).toHaveText( 'Synced' );
		}
	} finally {
		deletePosts( [ ...ids, ...library.parents ] );
	}
} );
