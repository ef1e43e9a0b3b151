/**
 * Every site of the network, as its visitors and editors see it, in
 * Chromium: with Remove local copies on, an image uploaded to the site is
 * shown from S3 on the post's page and in the block editor (which loads the
 * local URL stored content keeps, redirected to S3), and no media request
 * fails on any site — the primary site, /site-a/, /site-b/, blog.localhost
 * (Chromium resolves *.localhost itself) and the second network's main site.
 * Named to run before network-life.spec.ts, whose last steps deactivate and
 * uninstall the plugin across the network.
 */
import {
	expect,
	test,
	type Browser,
	type Page,
	type Request,
} from '@playwright/test';

import { jpeg } from '../integration/media-helpers';
import { logIn } from '../e2e/login';
import {
	networkState,
	siteClient,
	siteOf,
	uploadTo,
	type SiteClient,
} from './network-helpers';

const SITES = [
	'primary',
	'/site-a/',
	'/site-b/',
	'blog.localhost',
	'net2.localhost',
];

interface Failure {
	site: string;
	page: string;
	url: string;
	why: string;
}

const made: Array< { client: SiteClient; route: string } > = [];

test.afterAll( async () => {
	for ( const { client, route } of made.splice( 0 ).reverse() ) {
		await client.rest( 'DELETE', route ).catch( () => undefined );
	}
	for ( const name of SITES ) {
		const client = await siteClient( siteOf( name ) );
		await client.rest( 'POST', 's3-media-sync/v1/settings', {
			data: { remove_local_copies: false },
		} );
		await client.http.dispose();
	}
} );

/** Opens the site logged in as the super admin, recording every failed media request of the site or of S3. */
async function openSite(
	browser: Browser,
	name: string,
	failures: Failure[],
	counted: { pages: number; media: number }
): Promise< Page > {
	const site = siteOf( name );
	const s3 = networkState().s3.endpoint;
	const context = await browser.newContext();
	const isMedia = ( request: Request ) =>
		( request.url().startsWith( `${ new URL( site.url ).origin }/` ) ||
			request.url().startsWith( `${ s3 }/` ) ) &&
		( [ 'image', 'media' ].includes( request.resourceType() ) ||
			request.url().includes( '/wp-content/uploads/' ) );
	const where = ( request: Request ) =>
		request.frame()?.page()?.url() ?? '(no page)';
	context.on( 'requestfinished', ( request ) => {
		if ( isMedia( request ) ) {
			counted.media++;
		}
	} );
	context.on( 'requestfailed', ( request ) => {
		if ( isMedia( request ) ) {
			failures.push( {
				site: name,
				page: where( request ),
				url: request.url(),
				why: request.failure()?.errorText ?? 'failed',
			} );
		}
	} );
	context.on( 'response', ( response ) => {
		if ( response.status() >= 400 && isMedia( response.request() ) ) {
			failures.push( {
				site: name,
				page: where( response.request() ),
				url: response.url(),
				why: `HTTP ${ response.status() }`,
			} );
		}
	} );
	const page = await context.newPage();
	const admin = networkState().site.admin;
	await logIn(
		page,
		site.url.replace( /\/$/, '' ),
		admin.user,
		admin.password
	);
	return page;
}

/** Widths the page's (and its frames') upload images rendered at, by URL; 0 is broken. */
async function shownImages(
	page: Page
): Promise< Array< { src: string; width: number } > > {
	const shown: Array< { src: string; width: number } > = [];
	for ( const frame of page.frames() ) {
		const images = await frame
			.evaluate( async () => {
				const list = [ ...document.images ].filter( ( img ) =>
					( img.currentSrc || img.src ).includes( 'network-photo' )
				);
				await Promise.all(
					list.map( ( img ) =>
						img.complete
							? Promise.resolve()
							: new Promise( ( resolve ) => {
									img.addEventListener( 'load', resolve, {
										once: true,
									} );
									img.addEventListener( 'error', resolve, {
										once: true,
									} );
									setTimeout( resolve, 15_000 );
								} )
					)
				);
				return list.map( ( img ) => ( {
					src: img.currentSrc || img.src,
					width: img.naturalWidth,
				} ) );
			} )
			.catch( () => [] );
		shown.push( ...images );
	}
	return shown;
}

test( 'every site of the network shows its media from S3 on its pages and in its block editor, with no local files and no failed media request', async ( {
	browser,
} ) => {
	test.setTimeout( 300_000 );
	const failures: Failure[] = [];
	const counted = { pages: 0, media: 0 };
	for ( const [ index, name ] of SITES.entries() ) {
		const client = await siteClient( siteOf( name ) );
		const settings = await client.rest(
			'POST',
			's3-media-sync/v1/settings',
			{
				data: { remove_local_copies: true },
			}
		);
		expect(
			settings.status(),
			`${ name }: ${ await settings.text() }`
		).toBe( 200 );
		if ( index === 0 ) {
			// The editor's welcome guide stays closed (user meta: one user across the network).
			await client.rest( 'POST', 'wp/v2/users/me', {
				data: {
					meta: {
						persisted_preferences: {
							'core/edit-post': { welcomeGuide: false },
							_modified: new Date().toISOString(),
						},
					},
				},
			} );
		}
		const id = await uploadTo(
			client,
			'network-photo.jpg',
			jpeg( 900 + index * 10, 600 )
		);
		made.push( { client, route: `wp/v2/media/${ id }?force=true` } );
		const media = ( await (
			await client.rest( 'GET', `wp/v2/media/${ id }?context=edit` )
		).json() ) as { source_url: string; s3_media_sync: { status: string } };
		expect( media.s3_media_sync.status, name ).toBe( 'synced' );
		const created = await client.rest( 'POST', 'wp/v2/posts', {
			data: {
				title: `Network photo on ${ name }`,
				status: 'publish',
				content: `<!-- wp:image {"id":${ id },"sizeSlug":"full"} --><figure class="wp-block-image size-full"><img src="${ media.source_url }" alt="" class="wp-image-${ id }"/></figure><!-- /wp:image -->`,
			},
		} );
		expect( created.status(), await created.text() ).toBe( 201 );
		const post = ( await created.json() ) as { id: number; link: string };
		made.push( { client, route: `wp/v2/posts/${ post.id }?force=true` } );
		const raw = ( await (
			await client.rest( 'GET', `wp/v2/posts/${ post.id }?context=edit` )
		).json() ) as { content: { raw: string } };
		expect(
			raw.content.raw,
			`${ name }: stored content keeps the local URL`
		).not.toContain( networkState().s3.endpoint );

		const page = await openSite( browser, name, failures, counted );
		// ?p= rather than the permalink: the local router has no rewrite rules of its own.
		await page.goto(
			`${ siteOf( name ).url.replace( /\/$/, '' ) }/?p=${ post.id }`
		);
		counted.pages++;
		const onPage = await shownImages( page );
		expect(
			onPage.length,
			`${ name }: the post shows its image`
		).toBeGreaterThan( 0 );
		for ( const image of onPage ) {
			expect( image.src, `${ name }: served from S3` ).toContain(
				networkState().s3.endpoint
			);
			expect(
				image.width,
				`${ name }: ${ image.src } rendered`
			).toBeGreaterThan( 0 );
		}
		const editor = new URL( siteOf( name ).url );
		editor.pathname = `${ editor.pathname.replace( /\/$/, '' ) }/wp-admin/post.php`;
		editor.search = `?post=${ post.id }&action=edit`;
		await page.goto( editor.toString() );
		await page
			.frameLocator( 'iframe[name="editor-canvas"]' )
			.locator( 'img.wp-image-' + id + ', figure.wp-block-image img' )
			.first()
			.waitFor( { timeout: 60_000 } );
		counted.pages++;
		const inEditor = await shownImages( page );
		expect(
			inEditor.length,
			`${ name }: the editor shows the image`
		).toBeGreaterThan( 0 );
		for ( const image of inEditor ) {
			expect(
				image.width,
				`${ name }: ${ image.src } rendered in the editor`
			).toBeGreaterThan( 0 );
		}
		await page.context().close();
	}
	console.log(
		`    ${ SITES.length } sites: ${ counted.pages } page and editor loads, ${ counted.media } media requests, ${ failures.length } failed`
	);
	expect(
		failures.map(
			( failure ) =>
				`[${ failure.site }] ${ failure.url } on ${ failure.page }: ${ failure.why }`
		),
		'no media request failed on any site'
	).toEqual( [] );
} );
