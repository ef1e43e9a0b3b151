/**
 * A site's life with its media, step by step, against a bucket of the
 * spec's own: the same file name uploaded twice, a size regenerated with new
 * bytes, an image edited and restored, the bucket changed and changed back,
 * a copy of the database running elsewhere, forged database rows, an
 * export. After every step the audit (lifecycle-helpers.ts) checks the
 * bucket against the records: exactly the recorded keys, each with the bytes
 * WordPress wrote for its file, and no file in neither place.
 *
 * The promise under test: no object of one attachment is ever overwritten,
 * deleted or served for another, and every file is in S3 or on disk.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
	DeleteObjectCommand,
	GetObjectAclCommand,
	PutObjectCommand,
} from '@aws-sdk/client-s3';

import {
	adminS3,
	frontClient,
	guideSettings,
	requestsSince,
	saveSettings,
	uniqueName,
} from './access-helpers';
import {
	deleteAttachment,
	getAttachment,
	jpeg,
	siteDir,
	mediaSessionWithGuideSettings,
	mp4,
	pdf,
	png,
	uploadOk,
	type Attachment,
} from './media-helpers';
import {
	bucketKeys,
	dropBucket,
	expectBucketsMatchRecords,
	lifecycle,
	md5,
	objectMd5,
	ownBucket,
	placeWitness,
	records,
	recordedObjects,
	removeWitness,
	served as servedAt,
	witness,
} from './lifecycle-helpers';

// Each scenario on its own: one that fails (as on the old main) does not hide the next.
test.describe.configure( { mode: 'default' } );

const BUCKET = uniqueName( 'lifecycle' );
const OTHER_BUCKET = uniqueName( 'lifecycle-other' );
const FOREIGN_BUCKET = uniqueName( 'foreign' );
const ids: number[] = [];

const session = mediaSessionWithGuideSettings( async ( wp ) => {
	for ( const id of ids.splice( 0 ) ) {
		await deleteAttachment( wp, id );
	}
	await saveSettings( wp, guideSettings() );
	removeWitness();
	for ( const bucket of [ BUCKET, OTHER_BUCKET, FOREIGN_BUCKET ] ) {
		await dropBucket( bucket ).catch( () => undefined );
	}
} );

test.beforeAll( async () => {
	await ownBucket( BUCKET );
	await ownBucket( OTHER_BUCKET );
	placeWitness();
} );

async function useSettings( overrides: Record< string, unknown > ) {
	await saveSettings(
		session(),
		guideSettings( { bucket: BUCKET, ...overrides } )
	);
}

function webp( width: number, height: number, seed: number ): Buffer {
	return execFileSync( 'php', [
		'-r',
		`$im = imagecreatetruecolor(${ width }, ${ height }); mt_srand(${ seed });
		for ($i = 0; $i < 60; $i++) { imagefilledellipse($im, mt_rand(0, ${ width }), mt_rand(0, ${ height }), 90, 60, imagecolorallocate($im, mt_rand(0, 255), mt_rand(0, 255), mt_rand(0, 255))); }
		imagewebp($im, null, 80);`,
	] );
}

/** Two files of each kind with different bytes, as a site gets them over the years. */
const KINDS: Array< {
	label: string;
	name: string;
	mime: string;
	make: ( version: number ) => Buffer;
} > = [
	{
		label: 'PDF',
		name: 'invoice.pdf',
		mime: 'application/pdf',
		make: ( v ) =>
			Buffer.concat( [ pdf(), Buffer.from( `% version ${ v }\n` ) ] ),
	},
	{
		label: 'MP4',
		name: 'clip.mp4',
		mime: 'video/mp4',
		make: ( v ) => Buffer.concat( [ mp4(), Buffer.alloc( 64 + v, v ) ] ),
	},
	{
		label: 'JPEG with sizes',
		name: 'photo.jpg',
		mime: 'image/jpeg',
		make: ( v ) => jpeg( 900 + v * 10, 700 ),
	},
	{
		label: 'PNG',
		name: 'diagram.png',
		mime: 'image/png',
		make: ( v ) => png( 500 + v * 10, 400 ),
	},
	{
		label: 'WebP',
		name: 'banner.webp',
		mime: 'image/webp',
		make: ( v ) => webp( 700, 400, v ),
	},
	{
		label: 'non-ASCII name',
		name: 'Café Ünïcödé.jpg',
		mime: 'image/jpeg',
		make: ( v ) => jpeg( 640 + v * 10, 480 ),
	},
	{
		// A phone's date and time: a name that ends in a number of its own.
		label: 'name ending in a long number',
		name: '20261130-142233.jpg',
		mime: 'image/jpeg',
		make: ( v ) => jpeg( 720 + v * 10, 540 ),
	},
];

async function uploadWitnessed(
	name: string,
	mime: string,
	data: Buffer
): Promise< Attachment > {
	const attachment = await uploadOk( session(), name, mime, data );
	ids.push( attachment.id );
	return attachment;
}

/** The bytes a visitor gets at the attachment's URL (S3 when synced). */
async function servedMd5( attachment: Attachment ): Promise< string > {
	return ( await servedAt( session(), attachment.id ) ).sum;
}

for ( const removeLocal of [ false, true ] ) {
	for ( const kind of KINDS ) {
		test( `${ kind.label }, uploaded twice under one name, Remove local copies ${ removeLocal ? 'on' : 'off' }: two sets of objects, each keeps its bytes; deleting one leaves the other`, async () => {
			await useSettings( { remove_local_copies: removeLocal } );
			const first = kind.make( 1 );
			const second = kind.make( 2 );
			const a = await uploadWitnessed( kind.name, kind.mime, first );
			await expectBucketsMatchRecords( [ BUCKET ], ids, 'first upload' );
			const b = await uploadWitnessed( kind.name, kind.mime, second );
			await expectBucketsMatchRecords(
				[ BUCKET ],
				ids,
				'second upload, same name'
			);
			expect( await servedMd5( a ) ).toBe( md5( first ) );
			expect( await servedMd5( b ) ).toBe( md5( second ) );

			expect( await deleteAttachment( session(), b.id ) ).toBe( 200 );
			ids.splice( ids.indexOf( b.id ), 1 );
			await expectBucketsMatchRecords(
				[ BUCKET ],
				ids,
				'second deleted'
			);
			expect( await servedMd5( a ) ).toBe( md5( first ) );
		} );
	}
}

const IMAGES = KINDS.filter( ( kind ) => kind.mime.startsWith( 'image/' ) );

for ( const removeLocal of [ true, false ] ) {
	for ( const kind of IMAGES ) {
		test( `${ kind.label }, sizes regenerated with new bytes under their old names, Remove local copies ${
			removeLocal ? 'on' : 'off'
		}: changed bytes get new keys, unchanged keep theirs`, async () => {
			await useSettings( { remove_local_copies: removeLocal } );
			const a = await uploadWitnessed(
				`regenerated-${ kind.name }`,
				kind.mime,
				kind.make( 5 )
			);
			await expectBucketsMatchRecords( [ BUCKET ], ids, 'uploaded' );
			const before = new Map< string, { key: string; sum: string } >();
			for ( const object of recordedObjects(
				records().find( ( r ) => r.id === a.id )!
			) ) {
				before.set( object.file, {
					key: object.key,
					sum: await objectMd5( BUCKET, object.key ),
				} );
			}

			const { written } = lifecycle< {
				written: Record< string, string >;
			} >( 'regenerate', String( a.id ), '20' );
			expect(
				Object.keys( written ).length,
				'regeneration wrote files'
			).toBeGreaterThan( 1 );
			await expectBucketsMatchRecords(
				[ BUCKET ],
				ids,
				'regenerated at quality 20'
			);
			let changed = 0;
			for ( const object of recordedObjects(
				records().find( ( r ) => r.id === a.id )!
			) ) {
				const old = before.get( object.file );
				if ( ! old || written[ object.file ] === undefined ) {
					continue;
				}
				if ( written[ object.file ] === old.sum ) {
					expect(
						object.key,
						`${ object.file } kept its bytes and its key`
					).toBe( old.key );
				} else {
					changed++;
					// A cached copy of the old key is never wrong: new bytes, new key.
					expect(
						object.key,
						`${ object.file } has new bytes`
					).not.toBe( old.key );
				}
			}
			if ( kind.mime !== 'image/png' ) {
				expect(
					changed,
					'quality 20 changed some sizes'
				).toBeGreaterThan( 0 );
			}
		} );
	}
}

test( 'an image edited in the media editor, then restored to its original, keeps every file in S3 or on disk', async () => {
	await useSettings( { remove_local_copies: true } );
	const a = await uploadWitnessed(
		'edited.jpg',
		'image/jpeg',
		jpeg( 1000, 800 )
	);
	const edit = lifecycle< {
		ok: boolean;
		written: Record< string, string >;
	} >( 'edit', String( a.id ) );
	expect( edit.ok, JSON.stringify( edit ) ).toBe( true );
	for ( const [ file, sum ] of Object.entries( edit.written ) ) {
		witness( a.id, file, sum );
	}
	await expectBucketsMatchRecords( [ BUCKET ], ids, 'edited (rotated)' );
	const restored = lifecycle< { ok: boolean } >( 'restore', String( a.id ) );
	expect( restored.ok, JSON.stringify( restored ) ).toBe( true );
	await expectBucketsMatchRecords( [ BUCKET ], ids, 'original restored' );
	const served = await servedMd5( a );
	expect( served.length ).toBe( 32 );
} );

test( 'changing the bucket and back loses nothing: the record keeps both buckets and media keeps being served', async () => {
	await useSettings( { remove_local_copies: true } );
	const data = jpeg( 900, 600 );
	const a = await uploadWitnessed( 'moving.jpg', 'image/jpeg', data );
	await expectBucketsMatchRecords(
		[ BUCKET, OTHER_BUCKET ],
		ids,
		'uploaded to the first bucket'
	);

	await saveSettings(
		session(),
		guideSettings( { bucket: OTHER_BUCKET, remove_local_copies: true } )
	);
	lifecycle( 'touch', String( a.id ) );
	await expectBucketsMatchRecords(
		[ BUCKET, OTHER_BUCKET ],
		ids,
		'bucket changed, metadata saved again'
	);
	expect( await servedMd5( a ) ).toBe( md5( data ) );
	const b = await uploadWitnessed(
		'moving.jpg',
		'image/jpeg',
		jpeg( 910, 600 )
	);
	await expectBucketsMatchRecords(
		[ BUCKET, OTHER_BUCKET ],
		ids,
		'same name uploaded to the second bucket'
	);
	expect( ( await bucketKeys( OTHER_BUCKET ) ).length ).toBeGreaterThan( 0 );

	await useSettings( { remove_local_copies: true } );
	lifecycle( 'touch', String( a.id ) );
	lifecycle( 'touch', String( b.id ) );
	await expectBucketsMatchRecords(
		[ BUCKET, OTHER_BUCKET ],
		ids,
		'bucket changed back'
	);
	expect( await servedMd5( a ) ).toBe( md5( data ) );
} );

test( 'a copy of the database running at another address never deletes or overwrites the objects this site wrote', async () => {
	await useSettings( { remove_local_copies: false } );
	const a = await uploadWitnessed(
		'production.jpg',
		'image/jpeg',
		jpeg( 900, 600 )
	);
	await expectBucketsMatchRecords(
		[ BUCKET ],
		ids,
		'uploaded by production'
	);
	const production = recordedObjects(
		records().find( ( r ) => r.id === a.id )!
	);
	const sums = new Map< string, string >();
	for ( const object of production ) {
		sums.set( object.key, await objectMd5( BUCKET, object.key ) );
	}

	// Staging regenerates the sizes (new bytes) and then deletes the attachment.
	lifecycle(
		'as-copy',
		'http://staging.example.test',
		'regenerate',
		String( a.id ),
		'25'
	);
	lifecycle(
		'as-copy',
		'http://staging.example.test',
		'delete',
		String( a.id )
	);
	ids.splice( ids.indexOf( a.id ), 1 );
	for ( const [ key, sum ] of sums ) {
		expect(
			await objectMd5( BUCKET, key ),
			`${ key } after staging's regeneration and deletion`
		).toBe( sum );
	}
	// Production still has the attachment; here, one database stands for both: remove its objects as production would.
	for ( const key of sums.keys() ) {
		await adminS3().send(
			new DeleteObjectCommand( { Bucket: BUCKET, Key: key } )
		);
	}
	await expectBucketsMatchRecords(
		[ BUCKET ],
		ids,
		'staging deleted its copy'
	);
} );

test( "forged records (a bucket never configured, a ../ key, another attachment's key, markup for a bucket) are never served, changed, read back or deleted", async () => {
	await useSettings( { remove_local_copies: false } );
	await ownBucket( FOREIGN_BUCKET );
	const victimData = jpeg( 500, 400 );
	const victim = await uploadWitnessed(
		'victim.jpg',
		'image/jpeg',
		victimData
	);
	const forgedData = jpeg( 520, 400 );
	const forged = await uploadWitnessed(
		'forged.jpg',
		'image/jpeg',
		forgedData
	);
	const victimKeys = recordedObjects(
		records().find( ( r ) => r.id === victim.id )!
	);
	const victimMain = victimKeys.find( ( o ) =>
		o.file.endsWith( 'victim.jpg' )
	)!;
	const forgedObjects = recordedObjects(
		records().find( ( r ) => r.id === forged.id )!
	);
	const forgedMain = forgedObjects.find( ( o ) =>
		o.file.endsWith( 'forged.jpg' )
	)!;
	// An object in a bucket this site never used, where a forged row points.
	await adminS3().send(
		new PutObjectCommand( {
			Bucket: FOREIGN_BUCKET,
			Key: forgedMain.key,
			Body: 'not yours',
		} )
	);

	const forgeries: Array< { label: string; bucket: string; key: string } > = [
		{
			label: 'a bucket never configured',
			bucket: FOREIGN_BUCKET,
			key: forgedMain.key,
		},
		{
			label: 'a ../ key',
			bucket: BUCKET,
			key: `wp-content/uploads/2026/11/../../../${ victimMain.key }`,
		},
		{
			label: "another attachment's key",
			bucket: BUCKET,
			key: victimMain.key,
		},
		{
			label: 'markup for a bucket',
			bucket: 'x"><script>alert(1)</script>',
			key: forgedMain.key,
		},
	];
	for ( const forgery of forgeries ) {
		lifecycle(
			'forge',
			String( forged.id ),
			JSON.stringify( {
				status: 'synced',
				bucket: forgery.bucket,
				acl: 'public-read',
				keys: { [ forgedMain.file ]: forgery.key },
			} )
		);
		const served = lifecycle< { url: string; html: string } >(
			'served',
			String( forged.id )
		);
		expect( served.html, forgery.label ).not.toContain( '<script' );
		expect( served.url, forgery.label ).not.toContain( FOREIGN_BUCKET );
		expect( served.url, forgery.label ).not.toContain( victimMain.key );
		expect( served.url, forgery.label ).not.toContain( '..' );
		// ACL change: refused or limited to what this site wrote for this attachment.
		await session().rest(
			'POST',
			`s3-media-sync/v1/attachments/${ forged.id }/acl`,
			{ acl: 'private' }
		);
		const read = lifecycle< { md5: string | null } >(
			'read-back',
			String( forged.id )
		);
		expect( read.md5, `${ forgery.label }: read back` ).not.toBe(
			md5( victimData )
		);
		expect(
			await servedMd5( victim ),
			`${ forgery.label }: the victim still serves its bytes`
		).toBe( md5( victimData ) );
	}
	// Deleting the forged attachment touches none of what a forged row names (here another attachment's key, and an object in a bucket never configured).
	lifecycle(
		'forge',
		String( forged.id ),
		JSON.stringify( {
			status: 'synced',
			bucket: BUCKET,
			acl: 'public-read',
			keys: { [ forgedMain.file ]: victimMain.key },
			others: [
				{
					bucket: FOREIGN_BUCKET,
					keys: { [ forgedMain.file ]: forgedMain.key },
					md5: {},
				},
			],
		} )
	);
	expect( await deleteAttachment( session(), forged.id ) ).toBe( 200 );
	ids.splice( ids.indexOf( forged.id ), 1 );
	expect( await objectMd5( FOREIGN_BUCKET, forgedMain.key ) ).toBe(
		md5( Buffer.from( 'not yours' ) )
	);
	expect( await objectMd5( BUCKET, victimMain.key ) ).toBe(
		md5( victimData )
	);
	const victimAcl = await adminS3().send(
		new GetObjectAclCommand( { Bucket: BUCKET, Key: victimMain.key } )
	);
	expect(
		JSON.stringify( victimAcl.Grants ),
		'the victim stays public'
	).toContain( 'AllUsers' );
	// The forged attachment's own objects lost their record to the forgery: removed here by the bucket owner.
	for ( const object of forgedObjects ) {
		await adminS3().send(
			new DeleteObjectCommand( { Bucket: BUCKET, Key: object.key } )
		);
	}
	await expectBucketsMatchRecords(
		[ BUCKET ],
		ids,
		'forged attachment deleted'
	);
} );

test( 'the retry job and the bulk copy reach one attachment at the same moment: one writer at a time, every file PUT once', async () => {
	await useSettings( { remove_local_copies: false } );
	await frontClient().down();
	const a = await uploadWitnessed(
		'contended.jpg',
		'image/jpeg',
		jpeg( 800, 600 )
	);
	await frontClient().up();
	expect(
		( await getAttachment( session(), a.id ) ).s3_media_sync.status
	).toBe( 'pending' );
	const since = await frontClient().lastSeq();
	// Every PUT is held 3 s: whoever writes first is still writing when the other arrives.
	await frontClient().faults( {
		methods: [ 'PUT' ],
		stallRate: 1,
		stallMs: 3000,
	} );
	execFileSync( 'php', [
		join( __dirname, 'media-cron.php' ),
		siteDir(),
		'due',
		String( a.id ),
	] );
	const cron = session().http.get( '/wp-cron.php', { timeout: 120_000 } );
	await new Promise( ( resolve ) => setTimeout( resolve, 800 ) );
	const bulk = session().rest( 'POST', 's3-media-sync/v1/sync/batch', {
		limit: 100,
	} );
	const [ cronAnswer, bulkAnswer ] = await Promise.all( [ cron, bulk ] );
	await frontClient().faults( {} );
	expect( cronAnswer.status() ).toBe( 200 );
	expect( bulkAnswer.status(), await bulkAnswer.text() ).toBe( 200 );

	const puts = ( await requestsSince( since ) ).filter(
		( entry ) =>
			entry.method === 'PUT' && entry.path.includes( '/contended' )
	);
	const perKey = new Map< string, number >();
	for ( const entry of puts ) {
		perKey.set( entry.path, ( perKey.get( entry.path ) ?? 0 ) + 1 );
	}
	expect( perKey.size, 'the original and its sizes went up' ).toBeGreaterThan(
		1
	);
	for ( const [ path, count ] of perKey ) {
		expect( count, `${ path } was PUT once` ).toBe( 1 );
	}
	expect(
		( await getAttachment( session(), a.id ) ).s3_media_sync.status
	).toBe( 'synced' );
	await expectBucketsMatchRecords(
		[ BUCKET ],
		ids,
		'retry job and bulk copy at once'
	);
} );

test( 'export leaves the offload state out, and an import drops it', async () => {
	await useSettings( { remove_local_copies: false } );
	await uploadWitnessed( 'exported.jpg', 'image/jpeg', jpeg( 400, 300 ) );
	const { xml } = lifecycle< { xml: string } >( 'export' );
	expect( xml ).toContain(
		'<wp:post_type><![CDATA[attachment]]></wp:post_type>'
	);
	expect( xml ).not.toContain( '_s3_media_sync' );
	for ( const key of [
		'_s3_media_sync',
		'_s3_media_sync_status',
		'_s3_media_sync_next',
		'_s3_media_sync_file',
	] ) {
		expect(
			lifecycle< { key: unknown } >( 'import-meta', key ).key,
			key
		).toBe( false );
	}
	expect(
		lifecycle< { key: unknown } >(
			'import-meta',
			'_wp_attachment_image_alt'
		).key
	).toBe( '_wp_attachment_image_alt' );
} );
