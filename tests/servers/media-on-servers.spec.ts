/**
 * A site's media on two web servers behind one address (tools/servers/:
 * nginx round-robin in front of A and B, each nginx + PHP-FPM on its own
 * docroot; one database, one set of salts, one bucket, uploads folders NOT
 * shared), with Remove local copies on, as the issue "Stateless web servers
 * and multisite" asks:
 *
 *   1. upload on A: every file in S3, none left on either server;
 *   2. on A and on B, in Chromium: the media library (list and grid), the
 *      front end, the block editor and the REST API show working media;
 *   3. edit (rotate, as the media modal's image editor) and regenerate on B:
 *      the original read back from S3 onto B, the new files in S3;
 *   4. delete on B: every object of it gone;
 *   5. bulk copy on A (POST /sync/batch) of uploads S3 missed, while B
 *      serves pages.
 *
 * Checked: no media request of any page or editor load fails (a request
 * that fails or answers 400 or more, watched in Chromium on both servers);
 * after every step the bucket holds exactly the keys the records name, each
 * with the bytes WordPress wrote (the audit of lifecycle-helpers.ts, over
 * both docroots).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';

import {
	frontClient,
	guideSettings,
	saveSettings,
	uniqueName,
} from '../integration/access-helpers';
import {
	filesOf,
	getAttachment,
	jpeg,
	keyOf,
	mainFile,
	uploadOk,
	UPLOADS_KEY_PREFIX,
	type Attachment,
} from '../integration/media-helpers';
import {
	dropBucket,
	expectBucketsMatchRecords,
	lifecycleIn,
	md5,
	ownBucket,
	placeWitness,
	removeWitness,
	witness,
	witnessed,
} from '../integration/lifecycle-helpers';
import type { WpSession } from '../support/wp-session';
import {
	SERVERS,
	browserOn,
	docroots,
	expectNoMediaFailures,
	expectShown,
	logInOn,
	servedBy,
	servers,
	state,
	uploadImages,
	type MediaFailure,
	type ServerName,
} from './servers-helpers';

// One site's life: each step starts from where the last one left it.
test.describe.configure( { mode: 'serial', timeout: 180_000 } );

const BUCKET = uniqueName( 'servers' );
const NAME = uniqueName( 'srv' );
/** Attachments alive on the site (the audit's scope). */
const ids: number[] = [];
const failures: MediaFailure[] = [];
const sessions = {} as Record< ServerName, WpSession >;
let photo: Attachment;
let doomed: Attachment;
let post: { id: number; link: string };
/**
 * The stem of the image the post shows: the photo as uploaded. An edit
 * makes new files under a new name; the post keeps showing the old ones
 * (kept, in S3, for "Restore original image"), as WordPress does.
 */
let postStem = '';

/**
 * Witness of the image editor's files (the generate witness of
 * lifecycle-helpers.ts does not see them: wp_save_image writes its files
 * itself): the MD5 of every file the new metadata lists, when it is saved,
 * before the plugin (priority 100) offloads and removes them.
 */
const EDIT_WITNESS = `<?php
// Test witness (placed by tests/servers/media-on-servers.spec.ts, removed after).
add_filter( 'wp_update_attachment_metadata', static function ( $meta, $id ) {
	$file = get_attached_file( $id, true );
	if ( ! is_string( $file ) || ! is_array( $meta ) || ! doing_action( 'wp_ajax_image-editor' ) ) { return $meta; }
	$dir = dirname( $file );
	$names = array( wp_basename( $file ) );
	foreach ( (array) ( $meta['sizes'] ?? array() ) as $size ) { $names[] = $size['file']; }
	$base = wp_normalize_path( wp_get_upload_dir()['basedir'] ) . '/';
	foreach ( array_unique( $names ) as $name ) {
		$path = wp_normalize_path( $dir . '/' . $name );
		if ( is_file( $path ) ) {
			file_put_contents( WP_CONTENT_DIR . '/s3ms-witness.jsonl', json_encode( array( 'id' => (int) $id, 'file' => substr( $path, strlen( $base ) ), 'md5' => md5_file( $path ), 'at' => microtime( true ) ) ) . "\\n", FILE_APPEND | LOCK_EX );
		}
	}
	return $meta;
}, 50, 2 );
`;

function editWitness( docroot: string ): string {
	return join( docroot, 'wp-content', 'mu-plugins', 's3ms-edit-witness.php' );
}

function onDisk( name: ServerName, file: string ): boolean {
	return existsSync(
		join( servers.servers[ name ].dir, 'wp-content', 'uploads', file )
	);
}

function audit( step: string ): Promise< void > {
	return expectBucketsMatchRecords( [ BUCKET ], ids, step, docroots );
}

/** The stem every file of an upload's name starts with (`srv-1a2b-photo`). */
function stem( attachment: Attachment ): string {
	const file = mainFile( attachment );
	return file.slice( file.lastIndexOf( '/' ) + 1 ).replace( /\.[a-z]+$/, '' );
}

/** The URL the database stores for a file: the site's own, never S3's. */
function localUrl( file: string ): string {
	return `${ servers.url }/${ UPLOADS_KEY_PREFIX }${ file }`;
}

test.beforeAll( async () => {
	for ( const name of SERVERS ) {
		sessions[ name ] = await logInOn( name );
	}
	await ownBucket( BUCKET );
	// Settings live in the shared database: saved once, on A, they hold for B.
	await saveSettings(
		sessions.a,
		guideSettings( { bucket: BUCKET, remove_local_copies: true } )
	);
	// The block editor's welcome guide stays closed (the user's preference, in the shared database).
	const me = await sessions.a.rest( 'POST', 'wp/v2/users/me', {
		meta: {
			persisted_preferences: {
				'core/edit-post': { welcomeGuide: false },
				_modified: new Date().toISOString(),
			},
		},
	} );
	expect( me.status(), await me.text() ).toBe( 200 );
	for ( const docroot of docroots ) {
		placeWitness( docroot );
		mkdirSync( join( docroot, 'wp-content', 'mu-plugins' ), {
			recursive: true,
		} );
		writeFileSync( editWitness( docroot ), EDIT_WITNESS );
	}
} );

test.afterAll( async () => {
	await frontClient()
		.up()
		.catch( () => undefined );
	if ( sessions.a ) {
		for ( const id of ids.splice( 0 ) ) {
			await sessions.a.rest( 'DELETE', `wp/v2/media/${ id }?force=true` );
		}
		if ( post ) {
			await sessions.a.rest(
				'DELETE',
				`wp/v2/posts/${ post.id }?force=true`
			);
		}
		await saveSettings(
			sessions.a,
			guideSettings( { remove_local_copies: true } )
		);
	}
	for ( const docroot of docroots ) {
		removeWitness( docroot );
		rmSync( editWitness( docroot ), { force: true } );
	}
	await dropBucket( BUCKET ).catch( () => undefined );
	for ( const session of Object.values( sessions ) ) {
		await session.dispose();
	}
} );

/** Every size's URL in the REST answer, asked of `name`, points at S3 and serves the bytes WordPress wrote. */
async function expectRestServes(
	name: ServerName,
	attachment: Attachment
): Promise< void > {
	const response = await sessions[ name ].rest(
		'GET',
		`wp/v2/media/${ attachment.id }`
	);
	expect( servedBy( response ) ).toBe( name );
	expect( response.status() ).toBe( 200 );
	const shown = ( await response.json() ) as Attachment;
	const urls = [
		shown.source_url,
		...Object.values(
			( shown.media_details.sizes ?? {} ) as unknown as Record<
				string,
				{ source_url: string }
			>
		).map( ( size ) => size.source_url ),
	];
	const seen = witnessed( docroots );
	for ( const url of urls ) {
		expect( url, `REST on ${ name }` ).toContain(
			`${ state.s3.endpoint }/${ BUCKET }/`
		);
		const body = await sessions[ name ].http.get( url );
		expect( body.status(), url ).toBe( 200 );
		const relative = decodeURIComponent( new URL( url ).pathname ).replace(
			/^.*?wp-content\/uploads\/(s3ms-[0-9a-f]+\/)?/,
			''
		);
		const versioned = /\/s3ms-[0-9a-f]{12}\//.exec(
			decodeURIComponent( url )
		);
		const file = versioned
			? relative.replace( /^(.*\/)s3ms-[0-9a-f]{12}\//, '$1' )
			: relative;
		const expected = seen.get( `${ attachment.id }:${ file }` );
		if ( expected !== undefined ) {
			expect( md5( await body.body() ), `${ url } holds ${ file }` ).toBe(
				expected
			);
		}
	}
}

/** Opens `path` at the load balancer (pinned by the page's cookie) and loads every upload image. */
async function visit( page: Page, path: string ) {
	await page.goto( path );
	await page.waitForLoadState( 'load' );
	return uploadImages( page );
}

async function showsMedia(
	browser: Browser,
	name: ServerName,
	attachments: Attachment[],
	{ editor }: { editor: boolean }
): Promise< void > {
	const { context, page } = await browserOn( browser, name, failures );
	try {
		const list = await visit(
			page,
			`/wp-admin/upload.php?mode=list&s=${ encodeURIComponent( NAME ) }`
		);
		for ( const attachment of attachments ) {
			expectShown(
				list,
				stem( attachment ),
				`media library (list) on ${ name }`
			);
		}

		await page.goto( '/wp-admin/upload.php?mode=grid' );
		for ( const attachment of attachments ) {
			await expect(
				page.locator(
					`li.attachment[data-id="${ attachment.id }"] img`
				)
			).toBeVisible();
		}
		const grid = await uploadImages( page );
		for ( const attachment of attachments ) {
			expectShown(
				grid,
				stem( attachment ),
				`media library (grid) on ${ name }`
			);
		}

		if ( post && attachments.some( ( a ) => a.id === photo.id ) ) {
			const front = await visit( page, new URL( post.link ).pathname );
			expectShown( front, postStem, `front end on ${ name }` );
		}

		if ( editor && post ) {
			await page.goto(
				`/wp-admin/post.php?post=${ post.id }&action=edit`
			);
			await page
				.locator( 'iframe[name="editor-canvas"]' )
				.or( page.locator( '.block-editor-writing-flow' ) )
				.first()
				.waitFor();
			const canvas = page
				.frameLocator( 'iframe[name="editor-canvas"]' )
				.locator( 'figure.wp-block-image img' );
			await expect( canvas ).toHaveCount( 1, { timeout: 30_000 } );
			const inEditor = await uploadImages( page );
			expectShown( inEditor, postStem, `block editor on ${ name }` );
		}
		for ( const attachment of attachments ) {
			await expectRestServes( name, attachment );
		}
	} finally {
		await context.close();
	}
}

test( '1. upload on A with Remove local copies on: every file in S3, none left on A or B', async () => {
	for ( const [ label, size ] of [
		[ 'photo', [ 1600, 1200 ] ],
		[ 'doomed', [ 1200, 900 ] ],
	] as const ) {
		const attachment = await uploadOk(
			sessions.a,
			`${ NAME }-${ label }.jpg`,
			'image/jpeg',
			jpeg( size[ 0 ], size[ 1 ] )
		);
		ids.push( attachment.id );
		expect(
			attachment.s3_media_sync.status,
			JSON.stringify( attachment.s3_media_sync )
		).toBe( 'synced' );
		// A took it: A's WordPress wrote its files (the witness of A's docroot)…
		expect(
			witnessed( [ servers.servers.a.dir ] ).has(
				`${ attachment.id }:${ mainFile( attachment ) }`
			),
			'written on A'
		).toBe( true );
		// …and removed them once S3 confirmed them; B never had them.
		for ( const file of filesOf( attachment ) ) {
			expect( onDisk( 'a', file ), `${ file } on A` ).toBe( false );
			expect( onDisk( 'b', file ), `${ file } on B` ).toBe( false );
		}
		if ( label === 'photo' ) {
			photo = attachment;
		} else {
			doomed = attachment;
		}
	}

	// A post showing the photo, stored as an editor stores it: local URLs.
	const large = photo.media_details.sizes?.large?.file;
	expect( large, 'a large size' ).toBeDefined();
	const folder = mainFile( photo ).replace( /[^/]+$/, '' );
	const response = await sessions.a.rest( 'POST', 'wp/v2/posts', {
		title: `${ NAME } post`,
		status: 'publish',
		content: `<!-- wp:image {"id":${ photo.id },"sizeSlug":"large","linkDestination":"none"} -->\n<figure class="wp-block-image size-large"><img src="${ localUrl(
			folder + large!
		) }" alt="" class="wp-image-${ photo.id }"/></figure>\n<!-- /wp:image -->`,
	} );
	expect( response.status(), await response.text() ).toBe( 201 );
	post = ( await response.json() ) as { id: number; link: string };
	postStem = stem( photo );

	await audit( 'uploaded on A' );
} );

for ( const name of SERVERS ) {
	test( `2. on ${ name.toUpperCase() }: the media library, the front end, the block editor and the REST API show working media`, async ( {
		browser,
	} ) => {
		await showsMedia( browser, name, [ photo, doomed ], {
			editor: true,
		} );
		expectNoMediaFailures( failures, `pages on ${ name.toUpperCase() }` );
		await audit( `viewed on ${ name.toUpperCase() }` );
	} );
}

test( '3. edit and regenerate on B: the original read back from S3 onto B, the new files in S3, A and B show them', async ( {
	browser,
} ) => {
	// The media modal's image editor on B: rotate, save for every size.
	const query = await sessions.b.http.post( '/wp-admin/admin-ajax.php', {
		form: {
			action: 'query-attachments',
			'query[post__in][]': String( photo.id ),
			'query[posts_per_page]': '1',
		},
	} );
	expect( servedBy( query ) ).toBe( 'b' );
	const listed = ( await query.json() ) as {
		data: Array< { nonces: { edit: string | false } } >;
	};
	const nonce = listed.data[ 0 ]?.nonces.edit;
	expect( nonce, 'the edit nonce of the media modal' ).toBeTruthy();

	const before = await frontClient().lastSeq();
	const original = mainFile( photo );
	const saved = await sessions.b.http.post( '/wp-admin/admin-ajax.php', {
		form: {
			action: 'image-editor',
			postid: String( photo.id ),
			do: 'save',
			history: '[{"r":90}]',
			target: 'all',
			context: 'edit-attachment',
			_ajax_nonce: String( nonce ),
		},
	} );
	expect( servedBy( saved ) ).toBe( 'b' );
	const answer = ( await saved.json() ) as { success: boolean };
	expect( answer.success, JSON.stringify( answer ) ).toBe( true );
	// Local_Copies read the original back from S3 (B never had it).
	const reads = ( await frontClient().log( before ) ).filter(
		( entry ) =>
			entry.method === 'GET' &&
			entry.accessKeyId === state.s3.user.accessKeyId &&
			decodeURIComponent( entry.path ).endsWith(
				`/${ keyOf( original ) }`
			)
	);
	expect( reads.length, `GET ${ keyOf( original ) } by the guide user` ).toBe(
		1
	);
	photo = await getAttachment( sessions.b, photo.id );
	expect( mainFile( photo ) ).not.toBe( original );
	expect( photo.s3_media_sync.status ).toBe( 'synced' );
	for ( const file of filesOf( photo ) ) {
		expect( onDisk( 'a', file ), `${ file } on A` ).toBe( false );
		expect( onDisk( 'b', file ), `${ file } on B` ).toBe( false );
	}
	await audit( 'edited on B' );

	// Regenerated on B, as WP-CLI there would: from the edited image, read back again.
	const { written } = lifecycleIn< { written: Record< string, string > } >(
		servers.servers.b.dir,
		'regenerate',
		String( photo.id ),
		'30'
	);
	expect( Object.keys( written ).length ).toBeGreaterThan( 1 );
	for ( const [ file, sum ] of Object.entries( written ) ) {
		witness( photo.id, file, sum, servers.servers.b.dir );
	}
	photo = await getAttachment( sessions.b, photo.id );
	expect( photo.s3_media_sync.status ).toBe( 'synced' );
	await audit( 'regenerated on B' );

	for ( const name of SERVERS ) {
		await showsMedia( browser, name, [ photo ], { editor: false } );
	}
	expectNoMediaFailures( failures, 'after the edit on B' );
} );

test( '4. delete on B: every object of it gone, the rest still served on A and B', async ( {
	browser,
} ) => {
	const keysBefore = Object.values(
		( await getAttachment( sessions.b, doomed.id ) ).s3_media_sync.keys ??
			{}
	);
	expect( keysBefore.length ).toBeGreaterThan( 1 );
	const response = await sessions.b.rest(
		'DELETE',
		`wp/v2/media/${ doomed.id }?force=true`
	);
	expect( servedBy( response ) ).toBe( 'b' );
	expect( response.status(), await response.text() ).toBe( 200 );
	ids.splice( ids.indexOf( doomed.id ), 1 );
	await audit( 'deleted on B' );
	for ( const name of SERVERS ) {
		await showsMedia( browser, name, [ photo ], { editor: false } );
	}
	expectNoMediaFailures( failures, 'after the deletion on B' );
} );

test( '5. bulk copy on A while B serves: uploads S3 missed go up from A, B shows them after', async ( {
	browser,
} ) => {
	// S3 is down while A takes two uploads: they stay on A only, pending.
	await frontClient().down();
	const late: Attachment[] = [];
	try {
		for ( const n of [ 1, 2 ] ) {
			const attachment = await uploadOk(
				sessions.a,
				`${ NAME }-late-${ n }.jpg`,
				'image/jpeg',
				jpeg( 1000 + n * 20, 700 )
			);
			ids.push( attachment.id );
			late.push( attachment );
		}
	} finally {
		await frontClient().up();
	}
	for ( const attachment of late ) {
		expect( attachment.s3_media_sync.status ).toBe( 'pending' );
		for ( const file of filesOf( attachment ) ) {
			expect( onDisk( 'a', file ), `${ file } on A` ).toBe( true );
			expect( onDisk( 'b', file ), `${ file } on B` ).toBe( false );
		}
	}
	await audit( 'uploaded on A during an outage' );

	// B serves the front end again and again while A copies, one attachment a batch.
	const { context, page } = await browserOn( browser, 'b', failures );
	let copying = true;
	let served = 0;
	const serving = ( async () => {
		while ( copying || served === 0 ) {
			const front = await visit( page, new URL( post.link ).pathname );
			expectShown(
				front,
				postStem,
				'front end on B during the bulk copy'
			);
			served++;
		}
	} )();
	let batches = 0;
	try {
		for (;;) {
			const response = await sessions.a.rest(
				'POST',
				's3-media-sync/v1/sync/batch',
				{ limit: 1 }
			);
			expect( servedBy( response ) ).toBe( 'a' );
			const text = await response.text();
			expect( response.status(), text ).toBe( 200 );
			const batch = JSON.parse( text ) as {
				processed: number[];
				failed: unknown[];
				remaining: number;
			};
			expect( batch.failed, text ).toEqual( [] );
			batches++;
			if ( batch.remaining === 0 ) {
				break;
			}
			expect( batches, 'the run ends' ).toBeLessThan( 10 );
		}
	} finally {
		copying = false;
		await serving;
		await context.close();
	}
	expect( batches ).toBeGreaterThanOrEqual( 2 );
	expect( served ).toBeGreaterThan( 0 );
	console.log(
		`    bulk copy: ${ batches } batches on A while B served the front end ${ served } times`
	);

	for ( const [ index, attachment ] of late.entries() ) {
		late[ index ] = await getAttachment( sessions.a, attachment.id );
		expect( late[ index ]!.s3_media_sync.status ).toBe( 'synced' );
		for ( const file of filesOf( attachment ) ) {
			expect( onDisk( 'a', file ), `${ file } left on A` ).toBe( false );
		}
	}
	await audit( 'bulk copy on A' );
	for ( const name of SERVERS ) {
		await showsMedia( browser, name, late, { editor: false } );
	}
	expectNoMediaFailures( failures, 'after the bulk copy' );
} );
