/**
 * Deleting an attachment through REST deletes exactly the keys recorded for
 * it — every size, the -scaled copy and the original — and nothing else in
 * the bucket: not an unrelated object elsewhere under wp-content/uploads/,
 * not one beside it whose name merely looks like one of its sizes.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

import {
	deleteAsAdmin,
	frontClient,
	guideSettings,
	objectExists,
	requestsSince,
	s3,
	saveSettings,
	uniqueName,
} from './access-helpers';
import {
	deleteAttachment,
	expectInsidePolicy,
	filesOf,
	jpeg,
	keyOf,
	localExists,
	localPath,
	mainFile,
	mediaSpecHooks,
	objectBytes,
	putAsAdmin,
	uploadKeys,
	uploadOk,
} from './media-helpers';

test.describe.configure( { mode: 'serial' } );

const adminKeys: string[] = [];
const { session, firstSeq } = mediaSpecHooks( {
	cleanUp: async () => {
		for ( const key of adminKeys.splice( 0 ) ) {
			await deleteAsAdmin( key );
		}
	},
	resetAfterEach: false,
} );

test( 'DELETE /wp/v2/media/<id>?force=true removes every recorded key and nothing else', async () => {
	const name = uniqueName( 'to-delete' );
	const attachment = await uploadOk(
		session(),
		`${ name }.jpg`,
		'image/jpeg',
		jpeg( 3000, 2000 )
	);
	expect( attachment.s3_media_sync.status ).toBe( 'synced' );
	const files = filesOf( attachment );
	const keys = files.map( keyOf ).sort();
	expect( [ ...( attachment.s3_media_sync.keys ?? [] ) ].sort() ).toEqual(
		keys
	);
	expect( keys.length ).toBeGreaterThan( 6 );
	for ( const key of keys ) {
		expect( await objectExists( key ), key ).toBe( true );
	}

	// Objects the plugin never wrote: one elsewhere, one beside the attachment named like a size of it.
	const main = mainFile( attachment );
	const dir = main.slice( 0, main.lastIndexOf( '/' ) + 1 );
	const unrelated = `wp-content/uploads/other/${ uniqueName( 'unrelated' ) }.txt`;
	const lookalike = keyOf( `${ dir }${ name }-999x999.jpg` );
	adminKeys.push( unrelated, lookalike );
	await putAsAdmin( unrelated, 'not the plugin’s' );
	await putAsAdmin( lookalike, 'not a size WordPress made' );

	const before = await uploadKeys();
	const seq = await frontClient().lastSeq();
	const status = await deleteAttachment( session(), attachment.id );
	expect( status ).toBe( 200 );

	for ( const key of keys ) {
		expect( await objectExists( key ), `${ key } deleted` ).toBe( false );
	}
	// The bucket lost exactly the attachment's keys.
	const after = await uploadKeys();
	expect( after ).toEqual(
		before.filter( ( key ) => ! keys.includes( key ) )
	);
	expect( ( await objectBytes( unrelated ) ).toString() ).toBe(
		'not the plugin’s'
	);
	expect( ( await objectBytes( lookalike ) ).toString() ).toBe(
		'not a size WordPress made'
	);
	// One DELETE a key, each confirmed, and no other request that changes the bucket.
	const requests = ( await requestsSince( seq ) ).filter(
		( entry ) => entry.accessKeyId === s3().user.accessKeyId
	);
	const deletes = requests.filter( ( entry ) => entry.method === 'DELETE' );
	expect(
		deletes
			.map( ( entry ) =>
				decodeURIComponent( entry.path.slice( s3().bucket.length + 2 ) )
			)
			.sort()
	).toEqual( keys );
	expect( deletes.every( ( entry ) => entry.status === 204 ) ).toBe( true );
	expect(
		requests.filter(
			( entry ) => entry.method === 'PUT' || entry.method === 'POST'
		)
	).toEqual( [] );

	// And WordPress deleted its files.
	for ( const file of files ) {
		expect( localExists( file ), `${ file } gone locally` ).toBe( false );
	}
	const gone = await session().rest(
		'GET',
		`wp/v2/media/${ attachment.id }`
	);
	expect( gone.status() ).toBe( 404 );
} );

test( 'deleting an attachment that never reached S3 sends no DELETE', async () => {
	await saveSettings( session(), guideSettings() );
	await frontClient().down();
	const attachment = await uploadOk(
		session(),
		`${ uniqueName( 'never-synced' ) }.jpg`,
		'image/jpeg',
		jpeg( 800, 600 )
	);
	await frontClient().up();
	expect( attachment.s3_media_sync.status ).toBe( 'pending' );
	const local = filesOf( attachment );
	expect(
		readFileSync( localPath( mainFile( attachment ) ) ).length
	).toBeGreaterThan( 0 );

	const seq = await frontClient().lastSeq();
	expect( await deleteAttachment( session(), attachment.id ) ).toBe( 200 );
	const requests = await requestsSince( seq );
	expect( requests.filter( ( entry ) => entry.method === 'DELETE' ) ).toEqual(
		[]
	);
	for ( const file of local ) {
		expect( localExists( file ) ).toBe( false );
	}
} );

test( "the plugin stayed inside the guide's policy: no AccessDenied for its key", async () => {
	await expectInsidePolicy( firstSeq() );
} );
