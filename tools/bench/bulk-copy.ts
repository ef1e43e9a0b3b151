/**
 * Benchmark row "bulk copy": the plugin copying a library that predates it
 * (500 files: 250 small JPEGs, each its original and one 150×150 thumbnail,
 * made while the plugin was not configured — tools/bench/bulk-sync.php)
 * against @aws-sdk/client-s3 PUTting the same files (same bytes, same
 * headers: Content-Type, Cache-Control, the ACL, Content-MD5) 16 at a time,
 * as the guide's user, under wp-content/uploads/sdk-bench/<run>/ (the guide's
 * policy allows wp-content/uploads/* only).
 *
 * The plugin's side is the settings page's loop over REST: POST /sync/batch
 * {limit: BATCH_SIZE, the page's own constant} until `remaining` is 0, so every batch pays a WordPress
 * bootstrap, as it does for a user. The SDK runs before and after it; the
 * ratio uses the faster of the two. A second, separate library is copied in
 * one PHP process (Bulk_Sync::batch(100) in a loop), for the note.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

import type { Environment } from '../environment';
import { ROOT } from '../lib/paths';
import { run } from '../lib/processes';
import { FrontClient } from '../s3/front-client';
import { logInOverHttp } from '../../tests/support/wp-session';
import { BATCH_SIZE } from '../../src/settings/batch-size';

const SCRIPT = join( ROOT, 'tools', 'bench', 'bulk-sync.php' );
const IMAGES = Number( process.env.S3MS_BENCH_BULK_IMAGES ?? 250 );
const SDK_CONCURRENCY = 16;
/** What the settings page asks for: the copy is measured as users run it. */
const LIMIT = BATCH_SIZE;

export interface BenchFile {
	file: string;
	size: number;
	type: string;
}

export interface BulkCopyResult {
	files: number;
	bytes: number;
	/** REST loop, ms. */
	restMs: number;
	restBatches: number;
	restPuts: number;
	restLists: number;
	restFailed: number;
	/** The SDK's two runs, ms. */
	sdkMs: number[];
	/** One PHP process, ms, and its files. */
	inProcessMs: number;
	inProcessFiles: number;
	inProcessFailed: number;
}

async function bulkPhp(
	binary: string,
	docroot: string,
	args: string[]
): Promise< unknown > {
	const output = await run( binary, [
		'-d',
		'memory_limit=512M',
		SCRIPT,
		docroot,
		...args,
	] );
	return JSON.parse( output.trim().split( '\n' ).pop() ?? '{}' );
}

async function createLibrary(
	binary: string,
	env: Environment,
	prefix: string
): Promise< { files: BenchFile[]; uploadsDir: string } > {
	const made = ( await bulkPhp( binary, env.site.dir, [
		'create',
		String( IMAGES ),
		prefix,
	] ) ) as { files: BenchFile[]; uploads_dir: string };
	return { files: made.files, uploadsDir: made.uploads_dir };
}

/** The SDK doing what the plugin does: the same PUTs, 16 in flight. */
export async function sdkCopy(
	env: Environment,
	files: BenchFile[],
	uploadsDir: string,
	round: number
): Promise< number > {
	const client = new S3Client( {
		endpoint: env.s3.endpoint,
		region: env.s3.region,
		forcePathStyle: true,
		credentials: { ...env.s3.user },
		// Content-MD5, as the plugin sends, and no extra CRC32 on top.
		requestChecksumCalculation: 'WHEN_REQUIRED',
	} );
	// Files are read as the PUTs go, like the plugin streams them from disk.
	let next = 0;
	const started = process.hrtime.bigint();
	const worker = async (): Promise< void > => {
		while ( next < files.length ) {
			const file = files[ next++ ]!;
			const body = readFileSync( join( uploadsDir, file.file ) );
			await client.send(
				new PutObjectCommand( {
					Bucket: env.s3.bucket,
					Key: `wp-content/uploads/sdk-bench/${ round }/${ file.file }`,
					Body: body,
					ContentType: file.type,
					CacheControl: 'public, max-age=31536000, immutable',
					ACL: 'public-read',
					ContentMD5: createHash( 'md5' )
						.update( body )
						.digest( 'base64' ),
				} )
			);
		}
	};
	await Promise.all(
		Array.from( { length: SDK_CONCURRENCY }, () => worker() )
	);
	const ms = Number( process.hrtime.bigint() - started ) / 1e6;
	client.destroy();
	return ms;
}

export async function benchBulkCopy(
	env: Environment,
	binary: string
): Promise< BulkCopyResult > {
	const front = new FrontClient( env.s3.controlUrl );

	// In one PHP process: a library of its own, copied first.
	const single = await createLibrary( binary, env, 'bulk-php' );
	const inProcess = ( await bulkPhp( binary, env.site.dir, [
		'sync',
		String( LIMIT ),
	] ) ) as {
		ms: number;
		tried: number;
		failed: number;
		error: string | null;
	};
	if ( inProcess.failed > 0 ) {
		throw new Error(
			`bulk copy in one process failed: ${ inProcess.error }`
		);
	}

	// Over REST, against the SDK before and after.
	const { files, uploadsDir } = await createLibrary(
		binary,
		env,
		'bulk-rest'
	);
	const session = await logInOverHttp( env.site );
	const sdkMs = [ await sdkCopy( env, files, uploadsDir, 1 ) ];
	const seq = await front.lastSeq();
	let batches = 0;
	let failed = 0;
	const started = process.hrtime.bigint();
	for (;;) {
		const response = await session.http.post(
			'/wp-json/s3-media-sync/v1/sync/batch',
			{
				headers: {
					'X-WP-Nonce': session.nonce,
					'Content-Type': 'application/json',
				},
				data: JSON.stringify( { limit: LIMIT } ),
				timeout: 120_000,
			}
		);
		const text = await response.text();
		if ( response.status() !== 200 ) {
			throw new Error(
				`POST /sync/batch answered ${ response.status() }: ${ text }`
			);
		}
		const answer = JSON.parse( text ) as {
			processed: number[];
			failed: unknown[];
			remaining: number;
		};
		batches++;
		failed += answer.failed.length;
		if ( answer.remaining === 0 || answer.processed.length === 0 ) {
			break;
		}
	}
	const restMs = Number( process.hrtime.bigint() - started ) / 1e6;
	const log = await front.log( seq );
	const mine = log.filter(
		( entry ) => entry.accessKeyId === env.s3.user.accessKeyId
	);
	await session.dispose();
	sdkMs.push( await sdkCopy( env, files, uploadsDir, 2 ) );

	return {
		files: files.length,
		bytes: files.reduce( ( sum, file ) => sum + file.size, 0 ),
		restMs,
		restBatches: batches,
		restPuts: mine.filter(
			( entry ) => entry.method === 'PUT' && entry.status === 200
		).length,
		restLists: mine.filter(
			( entry ) =>
				entry.method === 'GET' && entry.query.includes( 'list-type=2' )
		).length,
		restFailed: failed,
		sdkMs,
		inProcessMs: inProcess.ms,
		inProcessFiles: single.files.length,
		inProcessFailed: inProcess.failed,
	};
}
