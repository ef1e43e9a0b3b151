/**
 * No broken media with no local files: with Remove local copies on, the
 * files WordPress wrote are gone from this server, and stored content still
 * holds their local URLs (docs/README.md, Serving). Every local URL still
 * works — a request for it reaches WordPress (the dev server's router sends
 * a missing file to index.php as nginx's try_files does) and is redirected
 * to the object, whose bytes are the ones WordPress wrote (the witness of
 * lifecycle-helpers.ts). Private media is redirected, presigned, only for a
 * user who may read it; nobody gets a presigned URL for a file name. And a
 * real page shows S3 URLs wherever WordPress prints media: links, classic
 * images, shortcodes, media blocks, the site icon, the logo, the feed.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

import { readRunState } from '../../tools/lib/run-state';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import { guideSettings, s3, saveSettings, uniqueName } from './access-helpers';
import {
	filesOf,
	jpeg,
	localExists,
	mediaSessionWithGuideSettings,
	mp4,
	siteDir,
	uploadOk,
	type Attachment,
} from './media-helpers';
import {
	md5,
	placeWitness,
	removeWitness,
	witnessed,
} from './lifecycle-helpers';

test.describe.configure( { mode: 'default' } );

const site = () => readRunState().site;
const LOCAL = () => `${ site().url }/wp-content/uploads/`;
const S3_UPLOADS = () =>
	`${ s3().endpoint }/${ s3().bucket }/wp-content/uploads/`;

const attachments: number[] = [];
const posts: number[] = [];
const users: number[] = [];

const session = mediaSessionWithGuideSettings( async ( wp ) => {
	await wp.rest( 'POST', 'wp/v2/settings', { site_icon: 0, site_logo: 0 } );
	for ( const id of posts.splice( 0 ) ) {
		await wp.rest( 'DELETE', `wp/v2/posts/${ id }?force=true` );
	}
	for ( const id of attachments.splice( 0 ) ) {
		await wp.rest( 'DELETE', `wp/v2/media/${ id }?force=true` );
	}
	for ( const id of users.splice( 0 ) ) {
		await wp.rest( 'DELETE', `wp/v2/users/${ id }?force=true&reassign=1` );
	}
	await saveSettings( wp, guideSettings() );
	removeWitness();
} );

test.beforeAll( () => placeWitness() );

/** An MP3 finfo calls audio/mpeg: an ID3 header and MPEG-1 Layer III frames. */
function mp3(): Buffer {
	const frame = Buffer.concat( [
		Buffer.from( [ 0xff, 0xfb, 0x90, 0x64 ] ),
		Buffer.alloc( 413 ),
	] );
	return Buffer.concat( [
		Buffer.from( 'ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1' ),
		...Array< Buffer >( 20 ).fill( frame ),
	] );
}

/** Uploads with Remove local copies on: synced, and none of its files left here. */
async function uploadWithoutLocalFiles(
	name: string,
	mime: string,
	data: Buffer
): Promise< Attachment > {
	const attachment = await uploadOk( session(), name, mime, data );
	attachments.push( attachment.id );
	expect( attachment.s3_media_sync.status ).toBe( 'synced' );
	for ( const file of filesOf( attachment ) ) {
		expect( localExists( file ), `${ file } was removed` ).toBe( false );
	}
	return attachment;
}

function localUrl( file: string ): string {
	return LOCAL() + file.split( '/' ).map( encodeURIComponent ).join( '/' );
}

/** A GET that does not follow redirects, as anyone (no cookie). */
async function anonymous( url: string ) {
	const response = await fetch( url, { redirect: 'manual' } );
	return {
		status: response.status,
		location: response.headers.get( 'location' ) ?? '',
	};
}

async function bytesOf( url: string ): Promise< Buffer > {
	const response = await fetch( url );
	expect( response.status, url ).toBe( 200 );
	return Buffer.from( await response.arrayBuffer() );
}

test( 'every stored local URL of an image with no local file redirects to its object, with the bytes WordPress wrote', async () => {
	await saveSettings(
		session(),
		guideSettings( { remove_local_copies: true } )
	);
	const attachment = await uploadWithoutLocalFiles(
		`${ uniqueName( 'gone' ) }.jpg`,
		'image/jpeg',
		jpeg( 1200, 800 )
	);
	const files = filesOf( attachment );
	expect( files.length, 'the original and its sizes' ).toBeGreaterThan( 3 );
	const wrote = witnessed();
	for ( const file of files ) {
		const url = localUrl( file );
		const answer = await anonymous( url );
		expect( answer.status, url ).toBe( 302 );
		expect(
			answer.location.startsWith( S3_UPLOADS() ),
			answer.location
		).toBe( true );
		expect( answer.location ).not.toContain( 'X-Amz-' );
		const expected = wrote.get( `${ attachment.id }:${ file }` );
		expect( expected, `the witness saw ${ file }` ).toBeDefined();
		expect( md5( await bytesOf( answer.location ) ), file ).toBe(
			expected
		);
		// Followed as a browser does, from the local URL.
		expect( md5( await bytesOf( url ) ), file ).toBe( expected );
	}
} );

test( 'private media: a visitor gets 404, an author who may read it a presigned URL the S3 front accepts', async () => {
	await saveSettings(
		session(),
		guideSettings( { remove_local_copies: true, object_acl: 'private' } )
	);
	const attachment = await uploadWithoutLocalFiles(
		`${ uniqueName( 'gone-private' ) }.jpg`,
		'image/jpeg',
		jpeg( 1000, 700 )
	);
	const login = uniqueName( 'author' );
	const password = `${ login }-Pw-9`;
	const created = await session().rest( 'POST', 'wp/v2/users', {
		username: login,
		email: `${ login }@example.test`,
		password,
		roles: [ 'author' ],
	} );
	expect( created.status(), await created.text() ).toBe( 201 );
	users.push( ( ( await created.json() ) as { id: number } ).id );
	const author: WpSession = await logInOverHttp( site(), login, password );
	try {
		const wrote = witnessed();
		for ( const file of filesOf( attachment ) ) {
			const url = localUrl( file );
			const visitor = await anonymous( url );
			expect( visitor.status, `a visitor asking for ${ file }` ).toBe(
				404
			);
			expect( visitor.location ).toBe( '' );

			const answer = await author.http.get( url, { maxRedirects: 0 } );
			expect( answer.status(), url ).toBe( 302 );
			expect( answer.headers()[ 'cache-control' ] ).toContain(
				'no-store'
			);
			const location = answer.headers().location ?? '';
			expect( location.startsWith( S3_UPLOADS() ), location ).toBe(
				true
			);
			expect(
				new URL( location ).searchParams.get( 'X-Amz-Signature' )
			).toMatch( /^[0-9a-f]{64}$/ );
			expect( md5( await bytesOf( location ) ) ).toBe(
				wrote.get( `${ attachment.id }:${ file }` )
			);
			const unsigned = new URL( location );
			expect(
				( await fetch( unsigned.origin + unsigned.pathname ) ).status
			).toBe( 403 );
		}
	} finally {
		await author.dispose();
	}
} );

test( 'a file name no attachment records is a 404, for visitors and administrators alike', async () => {
	await saveSettings(
		session(),
		guideSettings( { remove_local_copies: true } )
	);
	const url = `${ LOCAL() }2020/01/${ uniqueName( 'nobody' ) }.jpg`;
	expect( ( await anonymous( url ) ).status ).toBe( 404 );
	const admin = await session().http.get( url, { maxRedirects: 0 } );
	expect( admin.status() ).toBe( 404 );
} );

test( 'a real page shows S3 URLs wherever WordPress prints media: links, classic images, shortcodes, blocks, icon, logo, feed', async () => {
	await saveSettings(
		session(),
		guideSettings( { remove_local_copies: true } )
	);
	const image = await uploadWithoutLocalFiles(
		`${ uniqueName( 'page-photo' ) }.jpg`,
		'image/jpeg',
		jpeg( 1200, 800 )
	);
	const video = await uploadWithoutLocalFiles(
		`${ uniqueName( 'page-clip' ) }.mp4`,
		'video/mp4',
		mp4()
	);
	const audio = await uploadWithoutLocalFiles(
		`${ uniqueName( 'page-tune' ) }.mp3`,
		'audio/mpeg',
		mp3()
	);
	const [ full, medium, large ] = [
		image.media_details.file!,
		sizeFile( image, 'medium' ),
		sizeFile( image, 'large' ),
	].map( localUrl );
	const clip = localUrl( filesOf( video )[ 0 ]! );
	const tune = localUrl( filesOf( audio )[ 0 ]! );

	const content = [
		`<!-- wp:paragraph --><p>A <a href="${ full }">link to the photo</a>.</p><!-- /wp:paragraph -->`,
		`<!-- wp:html --><p><img src="${ medium }" alt="classic"/></p><!-- /wp:html -->`,
		`<!-- wp:shortcode -->[video src="${ clip }" poster="${ large }"]<!-- /wp:shortcode -->`,
		`<!-- wp:shortcode -->[audio mp3="${ tune }"]<!-- /wp:shortcode -->`,
		`<!-- wp:shortcode -->[playlist ids="${ audio.id }"]<!-- /wp:shortcode -->`,
		`<!-- wp:shortcode -->[gallery ids="${ image.id }" link="file"]<!-- /wp:shortcode -->`,
		`<!-- wp:video {"id":${ video.id }} --><figure class="wp-block-video"><video controls poster="${ large }" src="${ clip }"></video></figure><!-- /wp:video -->`,
		`<!-- wp:audio {"id":${ audio.id }} --><figure class="wp-block-audio"><audio controls src="${ tune }"></audio></figure><!-- /wp:audio -->`,
		`<!-- wp:file {"id":${ video.id },"href":"${ clip }"} --><div class="wp-block-file"><a href="${ clip }">clip</a><a href="${ clip }" class="wp-block-file__button wp-element-button" download>Download</a></div><!-- /wp:file -->`,
		`<!-- wp:cover {"url":"${ large }","id":${ image.id },"dimRatio":50} --><div class="wp-block-cover"><span aria-hidden="true" class="wp-block-cover__background has-background-dim"></span><img class="wp-block-cover__image-background wp-image-${ image.id }" alt="" src="${ large }" data-object-fit="cover"/><div class="wp-block-cover__inner-container"><!-- wp:paragraph --><p>Over it</p><!-- /wp:paragraph --></div></div><!-- /wp:cover -->`,
		'<!-- wp:site-logo /-->',
	].join( '\n\n' );
	const created = await session().rest( 'POST', 'wp/v2/posts', {
		title: uniqueName( 'every place' ),
		status: 'publish',
		content,
	} );
	expect( created.status(), await created.text() ).toBe( 201 );
	const post = ( await created.json() ) as { id: number; link: string };
	posts.push( post.id );
	const icon = await session().rest( 'POST', 'wp/v2/settings', {
		site_icon: image.id,
		site_logo: image.id,
	} );
	expect( icon.status(), await icon.text() ).toBe( 200 );

	const html = await ( await fetch( post.link ) ).text();
	const local = [
		...html.matchAll(
			new RegExp( `${ escape( LOCAL() ) }[^"'\\s<>)]*`, 'g' )
		),
	].map( ( match ) => match[ 0 ] );
	expect( local, 'no local upload URL on the page' ).toEqual( [] );
	const s3Url = escape( S3_UPLOADS() );
	const shows = ( what: string, pattern: string ) =>
		expect( html, what ).toMatch( new RegExp( pattern ) );
	shows(
		'the paragraph link',
		`<a href="${ s3Url }[^"]*">link to the photo`
	);
	shows(
		'the classic image',
		`<img[^>]*src="${ s3Url }[^"]*"[^>]*alt="classic"|alt="classic"[^>]*src="${ s3Url }`
	);
	shows(
		'the [video] source',
		`<source type="video/mp4" src="${ s3Url }[^"?]*"`
	);
	shows( 'the [video] poster', `<video[^>]*poster="${ s3Url }` );
	shows(
		'the [audio] source',
		`<source type="audio/mpeg" src="${ s3Url }[^"?]*"`
	);
	shows(
		'the [playlist] track',
		`"src":"${ escape( S3_UPLOADS().replace( /\//g, '\\/' ) ) }|"src":"${ s3Url }`
	);
	shows(
		'the [gallery] link',
		`<a href='${ s3Url }[^']*'><img[^>]*src="${ s3Url }`
	);
	shows(
		'the video block',
		`<video controls poster="${ s3Url }[^"]*" src="${ s3Url }`
	);
	shows( 'the audio block', `<audio controls src="${ s3Url }` );
	shows( 'the file block', `<div class="wp-block-file"><a href="${ s3Url }` );
	shows(
		'the cover block',
		`wp-block-cover__image-background[^>]*src="${ s3Url }`
	);
	shows(
		'the site logo',
		`custom-logo[^>]*src="${ s3Url }|src="${ s3Url }[^>]*custom-logo`
	);
	shows( 'the site icon', `<link rel="icon" href="${ s3Url }` );

	// The feed's enclosure, as core's do_enclose() would have stored it: local.
	execFileSync( 'php', [
		join( __dirname, 'serving-fixtures.php' ),
		siteDir(),
		'enclosure',
		String( post.id ),
		tune,
		String( mp3().length ),
		'audio/mpeg',
	] );
	const feed = await ( await fetch( `${ site().url }/?feed=rss2` ) ).text();
	expect( feed ).toMatch(
		new RegExp( `<enclosure url="${ s3Url }[^"]*page-tune` )
	);
	expect( feed ).not.toContain( LOCAL() + filesOf( audio )[ 0 ] );
} );

function sizeFile( attachment: Attachment, size: string ): string {
	const main = attachment.media_details.file!;
	return (
		main.slice( 0, main.lastIndexOf( '/' ) + 1 ) +
		attachment.media_details.sizes![ size ]!.file
	);
}

function escape( text: string ): string {
	return text.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' );
}
