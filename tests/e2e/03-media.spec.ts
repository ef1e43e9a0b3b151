/**
 * E2E: media as a person handles it in Chromium. Upload a real JPEG
 * through Media → Add New (the browser uploader): it is synced to S3. Insert
 * it into a new post from the block editor's Media Library and publish:
 * the post, viewed by a visitor, shows the image from the S3 URL (src and
 * srcset), and it loads. The post's stored content holds local upload URLs
 * only, right after publishing and after an edit in the block editor that
 * sent S3 URLs back. With the private ACL, the image is shown through a
 * presigned URL that loads, while the same URL unsigned is refused.
 *
 * Named 03- so that it runs after the settings and Test S3 Access specs;
 * every test leaves the guide's settings (public-read) saved.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	request,
	type BrowserContext,
	type FrameLocator,
	type Locator,
	type Page,
} from '@playwright/test';

import { FrontClient } from '../../tools/s3/front-client';
import type { WpSession } from '../support/wp-session';
import { test, expect } from './fixtures';
import {
	asAdmin,
	guideSettings,
	logInAsAdmin,
	postSettings,
	s3,
	saveGuideSettings,
	site,
} from './support';

// The block editor is slow to load on a busy machine: room for two editor visits a test.
test.describe.configure( { mode: 'serial', timeout: 120_000 } );

/** Where the plugin serves uploads from: the bucket's path-style URL. */
const S3_UPLOADS = `${ s3.endpoint }/${ s3.bucket }/wp-content/uploads/`;
/** Where WordPress keeps them, and what the database must hold. */
const LOCAL_UPLOADS = `${ site.url }/wp-content/uploads/`;

interface OffloadField {
	status: string;
	acl?: string;
	keys?: string[];
	error?: { code: string; message: string } | null;
}

interface Attachment {
	id: number;
	title: { raw?: string; rendered: string };
	source_url: string;
	media_details: {
		file?: string;
		sizes?: Record< string, { file: string; source_url: string } >;
	};
	s3_media_sync: OffloadField;
}

interface StoredPost {
	id: number;
	link: string;
	status: string;
	content: { raw: string };
}

/** The slice of `window.wp` the tests read and drive: a few selectors and actions of its stores. */
interface WpStore {
	getCurrentPostId: () => number;
	isSavingPost: () => boolean;
	isAutosavingPost: () => boolean;
	isEditedPostDirty: () => boolean;
	getBlocks: () => EditorBlock[];
	set: ( scope: string, name: string, value: unknown ) => void;
}

interface WpGlobal {
	data: {
		select: ( store: string ) => WpStore;
		dispatch: ( store: string ) => WpStore;
	};
}

interface EditorBlock {
	name: string;
	clientId: string;
	attributes: Record< string, unknown >;
}

/* ---------- Files ---------- */

/** The JPEGs' folder, made by the first test's setup and removed at the end. */
let workDir = '';

/**
 * A photo-like JPEG made by GD through the php binary, written to the temp
 * folder as `<name>.jpg`: 2000×1500, so WordPress makes every size.
 */
function makeJpeg( name: string, width = 2000, height = 1500 ): string {
	workDir ||= mkdtempSync( join( tmpdir(), 's3ms-e2e-media-' ) );
	const file = join( workDir, `${ name }.jpg` );
	execFileSync( 'php', [
		'-r',
		`[$w, $h, $file] = [(int) $argv[1], (int) $argv[2], $argv[3]];
		$im = imagecreatetruecolor($w, $h);
		mt_srand(crc32($file));
		for ($i = 0; $i < 150; $i++) {
			$c = imagecolorallocate($im, mt_rand(0, 255), mt_rand(0, 255), mt_rand(0, 255));
			imagefilledellipse($im, mt_rand(0, $w), mt_rand(0, $h), mt_rand(20, intdiv($w, 4)), mt_rand(20, intdiv($h, 4)), $c);
		}
		imagestring($im, 5, 20, 20, basename($file), imagecolorallocate($im, 255, 255, 255));
		imagejpeg($im, $file, 85) || exit(1);`,
		'--',
		String( width ),
		String( height ),
		file,
	] );
	expect( readFileSync( file ).subarray( 0, 3 ) ).toEqual(
		Buffer.from( [ 0xff, 0xd8, 0xff ] )
	);
	return file;
}

/* ---------- REST, as an administrator ---------- */

async function restJson< T >(
	session: WpSession,
	method: string,
	route: string,
	body?: unknown
): Promise< T > {
	const response = await session.rest( method, route, body );
	const text = await response.text();
	expect(
		response.status(),
		`${ method } ${ route } answered ${ text.slice( 0, 500 ) }`
	).toBeLessThan( 300 );
	return JSON.parse( text ) as T;
}

/** The attachment whose title is `title`, found as a person would: by a media search. */
function findAttachment( title: string ): Promise< Attachment > {
	return asAdmin( async ( session ) => {
		const found = await restJson< Attachment[] >(
			session,
			'GET',
			`wp/v2/media?search=${ encodeURIComponent(
				title
			) }&context=edit&per_page=100`
		);
		const matching = found.filter(
			( attachment ) => attachment.title.raw === title
		);
		expect(
			matching.map( ( attachment ) => attachment.id ),
			`attachments titled ${ title }`
		).toHaveLength( 1 );
		return matching[ 0 ]!;
	} );
}

function getAttachment( id: number ): Promise< Attachment > {
	return asAdmin( ( session ) =>
		restJson< Attachment >(
			session,
			'GET',
			`wp/v2/media/${ id }?context=edit`
		)
	);
}

function getStoredPost( id: number ): Promise< StoredPost > {
	return asAdmin( ( session ) =>
		restJson< StoredPost >(
			session,
			'GET',
			`wp/v2/posts/${ id }?context=edit`
		)
	);
}

/** The local URL of an attachment's file or size (media_details.file's folder). */
function localUrl( attachment: Attachment, size?: string ): string {
	const file = attachment.media_details.file ?? '';
	expect( file, `media_details.file of ${ attachment.id }` ).not.toBe( '' );
	if ( size === undefined ) {
		return LOCAL_UPLOADS + file;
	}
	const sized = attachment.media_details.sizes?.[ size ]?.file;
	expect( sized, `size ${ size } of ${ attachment.id }` ).toBeTruthy();
	const dir = file.includes( '/' )
		? file.slice( 0, file.lastIndexOf( '/' ) + 1 )
		: '';
	return LOCAL_UPLOADS + dir + sized;
}

/**
 * The database invariant (docs/README.md, Serving): stored content holds local
 * upload URLs only — none of the bucket's and no presigned query.
 */
function expectOnlyLocalUrls( raw: string, what: string ): void {
	expect( raw, `${ what }: a local upload URL` ).toContain( LOCAL_UPLOADS );
	expect( raw, `${ what }: no S3 endpoint URL` ).not.toContain( s3.endpoint );
	expect( raw, `${ what }: no bucket path` ).not.toContain(
		`/${ s3.bucket }/wp-content/uploads/`
	);
	expect( raw, `${ what }: no presigned query` ).not.toMatch( /X-Amz-/i );
	// Every upload URL in it is the site's own.
	for ( const match of raw.matchAll(
		/(?:https?:)?\/\/[^\s"'<>]*\/wp-content\/uploads\/[^\s"'<>,]*/g
	) ) {
		expect( match[ 0 ], `${ what }: an upload URL` ).toMatch(
			new RegExp( `^${ escapeRegExp( LOCAL_UPLOADS ) }` )
		);
	}
}

function escapeRegExp( text: string ): string {
	return text.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
}

/* ---------- The block editor ---------- */

/** The editor's canvas: the iframe WordPress renders blocks in, or the page when there is none. */
async function editorCanvas( page: Page ): Promise< FrameLocator | Page > {
	const iframe = page.locator( 'iframe[name="editor-canvas"]' );
	await iframe
		.or( page.locator( '.block-editor-writing-flow' ) )
		.first()
		.waitFor();
	return ( await iframe.count() ) > 0
		? page.frameLocator( 'iframe[name="editor-canvas"]' )
		: page;
}

/** Opens the block editor at `path` with its welcome guide out of the way. */
async function openEditor(
	page: Page,
	path: string
): Promise< FrameLocator | Page > {
	await page.goto( `${ site.url }${ path }` );
	await page.waitForFunction(
		() =>
			( window as unknown as { wp?: WpGlobal } ).wp?.data
				?.select( 'core/editor' )
				?.getCurrentPostId?.() !== undefined
	);
	const canvas = await editorCanvas( page );
	await page.evaluate( () => {
		const { wp } = window as unknown as { wp: WpGlobal };
		wp.data
			.dispatch( 'core/preferences' )
			.set( 'core/edit-post', 'welcomeGuide', false );
	} );
	await expect(
		page.getByRole( 'dialog', { name: /Welcome to the/ } )
	).toHaveCount( 0 );
	return canvas;
}

/** The editor's blocks, as wp.data holds them (what it will save). */
function editorBlocks( page: Page ): Promise< EditorBlock[] > {
	return page.evaluate( () => {
		const { wp } = window as unknown as { wp: WpGlobal };
		const blocks = wp.data
			.select( 'core/block-editor' )
			.getBlocks() as EditorBlock[];
		return blocks.map( ( block ) => ( {
			name: block.name,
			clientId: block.clientId,
			attributes: { ...block.attributes },
		} ) );
	} );
}

/** Opens the block inserter (it stays open after an insertion) and picks a block by name. */
async function insertBlock( page: Page, name: string ): Promise< void > {
	const toggle = page
		.getByRole( 'region', { name: 'Editor top bar' } )
		.getByRole( 'button', { name: /^(Toggle )?block inserter$/i } );
	if ( ( await toggle.getAttribute( 'aria-expanded' ) ) !== 'true' ) {
		await toggle.click();
	}
	await expect( toggle ).toHaveAttribute( 'aria-expanded', 'true' );
	await page.getByRole( 'searchbox', { name: /Search/ } ).fill( name );
	await page.getByRole( 'option', { name, exact: true } ).click();
}

/**
 * Block inserter → Image → Media Library → the attachment titled `title`
 * → Select, as a person does it. Returns the image in the canvas.
 */
async function insertImageFromLibrary(
	page: Page,
	canvas: FrameLocator | Page,
	title: string
): Promise< Locator > {
	const imagesBefore = await canvas
		.locator( 'figure.wp-block-image img' )
		.count();
	await insertBlock( page, 'Image' );

	const placeholder = canvas
		.locator( '.wp-block-image.is-selected, [data-type="core/image"]' )
		.filter( { hasText: 'Media Library' } )
		.last();
	await placeholder.getByRole( 'button', { name: 'Media Library' } ).click();

	const modal = page.locator( '.media-modal:visible' );
	await expect( modal ).toBeVisible();
	// Narrow the library to our file: others' uploads may be many.
	await modal.getByRole( 'searchbox', { name: /Search/ } ).fill( title );
	const item = modal.locator( `li.attachment[aria-label="${ title }"]` );
	await expect( item ).toHaveCount( 1 );
	await item.click();
	await expect( item ).toHaveAttribute( 'aria-checked', 'true' );
	await modal.getByRole( 'button', { name: 'Select', exact: true } ).click();
	await expect( modal ).toBeHidden();

	const images = canvas.locator( 'figure.wp-block-image img' );
	await expect( images ).toHaveCount( imagesBefore + 1 );
	return images.nth( imagesBefore );
}

/** Waits for the editor to finish a save it started, and for its answer. */
async function waitForSave( page: Page, postId: number ): Promise< void > {
	const saved = page.waitForResponse(
		( response ) =>
			response.request().method() === 'POST' &&
			new RegExp( `/wp/v2/posts/${ postId }(\\?|$)` ).test(
				decodeURIComponent( response.url() )
			)
	);
	const answer = await saved;
	expect( answer.status(), await answer.text() ).toBe( 200 );
	await page.waitForFunction( () => {
		const { wp } = window as unknown as { wp: WpGlobal };
		const editor = wp.data.select( 'core/editor' );
		return (
			! editor.isSavingPost() &&
			! editor.isAutosavingPost() &&
			! editor.isEditedPostDirty()
		);
	} );
}

/** "Save" (or "Update", in older WordPress) for a post already published. */
async function clickSave( page: Page, postId: number ): Promise< void > {
	const saved = waitForSave( page, postId );
	await page
		.getByRole( 'region', { name: 'Editor top bar' } )
		.getByRole( 'button', { name: /^(Save|Update)$/ } )
		.click();
	await saved;
}

/* ---------- The front end ---------- */

interface LoadedImage {
	src: string;
	srcset: string;
	currentSrc: string;
	naturalWidth: number;
}

/** Waits until the <img> has loaded (or failed) and describes what it got. */
async function loadedImage( image: Locator ): Promise< LoadedImage > {
	await image.scrollIntoViewIfNeeded();
	await expect
		.poll( () =>
			image.evaluate( ( img: HTMLImageElement ) => img.complete )
		)
		.toBe( true );
	return image.evaluate( ( img: HTMLImageElement ) => ( {
		src: img.getAttribute( 'src' ) ?? '',
		srcset: img.getAttribute( 'srcset' ) ?? '',
		currentSrc: img.currentSrc,
		naturalWidth: img.naturalWidth,
	} ) );
}

function srcsetUrls( srcset: string ): string[] {
	return srcset
		.split( ',' )
		.map( ( candidate ) => candidate.trim().split( /\s+/ )[ 0 ] ?? '' )
		.filter( ( url ) => url !== '' );
}

/** URL and status of every response the context gets from now on (which image it fetched, and how). */
function recordResponses(
	context: BrowserContext
): Array< { url: string; status: number } > {
	const seen: Array< { url: string; status: number } > = [];
	context.on( 'response', ( response ) =>
		seen.push( { url: response.url(), status: response.status() } )
	);
	return seen;
}

/** The S3 requests the plugin itself signed since `seq` (not a browser's fetch). */
async function pluginRequestsSince( seq: number ) {
	return ( await new FrontClient( s3.controlUrl ).log( seq ) ).filter(
		( entry ) =>
			entry.accessKeyId === s3.user.accessKeyId && entry.kind === 'signed'
	);
}

/* ---------- The tests ---------- */

const run = randomBytes( 4 ).toString( 'hex' );
/** The first image: its file name, hence its title. */
const photoTitle = `s3ms-e2e-photo-${ run }`;
let photoId = 0;
let postId = 0;
const createdAttachments: number[] = [];
const createdPosts: number[] = [];

test.describe( 'Media served from S3', () => {
	test.beforeAll( async () => {
		await saveGuideSettings();
	} );

	test.afterAll( async () => {
		await saveGuideSettings();
		await asAdmin( async ( session ) => {
			for ( const id of createdPosts ) {
				await session.rest(
					'DELETE',
					`wp/v2/posts/${ id }?force=true`
				);
			}
			for ( const id of createdAttachments ) {
				await session.rest(
					'DELETE',
					`wp/v2/media/${ id }?force=true`
				);
			}
		} );
		if ( workDir !== '' ) {
			rmSync( workDir, { recursive: true, force: true } );
		}
	} );

	test( 'Media → Add New uploads a JPEG through the browser uploader, and it is synced to S3', async ( {
		page,
	} ) => {
		const jpeg = makeJpeg( photoTitle );
		await logInAsAdmin( page );
		await page.goto( `${ site.url }/wp-admin/media-new.php` );

		const input = page.locator( '#plupload-upload-ui input[type="file"]' );
		await expect( input ).toHaveCount( 1 );
		const uploaded = page.waitForResponse(
			( response ) =>
				response.request().method() === 'POST' &&
				response.url().includes( '/wp-admin/async-upload.php' ) &&
				(
					response.request().headers()[ 'content-type' ] ?? ''
				).startsWith( 'multipart/form-data' )
		);
		await input.setInputFiles( jpeg );
		const answer = await uploaded;
		expect( answer.status() ).toBe( 200 );
		const answered = ( await answer.text() ).trim();
		expect( answered, 'async-upload.php answers the new id' ).toMatch(
			/^\d+$/
		);

		// The uploader's row, once done, links to the attachment and offers its URL.
		const row = page
			.locator( '#media-items .media-item' )
			.filter( { hasText: photoTitle } );
		const edit = row.locator( 'a.edit-attachment' );
		await expect( edit ).toBeVisible( { timeout: 30_000 } );
		const href = ( await edit.getAttribute( 'href' ) ) ?? '';
		const id = Number( /[?&]post=(\d+)/.exec( href )?.[ 1 ] ?? 0 );
		expect( id, `Edit link ${ href }` ).toBe( Number( answered ) );

		const attachment = await findAttachment( photoTitle );
		expect( attachment.id ).toBe( id );
		photoId = id;
		createdAttachments.push( id );
		expect(
			attachment.s3_media_sync,
			JSON.stringify( attachment.s3_media_sync )
		).toMatchObject( { status: 'synced', acl: 'public-read' } );
		// WordPress made its sizes, and each went to S3 with the original.
		const sizes = Object.keys( attachment.media_details.sizes ?? {} );
		expect( sizes ).toEqual(
			expect.arrayContaining( [ 'thumbnail', 'medium', 'large' ] )
		);
		const file = attachment.media_details.file ?? '';
		const dir = file.slice( 0, file.lastIndexOf( '/' ) + 1 );
		const expectedKeys = [
			file,
			...Object.values( attachment.media_details.sizes ?? {} ).map(
				( size ) => dir + size.file
			),
		].map( ( relative ) => `wp-content/uploads/${ relative }` );
		expect( [ ...( attachment.s3_media_sync.keys ?? [] ) ].sort() ).toEqual(
			[ ...new Set( expectedKeys ) ].sort()
		);

		// What the page shows after the upload already points at S3.
		await expect( row.locator( '.copy-attachment-url' ) ).toHaveAttribute(
			'data-clipboard-text',
			S3_UPLOADS + attachment.media_details.file
		);
		await expect( row.locator( 'img.pinkynail' ) ).toHaveAttribute(
			'src',
			new RegExp( `^${ escapeRegExp( S3_UPLOADS ) }` )
		);
	} );

	test( 'an image inserted from the Media Library and published loads from its S3 URL', async ( {
		page,
		newContext,
	} ) => {
		expect( photoId, 'the upload of the first test' ).toBeGreaterThan( 0 );
		await logInAsAdmin( page );
		const canvas = await openEditor( page, '/wp-admin/post-new.php' );
		await canvas
			.getByRole( 'textbox', { name: 'Add title' } )
			.fill( `S3 photo ${ run }` );

		const inEditor = await insertImageFromLibrary(
			page,
			canvas,
			photoTitle
		);
		await expect( inEditor ).toHaveAttribute(
			'src',
			new RegExp( `^${ escapeRegExp( S3_UPLOADS ) }` )
		);
		// The editor holds the S3 URL the media modal gave it: what it saves must be turned back.
		const image = ( await editorBlocks( page ) ).find(
			( block ) => block.name === 'core/image'
		);
		expect( image?.attributes ).toMatchObject( { id: photoId } );
		expect( String( image?.attributes.url ) ).toMatch(
			new RegExp( `^${ escapeRegExp( S3_UPLOADS ) }` )
		);

		postId = await page.evaluate( () =>
			( window as unknown as { wp: WpGlobal } ).wp.data
				.select( 'core/editor' )
				.getCurrentPostId()
		);
		createdPosts.push( postId );
		const topBar = page.getByRole( 'region', { name: 'Editor top bar' } );
		await topBar
			.getByRole( 'button', { name: 'Publish', exact: true } )
			.click();
		const published = waitForSave( page, postId );
		await page
			.getByRole( 'region', { name: 'Editor publish' } )
			.getByRole( 'button', { name: 'Publish', exact: true } )
			.click();
		await published;
		await expect(
			page
				.getByRole( 'region', { name: 'Editor publish' } )
				.getByText( 'is now live' )
		).toBeVisible();

		const stored = await getStoredPost( postId );
		expect( stored.status ).toBe( 'publish' );

		// The author leaves the editor for the published post: its image is served from S3 too.
		await page.goto( stored.link );
		await expect(
			page.locator( `img.wp-image-${ photoId }` )
		).toHaveAttribute(
			'src',
			new RegExp( `^${ escapeRegExp( S3_UPLOADS ) }` )
		);

		// A visitor (no login) opens the post.
		const visitor = await newContext();
		const responses = recordResponses( visitor );
		const view = await visitor.newPage();
		const front = new FrontClient( s3.controlUrl );
		const before = await front.lastSeq();
		const opened = await view.goto( stored.link );
		expect( opened?.status() ).toBe( 200 );
		const html = ( await opened?.text() ) ?? '';
		// Rendering the page asked S3 nothing.
		expect( await pluginRequestsSince( before ) ).toEqual( [] );

		const img = view.locator( `img.wp-image-${ photoId }` );
		await expect( img ).toHaveCount( 1 );
		const loaded = await loadedImage( img );
		expect( loaded.src.startsWith( S3_UPLOADS ), loaded.src ).toBe( true );
		const candidates = srcsetUrls( loaded.srcset );
		expect( candidates.length, loaded.srcset ).toBeGreaterThan( 1 );
		for ( const url of candidates ) {
			expect( url.startsWith( S3_UPLOADS ), `srcset ${ url }` ).toBe(
				true
			);
		}
		// Nothing on the page points at the local uploads.
		expect( html ).not.toContain( LOCAL_UPLOADS );
		expect( loaded.naturalWidth, 'the image decoded' ).toBeGreaterThan( 0 );
		expect( loaded.currentSrc.startsWith( S3_UPLOADS ) ).toBe( true );
		const fetched = responses.filter(
			( response ) => response.url === loaded.currentSrc
		);
		expect( fetched, `the browser fetched ${ loaded.currentSrc }` ).toEqual(
			[ { url: loaded.currentSrc, status: 200 } ]
		);

		// Each candidate the browser could pick is there for anyone.
		const anonymous = await request.newContext();
		try {
			for ( const url of new Set( [ loaded.src, ...candidates ] ) ) {
				const answer = await anonymous.get( url );
				expect( answer.status(), url ).toBe( 200 );
				expect( answer.headers()[ 'content-type' ], url ).toBe(
					'image/jpeg'
				);
			}
		} finally {
			await anonymous.dispose();
		}
	} );

	test( 'the stored post holds local URLs only, after publishing and after an edit in the block editor', async ( {
		page,
	} ) => {
		expect( postId, 'the post of the previous test' ).toBeGreaterThan( 0 );
		const photo = await getAttachment( photoId );

		const published = await getStoredPost( postId );
		expectOnlyLocalUrls( published.content.raw, 'right after publishing' );
		expect( published.content.raw ).toContain( localUrl( photo, 'large' ) );
		expect( published.content.raw ).toContain( `"id":${ photoId }` );

		// Reopen the post, add the image again from the Media Library (the
		// editor gets S3 URLs from it), give it an alt text, add a paragraph.
		await logInAsAdmin( page );
		const canvas = await openEditor(
			page,
			`/wp-admin/post.php?post=${ postId }&action=edit`
		);
		await expect(
			canvas.locator( 'figure.wp-block-image img' )
		).toHaveCount( 1 );
		const second = await insertImageFromLibrary( page, canvas, photoTitle );
		await expect( second ).toHaveAttribute(
			'src',
			new RegExp( `^${ escapeRegExp( S3_UPLOADS ) }` )
		);
		const alt = `Ellipses, edited ${ run }`;
		const altField = page.getByLabel( 'Alternative text' );
		if ( ! ( await altField.isVisible() ) ) {
			await page
				.getByRole( 'region', { name: 'Editor top bar' } )
				.getByRole( 'button', { name: 'Settings', exact: true } )
				.click();
		}
		await altField.fill( alt );
		await expect( second ).toHaveAttribute( 'alt', alt );

		const paragraph = `Edited after publishing ${ run }.`;
		await insertBlock( page, 'Paragraph' );
		const newParagraph = canvas
			.locator( '[data-type="core/paragraph"]' )
			.last();
		await newParagraph.click();
		await page.keyboard.type( paragraph );
		await expect( newParagraph ).toHaveText( paragraph );

		const blocks = await editorBlocks( page );
		const images = blocks.filter(
			( block ) => block.name === 'core/image'
		);
		expect( images ).toHaveLength( 2 );
		// The new image block holds the S3 URL the media modal gave: the save must turn it back.
		expect( String( images[ 1 ]?.attributes.url ) ).toMatch(
			new RegExp( `^${ escapeRegExp( S3_UPLOADS ) }` )
		);
		expect( images[ 1 ]?.attributes.alt ).toBe( alt );

		await clickSave( page, postId );

		const edited = await getStoredPost( postId );
		expectOnlyLocalUrls( edited.content.raw, 'after the edit' );
		expect( edited.content.raw ).toContain( paragraph );
		expect( edited.content.raw ).toContain( `alt="${ alt }"` );
		expect(
			edited.content.raw.split( localUrl( photo, 'large' ) ).length - 1,
			'both images, by their local URL'
		).toBe( 2 );

		// Leave the editor (the secret scan reads every answer once its
		// pages are done) for the published post: both images, and only
		// they, come from S3.
		await page.goto( edited.link );
		await expect( page.getByText( paragraph ) ).toBeVisible();
		const sources = page.locator( `img.wp-image-${ photoId }` );
		await expect( sources ).toHaveCount( 2 );
		for ( const img of await sources.all() ) {
			await expect( img ).toHaveAttribute(
				'src',
				new RegExp( `^${ escapeRegExp( S3_UPLOADS ) }` )
			);
		}
		await expect( sources.nth( 1 ) ).toHaveAttribute( 'alt', alt );
	} );

	test( 'private ACL: the image is shown through a presigned URL that loads; unsigned it is refused', async ( {
		page,
		newContext,
	} ) => {
		await postSettings( { ...guideSettings(), object_acl: 'private' } );
		try {
			const title = `s3ms-e2e-private-${ run }`;
			const file = makeJpeg( title, 1600, 1200 );
			const { attachment, post } = await asAdmin( async ( session ) => {
				const response = await session.http.post(
					'/wp-json/wp/v2/media',
					{
						headers: {
							'X-WP-Nonce': session.nonce,
							'Content-Disposition': `attachment; filename="${ title }.jpg"`,
							'Content-Type': 'image/jpeg',
						},
						data: readFileSync( file ),
						timeout: 120_000,
					}
				);
				const text = await response.text();
				expect( response.status(), text.slice( 0, 500 ) ).toBe( 201 );
				const uploaded = JSON.parse( text ) as Attachment;
				createdAttachments.push( uploaded.id );
				const stored = await restJson< Attachment >(
					session,
					'GET',
					`wp/v2/media/${ uploaded.id }?context=edit`
				);
				const src = localUrl( stored, 'large' );
				const content =
					`<!-- wp:image {"id":${ stored.id },"sizeSlug":"large","linkDestination":"none"} -->\n` +
					`<figure class="wp-block-image size-large"><img src="${ src }" alt="" class="wp-image-${ stored.id }"/></figure>\n` +
					'<!-- /wp:image -->';
				const created = await restJson< StoredPost >(
					session,
					'POST',
					'wp/v2/posts',
					{
						title: `Private photo ${ run }`,
						status: 'publish',
						content,
					}
				);
				createdPosts.push( created.id );
				return { attachment: stored, post: created };
			} );
			expect(
				attachment.s3_media_sync,
				JSON.stringify( attachment.s3_media_sync )
			).toMatchObject( { status: 'synced', acl: 'private' } );

			const visitor = await newContext();
			const responses = recordResponses( visitor );
			const view = await visitor.newPage();
			const front = new FrontClient( s3.controlUrl );
			const before = await front.lastSeq();
			const opened = await view.goto( post.link );
			expect( opened?.status() ).toBe( 200 );
			expect( await pluginRequestsSince( before ) ).toEqual( [] );

			const img = view.locator( `img.wp-image-${ attachment.id }` );
			await expect( img ).toHaveCount( 1 );
			const loaded = await loadedImage( img );
			const src = new URL( loaded.src );
			expect( loaded.src.startsWith( S3_UPLOADS ), loaded.src ).toBe(
				true
			);
			expect(
				src.searchParams.get( 'X-Amz-Signature' ),
				loaded.src
			).toMatch( /^[0-9a-f]{64}$/ );
			expect( src.searchParams.get( 'X-Amz-Credential' ) ).toContain(
				s3.user.accessKeyId
			);
			const candidates = srcsetUrls( loaded.srcset );
			expect( candidates.length, loaded.srcset ).toBeGreaterThan( 1 );
			for ( const url of candidates ) {
				expect( url.startsWith( S3_UPLOADS ), `srcset ${ url }` ).toBe(
					true
				);
				expect(
					new URL( url ).searchParams.get( 'X-Amz-Signature' ),
					`srcset ${ url }`
				).toMatch( /^[0-9a-f]{64}$/ );
			}
			expect( loaded.naturalWidth, 'the image decoded' ).toBeGreaterThan(
				0
			);
			expect(
				responses.filter( ( r ) => r.url === loaded.currentSrc ),
				`the browser fetched ${ loaded.currentSrc }`
			).toEqual( [ { url: loaded.currentSrc, status: 200 } ] );

			const anonymous = await request.newContext();
			try {
				const signed = await anonymous.get( loaded.src );
				expect( signed.status(), 'presigned' ).toBe( 200 );
				const unsigned = `${ src.origin }${ src.pathname }`;
				const refused = await anonymous.get( unsigned );
				expect( refused.status(), unsigned ).toBe( 403 );
				expect( await refused.text() ).toContain( 'AccessDenied' );
			} finally {
				await anonymous.dispose();
			}

			// The stored post is as it was written: local.
			const stored = await getStoredPost( post.id );
			expectOnlyLocalUrls( stored.content.raw, 'the private post' );

			// In Media → Library, the author sees its thumbnail, presigned too.
			await logInAsAdmin( page );
			await page.goto( `${ site.url }/wp-admin/upload.php?mode=grid` );
			const thumbnail = page.locator(
				`li.attachment[data-id="${ attachment.id }"] img`
			);
			await expect( thumbnail ).toHaveCount( 1 );
			const shown = await loadedImage( thumbnail );
			expect( shown.src.startsWith( S3_UPLOADS ), shown.src ).toBe(
				true
			);
			expect(
				new URL( shown.src ).searchParams.get( 'X-Amz-Signature' ),
				shown.src
			).toMatch( /^[0-9a-f]{64}$/ );
			expect(
				shown.naturalWidth,
				'the thumbnail decoded'
			).toBeGreaterThan( 0 );
		} finally {
			const restored = await postSettings( guideSettings() );
			expect( restored.object_acl ).toBe( 'public-read' );
		}
	} );
} );
