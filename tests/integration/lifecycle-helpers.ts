/**
 * What the media-lifecycle specs share: a bucket of the spec's own that the
 * guide's user may use (created by the bucket owner, granted by an inline
 * policy with the guide's statements), a witness of every file WordPress
 * writes (a must-use plugin placed by the test, outside the plugin under
 * test), the records WordPress holds (lifecycle.php), and the audit run
 * after every step: the bucket holds exactly the keys the records name,
 * every object's bytes are the bytes of the file it stands for, and no
 * attachment lost a file.
 *
 * Each helper works on the test site's docroot unless given another: the
 * servers suite runs them against web servers A and B, two docroots of one
 * site (one database, separate uploads folders).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import {
	CreateBucketCommand,
	DeleteBucketCommand,
	DeleteObjectCommand,
	GetObjectCommand,
	ListObjectsV2Command,
} from '@aws-sdk/client-s3';

import {
	deleteUserPolicy,
	guidePolicy,
	putUserPolicy,
	USER_NAME,
} from '../../tools/s3/iam';
import type { WpSession } from '../support/wp-session';
import { adminS3, s3 } from './access-helpers';
import { siteDir, UPLOADS_KEY_PREFIX } from './media-helpers';

const HELPER = join( __dirname, 'lifecycle.php' );

export function md5( data: Buffer ): string {
	return createHash( 'md5' ).update( data ).digest( 'hex' );
}

/** Runs lifecycle.php in the test site and returns its JSON answer. */
export function lifecycle< T = Record< string, unknown > >(
	...args: string[]
): T {
	return lifecycleIn< T >( siteDir(), ...args );
}

/** Runs lifecycle.php in the WordPress at `docroot` (one web server of several). */
export function lifecycleIn< T = Record< string, unknown > >(
	docroot: string,
	...args: string[]
): T {
	const out = execFileSync( 'php', [ HELPER, docroot, ...args ], {
		maxBuffer: 64 * 1024 * 1024,
	} ).toString();
	const last = out.trim().split( '\n' ).pop() ?? '';
	return JSON.parse( last ) as T;
}

/* ---------- A bucket of the spec's own ---------- */

export function iamTarget() {
	return { motoUrl: s3().motoUrl, admin: s3().admin, region: s3().region };
}

/** Creates `name` as the bucket owner and lets the guide's user use it, with the guide's statements. */
export async function ownBucket( name: string ): Promise< void > {
	await adminS3().send( new CreateBucketCommand( { Bucket: name } ) );
	await putUserPolicy(
		iamTarget(),
		USER_NAME,
		`lifecycle-${ name }`,
		guidePolicy( name )
	);
}

/** Empties and removes the bucket, and the grant. */
export async function dropBucket( name: string ): Promise< void > {
	for ( const key of await bucketKeys( name, '' ) ) {
		await adminS3().send(
			new DeleteObjectCommand( { Bucket: name, Key: key } )
		);
	}
	await adminS3().send( new DeleteBucketCommand( { Bucket: name } ) );
	await deleteUserPolicy( iamTarget(), USER_NAME, `lifecycle-${ name }` );
}

export async function bucketKeys(
	bucket: string,
	prefix = UPLOADS_KEY_PREFIX
): Promise< string[] > {
	const keys: string[] = [];
	let token: string | undefined;
	do {
		const page = await adminS3().send(
			new ListObjectsV2Command( {
				Bucket: bucket,
				Prefix: prefix,
				...( token === undefined ? {} : { ContinuationToken: token } ),
			} )
		);
		for ( const object of page.Contents ?? [] ) {
			keys.push( object.Key! );
		}
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while ( token !== undefined );
	return keys.sort();
}

export async function objectMd5(
	bucket: string,
	key: string
): Promise< string > {
	const answer = await adminS3().send(
		new GetObjectCommand( { Bucket: bucket, Key: key } )
	);
	return md5( Buffer.from( await answer.Body!.transformToByteArray() ) );
}

/** The URL pages get for an attachment (S3 when synced) and the MD5 of what a visitor gets there. */
export async function served(
	wp: WpSession,
	id: number
): Promise< { url: string; sum: string } > {
	const { url } = lifecycle< { url: string } >( 'served', String( id ) );
	const response = await wp.http.get( url );
	expect( response.status(), `GET ${ url }` ).toBe( 200 );
	return { url, sum: md5( await response.body() ) };
}

/* ---------- The witness: what WordPress wrote ---------- */

const WITNESS_PLUGIN = `<?php
// Test witness (placed by tests/integration/lifecycle-helpers.ts, removed after):
// the MD5 of every file of an attachment at the moment WordPress made it,
// before any plugin at priority 100 acts on it.
add_filter( 'wp_generate_attachment_metadata', static function ( $meta, $id ) {
	$file = get_attached_file( $id, true );
	if ( ! is_string( $file ) || ! is_array( $meta ) ) { return $meta; }
	$dir = dirname( $file );
	$names = array( wp_basename( $file ) );
	foreach ( (array) ( $meta['sizes'] ?? array() ) as $size ) { $names[] = $size['file']; }
	if ( isset( $meta['original_image'] ) ) { $names[] = $meta['original_image']; }
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

function witnessFile( docroot = siteDir() ): string {
	return join( docroot, 'wp-content', 's3ms-witness.jsonl' );
}

function witnessPlugin( docroot = siteDir() ): string {
	return join( docroot, 'wp-content', 'mu-plugins', 's3ms-witness.php' );
}

export function placeWitness( docroot = siteDir() ): void {
	mkdirSync( join( docroot, 'wp-content', 'mu-plugins' ), {
		recursive: true,
	} );
	writeFileSync( witnessPlugin( docroot ), WITNESS_PLUGIN );
}

export function removeWitness( docroot = siteDir() ): void {
	rmSync( witnessPlugin( docroot ), { force: true } );
	rmSync( witnessFile( docroot ), { force: true } );
}

/**
 * The MD5 WordPress last wrote for each file of each attachment: "id:file" => md5.
 * With several docroots (web servers of one site), the entry written last,
 * by its time, wins, whichever server wrote it.
 */
export function witnessed( docroots = [ siteDir() ] ): Map< string, string > {
	const seen = new Map< string, string >();
	const when = new Map< string, number >();
	for ( const docroot of docroots ) {
		if ( ! existsSync( witnessFile( docroot ) ) ) {
			continue;
		}
		for ( const line of readFileSync(
			witnessFile( docroot ),
			'utf8'
		).split( '\n' ) ) {
			if ( line.trim() === '' ) {
				continue;
			}
			const entry = JSON.parse( line ) as {
				id: number;
				file: string;
				md5: string;
				at?: number;
			};
			const key = `${ entry.id }:${ entry.file }`;
			const at = entry.at ?? 0;
			if ( at >= ( when.get( key ) ?? -1 ) ) {
				seen.set( key, entry.md5 );
				when.set( key, at );
			}
		}
	}
	return seen;
}

/** Records an MD5 WordPress wrote outside the generate filter (an upload's own bytes, a regeneration's report). */
export function witness(
	id: number,
	file: string,
	sum: string,
	docroot = siteDir()
): void {
	writeFileSync(
		witnessFile( docroot ),
		JSON.stringify( { id, file, md5: sum, at: Date.now() / 1000 } ) + '\n',
		{
			flag: 'a',
		}
	);
}

/* ---------- Records and the audit ---------- */

interface RawState {
	status?: string;
	bucket?: string;
	keys?: Record< string, string >;
	others?: Array< { bucket: string; keys: Record< string, string > } >;
}

export interface AttachmentRecord {
	id: number;
	files: string[];
	state: RawState | '';
}

export function records( docroot = siteDir() ): AttachmentRecord[] {
	return lifecycleIn< AttachmentRecord[] >( docroot, 'records' );
}

/** Every (bucket, key) an attachment's record names, with the file it stands for. */
export function recordedObjects(
	record: AttachmentRecord
): Array< { bucket: string; key: string; file: string } > {
	const state = record.state;
	if ( state === '' || ! state ) {
		return [];
	}
	const out: Array< { bucket: string; key: string; file: string } > = [];
	const add = ( bucket: string, keys: Record< string, string > ) => {
		for ( const [ file, key ] of Object.entries( keys ) ) {
			out.push( { bucket, key, file } );
		}
	};
	add( state.bucket ?? '', state.keys ?? {} );
	for ( const other of state.others ?? [] ) {
		add( other.bucket, other.keys );
	}
	return out;
}

/**
 * The audit after each step, for the attachments `ids` (others on the site
 * are left out, so specs that ran before do not count):
 * - each of `buckets` holds, under wp-content/uploads/, exactly the keys the
 *   records name for it (nothing orphaned, nothing missing);
 * - each recorded object, in whatever bucket, holds the bytes WordPress
 *   last wrote for its file;
 * - every file WordPress lists for an attachment is on disk with those bytes
 *   or in a bucket: never in neither.
 * `docroots`: the web servers of the site (default: the test site alone); a
 * file may be on the disk of any of them. `listed`: the part of the bucket
 * compared (default wp-content/uploads/), and objects in it that are not
 * the site's (another site's, put there by the test).
 */
export async function expectBucketsMatchRecords(
	buckets: string[],
	ids: number[],
	step: string,
	docroots = [ siteDir() ],
	listed: { prefix?: string; notOurs?: string[] } = {}
): Promise< void > {
	const all = records( docroots[ 0 ] );
	const mine = all.filter( ( record ) => ids.includes( record.id ) );
	const seen = witnessed( docroots );
	for ( const bucket of buckets ) {
		const recorded = new Set< string >();
		for ( const record of all ) {
			for ( const object of recordedObjects( record ) ) {
				if ( object.bucket === bucket ) {
					recorded.add( object.key );
				}
			}
		}
		const held = await bucketKeys( bucket, listed.prefix );
		expect(
			held.filter( ( key ) => ! listed.notOurs?.includes( key ) ),
			`${ step }: bucket ${ bucket } holds exactly the recorded keys`
		).toEqual( [ ...recorded ].sort() );
	}
	for ( const record of mine ) {
		const objects = recordedObjects( record );
		for ( const object of objects ) {
			const expected = seen.get( `${ record.id }:${ object.file }` );
			expect(
				expected,
				`${ step }: attachment ${ record.id } records ${ object.file }, which WordPress never wrote for it`
			).toBeDefined();
			expect(
				await objectMd5( object.bucket, object.key ),
				`${ step }: ${ object.bucket }/${ object.key } holds the bytes of attachment ${ record.id }'s ${ object.file }`
			).toBe( expected );
		}
		for ( const file of record.files ) {
			const expected = seen.get( `${ record.id }:${ file }` );
			const locals = docroots
				.map( ( docroot ) =>
					join( docroot, 'wp-content', 'uploads', file )
				)
				.filter( ( local ) => existsSync( local ) );
			for ( const local of locals ) {
				if ( expected !== undefined ) {
					expect(
						md5( readFileSync( local ) ),
						`${ step }: local ${ local } of attachment ${ record.id }`
					).toBe( expected );
				}
			}
			if ( locals.length > 0 ) {
				continue;
			}
			const inBucket = objects.filter(
				( object ) => object.file === file
			);
			expect(
				inBucket.length,
				`${ step }: attachment ${ record.id }'s ${ file } is neither on disk nor recorded in S3`
			).toBeGreaterThan( 0 );
		}
	}
}
