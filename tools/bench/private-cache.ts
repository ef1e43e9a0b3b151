/**
 * Benchmark row "private": a page of 20 private images (served through
 * presigned URLs, tools/bench/private-setup.php) viewed twice in Debian's
 * Chromium, the second time in a new tab of the same browser profile within
 * one signing window (includes/Media/Serving/Presign_Window.php). The
 * second view must fetch no media bytes: the page hands out the same URLs,
 * and Chromium's own HTTP cache answers them. Counted two ways: requests for
 * the images that reached the S3 front (its log), and the body bytes
 * Chromium reports having received for image responses (Playwright's
 * request sizes; a cache hit transfers none).
 */
import { chromium, type Page } from '@playwright/test';

import type { Environment } from '../environment';
import { configurePlugin } from '../environment';
import type { FrontClient } from '../s3/front-client';
import { CHROMIUM_ARGS } from '../../playwright.config';
import type { Row } from './row';

interface View {
	urls: string[];
	bytes: number;
	images: number;
}

async function view(
	page: Page,
	url: string,
	endpoint: string
): Promise< View > {
	const sizes: Array< Promise< number > > = [];
	page.on( 'requestfinished', ( request ) => {
		if ( request.url().startsWith( endpoint ) ) {
			// -1 where Chromium received no body (a cache hit).
			sizes.push(
				request
					.sizes()
					.then( ( size ) => Math.max( 0, size.responseBodySize ) )
			);
		}
	} );
	// One tall viewport: every image is in view, so lazy loading loads them all.
	await page.setViewportSize( { width: 1280, height: 40000 } );
	await page.goto( url, { waitUntil: 'load' } );
	await page.waitForFunction( () =>
		Array.from( document.images ).every( ( image ) => image.complete )
	);
	const urls = await page.$$eval( 'img', ( images ) =>
		images.map( ( image ) => ( image as HTMLImageElement ).currentSrc )
	);
	const bytes = ( await Promise.all( sizes ) ).reduce( ( a, b ) => a + b, 0 );
	return { urls, bytes, images: sizes.length };
}

export async function benchPrivateCache(
	env: Environment,
	binary: string,
	front: FrontClient,
	setup: ( script: string ) => Promise< Record< string, unknown > >
): Promise< Row[] > {
	await configurePlugin( binary, env.site.dir, { object_acl: 'private' } );
	const made = await setup( 'private-setup.php' );
	await configurePlugin( binary, env.site.dir, {
		object_acl: 'public-read',
	} );
	const browser = await chromium.launch( {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: CHROMIUM_ARGS,
	} );
	try {
		const context = await browser.newContext();
		const url = String( made.url );
		const mediaGets = async ( since: number ): Promise< number > =>
			( await front.log( since ) ).filter(
				( entry ) =>
					entry.method === 'GET' &&
					entry.path.includes( 'private-bench-' )
			).length;
		let seq = await front.lastSeq();
		const first = await view(
			await context.newPage(),
			url,
			env.s3.endpoint
		);
		const firstGets = await mediaGets( seq );
		seq = await front.lastSeq();
		const second = await view(
			await context.newPage(),
			url,
			env.s3.endpoint
		);
		const secondGets = await mediaGets( seq );
		const presigned = first.urls.filter( ( src ) =>
			src.includes( 'X-Amz-Signature=' )
		).length;
		const same =
			first.urls.length > 0 &&
			first.urls.every( ( src, i ) => src === second.urls[ i ] );
		return [
			{
				budget: 'second view of a page of 20 private images, within one signing window: media bytes fetched',
				measured: `${ second.bytes } bytes, ${ secondGets } requests reaching S3`,
				limit: '0',
				pass:
					second.bytes === 0 &&
					secondGets === 0 &&
					firstGets > 0 &&
					presigned === 20 &&
					same,
				note: `Chromium (Debian's, a new tab of the same profile); first view: ${ first.bytes } bytes, ${ firstGets } S3 requests; ${ presigned }/${ first.urls.length } images presigned (${ String( made.private ) } synced private); the same URLs both times: ${ same }`,
			},
		];
	} finally {
		await browser.close();
	}
}
