/**
 * Benchmark row "bulk copy": the plugin copying a library that predates it
 * (500 files: 250 small JPEGs, each its original and one 150×150 thumbnail,
 * made while the plugin was not configured — tools/bench/bulk-sync.php)
 * against @aws-sdk/client-s3 PUTting the same files (same bytes, same
 * headers: Content-Type, Cache-Control, the ACL, Content-MD5) 16 at a time,
 * as the guide's user, under wp-content/uploads/sdk-bench/<run>/ (the guide's
 * policy allows wp-content/uploads/* only).
 *
 * The plugin's side is the copy job as the settings page starts it: POST
 * /sync/job {workers: 2} on a MariaDB site (the job's workers are loopback
 * requests of the site's web server, taking attachments by their claims),
 * timed from that request to the last S3 answer the plugin's user got (the
 * front's log), while GET /sync is read once a second until the job says
 * it is done. The SDK runs before and after it; the ratio uses the faster of
 * the two. A second, separate library is copied in one PHP process
 * (Bulk_Sync::batch() in a loop), for the note.
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
import { benchSite } from './bench-site';

const SCRIPT = join( ROOT, 'tools', 'bench', 'bulk-sync.php' );
const IMAGES = Number( process.env.S3MS_BENCH_BULK_IMAGES ?? 250 );
const SDK_CONCURRENCY = 16;
/** The job's default (Sync_Job::DEFAULT_WORKERS), as the settings page starts it. */
export const JOB_WORKERS = 2;
/** Attachments a batch of the one-process copy may take: Sync_Job::BATCH. */
const LIMIT = 5000;

export interface BenchFile {
	file: string;
	size: number;
	type: string;
}

export interface BulkCopyResult {
	files: number;
	bytes: number;
	/** The job: from POST /sync/job to the last S3 answer, ms. */
	jobMs: number;
	/** From POST /sync/job until GET /sync (read once a second) said done, ms. */
	jobDoneMs: number;
	jobPuts: number;
	jobLists: number;
	jobFailed: number;
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
	docroot: string,
	prefix: string
): Promise< { files: BenchFile[]; uploadsDir: string } > {
	const made = ( await bulkPhp( binary, docroot, [
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
	// Four PHP workers: the job's two and the page's look at GET /sync at once.
	const site = await benchSite( env, binary, 'bench-bulk', 4 );
	const dir = site.site.dir;

	// In one PHP process: a library of its own, copied first.
	const single = await createLibrary( binary, dir, 'bulk-php' );
	const inProcess = ( await bulkPhp( binary, dir, [
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

	// The job, against the SDK before and after.
	const { files, uploadsDir } = await createLibrary(
		binary,
		dir,
		'bulk-job'
	);
	const session = await logInOverHttp( site.site );
	const sdkMs = [ await sdkCopy( env, files, uploadsDir, 1 ) ];
	const seq = await front.lastSeq();
	const started = Date.now();
	const start = await session.rest( 'POST', '/s3-media-sync/v1/sync/job', {
		workers: JOB_WORKERS,
	} );
	if ( start.status() !== 200 ) {
		throw new Error(
			`POST /sync/job answered ${ start.status() }: ${ await start.text() }`
		);
	}
	let jobDoneMs = 0;
	for ( let i = 0; i < 300 && jobDoneMs === 0; i++ ) {
		await new Promise( ( resolve ) => setTimeout( resolve, 1000 ) );
		const answer = await session.rest( 'GET', '/s3-media-sync/v1/sync' );
		const job = (
			( await answer.json() ) as {
				job: { state: string; error: { message: string } | null };
			}
		 ).job;
		if ( job.state === 'done' ) {
			jobDoneMs = Date.now() - started;
		} else if ( job.state !== 'running' ) {
			throw new Error(
				`the copy job stopped: ${ JSON.stringify( job ) }`
			);
		}
	}
	if ( jobDoneMs === 0 ) {
		throw new Error( 'the copy job did not finish in 300 s' );
	}
	const log = await front.log( seq );
	const mine = log.filter(
		( entry ) => entry.accessKeyId === env.s3.user.accessKeyId
	);
	const lastAnswer = Math.max(
		...mine.map( ( entry ) => Date.parse( entry.time ) + entry.durationMs )
	);
	await session.dispose();
	sdkMs.push( await sdkCopy( env, files, uploadsDir, 2 ) );
	const failed = ( await bulkPhp( binary, dir, [ 'failed' ] ) ) as {
		failed: number;
	};

	return {
		files: files.length,
		bytes: files.reduce( ( sum, file ) => sum + file.size, 0 ),
		jobMs: lastAnswer - started,
		jobDoneMs,
		jobPuts: mine.filter(
			( entry ) => entry.method === 'PUT' && entry.status === 200
		).length,
		jobLists: mine.filter(
			( entry ) =>
				entry.method === 'GET' && entry.query.includes( 'list-type=2' )
		).length,
		jobFailed: failed.failed,
		sdkMs,
		inProcessMs: inProcess.ms,
		inProcessFiles: single.files.length,
		inProcessFailed: inProcess.failed,
	};
}
