/**
 * Hardening, output escaping: markup that a broken or hostile S3, a typed
 * bucket name or a file name carries reaches every admin screen that shows
 * it as text, and nothing in it runs. In Chromium, on each screen:
 * - the payload is shown as text (the literal `<script>` / `onerror`);
 * - no element was made from it (no `<img src=x>`, no `on*` attribute that
 *   holds its code, no `<script>` that is its code);
 * - its code never ran (`window.__xss` stays undefined) and no dialog opened.
 *
 * The markup goes where an attacker or a broken S3 could put it:
 * - S3's error answers (real AWS answers replayed by the S3 front, with the
 *   payload in <Message>, <RequestId> and <BucketName>, XML-escaped as S3
 *   sends them): Test S3 Access on the settings page, again on the next
 *   visit (preloaded), Tools → Site Health, an upload's last error in the
 *   media library column, the attachment details (media modal and edit
 *   screen) and the "Copy existing media to S3" failed list and its Retry;
 * - a bucket name typed into the settings form (refused on save);
 * - file names and titles: a browser upload whose name carries markup (what
 *   WordPress keeps of it), and media made outside the uploader whose file
 *   name and title keep the markup whole.
 *
 * Named 06- to run after the other media specs and before zz-secret-scan;
 * every test leaves the front reset, the guide's settings saved, a clean
 * Test S3 Access result stored, and removes the attachments it made.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from '@playwright/test';

import { FrontClient } from '../../tools/s3/front-client';
import { awsResponse } from '../s3/helpers';
import { test, expect } from './fixtures';
import {
	asAdmin,
	clickSave,
	fields,
	fieldWrapper,
	getSettings,
	isRoute,
	logInAsAdmin,
	notice,
	openSettings,
	s3,
	saveGuideSettings,
	site,
	TEST_ROUTE,
	runAccessTest,
	type TestAnswer,
} from './support';

// Site Health runs core's own checks before the plugin's: room for them.
test.describe.configure( { timeout: 180_000 } );

/* ---------- Payloads ---------- */

/** What every payload runs if it ever becomes markup: counts, never throws. */
const XSS = 'window.__xss=(window.__xss||0)+1';
const SCRIPT = `<script>${ XSS }</script>`;
/** Breaks out of a double-quoted attribute, then out of text. */
const IMG = `"><img src=x onerror="${ XSS }">`;
/** The same for single-quoted attributes (WordPress writes some that way). */
const IMG_SINGLE = `'><img src=x onerror='${ XSS }'>`;

/** S3's <Message>, as a broken or hostile S3 could send it. */
const S3_MESSAGE = `Refused ${ SCRIPT } ${ IMG } ${ IMG_SINGLE } end`;
/** S3's <RequestId>, which the plugin quotes beside the message. */
const S3_REQUEST_ID = `RID${ IMG_SINGLE }${ SCRIPT }`;
/** A bucket name typed into the form, and one S3 names in <BucketName>. */
const BUCKET = `${ IMG }${ SCRIPT }`;
/** File names cannot hold a slash, so no closing tag: attribute breakers only. */
const FILE_MARKUP = `${ IMG } ${ IMG_SINGLE }`;

const run = randomBytes( 4 ).toString( 'hex' );
/** Every object key this spec makes S3 refuse holds this. */
const KEY_TAG = `esc-e2e-${ run }`;

const front = new FrontClient( s3.controlUrl );

function xmlEscape( text: string ): string {
	return text
		.replace( /&/g, '&amp;' )
		.replace( /</g, '&lt;' )
		.replace( />/g, '&gt;' )
		.replace( /"/g, '&quot;' )
		.replace( /'/g, '&apos;' );
}

/**
 * A real AWS answer with elements of its XML body replaced (escaped as S3
 * escapes them), and headers removed (so that, say, the body's RequestId is
 * the one the plugin reads).
 */
function craftedAnswer(
	file: string,
	elements: Record< string, string >,
	dropHeaders: string[] = []
): string {
	let raw = awsResponse( file );
	for ( const [ name, value ] of Object.entries( elements ) ) {
		const element = new RegExp( `<${ name }>[^<]*</${ name }>` );
		expect( raw, `${ file } has <${ name }>` ).toMatch( element );
		raw = raw.replace(
			element,
			() => `<${ name }>${ xmlEscape( value ) }</${ name }>`
		);
	}
	for ( const header of dropHeaders ) {
		raw = raw.replace( new RegExp( `^${ header }:[^\\n]*\\n`, 'im' ), '' );
	}
	return raw;
}

/* ---------- What each screen must (not) show ---------- */

/** Dialogs opened by the page: any alert, confirm or prompt is a failure. */
function watchDialogs( page: Page ): string[] {
	const opened: string[] = [];
	page.on( 'dialog', ( dialog ) => {
		if ( dialog.type() === 'beforeunload' ) {
			void dialog.accept().catch( () => undefined );
			return;
		}
		opened.push( `${ dialog.type() }: ${ dialog.message() }` );
		void dialog.dismiss().catch( () => undefined );
	} );
	return opened;
}

interface Injection {
	made: string[];
	xss: string;
}

/**
 * After every image has loaded or failed (a broken `<img src=x>` fires its
 * onerror then): no element made from a payload, in any frame, and its
 * code never ran.
 */
async function expectNothingRan(
	page: Page,
	where: string,
	dialogs: string[]
): Promise< void > {
	await page.waitForLoadState( 'load' );
	for ( const frame of page.frames() ) {
		await expect
			.poll(
				() =>
					frame.evaluate( () =>
						Array.from( document.images ).every(
							( image ) => image.complete
						)
					),
				{ message: `${ where }: images settled` }
			)
			.toBe( true );
		const found = await frame.evaluate(
			async ( code ): Promise< Injection > => {
				// Two frames: time for the error events of broken images to run.
				for ( let i = 0; i < 2; i++ ) {
					await new Promise( ( resolve ) =>
						requestAnimationFrame( () => resolve( null ) )
					);
				}
				const made: string[] = [];
				for ( const element of Array.from(
					document.querySelectorAll( '*' )
				) ) {
					for ( const attribute of Array.from(
						element.attributes
					) ) {
						if (
							attribute.name.startsWith( 'on' ) &&
							attribute.value.includes( '__xss' )
						) {
							made.push(
								`<${ element.tagName.toLowerCase() } ${
									attribute.name
								}>`
							);
						}
					}
				}
				document
					.querySelectorAll( 'img[src="x"]' )
					.forEach( () => made.push( '<img src="x">' ) );
				for ( const script of Array.from( document.scripts ) ) {
					if ( script.text.trim() === code ) {
						made.push( '<script> holding the payload' );
					}
				}
				return {
					made,
					xss: typeof ( window as unknown as { __xss?: unknown } )
						.__xss,
				};
			},
			XSS
		);
		expect( found.made, `${ where }: elements made from markup` ).toEqual(
			[]
		);
		expect( found.xss, `${ where }: window.__xss` ).toBe( 'undefined' );
	}
	expect( dialogs, `${ where }: dialogs opened` ).toEqual( [] );
}

/** `locator` shows each text, literally (markup as text). */
async function expectText(
	locator: Locator,
	texts: string[],
	where: string
): Promise< void > {
	await expect( locator, where ).toBeVisible();
	for ( const text of texts ) {
		await expect( locator, `${ where }: ${ text }` ).toContainText( text );
	}
}

/* ---------- Settings page and Site Health ---------- */

function checkRow( page: Page, permission: string ): Locator {
	return fields( page )
		.checklist.locator( ':scope > li' )
		.filter( {
			has: page.locator( 'strong', { hasText: permission } ),
		} );
}

const SITE_HEALTH_TEST = 's3_media_sync_access';

/**
 * Tools → Site Health (Status) runs the plugin's test among core's async
 * ones; its row, opened, shows the description. Returns that panel.
 */
async function openSiteHealthResult(
	page: Page,
	label: string
): Promise< Locator > {
	await page.goto( `${ site.url }/wp-admin/site-health.php` );
	const trigger = page.locator(
		`button[aria-controls="health-check-accordion-block-${ SITE_HEALTH_TEST }"]`
	);
	await expect( trigger ).toHaveCount( 1, { timeout: 150_000 } );
	await expect( trigger ).toContainText( label );
	await trigger.click();
	const panel = page.locator(
		`#health-check-accordion-block-${ SITE_HEALTH_TEST }`
	);
	await expect( panel ).toBeVisible();
	return panel;
}

/* ---------- Media ---------- */

interface Attachment {
	id: number;
	title: { raw?: string; rendered: string };
	source_url: string;
	media_details: { file?: string };
	s3_media_sync: {
		status: string;
		error?: { code: string; message: string } | null;
	};
}

function getAttachment( id: number ): Promise< Attachment > {
	return asAdmin( async ( session ) => {
		const response = await session.rest(
			'GET',
			`wp/v2/media/${ id }?context=edit`
		);
		expect( response.status() ).toBe( 200 );
		return ( await response.json() ) as Attachment;
	} );
}

async function deleteAttachments( ids: number[] ): Promise< void > {
	await asAdmin( async ( session ) => {
		for ( const id of ids ) {
			await session.rest( 'DELETE', `wp/v2/media/${ id }?force=true` );
		}
	} );
}

/** A small JPEG drawn by GD through the php binary, as bytes. */
function smallJpeg(): Buffer {
	const bytes = execFileSync( 'php', [
		'-r',
		`$im = imagecreatetruecolor(320, 240);
		imagefilledellipse($im, 160, 120, 200, 150, imagecolorallocate($im, 200, 80, 40));
		imagejpeg($im, null, 85) || exit(1);`,
	] );
	expect( bytes.subarray( 0, 3 ) ).toEqual(
		Buffer.from( [ 0xff, 0xd8, 0xff ] )
	);
	return bytes;
}

/**
 * Media from before the plugin, put in the library by something other than
 * WordPress's uploader (an import, a migration, a file manager plugin), so
 * its file name and title keep characters the uploader would have removed.
 * It is then offloaded once, as the plugin's hooks would.
 */
function existingMedia(
	name: string,
	title: string
): { id: number; file: string; status: string | null } {
	const output = execFileSync(
		'php',
		[
			'-r',
			`[$root, $name, $title] = [$argv[1], $argv[2], $argv[3]];
			$_SERVER['HTTP_HOST'] = 'localhost';
			require $root . '/wp-load.php';
			remove_action('shutdown', '_wp_cron');
			wp_set_current_user(1);
			$dir = wp_get_upload_dir()['basedir'] . '/2024/01';
			wp_mkdir_p($dir);
			$path = $dir . '/' . $name;
			file_put_contents($path, "Put here before S3 Media Sync, under a name the uploader would not allow.\\n") || exit(1);
			$id = wp_insert_attachment(array('post_title' => $title, 'post_mime_type' => 'text/plain', 'post_status' => 'inherit'), $path, 0, true);
			if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
			$state = \\S3MediaSync\\Plugin::offloader()?->offload($id);
			echo wp_json_encode(array('id' => $id, 'file' => get_post_meta($id, '_wp_attached_file', true), 'status' => $state?->status));`,
			'--',
			site.dir,
			name,
			title,
		],
		{ timeout: 60_000 }
	);
	return JSON.parse( output.toString() ) as {
		id: number;
		file: string;
		status: string | null;
	};
}

/**
 * The text a browser shows for `title.rendered`, which WordPress escapes
 * when it prints it: its character references decoded, nothing else.
 */
function renderedText( rendered: string ): string {
	const named: Record< string, string > = {
		amp: '&',
		lt: '<',
		gt: '>',
		quot: '"',
		apos: "'",
	};
	return rendered.replace(
		/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi,
		( whole, name: string ) => {
			if ( name.startsWith( '#x' ) || name.startsWith( '#X' ) ) {
				return String.fromCodePoint( parseInt( name.slice( 2 ), 16 ) );
			}
			if ( name.startsWith( '#' ) ) {
				return String.fromCodePoint( Number( name.slice( 1 ) ) );
			}
			return named[ name.toLowerCase() ] ?? whole;
		}
	);
}

interface MediaExpectations {
	id: number;
	/** The attachment's title as stored (the title fields hold it). */
	title: string;
	/** The title as WordPress renders it (texturized), in the list beside the S3 column. */
	renderedTitle: string;
	/** `_wp_attached_file`, relative to the uploads folder. */
	file: string;
	/** Texts the plugin's S3 line must show (its error, with the file name). */
	s3Texts: string[];
}

/** Media → Library, list view: the title and the S3 column of the row. */
async function checkListView(
	page: Page,
	media: MediaExpectations,
	dialogs: string[]
): Promise< void > {
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
	const row = page.locator( `#post-${ media.id }` );
	await expectText(
		row.locator( 'td.column-s3_media_sync' ),
		[ 'Failed', ...media.s3Texts ],
		'media library S3 column'
	);
	await expectText(
		row.locator( '.column-title' ),
		[ media.renderedTitle ],
		'media library title'
	);
	await expectNothingRan( page, 'Media → Library (list)', dialogs );
}

/** The media modal (grid view, "Attachment details") and the edit screen. */
async function checkAttachmentDetails(
	page: Page,
	media: MediaExpectations,
	dialogs: string[]
): Promise< void > {
	await page.goto( `${ site.url }/wp-admin/upload.php?mode=grid` );
	await page.locator( `li.attachment[data-id="${ media.id }"]` ).click();
	const modal = page.locator( '.media-modal:visible' );
	await expect( modal ).toBeVisible();
	await expectText(
		modal.locator( '.compat-field-s3_media_sync td.field' ),
		media.s3Texts,
		'attachment details (modal)'
	);
	await expect(
		modal.getByRole( 'textbox', { name: 'Title' } ),
		'title in the modal'
	).toHaveValue( media.title );
	await expectNothingRan( page, 'attachment details (modal)', dialogs );

	await page.goto(
		`${ site.url }/wp-admin/post.php?post=${ media.id }&action=edit`
	);
	await expectText(
		page.locator( '.compat-field-s3_media_sync td.field' ),
		media.s3Texts,
		'attachment edit screen'
	);
	await expect( page.locator( '#title' ), 'title field' ).toHaveValue(
		media.title
	);
	await expectNothingRan( page, 'attachment edit screen', dialogs );
}

/**
 * Settings → "Copy existing media to S3": the failed list (preloaded with
 * the page), then Retry, which S3 refuses again: the list and the notice.
 */
async function checkSyncPanel(
	page: Page,
	media: MediaExpectations,
	dialogs: string[]
): Promise< void > {
	await openSettings( page );
	const table = page.locator( 'table.s3-media-sync-failures' );
	const row = table.locator( 'tbody tr' ).filter( {
		has: page.locator( `#s3-media-sync-failure-${ media.id }` ),
	} );
	await expectText(
		row.locator( `#s3-media-sync-failure-${ media.id }` ),
		[ media.file ],
		'failed list: file'
	);
	await expectText(
		row.locator( 'td' ).nth( 1 ),
		[ 'AccessDenied', ...media.s3Texts ],
		'failed list: error'
	);
	await expectNothingRan( page, 'Copy existing media: failed list', dialogs );

	const retried = page.waitForResponse( ( response ) =>
		isRoute(
			response.url(),
			response.request().method(),
			'POST',
			`s3-media-sync/v1/attachments/${ media.id }/retry`
		)
	);
	await row.getByRole( 'button', { name: 'Retry' } ).click();
	expect( ( await retried ).status() ).toBe( 200 );
	const refused = page
		.locator( '.s3-media-sync-sync .components-notice.is-error' )
		.filter( { hasText: 'is still not in S3' } );
	await expectText(
		refused,
		[ media.file, ...media.s3Texts ],
		'Retry notice'
	);
	await expectText(
		row.locator( 'td' ).nth( 1 ),
		media.s3Texts,
		'failed list after Retry'
	);
	await expectNothingRan( page, 'Copy existing media: Retry', dialogs );
}

/** The media library list, the attachment details and the sync panel, in turn. */
async function checkEveryMediaScreen(
	page: Page,
	media: MediaExpectations,
	dialogs: string[]
): Promise< void > {
	await checkListView( page, media, dialogs );
	await checkAttachmentDetails( page, media, dialogs );
	await checkSyncPanel( page, media, dialogs );
}

/* ---------- The tests ---------- */

test.describe( 'Output escaping', () => {
	test.afterEach( async () => {
		await front.reset();
		expect( ( await front.state() ).replays ).toEqual( [] );
		await saveGuideSettings();
		// The stored result would show the payload to whoever comes next.
		const clean = await asAdmin( async ( session ) => {
			const response = await session.rest( 'POST', TEST_ROUTE );
			expect( response.status() ).toBe( 200 );
			return ( await response.json() ) as TestAnswer;
		} );
		expect( clean, clean.message ).toMatchObject( {
			ok: true,
			category: 'ok',
		} );
	} );

	test( 'an S3 error message carrying markup is text in Test S3 Access, on the next visit and on Site Health', async ( {
		page,
	} ) => {
		const dialogs = watchDialogs( page );
		await saveGuideSettings();
		// InternalError, retried and still failing: its words are all the plugin has.
		await front.replay(
			{ method: 'GET', query: 'list-type=2' },
			craftedAnswer(
				'internal-error.http',
				{ Message: S3_MESSAGE, RequestId: S3_REQUEST_ID },
				[ 'x-amz-request-id' ]
			)
		);
		await logInAsAdmin( page );
		await openSettings( page );
		const result = await runAccessTest( page );
		// The payload reached the plugin decoded, as S3 meant it.
		expect( result.ok ).toBe( false );
		expect( result.message ).toContain( S3_MESSAGE );
		expect( result.message ).toContain( S3_REQUEST_ID );

		const shown = [ S3_MESSAGE, S3_REQUEST_ID ];
		const expectResultShown = async ( when: string ) => {
			// The notice names the outcome; S3's words are the failed row's, once.
			await expectText(
				notice( page, 'error', 'test' ),
				[ result.title ],
				`${ when }: Test S3 Access notice`
			);
			const row = checkRow( page, 's3:ListBucket' );
			await expect( row ).toHaveClass( /\bis-fail\b/ );
			await row.locator( 'summary', { hasText: 'Details' } ).click();
			await expectText(
				row.locator( 'details' ),
				shown,
				`${ when }: s3:ListBucket message`
			);
			await expectText(
				row.getByRole( 'list', { name: 'What to check' } ),
				shown,
				`${ when }: s3:ListBucket hints`
			);
			await expectNothingRan( page, `${ when }: settings page`, dialogs );
		};
		await expectResultShown( 'after Test S3 Access' );

		// The next visit shows the stored result, preloaded into the page's HTML.
		await page.reload();
		await expect( fields( page ).accessKeyId ).toBeVisible();
		await expectResultShown( 'next visit' );

		const panel = await openSiteHealthResult(
			page,
			`S3 Media Sync: ${ result.title }`
		);
		await expectText( panel, shown, 'Site Health' );
		await expectNothingRan( page, 'Site Health', dialogs );
	} );

	test( 'NoSuchBucket naming a bucket with markup: the plugin speaks of the configured bucket, and nothing runs', async ( {
		page,
	} ) => {
		const dialogs = watchDialogs( page );
		await saveGuideSettings();
		await front.replay(
			{ method: 'GET', query: 'list-type=2' },
			craftedAnswer( 'no-such-bucket.http', {
				Message: S3_MESSAGE,
				BucketName: BUCKET,
			} )
		);
		await logInAsAdmin( page );
		await openSettings( page );
		const result = await runAccessTest( page );
		expect( result ).toMatchObject( {
			ok: false,
			category: 'bucket_not_found',
			title: 'Bucket does not exist',
		} );
		// The plugin says it in its own words, of the bucket in the settings:
		// neither S3's message nor the name S3 echoed is repeated.
		expect( JSON.stringify( result ) ).not.toContain( '__xss' );
		const row = checkRow( page, 's3:ListBucket' );
		await expectText(
			row.getByRole( 'list', { name: 'What to check' } ),
			[ `"${ s3.bucket }"` ],
			'NoSuchBucket hints'
		);
		await expectText(
			notice( page, 'error', 'test' ),
			[ 'Bucket does not exist' ],
			'NoSuchBucket notice'
		);
		await expectNothingRan( page, 'settings page, NoSuchBucket', dialogs );

		const panel = await openSiteHealthResult(
			page,
			'S3 Media Sync: Bucket does not exist'
		);
		await expectText(
			panel,
			[ 'The bucket does not exist.' ],
			'Site Health, NoSuchBucket'
		);
		await expectNothingRan( page, 'Site Health, NoSuchBucket', dialogs );
	} );

	test( 'a bucket name carrying markup is refused on save, and stays text in the form', async ( {
		page,
	} ) => {
		const dialogs = watchDialogs( page );
		await saveGuideSettings();
		await logInAsAdmin( page );
		await openSettings( page );
		const { bucket } = fields( page );
		await bucket.fill( BUCKET );
		await expect( bucket ).toHaveValue( BUCKET );
		expect( await clickSave( page ) ).toBe( 400 );

		await expect( notice( page, 'error' ) ).toBeVisible();
		const error = fieldWrapper( page, 'bucket' ).locator(
			'.s3-media-sync-field-error'
		);
		await expect( error ).toBeVisible();
		await expect( error ).not.toHaveText( '' );
		await expect( bucket ).toHaveAttribute( 'aria-invalid', 'true' );
		// What was typed is still there, as typed: a value, not markup.
		await expect( bucket ).toHaveValue( BUCKET );
		await expectNothingRan(
			page,
			'settings page, refused bucket',
			dialogs
		);
		expect( ( await getSettings() ).bucket ).toBe( s3.bucket );
	} );

	test.describe( 'media S3 refused, with markup in its message', () => {
		const created: number[] = [];
		const files: string[] = [];
		/** S3's refusal, the payload in its words. */
		const refusal = () =>
			craftedAnswer( 'access-denied.http', { Message: S3_MESSAGE } );

		test.beforeEach( async () => {
			await saveGuideSettings();
		} );

		test.afterEach( async () => {
			await deleteAttachments( created.splice( 0 ) );
			for ( const file of files.splice( 0 ) ) {
				if ( existsSync( file ) ) {
					rmSync( file );
				}
			}
		} );

		test( 'uploaded in the browser under a name carrying markup: what WordPress keeps is text on every screen', async ( {
			page,
		}, testInfo ) => {
			const dialogs = watchDialogs( page );
			// Every PUT of this spec's files is refused.
			await front.replay( { method: 'PUT', path: KEY_TAG }, refusal() );
			await logInAsAdmin( page );
			await page.goto( `${ site.url }/wp-admin/media-new.php` );
			const input = page.locator(
				'#plupload-upload-ui input[type="file"]'
			);
			await expect( input ).toHaveCount( 1 );
			const uploaded = page.waitForResponse(
				( response ) =>
					response.request().method() === 'POST' &&
					response.url().includes( '/wp-admin/async-upload.php' ) &&
					(
						response.request().headers()[ 'content-type' ] ?? ''
					).startsWith( 'multipart/form-data' )
			);
			const name = `${ KEY_TAG }-up ${ FILE_MARKUP }.jpg`;
			await input.setInputFiles( {
				name,
				mimeType: 'image/jpeg',
				buffer: smallJpeg(),
			} );
			const answer = await uploaded;
			expect( answer.status() ).toBe( 200 );
			const id = Number( ( await answer.text() ).trim() );
			expect( id, 'async-upload.php answers the new id' ).toBeGreaterThan(
				0
			);
			created.push( id );
			await expect(
				page.locator( '#media-items .media-item a.edit-attachment' )
			).toBeVisible( { timeout: 30_000 } );
			await expectNothingRan( page, 'Media → Add New', dialogs );

			const attachment = await getAttachment( id );
			expect( attachment.s3_media_sync ).toMatchObject( {
				status: 'failed',
				error: { code: 'AccessDenied' },
			} );
			const file = attachment.media_details.file ?? '';
			const title = attachment.title.raw ?? '';
			// What survived of the name: WordPress sanitises file names
			// whole, and strips tags from the title it makes of the name.
			testInfo.annotations.push( {
				type: 'kept of the uploaded name',
				description: `file ${ JSON.stringify(
					file
				) }, title ${ JSON.stringify( title ) }`,
			} );
			expect( file ).toContain( KEY_TAG );
			expect( file ).not.toMatch( /[<>"' ]/ );
			expect( title ).toContain( KEY_TAG );
			expect( title ).not.toMatch( /<[a-z]/i );
			const basename = file.slice( file.lastIndexOf( '/' ) + 1 );
			expect( attachment.s3_media_sync.error?.message ).toBe(
				`${ basename }: ${ S3_MESSAGE }`
			);

			const media: MediaExpectations = {
				id,
				title,
				renderedTitle: renderedText( attachment.title.rendered ),
				file,
				s3Texts: [ `${ basename }: ${ S3_MESSAGE }` ],
			};
			await checkEveryMediaScreen( page, media, dialogs );
		} );

		test( 'made outside the uploader, its file name and title keeping the markup whole: text on every screen', async ( {
			page,
		} ) => {
			const dialogs = watchDialogs( page );
			await front.replay( { method: 'PUT', path: KEY_TAG }, refusal() );
			const name = `${ KEY_TAG }-old ${ FILE_MARKUP }.txt`;
			const title = `${ KEY_TAG } ${ SCRIPT }${ IMG }`;
			const made = existingMedia( name, title );
			created.push( made.id );
			files.push(
				join( site.dir, 'wp-content', 'uploads', '2024', '01', name )
			);
			expect( made.file ).toBe( `2024/01/${ name }` );
			expect( made.status ).toBe( 'failed' );
			const attachment = await getAttachment( made.id );
			expect( attachment.title.raw ).toBe( title );
			expect( attachment.s3_media_sync.error ).toEqual( {
				code: 'AccessDenied',
				message: `${ name }: ${ S3_MESSAGE }`,
			} );

			await logInAsAdmin( page );
			const media: MediaExpectations = {
				id: made.id,
				title,
				renderedTitle: renderedText( attachment.title.rendered ),
				file: made.file,
				s3Texts: [ `${ name }: ${ S3_MESSAGE }` ],
			};
			await checkEveryMediaScreen( page, media, dialogs );
		} );

		test( 'Make private, refused by S3 for a file whose name carries markup: the notice shows key and message as text', async ( {
			page,
		} ) => {
			const dialogs = watchDialogs( page );
			const name = `${ KEY_TAG }-acl ${ FILE_MARKUP }.txt`;
			const made = existingMedia( name, `${ KEY_TAG } acl ${ SCRIPT }` );
			created.push( made.id );
			files.push(
				join( site.dir, 'wp-content', 'uploads', '2024', '01', name )
			);
			// In S3 under its own name, public-read as the guide's settings say.
			expect( made.status ).toBe( 'synced' );
			await front.replay(
				{ method: 'PUT', path: KEY_TAG, query: 'acl' },
				refusal()
			);

			await logInAsAdmin( page );
			await page.goto( `${ site.url }/wp-admin/upload.php?mode=list` );
			const row = page.locator( `#post-${ made.id }` );
			// The status; the cell says public or private below it.
			await expect(
				row.locator( 'td.column-s3_media_sync .s3-media-sync-status' )
			).toHaveText( 'Synced' );
			await row.hover();
			await row.getByRole( 'link', { name: 'Make private' } ).click();
			await page.waitForURL( /\/wp-admin\/upload\.php\?mode=list/ );
			const refused = page
				.locator( '.notice.notice-error' )
				.filter( { hasText: 'S3 refused the ACL' } );
			await expectText(
				refused,
				[
					`wp-content/uploads/2024/01/${ name }`,
					`AccessDenied: ${ S3_MESSAGE }`,
				],
				'Make private: notice'
			);
			await expectNothingRan( page, 'Make private: notice', dialogs );
		} );
	} );
} );
