/**
 * What the stress specs share: uploads and deletions many at a time, the
 * retry job run until nothing waits, the bucket checked key by key as its
 * owner, and the figures each spec reports (uploads, faults, retries,
 * objects verified). The site is the MariaDB one (tools/mariadb-site.ts).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type TestInfo } from '@playwright/test';

import type { LogEntry } from '../../tools/s3/front-client';
import type { WpSession } from '../support/wp-session';
import { frontClient, keysUnder } from '../integration/access-helpers';
import {
	cronState,
	filesOf,
	getAttachment,
	keyOf,
	localExists,
	localPath,
	mediaSessionWithGuideSettings,
	objectBytes,
	runRetryJob,
	uploadOk,
	uploadsDir,
	type Attachment,
} from '../integration/media-helpers';

/**
 * An administrator's REST session for the spec's tests, on a reset front
 * with the guide's settings saved; what the specs make they delete
 * themselves.
 */
export function adminSessionWithGuideSettings(): () => WpSession {
	return mediaSessionWithGuideSettings( async () => undefined );
}

/** Runs `work` over `items`, `concurrency` at a time; results in input order. */
export async function inParallel< T, R >(
	items: T[],
	concurrency: number,
	work: ( item: T, index: number ) => Promise< R >
): Promise< R[] > {
	const results: R[] = new Array( items.length );
	let next = 0;
	const worker = async (): Promise< void > => {
		while ( next < items.length ) {
			const index = next++;
			results[ index ] = await work( items[ index ] as T, index );
		}
	};
	await Promise.all(
		Array.from( { length: Math.min( concurrency, items.length ) }, worker )
	);
	return results;
}

export async function uploadMany(
	session: WpSession,
	files: Array< { name: string; data: Buffer } >,
	concurrency: number
): Promise< Attachment[] > {
	// WordPress core's wp_mkdir_p() answers "Unable to create directory" to a
	// request whose mkdir() lost the race to another one creating the same
	// month folder (it does not look again): made here first, so these specs
	// judge what the plugin does with uploads at once, not that race.
	const now = new Date();
	mkdirSync(
		join(
			uploadsDir(),
			String( now.getUTCFullYear() ),
			String( now.getUTCMonth() + 1 ).padStart( 2, '0' )
		),
		{ recursive: true }
	);
	return inParallel( files, concurrency, ( file ) =>
		uploadOk( session, file.name, 'image/jpeg', file.data )
	);
}

/** Attachments as WordPress shows them now (their `s3_media_sync` field included). */
export async function refresh(
	session: WpSession,
	attachments: Attachment[]
): Promise< Attachment[] > {
	return inParallel( attachments, 4, ( attachment ) =>
		getAttachment( session, attachment.id )
	);
}

/**
 * The retry job, as WP-Cron runs it, until no attachment and no deletion
 * waits (each run does a batch). Returns how many runs it took.
 */
export async function retryUntilDone(
	session: WpSession,
	waiting: () => Promise< number >,
	maxRuns = 20
): Promise< number > {
	let runs = 0;
	while ( ( await waiting() ) > 0 ) {
		expect( runs, 'the retry job finishes within its runs' ).toBeLessThan(
			maxRuns
		);
		await runRetryJob( session, 'all' );
		runs++;
	}
	return runs;
}

export function queuedDeletions(): number {
	return cronState().queue.length;
}

/**
 * Every file of every attachment is on disk and in the bucket with the same
 * bytes, under its key; returns the number of objects compared.
 */
export async function expectAllInBucket(
	attachments: Attachment[]
): Promise< number > {
	const files = attachments.flatMap( ( attachment ) =>
		filesOf( attachment )
	);
	const compared = await inParallel( files, 8, async ( file ) => {
		expect( localExists( file ), `local file ${ file } kept` ).toBe( true );
		const local = readFileSync( localPath( file ) );
		const remote = await objectBytes( keyOf( file ) );
		expect(
			remote.equals( local ),
			`${ keyOf( file ) }: ${ remote.length } bytes in S3, ${ local.length } on disk`
		).toBe( true );
		return 1;
	} );
	return compared.length;
}

/** Keys now in the bucket under the folders of these attachments' files. */
export async function keysInFolders(
	attachments: Attachment[]
): Promise< string[] > {
	const folders = new Set(
		attachments.flatMap( ( attachment ) =>
			filesOf( attachment ).map( ( file ) =>
				keyOf( file.slice( 0, file.lastIndexOf( '/' ) + 1 ) )
			)
		)
	);
	const keys: string[] = [];
	for ( const folder of folders ) {
		keys.push( ...( await keysUnder( folder ) ) );
	}
	return keys.sort();
}

/** PUTs the plugin sent since `seq`, grouped by key (attempts per object). */
export async function putsSince(
	seq: number,
	accessKeyId: string
): Promise< Map< string, LogEntry[] > > {
	const byKey = new Map< string, LogEntry[] >();
	for ( const entry of await frontClient().log( seq ) ) {
		if ( entry.method !== 'PUT' || entry.accessKeyId !== accessKeyId ) {
			continue;
		}
		if ( entry.query !== '' ) {
			continue; // ?acl and the like: not an object upload
		}
		const key = decodeURIComponent(
			entry.path.split( '/' ).slice( 2 ).join( '/' )
		);
		byKey.set( key, [ ...( byKey.get( key ) ?? [] ), entry ] );
	}
	return byKey;
}

/** Prints the spec's figures and attaches them to its report. */
export async function report(
	testInfo: TestInfo,
	figures: Record< string, unknown >
): Promise< void > {
	const line = JSON.stringify( figures );
	process.stdout.write( `  figures: ${ line }\n` );
	await testInfo.attach( 'figures', {
		body: line,
		contentType: 'application/json',
	} );
}
