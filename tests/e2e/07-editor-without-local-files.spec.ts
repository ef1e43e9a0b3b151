/**
 * E2E: the block editor on a post whose image has no local file. With
 * Remove local copies on, the upload's files are gone from this server, and
 * the post's stored content holds their local URLs (as it must: docs/README.md,
 * Serving). The editor loads those URLs as they are; the plugin answers each
 * with a redirect to the object, so the image shows — no failed request,
 * no media answer of 400 or more — for the public-read and the private ACL.
 * The stored content stays local: the editor is not given S3 URLs.
 *
 * Named 07- so that it runs after the media specs; it leaves the guide's
 * settings (public-read, local copies kept) saved.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

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
	state,
} from './support';

test.describe.configure( { mode: 'serial', timeout: 120_000 } );

const LOCAL_UPLOADS = `${ site.url }/wp-content/uploads/`;
const S3_UPLOADS = `${ s3.endpoint }/${ s3.bucket }/wp-content/uploads/`;
const run = randomBytes( 4 ).toString( 'hex' );
const attachments: number[] = [];
const posts: number[] = [];

interface Uploaded {
	id: number;
	media_details: { file: string; sizes: Record< string, { file: string } > };
	s3_media_sync: { status: string; acl?: string };
}

function jpeg( width: number, height: number ): Buffer {
	return execFileSync( 'php', [
		'-r',
		`$im = imagecreatetruecolor(${ width }, ${ height }); mt_srand(7);
		for ($i = 0; $i < 80; $i++) { imagefilledellipse($im, mt_rand(0, ${ width }), mt_rand(0, ${ height }), 120, 80, imagecolorallocate($im, mt_rand(0, 255), mt_rand(0, 255), mt_rand(0, 255))); }
		imagejpeg($im, null, 85);`,
	] );
}

async function rest< T >(
	session: WpSession,
	method: string,
	route: string,
	body?: unknown
): Promise< T > {
	const response = await session.rest( method, route, body );
	const text = await response.text();
	expect(
		response.status(),
		`${ method } ${ route }: ${ text.slice( 0, 300 ) }`
	).toBeLessThan( 300 );
	return JSON.parse( text ) as T;
}

/** Uploads an image with Remove local copies on and publishes a post holding its large size, as the editor stores it. */
async function postWithoutLocalFile(
	name: string
): Promise< { post: number; src: string } > {
	return asAdmin( async ( session ) => {
		const response = await session.http.post( '/wp-json/wp/v2/media', {
			headers: {
				'X-WP-Nonce': session.nonce,
				'Content-Disposition': `attachment; filename="${ name }.jpg"`,
				'Content-Type': 'image/jpeg',
			},
			data: jpeg( 1600, 1000 ),
			timeout: 120_000,
		} );
		const uploaded = JSON.parse( await response.text() ) as Uploaded;
		expect( response.status() ).toBe( 201 );
		attachments.push( uploaded.id );
		expect( uploaded.s3_media_sync.status ).toBe( 'synced' );
		const file = uploaded.media_details.file;
		const dir = file.slice( 0, file.lastIndexOf( '/' ) + 1 );
		const large = dir + uploaded.media_details.sizes.large!.file;
		expect(
			existsSync(
				join( state.site.dir, 'wp-content', 'uploads', large )
			),
			'the local file is gone'
		).toBe( false );
		const src = LOCAL_UPLOADS + large;
		const post = await rest< { id: number; content: { raw: string } } >(
			session,
			'POST',
			'wp/v2/posts',
			{
				title: `No local file ${ name }`,
				status: 'publish',
				content:
					`<!-- wp:image {"id":${ uploaded.id },"sizeSlug":"large","linkDestination":"none"} -->\n` +
					`<figure class="wp-block-image size-large"><img src="${ src }" alt="" class="wp-image-${ uploaded.id }"/></figure>\n` +
					'<!-- /wp:image -->',
			}
		);
		posts.push( post.id );
		return { post: post.id, src };
	} );
}

/** Opens the post in the block editor and waits for its image to finish loading; returns what the browser saw. */
async function openEditorOn( page: Page, post: number, src: string ) {
	const failed: string[] = [];
	const refused: string[] = [];
	const media: Array< { url: string; status: number } > = [];
	// Media of this site or of the bucket: not the welcome guide's pictures from wordpress.org (no network here),
	// nor wp-admin's own images (a spinner the editor drops as it loads is aborted, and is no media).
	const ours = ( url: string ) =>
		( url.startsWith( site.url ) || url.startsWith( s3.endpoint ) ) &&
		! new URL( url ).pathname.includes( '/wp-admin/' ) &&
		! new URL( url ).pathname.includes( '/wp-includes/' );
	page.on( 'requestfailed', ( request ) => {
		if (
			ours( request.url() ) &&
			( request.resourceType() === 'image' ||
				request.url().includes( '/wp-content/uploads/' ) )
		) {
			failed.push(
				`${ request.url() }: ${ request.failure()?.errorText ?? '' }`
			);
		}
	} );
	page.on( 'response', ( response ) => {
		const url = response.url();
		if (
			ours( url ) &&
			( url.includes( '/wp-content/uploads/' ) ||
				response.request().resourceType() === 'image' )
		) {
			media.push( { url, status: response.status() } );
			if ( response.status() >= 400 ) {
				refused.push( `${ url }: ${ response.status() }` );
			}
		}
	} );
	await page.goto(
		`${ site.url }/wp-admin/post.php?post=${ post }&action=edit`
	);
	const iframe = page.locator( 'iframe[name="editor-canvas"]' );
	await iframe
		.or( page.locator( '.block-editor-writing-flow' ) )
		.first()
		.waitFor();
	const canvas =
		( await iframe.count() ) > 0
			? page.frameLocator( 'iframe[name="editor-canvas"]' )
			: page;
	const image = canvas.locator( 'figure.wp-block-image img' ).first();
	await expect( image ).toHaveAttribute( 'src', src );
	await expect
		.poll(
			() =>
				image.evaluate(
					( img: HTMLImageElement ) =>
						img.complete && img.naturalWidth > 0
				),
			{ timeout: 30_000 }
		)
		.toBe( true );
	return { failed, refused, media };
}

test.describe( 'The block editor with no local files', () => {
	test.afterAll( async () => {
		await saveGuideSettings();
		await asAdmin( async ( session ) => {
			for ( const id of posts ) {
				await session.rest(
					'DELETE',
					`wp/v2/posts/${ id }?force=true`
				);
			}
			for ( const id of attachments ) {
				await session.rest(
					'DELETE',
					`wp/v2/media/${ id }?force=true`
				);
			}
		} );
	} );

	for ( const acl of [ 'public-read', 'private' ] ) {
		test( `${ acl }: the image of a post whose file is only in S3 loads in the editor, no media request fails`, async ( {
			page,
		} ) => {
			await postSettings( {
				...guideSettings(),
				object_acl: acl,
				remove_local_copies: true,
			} );
			const { post, src } = await postWithoutLocalFile(
				`s3ms-e2e-nolocal-${ acl }-${ run }`
			);
			await logInAsAdmin( page );
			const seen = await openEditorOn( page, post, src );

			expect( seen.failed, 'failed media requests' ).toEqual( [] );
			expect( seen.refused, 'media answers of 400 or more' ).toEqual(
				[]
			);
			// The editor asked for the stored local URL, and was sent to the object.
			const local = seen.media.find( ( entry ) => entry.url === src );
			expect( local?.status, `the editor asked for ${ src }` ).toBe(
				302
			);
			const object = seen.media.find( ( entry ) =>
				entry.url.startsWith( S3_UPLOADS )
			);
			expect( object, 'the object was fetched from S3' ).toMatchObject( {
				status: 200,
			} );
			if ( acl === 'private' ) {
				expect(
					new URL( object!.url ).searchParams.get( 'X-Amz-Signature' )
				).toMatch( /^[0-9a-f]{64}$/ );
			}

			// What the editor holds, and so will save, is the stored local URL: nothing to turn back.
			const stored = await asAdmin( ( session ) =>
				rest< { content: { raw: string } } >(
					session,
					'GET',
					`wp/v2/posts/${ post }?context=edit`
				)
			);
			expect( stored.content.raw ).toContain( src );
			expect( stored.content.raw ).not.toContain( s3.endpoint );
		} );
	}
} );
