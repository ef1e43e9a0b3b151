/**
 * E2E: a site owner installs the release zip. On a fresh WordPress
 * without the plugin (the run state's `zipSite`, made by tools/zip-site.ts),
 * in Chromium: Plugins → Add New Plugin → Upload Plugin with
 * s3-media-sync.zip, Activate; Settings → S3 Media Sync with the guide's
 * settings (plus the local S3's endpoint, path-style), Save Changes; Test
 * S3 Access succeeds; Media → Add New uploads a JPEG, which is then in the
 * bucket (asked as the bucket owner with @aws-sdk/client-s3). Then
 * Deactivate and Delete on the Plugins screen, which runs uninstall.php:
 * nothing of the plugin is left in that site's database, and the bucket
 * still holds the image.
 *
 * Skipped when the run state has no `zipSite` (a run that did not start it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	DeleteObjectCommand,
	HeadObjectCommand,
	S3Client,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';

import { RUN_STATE_VARIABLE, type SiteState } from '../../tools/lib/run-state';
import { test, expect } from './fixtures';
import { logIn } from './login';
import {
	clickSave,
	fields,
	fillGuideSettings,
	isRoute,
	notice,
	s3,
	SETTINGS_PATH,
	TEST_ROUTE,
} from './support';

interface ZipSite extends SiteState {
	zip: string;
}

function zipSite(): ZipSite | null {
	const file = process.env[ RUN_STATE_VARIABLE ];
	if ( ! file ) {
		return null;
	}
	const state = JSON.parse( readFileSync( file, 'utf8' ) ) as {
		zipSite?: ZipSite;
	};
	return state.zipSite ?? null;
}

const fresh = zipSite();
const PLUGIN_ROW = 'tr[data-slug="s3-media-sync"]';

test.describe.configure( { mode: 'serial' } );
test.skip(
	fresh === null,
	'no zipSite in the run state: tools/test.ts did not start a fresh site for the zip'
);

const workDir = mkdtempSync( join( tmpdir(), 's3ms-e2e-zip-' ) );
const photoName = `zip-install-${ Date.now().toString( 36 ) }`;
/** Keys of the uploaded image, removed from the bucket at the end. */
const uploadedKeys: string[] = [];

function bucketOwner(): S3Client {
	return new S3Client( {
		endpoint: s3.endpoint,
		forcePathStyle: true,
		region: s3.region,
		credentials: s3.admin,
	} );
}

/** What the fresh site's database holds of the plugin, asked through its wp-load.php. */
function pluginTraces( site: ZipSite ): {
	options: string[];
	meta: string[];
	cron: string[];
	installed: boolean;
} {
	const output = execFileSync(
		process.env.PHP_BINARY ?? 'php',
		[
			'-r',
			`$_SERVER['HTTP_HOST'] = $argv[2];
			require rtrim( $argv[1], '/' ) . '/wp-load.php';
			global $wpdb;
			$like = '%' . $wpdb->esc_like( 's3_media_sync' ) . '%';
			$cron = array();
			foreach ( (array) _get_cron_array() as $events ) {
				foreach ( array_keys( (array) $events ) as $hook ) {
					if ( str_contains( (string) $hook, 's3_media_sync' ) ) {
						$cron[] = $hook;
					}
				}
			}
			echo json_encode( array(
				'options'   => $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $like ) ),
				'meta'      => $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT meta_key FROM {$wpdb->postmeta} WHERE meta_key LIKE %s", $like ) ),
				'cron'      => $cron,
				'installed' => is_dir( WP_PLUGIN_DIR . '/s3-media-sync' ),
			) );`,
			site.dir,
			new URL( site.url ).host,
		],
		{ encoding: 'utf8' }
	);
	return JSON.parse( output.slice( output.indexOf( '{' ) ) ) as ReturnType<
		typeof pluginTraces
	>;
}

/** A JPEG drawn by GD, big enough for WordPress to make several sizes. */
function makeJpeg( name: string ): string {
	const file = join( workDir, `${ name }.jpg` );
	execFileSync( process.env.PHP_BINARY ?? 'php', [
		'-r',
		`$im = imagecreatetruecolor( 1200, 900 );
		for ( $i = 0; $i < 60; $i++ ) {
			imagefilledellipse( $im, mt_rand( 0, 1200 ), mt_rand( 0, 900 ), mt_rand( 20, 300 ), mt_rand( 20, 300 ), imagecolorallocate( $im, mt_rand( 0, 255 ), mt_rand( 0, 255 ), mt_rand( 0, 255 ) ) );
		}
		imagejpeg( $im, $argv[1], 85 ) || exit( 1 );`,
		file,
	] );
	return file;
}

async function logInToFreshSite( page: Page, site: ZipSite ): Promise< void > {
	await logIn( page, site.url, site.admin.user, site.admin.password );
}

test.afterAll( async () => {
	const owner = bucketOwner();
	for ( const key of uploadedKeys ) {
		await owner.send(
			new DeleteObjectCommand( { Bucket: s3.bucket, Key: key } )
		);
	}
	owner.destroy();
	rmSync( workDir, { recursive: true, force: true } );
} );

test( 'Upload Plugin installs the zip into a site that had no trace of the plugin, and it activates', async ( {
	page,
} ) => {
	const site = fresh!;
	expect( pluginTraces( site ) ).toEqual( {
		options: [],
		meta: [],
		cron: [],
		installed: false,
	} );
	await logInToFreshSite( page, site );
	await page.goto( `${ site.url }/wp-admin/plugin-install.php?tab=upload` );
	const input = page.locator( 'input#pluginzip' );
	await expect( input ).toHaveCount( 1 );
	await input.setInputFiles( site.zip );
	await page.locator( '#install-plugin-submit' ).click();

	await expect( page.locator( '.wrap' ) ).toContainText(
		'Plugin installed successfully.',
		{ timeout: 30_000 }
	);
	await page.getByRole( 'link', { name: 'Activate Plugin' } ).click();
	await expect(
		page.locator( '#message, .notice-success' ).first()
	).toContainText( 'Plugin activated.' );
	const row = page.locator( PLUGIN_ROW );
	await expect( row ).toHaveClass( /\bactive\b/ );
	await expect( row ).toContainText( 'S3 Media Sync' );
	// Installed as a real folder from the zip, not the working tree.
	expect( pluginTraces( site ).installed ).toBe( true );
} );

test( 'the guide’s settings save, Test S3 Access succeeds, and an upload lands in the bucket', async ( {
	page,
} ) => {
	test.setTimeout( 120_000 );
	const site = fresh!;
	await logInToFreshSite( page, site );
	await page.goto( `${ site.url }${ SETTINGS_PATH }` );
	const form = fields( page );
	await expect( form.accessKeyId ).toBeVisible();
	await fillGuideSettings( page );
	// The first complete key runs Test S3 Access by itself, once, right after the save.
	const answer = page.waitForResponse( ( response ) =>
		isRoute(
			response.url(),
			response.request().method(),
			'POST',
			TEST_ROUTE
		)
	);
	expect( await clickSave( page ) ).toBe( 200 );
	await expect( notice( page, 'success' ) ).toContainText(
		'Settings saved.'
	);
	const result = ( await ( await answer ).json() ) as {
		ok: boolean;
		category: string;
	};
	expect( result ).toMatchObject( { ok: true, category: 'ok' } );
	await expect( notice( page, 'success', 'test' ) ).toContainText(
		'S3 access works'
	);

	// Media → Add New, the browser uploader.
	await page.goto( `${ site.url }/wp-admin/media-new.php` );
	const input = page.locator( '#plupload-upload-ui input[type="file"]' );
	await expect( input ).toHaveCount( 1 );
	const uploaded = page.waitForResponse(
		( response ) =>
			response.request().method() === 'POST' &&
			response.url().includes( '/wp-admin/async-upload.php' )
	);
	await input.setInputFiles( makeJpeg( photoName ) );
	const id = Number( ( await ( await uploaded ).text() ).trim() );
	expect( id ).toBeGreaterThan( 0 );

	// The attachment, as the REST API shows it to the administrator.
	const nonce = await (
		await page.request.get(
			`${ site.url }/wp-admin/admin-ajax.php?action=rest-nonce`
		)
	).text();
	const media = await page.request.get(
		`${ site.url }/?rest_route=/wp/v2/media/${ id }&context=edit&_wpnonce=${ nonce.trim() }`
	);
	expect( media.status() ).toBe( 200 );
	const attachment = ( await media.json() ) as {
		media_details: {
			file?: string;
			sizes?: Record< string, { file: string } >;
		};
		s3_media_sync: { status: string; keys?: string[] };
	};
	expect(
		attachment.s3_media_sync.status,
		JSON.stringify( attachment.s3_media_sync )
	).toBe( 'synced' );
	const file = attachment.media_details.file ?? '';
	expect( file ).toContain( photoName );
	const folder = file.includes( '/' )
		? file.slice( 0, file.lastIndexOf( '/' ) + 1 )
		: '';
	const keys = [
		`wp-content/uploads/${ file }`,
		...Object.values( attachment.media_details.sizes ?? {} ).map(
			( size ) => `wp-content/uploads/${ folder }${ size.file }`
		),
	];
	expect( keys.length ).toBeGreaterThan( 1 );
	uploadedKeys.push( ...keys );

	const owner = bucketOwner();
	try {
		for ( const key of keys ) {
			const head = await owner.send(
				new HeadObjectCommand( { Bucket: s3.bucket, Key: key } )
			);
			expect( head.ContentLength, key ).toBeGreaterThan( 0 );
		}
	} finally {
		owner.destroy();
	}
} );

test( 'Deactivate and Delete run uninstall.php: nothing of the plugin remains, the bucket keeps the image', async ( {
	page,
} ) => {
	const site = fresh!;
	expect( pluginTraces( site ).options.length ).toBeGreaterThan( 0 );
	await logInToFreshSite( page, site );
	await page.goto( `${ site.url }/wp-admin/plugins.php` );
	const row = page.locator( PLUGIN_ROW );
	await row.getByRole( 'link', { name: /^Deactivate/ } ).click();
	await expect( page.locator( PLUGIN_ROW ) ).toHaveClass( /\binactive\b/ );
	// Delete is handled by updates.js once the page is ready; a click before
	// that would follow the link to the no-JavaScript confirmation screen.
	await page.waitForLoadState( 'load' );
	await page.waitForFunction(
		() =>
			typeof ( window as unknown as { wp?: { updates?: unknown } } ).wp
				?.updates === 'object'
	);

	page.once( 'dialog', ( dialog ) => void dialog.accept() );
	const deleted = page.waitForResponse(
		( response ) =>
			response.url().includes( '/wp-admin/admin-ajax.php' ) &&
			( response.request().postData() ?? '' ).includes(
				'action=delete-plugin'
			)
	);
	await page
		.locator( PLUGIN_ROW )
		.getByRole( 'link', { name: /^Delete/ } )
		.click();
	const answer = ( await ( await deleted ).json() ) as { success: boolean };
	expect( answer.success, JSON.stringify( answer ) ).toBe( true );
	// The row turns into WordPress's message.
	await expect( page.locator( PLUGIN_ROW ) ).toContainText(
		'S3 Media Sync was successfully deleted.'
	);

	expect( pluginTraces( site ) ).toEqual( {
		options: [],
		meta: [],
		cron: [],
		installed: false,
	} );
	const owner = bucketOwner();
	try {
		for ( const key of uploadedKeys ) {
			const head = await owner.send(
				new HeadObjectCommand( { Bucket: s3.bucket, Key: key } )
			);
			expect( head.ContentLength, key ).toBeGreaterThan( 0 );
		}
	} finally {
		owner.destroy();
	}
} );
