/**
 * What the bulk-copy tests share: the library as it was before the plugin
 * (sync-fixtures.php, run with the php binary against the site's
 * wp-load.php), the batch loop the settings page runs (POST /sync/batch until
 * `remaining` is 0), the counts (GET /sync), the attachments' recorded keys
 * (the REST field `s3_media_sync`) and the bucket seen by its owner — through
 * the S3 front, or straight from moto while the front is down.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

import type { LogEntry } from '../../tools/s3/front-client';
import type { WpSession } from '../support/wp-session';
import { adminS3, s3 } from './access-helpers';
import {
	keyOf,
	localPath,
	siteDir,
	UPLOADS_KEY_PREFIX,
	type OffloadField,
} from './media-helpers';

export const SYNC_ROUTE = 's3-media-sync/v1/sync';
export const BATCH_ROUTE = 's3-media-sync/v1/sync/batch';

export interface SyncStatus {
	total: number;
	synced: number;
	pending: number;
	failed: number;
	failures: Array< {
		id: number;
		file: string;
		code: string;
		message: string;
	} >;
}

export interface BatchAnswer {
	processed: number[];
	failed: Array< { id: number; code: string; message: string } >;
	remaining: number;
}

export interface Fixture {
	id: number;
	mime: string;
	/** Files relative to the uploads folder, from the attachment metadata. */
	files: string[];
	/** The plugin's post meta right after creation ('' = none). */
	state: unknown;
}

export interface Library {
	parents: number[];
	attachments: Fixture[];
}

const FIXTURES = join( __dirname, 'sync-fixtures.php' );

function fixtures( ...args: string[] ): string {
	return execFileSync( 'php', [ FIXTURES, siteDir(), ...args ], {
		maxBuffer: 64 * 1024 * 1024,
		timeout: 110_000,
	} )
		.toString()
		.trim();
}

/**
 * Deletes the plugin's settings (not configured), then creates `count`
 * attachments named `<prefix>-NNN.<ext>` in four folders from `firstMonth`.
 */
export function createLibrary(
	count: number,
	prefix: string,
	firstMonth: string
): Library {
	return JSON.parse(
		fixtures( 'create', String( count ), prefix, firstMonth )
	) as Library;
}

/** Offload_State::forget for each: as if never copied. */
export function forgetState( ids: number[] ): void {
	fixtures( 'forget', ...ids.map( String ) );
}

/** wp_delete_attachment( id, true ) / wp_delete_post( id, true ), in one PHP process. */
export function deletePosts( ids: number[] ): number {
	if ( ids.length === 0 ) {
		return 0;
	}
	return (
		JSON.parse( fixtures( 'delete', ...ids.map( String ) ) ) as {
			deleted: number;
		}
	 ).deleted;
}

/** deletePosts, and how long it took, in the spec's output. */
export function deleteAndReport( ids: number[] ): void {
	const started = Date.now();
	const deleted = deletePosts( ids );
	console.log(
		`    cleanup: ${ deleted } posts deleted in ${ Date.now() - started } ms`
	);
}

/* ---------- REST ---------- */

export async function syncStatus( session: WpSession ): Promise< SyncStatus > {
	const response = await session.rest( 'GET', SYNC_ROUTE );
	const text = await response.text();
	expect( response.status(), `GET /sync answered ${ text }` ).toBe( 200 );
	return JSON.parse( text ) as SyncStatus;
}

export async function postBatch(
	session: WpSession,
	limit: number
): Promise< { status: number; body: string } > {
	const response = await session.http.post( `/wp-json/${ BATCH_ROUTE }`, {
		headers: {
			'X-WP-Nonce': session.nonce,
			'Content-Type': 'application/json',
		},
		data: JSON.stringify( { limit } ),
		timeout: 90_000,
	} );
	return { status: response.status(), body: await response.text() };
}

export async function batch(
	session: WpSession,
	limit: number
): Promise< BatchAnswer > {
	const { status, body } = await postBatch( session, limit );
	expect( status, `POST /sync/batch answered ${ body }` ).toBe( 200 );
	const answer = JSON.parse( body ) as BatchAnswer;
	expect( answer.processed.length ).toBeLessThanOrEqual( limit );
	return answer;
}

/**
 * The settings page's loop: batches until `remaining` is 0. `between` runs
 * after each batch (with its index), for the outage test.
 */
export async function runToEnd(
	session: WpSession,
	limit: number,
	between?: ( index: number, answer: BatchAnswer ) => Promise< void >
): Promise< BatchAnswer[] > {
	const answers: BatchAnswer[] = [];
	for ( let index = 0; index < 200; index++ ) {
		const answer = await batch( session, limit );
		answers.push( answer );
		console.log(
			`    batch ${ index + 1 }: processed ${ answer.processed.length }, ` +
				`failed ${ answer.failed.length }${
					answer.failed[ 0 ]
						? ` (${ answer.failed[ 0 ].code }: ${ answer.failed[ 0 ].message })`
						: ''
				}, remaining ${ answer.remaining }`
		);
		if ( between ) {
			await between( index, answer );
		}
		if ( answer.remaining === 0 ) {
			return answers;
		}
		expect(
			answer.processed.length,
			'a batch that leaves work makes progress'
		).toBeGreaterThan( 0 );
	}
	throw new Error( 'The batch loop did not end after 200 batches' );
}

/** Each ID of `ids` was tried exactly once in the run. */
export function expectTriedOnce( answers: BatchAnswer[], ids: number[] ): void {
	const tried = answers.flatMap( ( answer ) => answer.processed );
	const counts = new Map< number, number >();
	for ( const id of tried ) {
		counts.set( id, ( counts.get( id ) ?? 0 ) + 1 );
	}
	const twice = [ ...counts ].filter( ( [ , n ] ) => n > 1 );
	expect( twice, 'attachments tried more than once in one run' ).toEqual(
		[]
	);
	const missed = ids.filter( ( id ) => ! counts.has( id ) );
	expect( missed, 'attachments the run never tried' ).toEqual( [] );
}

/** The `s3_media_sync` field of each attachment, by ID (GET /wp/v2/media, 100 a page). */
export async function offloadFields(
	session: WpSession,
	ids: number[]
): Promise< Map< number, OffloadField > > {
	const fields = new Map< number, OffloadField >();
	for ( let start = 0; start < ids.length; start += 100 ) {
		const page = ids.slice( start, start + 100 );
		const response = await session.rest(
			'GET',
			`wp/v2/media?context=edit&per_page=100&_fields=id,s3_media_sync&include=${ page.join(
				','
			) }`
		);
		const text = await response.text();
		expect( response.status(), `GET /wp/v2/media answered ${ text }` ).toBe(
			200
		);
		for ( const item of JSON.parse( text ) as Array< {
			id: number;
			s3_media_sync: OffloadField;
		} > ) {
			fields.set( item.id, item.s3_media_sync );
		}
	}
	expect( [ ...fields.keys() ].sort( ( a, b ) => a - b ) ).toEqual(
		[ ...ids ].sort( ( a, b ) => a - b )
	);
	return fields;
}

/* ---------- The bucket ---------- */

export interface ObjectInfo {
	size: number;
	etag: string;
}

async function listUnder(
	client: S3Client,
	prefix: string
): Promise< Map< string, ObjectInfo > > {
	const objects = new Map< string, ObjectInfo >();
	let token: string | undefined;
	do {
		const page = await client.send(
			new ListObjectsV2Command( {
				Bucket: s3().bucket,
				Prefix: prefix,
				...( token === undefined ? {} : { ContinuationToken: token } ),
			} )
		);
		for ( const object of page.Contents ?? [] ) {
			if ( object.Key !== undefined ) {
				objects.set( object.Key, {
					size: object.Size ?? -1,
					etag: ( object.ETag ?? '' ).replace( /"/g, '' ),
				} );
			}
		}
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while ( token !== undefined );
	return objects;
}

/** moto itself, as the bucket owner: the bucket's truth while the front is down. */
export function motoAdminS3(): S3Client {
	return adminS3( s3().motoUrl );
}

/**
 * The objects whose file name starts with `<prefix>-` in `folders`
 * (uploads-relative, `2019/01/`), listed by the bucket owner: only this
 * test's objects, whatever other tests left in the bucket.
 */
export async function bucketObjects(
	folders: string[],
	prefix: string,
	client: S3Client = adminS3()
): Promise< Map< string, ObjectInfo > > {
	const mine = new Map< string, ObjectInfo >();
	for ( const folder of folders ) {
		for ( const [ key, info ] of await listUnder(
			client,
			UPLOADS_KEY_PREFIX + folder
		) ) {
			if (
				key
					.slice( key.lastIndexOf( '/' ) + 1 )
					.startsWith( `${ prefix }-` )
			) {
				mine.set( key, info );
			}
		}
	}
	return mine;
}

export function foldersOf( library: Library ): string[] {
	return [
		...new Set(
			library.attachments.flatMap( ( attachment ) =>
				attachment.files.map( ( file ) =>
					file.slice( 0, file.lastIndexOf( '/' ) + 1 )
				)
			)
		),
	].sort();
}

/** Every key the library should have in S3, each with the local file's size and MD5. */
export function expectedObjects(
	attachments: Fixture[]
): Map< string, ObjectInfo > {
	const expected = new Map< string, ObjectInfo >();
	for ( const attachment of attachments ) {
		for ( const file of attachment.files ) {
			const bytes = readFileSync( localPath( file ) );
			expected.set( keyOf( file ), {
				size: bytes.length,
				etag: createHash( 'md5' ).update( bytes ).digest( 'hex' ),
			} );
		}
	}
	return expected;
}

/* ---------- The front's log ---------- */

export function keyOfEntry( entry: LogEntry ): string {
	const bucket = `/${ s3().bucket }/`;
	return entry.path.startsWith( bucket )
		? decodeURIComponent( entry.path.slice( bucket.length ) )
		: '';
}

/** The plugin's (the guide user's) object PUTs, by key. */
export function putsByKey(
	entries: LogEntry[],
	onlySuccessful = false
): Map< string, number > {
	const counts = new Map< string, number >();
	for ( const entry of entries ) {
		if (
			entry.method !== 'PUT' ||
			entry.accessKeyId !== s3().user.accessKeyId ||
			/(^|&)acl(=|&|$)/.test( entry.query ) ||
			( onlySuccessful && entry.status !== 200 )
		) {
			continue;
		}
		const key = keyOfEntry( entry );
		counts.set( key, ( counts.get( key ) ?? 0 ) + 1 );
	}
	return counts;
}

/** ListObjectsV2 requests of the plugin, with the prefix each listed. */
export function listings( entries: LogEntry[] ): string[] {
	return entries
		.filter(
			( entry ) =>
				entry.method === 'GET' &&
				entry.accessKeyId === s3().user.accessKeyId &&
				keyOfEntry( entry ) === '' &&
				/(^|&)list-type=2(&|$)/.test( entry.query )
		)
		.map( ( entry ) =>
			decodeURIComponent(
				/(?:^|&)prefix=([^&]*)/.exec( entry.query )?.[ 1 ] ?? ''
			)
		);
}
