/**
 * A network's life against its one bucket, checked after every step: the
 * primary site, /site-a/, /site-b/, blog.localhost (a site of its own host
 * name) and the main site of a second network (net2.localhost) share the
 * bucket through wp-config constants (tools/multisite-site.ts). The same
 * file name uploaded everywhere gets a key per site, each object holding
 * its site's bytes; an uploads folder that could give two sites the same
 * keys is refused; network deactivation, site deletion and uninstall leave
 * nothing behind silently.
 */
import { expect, test } from '@playwright/test';

import { logInOverHttp } from '../support/wp-session';
import { jpeg } from '../integration/media-helpers';
import { bucketKeys, objectMd5 } from '../integration/lifecycle-helpers';
import {
	network,
	networkState,
	recordsOf,
	siteClient,
	siteOf,
	uploadTo,
	type SiteRecord,
} from './network-helpers';

// Steps of one life, in order; one that fails does not hide the next.
test.describe.configure( { mode: 'default' } );

const NAME = 'same-name.jpg';

function bucket(): string {
	return networkState().s3.bucket;
}

function recordOf( siteName: string, id: number ): SiteRecord {
	const record = recordsOf( siteOf( siteName ) ).find(
		( entry ) => entry.id === id
	);
	expect( record, `attachment ${ id } on ${ siteName }` ).toBeDefined();
	return record!;
}

/** Every recorded object of the attachment holds the bytes of its site's own file. */
async function expectObjectsHoldSiteBytes(
	siteName: string,
	record: SiteRecord
): Promise< void > {
	expect( record.state, `${ siteName }: a record` ).not.toBe( '' );
	const state = record.state as Exclude< SiteRecord[ 'state' ], '' >;
	expect( state.status, `${ siteName }: ${ JSON.stringify( state ) }` ).toBe(
		'synced'
	);
	for ( const [ file, key ] of Object.entries( state.keys ) ) {
		const name = file.split( '/' ).pop()!;
		expect(
			await objectMd5( bucket(), key ),
			`${ siteName }: ${ key } holds ${ file }`
		).toBe( record.md5[ name ] );
	}
}

test( 'the router does multisite rewrites: a subdirectory site has wp-admin, wp-includes, wp-content and its *.php files', async ( {
	request,
} ) => {
	const base = siteOf( '/site-a/' ).url;
	const admin = await request.get( `${ base }/wp-admin/`, {
		maxRedirects: 0,
	} );
	expect( admin.status() ).toBe( 302 );
	expect( admin.headers().location ).toContain( '/site-a/wp-login.php' );
	const login = await request.get( `${ base }/wp-login.php` );
	expect( login.status() ).toBe( 200 );
	expect( await login.text() ).toContain( 'site-a' );
	const script = await request.get(
		`${ base }/wp-includes/js/jquery/jquery.min.js`
	);
	expect( script.status() ).toBe( 200 );
	expect( script.headers()[ 'content-type' ] ).toContain( 'javascript' );
	const style = await request.get(
		`${ base }/wp-content/themes/twentytwentyfive/style.css`
	);
	expect( style.status() ).toBe( 200 );
} );

const uploaded = new Map< string, number >();

test( "the same file name on every site, the second network's main site first: one key per site, each object holds its site's bytes", async () => {
	// net2's main site first: were its keys the primary site's, the primary would find its name taken.
	const order = [
		'net2.localhost',
		'primary',
		'/site-a/',
		'/site-b/',
		'blog.localhost',
	];
	for ( const [ index, name ] of order.entries() ) {
		const client = await siteClient( siteOf( name ) );
		uploaded.set(
			name,
			await uploadTo( client, NAME, jpeg( 640 + 10 * index, 480 ) )
		);
		await client.http.dispose();
	}
	const mainKeys = new Map< string, string >();
	for ( const name of order ) {
		const site = siteOf( name );
		const record = recordOf( name, uploaded.get( name )! );
		expect(
			record.file.endsWith( `/${ NAME }` ),
			`${ name } keeps the name it was given: ${ record.file }`
		).toBe( true );
		await expectObjectsHoldSiteBytes( name, record );
		const state = record.state as Exclude< SiteRecord[ 'state' ], '' >;
		const main = Object.entries( state.keys ).find( ( [ file ] ) =>
			file.endsWith( `/${ NAME }` )
		)![ 1 ];
		// The key is the file's place below the network's uploads root.
		const expected =
			site.id === 1
				? /^wp-content\/uploads\/\d{4}\/\d{2}\/same-name\.jpg$/
				: new RegExp(
						`^wp-content/uploads/sites/${ site.id }/\\d{4}/\\d{2}/same-name\\.jpg$`
					);
		expect( main, `${ name }'s key` ).toMatch( expected );
		mainKeys.set( name, main );
	}
	expect( new Set( mainKeys.values() ).size ).toBe( order.length );
	const inBucket = await bucketKeys( bucket() );
	for ( const key of mainKeys.values() ) {
		expect( inBucket ).toContain( key );
	}
} );

test( "an uploads folder that could be another site's (ms-files, simulated by ms_files_rewriting; the old /N folders): refused with a clear error, nothing written", async () => {
	// The old /N layout (MULTISITE undefined) cannot be run here: the same rule, on its folder.
	const legacy = network< { problem: string | null } >(
		'layout',
		'/srv/wp/wp-content/uploads/3',
		'3'
	);
	expect( legacy.problem ).toContain( 'sites/3/' );

	const before = await bucketKeys( bucket() );
	network( 'ms-files', 'on' );
	try {
		const client = await siteClient( siteOf( '/site-b/' ) );
		const id = await uploadTo( client, 'legacy.jpg', jpeg( 500, 400 ) );
		await client.http.dispose();
		const record = recordOf( '/site-b/', id );
		// With ms_files_rewriting on and no UPLOADS, core drops sites/N: the primary site's folder.
		expect( record.file ).not.toContain(
			`/sites/${ siteOf( '/site-b/' ).id }/`
		);
		const state = record.state as Exclude< SiteRecord[ 'state' ], '' >;
		expect( state.status ).toBe( 'failed' );
		expect( state.error?.code ).toBe( 'AmbiguousUploadsFolder' );
		expect( state.error?.message ).toContain( 'key prefix' );
		expect( Object.keys( state.keys ) ).toEqual( [] );
	} finally {
		network( 'ms-files', 'off' );
	}
	expect( await bucketKeys( bucket() ) ).toEqual( before );
} );

test( 'deleting a site: its objects are listed for the super admin in the network admin, and stay in the bucket', async () => {
	const site = siteOf( '/site-b/' );
	const client = await siteClient( site );
	const id = await uploadTo( client, 'goes-with-site.jpg', jpeg( 700, 500 ) );
	await client.http.dispose();
	const record = recordOf( '/site-b/', id );
	const keys = Object.values(
		( record.state as Exclude< SiteRecord[ 'state' ], '' > ).keys
	);
	expect( keys.length ).toBeGreaterThan( 0 );
	expect(
		network< { deleted: boolean } >( 'delete-site', String( site.id ) )
			.deleted
	).toBe( true );
	const inBucket = await bucketKeys( bucket() );
	for ( const key of keys ) {
		expect( inBucket, 'not silently deleted' ).toContain( key );
	}
	const session = await logInOverHttp( networkState().site );
	try {
		const page = await (
			await session.http.get( '/wp-admin/network/' )
		).text();
		expect( page ).toContain( 's3-media-sync-deleted-site' );
		expect( page ).toContain( site.url );
		for ( const key of keys.slice( 0, 20 ) ) {
			expect( page, 'not silently left' ).toContain(
				`${ bucket() }/${ key }`
			);
		}
		expect( page ).toContain(
			`wp s3-media-sync deleted-sites ${ site.id }`
		);
	} finally {
		await session.dispose();
	}
} );

test( 'network deactivation stops the retry job on every site of that network, and only there', async () => {
	network( 'seed' );
	expect(
		network< { active: boolean } >( 'deactivate-network' ).active
	).toBe( false );
	const left = network< {
		sites: Record< string, { cron: boolean } >;
	} >( 'leftovers' );
	for ( const site of networkState().network.sites ) {
		if ( site.path === '/site-b/' ) {
			continue; // Deleted above.
		}
		expect(
			left.sites[ String( site.id ) ]?.cron ?? false,
			`site ${ site.id } (network ${ site.network }) has its retry job`
		).toBe( site.network === 2 );
	}
	expect(
		network< { active: boolean; error: string } >( 'activate-network' )
	).toEqual( { active: true, error: '' } );
} );

test( "uninstall removes options, meta, transients and events from every site, and every network's own rows", async () => {
	// As from the Plugins screen: deactivated first, so nothing of the plugin runs in the processes that follow.
	network( 'deactivate-network' );
	network( 'seed' );
	network( 'uninstall' );
	expect( network( 'leftovers' ) ).toEqual( { sites: {}, network: [] } );
} );
