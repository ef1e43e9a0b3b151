/**
 * `npm run bench`: the budgets of docs/performance-budgets.md, measured side
 * by side in one run against the local S3 behind the front with 40 ms added to
 * every request (standing in for the real network). Prints one table:
 * budget, measured, pass/fail. Not a test: CI does not run it.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

import { cpus } from 'node:os';

import {
	startEnvironment,
	configurePlugin,
	type Environment,
} from './environment';
import { freePort } from './lib/network';
import { ROOT } from './lib/paths';
import { run, stopAll, stopAllOnExit } from './lib/processes';
import { FrontClient, type LogEntry } from './s3/front-client';
import { benchBulkCopy, JOB_WORKERS } from './bench/bulk-copy';
import { benchScale } from './bench/scale';
import { benchPeer } from './bench/peer';
import { benchPrivateCache } from './bench/private-cache';
import { median, type Row } from './bench/row';
import { ensurePhp } from './wp/php';

const LATENCY_MS = Number( process.env.S3MS_BENCH_LATENCY ?? 40 );
const BIG_FILE_MB = Number( process.env.S3MS_BENCH_BIG_FILE_MB ?? 1024 );
const PAIRS = Number( process.env.S3MS_BENCH_PAIRS ?? 40 );

/** `npm run bench -- --only=offload,bulk`: measure some budgets only (while working on one). */
const MEASURES = [
	'offload',
	'delete',
	'bulk',
	'render',
	'private',
	'presign',
	'memory',
	'access',
	'script',
	'scale',
	'peer',
] as const;
/** `--files=N`: the size of the `scale` row's library (default 100,000). */
const SCALE_FILES = Number(
	process.argv
		.find( ( arg ) => arg.startsWith( '--files=' ) )
		?.slice( '--files='.length ) ?? 100_000
);
/** `--peer=<path>`: a WP Offload Media Lite checkout to measure beside the plugin (outside CI). */
const PEER =
	process.argv
		.find( ( arg ) => arg.startsWith( '--peer=' ) )
		?.slice( '--peer='.length ) ?? null;
const ONLY = process.argv
	.filter( ( arg ) => arg.startsWith( '--only=' ) )
	.flatMap( ( arg ) => arg.slice( '--only='.length ).split( ',' ) );
for ( const name of ONLY ) {
	if ( ! ( MEASURES as readonly string[] ).includes( name ) ) {
		throw new Error(
			`Unknown measure "${ name }": choose from ${ MEASURES.join( ', ' ) }.`
		);
	}
}
function wanted( measure: ( typeof MEASURES )[ number ] ): boolean {
	return ONLY.length === 0 || ONLY.includes( measure );
}

type PhpAnswer = Record< string, number | string | boolean | null | unknown[] >;

async function php( script: string, args: string[] ): Promise< PhpAnswer > {
	const { binary } = await ensurePhp();
	const output = await run( binary, [
		'-d',
		'memory_limit=512M',
		join( ROOT, 'tools', 'bench', script ),
		...args,
	] );
	const line = output.trim().split( '\n' ).pop() ?? '{}';
	return JSON.parse( line ) as PhpAnswer;
}

async function timePage( url: string ): Promise< number > {
	const start = process.hrtime.bigint();
	const response = await fetch( url );
	await response.text();
	return Number( process.hrtime.bigint() - start ) / 1e6;
}

/** A line of progress while the long rows run. */
function progress( line: string ): void {
	process.stdout.write( `${ line }\n` );
}

interface Bench {
	env: Environment;
	front: FrontClient;
	binary: string;
}

/**
 * Where the parallel PUTs' time goes, from the front's log: before the first
 * request arrives, and after the last answer is sent until put() returns
 * (the front's latency is inside the requests, not in these).
 */
function offloadEdges(
	windows: Array< [ number, number ] >,
	log: LogEntry[]
): { leadMs: number; tailMs: number } {
	const lead: number[] = [];
	const tail: number[] = [];
	for ( const [ start, end ] of windows ) {
		const inside = log.filter( ( entry ) => {
			const at = Date.parse( entry.time ) / 1000;
			return entry.method === 'PUT' && at >= start - 0.002 && at <= end;
		} );
		if ( inside.length === 0 ) {
			continue;
		}
		const first = Math.min(
			...inside.map( ( e ) => Date.parse( e.time ) )
		);
		const last = Math.max(
			...inside.map( ( e ) => Date.parse( e.time ) + e.durationMs )
		);
		lead.push( first - start * 1000 );
		tail.push( end * 1000 - last );
	}
	return { leadMs: median( lead ), tailMs: median( tail ) };
}

async function measureOffload( { env, front }: Bench ): Promise< Row[] > {
	const seq = await front.lastSeq();
	const offload = await php( 'offload.php', [ env.site.dir, '9' ] );
	const edges = offloadEdges(
		offload.windows as unknown as Array< [ number, number ] >,
		await front.log( seq )
	);
	const parallelRatio =
		Number( offload.parallel_ms ) / Number( offload.single_ms );
	const serialRatio =
		Number( offload.serial_ms ) / Number( offload.single_ms );
	return [
		{
			budget: `image with all sizes (${ offload.files } files) ÷ one PUT of its largest`,
			measured: `${ parallelRatio.toFixed( 2 ) } (${ Number( offload.parallel_ms ).toFixed( 0 ) } ms ÷ ${ Number( offload.single_ms ).toFixed( 0 ) } ms); one after another, as peer plugins upload: ${ serialRatio.toFixed( 2 ) }`,
			limit: '≤ 1.3',
			pass: parallelRatio <= 1.3,
			note: `before the first PUT arrives at the front: ${ edges.leadMs.toFixed( 1 ) } ms, after the last answer until put() returns: ${ edges.tailMs.toFixed( 1 ) } ms (medians, front log at 1 ms); one after another: ${ Number( offload.serial_ms ).toFixed( 0 ) } ms; ${ ( Number( offload.bytes ) / 1048576 ).toFixed( 1 ) } MB in all, largest ${ ( Number( offload.largest_bytes ) / 1048576 ).toFixed( 1 ) } MB; medians of 9 interleaved runs`,
		},
	];
}

async function measureDelete( { env, front }: Bench ): Promise< Row[] > {
	const seq = await front.lastSeq();
	const runs = 9;
	const deleted = await php( 'delete.php', [ env.site.dir, String( runs ) ] );
	const deletes = ( await front.log( seq ) ).filter(
		( entry ) => entry.method === 'DELETE' && entry.status === 204
	).length;
	const ratio = Number( deleted.all_ms ) / Number( deleted.single_ms );
	return [
		{
			budget: `deleting an image with all sizes (${ String( deleted.files ) } files) ÷ one DELETE`,
			measured: `${ ratio.toFixed( 2 ) } (${ Number( deleted.all_ms ).toFixed( 0 ) } ms ÷ ${ Number( deleted.single_ms ).toFixed( 0 ) } ms)`,
			limit: '≤ 1.5',
			pass:
				ratio <= 1.5 &&
				deletes === runs * ( Number( deleted.files ) + 1 ),
			note: `Attachment_Deleter::delete() timed alone; ${ deletes } DELETEs answered 204 (expected ${ runs * ( Number( deleted.files ) + 1 ) }); medians of ${ runs } interleaved runs`,
		},
	];
}

async function measureBulk( { env, binary }: Bench ): Promise< Row[] > {
	const bulk = await benchBulkCopy( env, binary );
	const jobRate = bulk.files / ( bulk.jobMs / 1000 );
	const sdkRate = bulk.files / ( Math.min( ...bulk.sdkMs ) / 1000 );
	const bulkRatio = jobRate / sdkRate;
	const inProcessRate = bulk.inProcessFiles / ( bulk.inProcessMs / 1000 );
	return [
		{
			budget: `bulk copy of ${ bulk.files } files (250 JPEGs × original + thumbnail) by the copy job as the settings page starts it (${ JOB_WORKERS } workers) ÷ SDK with 16 parallel PUTs`,
			measured: `${ bulkRatio.toFixed( 2 ) } (${ jobRate.toFixed( 0 ) } ÷ ${ sdkRate.toFixed( 0 ) } files/s)`,
			// The first release's budget: at 500 files the job's start weighs (docs/performance-budgets.md); 0.8 is judged by `scale`.
			limit: '≥ 0.6',
			pass:
				bulkRatio >= 0.6 &&
				bulk.jobFailed === 0 &&
				bulk.jobPuts === bulk.files,
			note: `POST /sync/job to the last S3 answer ${ ( bulk.jobMs / 1000 ).toFixed( 2 ) } s (GET /sync, read once a second, said done after ${ ( bulk.jobDoneMs / 1000 ).toFixed( 0 ) } s), MariaDB site; ${ bulk.jobPuts } PUTs + ${ bulk.jobLists } ListObjectsV2, ${ bulk.jobFailed } attachments not synced; SDK runs ${ bulk.sdkMs.map( ( ms ) => ( ms / 1000 ).toFixed( 2 ) ).join( ' s, ' ) } s; one PHP process (Bulk_Sync::batch() in a loop, another ${ bulk.inProcessFiles } files): ${ inProcessRate.toFixed( 0 ) } files/s = ${ ( inProcessRate / sdkRate ).toFixed( 2 ) } of the SDK; ${ ( bulk.bytes / bulk.files / 1024 ).toFixed( 1 ) } KB a file`,
		},
	];
}

async function measureRender(
	{ env, front, binary }: Bench,
	setup: Record< string, unknown >
): Promise< Row[] > {
	const url = String( setup.url );
	const before = await front.lastSeq();
	// Interleaved request by request (the setting flipped between them), so the
	// machine's drift touches both sides alike; medians of many pairs.
	const on: number[] = [];
	const off: number[] = [];
	for ( let pair = 0; pair < PAIRS; pair++ ) {
		for ( const serve of pair % 2 ? [ true, false ] : [ false, true ] ) {
			await configurePlugin( binary, env.site.dir, {
				serve_from_s3: serve,
			} );
			await timePage( url ); // warm this setting's caches
			( serve ? on : off ).push( await timePage( url ) );
		}
	}
	const s3Requests = ( await front.lastSeq() ) - before;
	// The page as visitors get it, serving on (the loop may have ended with it off).
	await configurePlugin( binary, env.site.dir, { serve_from_s3: true } );
	const html = await ( await fetch( url ) ).text();
	// Whole pages over HTTP are too noisy on a shared machine to judge 3 %:
	// the rewriting itself is timed in one process, render by render, and
	// set against the page's generation time.
	const content = await php( 'render-overhead.php', [ env.site.dir, '61' ] );
	const added = Number( content.on_ms ) - Number( content.off_ms );
	const overhead = added / median( off );
	return [
		{
			budget: 'page with 100 images: generation time added by URL rewriting, with a wp_get_attachment_url listener at priority 20 and an s3_media_sync_served_url listener',
			measured: `${ ( overhead * 100 ).toFixed( 1 ) } % (+${ added.toFixed( 2 ) } ms on a ${ median( off ).toFixed( 1 ) } ms page)`,
			limit: '≤ 3 %',
			pass: overhead <= 0.03,
			note: `the listeners ran ${ String( content.listener_calls_per_render ) } (core) and ${ String( content.served_url_calls_per_render ) } (served URL) times a render; ${ String( setup.synced ) }/10 images synced; rendered content: ${ String( content.s3_urls ) } S3 URLs, ${ String( content.local_urls ) } local; whole pages over HTTP, interleaved: ${ ( ( median( on ) / median( off ) - 1 ) * 100 ).toFixed( 1 ) } % (${ median( on ).toFixed( 1 ) } vs ${ median( off ).toFixed( 1 ) } ms); S3 URLs in the page: ${ html.includes( env.s3.endpoint ) }`,
		},
		{
			budget: 'S3 requests made while rendering pages',
			measured: String( s3Requests ),
			limit: '0',
			pass: s3Requests === 0,
			note: `${ PAIRS * 4 } page views`,
		},
	];
}

async function measurePresign( { env }: Bench ): Promise< Row[] > {
	const presign = await php( 'presign.php', [ env.site.dir, '20000' ] );
	return [
		{
			budget: 'presigning one URL',
			measured: `${ Number( presign.per_url_us ).toFixed( 1 ) } µs`,
			limit: '≤ 30 µs',
			pass: Number( presign.per_url_us ) <= 30,
		},
	];
}

async function measureMemory( { env }: Bench ): Promise< Row[] > {
	const memory = await php( 'memory.php', [
		env.site.dir,
		String( BIG_FILE_MB ),
	] );
	return [
		{
			budget: `PHP peak memory (VmHWM) above idle, offloading a ${ BIG_FILE_MB } MB file`,
			measured: `${ Number( memory.above_mb ).toFixed( 1 ) } MB in ${ Number( memory.seconds ).toFixed( 1 ) } s`,
			limit: '< 64 MB',
			pass: Boolean( memory.ok ) && Number( memory.above_mb ) < 64,
			...( memory.ok ? {} : { note: String( memory.error ) } ),
		},
	];
}

async function measureAccess( { env, front }: Bench ): Promise< Row[] > {
	const before = await front.lastSeq();
	const result = await php( 'access-test.php', [ env.site.dir ] );
	const requests = ( await front.lastSeq() ) - before;
	return [
		{
			budget: 'Test S3 Access: S3 requests on the success path',
			measured: String( requests ),
			limit: '≤ 10',
			pass: result.ok === true && requests <= 10,
			note: `outcome: ${ String( result.category ) }, ${ String( result.checks ) } checks passed`,
		},
	];
}

function measureScript(): Row[] {
	const gzipped = gzipSync(
		readFileSync( join( ROOT, 'build', 'settings.js' ) )
	).length;
	return [
		{
			budget: 'settings page script, gzipped',
			measured: `${ ( gzipped / 1024 ).toFixed( 1 ) } KB`,
			limit: '≤ 15 KB',
			pass: gzipped <= 15 * 1024,
		},
	];
}

async function main(): Promise< void > {
	stopAllOnExit();
	const started = Date.now();
	await run( 'npx', [ 'wp-scripts', 'build' ], { cwd: ROOT } );
	const env = await startEnvironment( {
		name: 'bench',
		fresh: true,
		bucket: 'media-sync-bench',
		configurePlugin: true,
		ports: {
			site: await freePort(),
			s3: await freePort(),
			s3Control: await freePort(),
			moto: await freePort(),
		},
	} );
	const front = new FrontClient( env.s3.controlUrl );
	const bench: Bench = { env, front, binary: ( await ensurePhp() ).binary };
	const rows: Row[] = [];

	if ( wanted( 'access' ) ) {
		rows.push( ...( await measureAccess( bench ) ) );
	}
	// Page rendering: set up with no latency (setup is not measured), then time with it.
	const setup = wanted( 'render' )
		? await php( 'render-setup.php', [ env.site.dir ] )
		: {};
	await front.latency( LATENCY_MS );
	if ( wanted( 'offload' ) ) {
		rows.push( ...( await measureOffload( bench ) ) );
	}
	if ( wanted( 'delete' ) ) {
		rows.push( ...( await measureDelete( bench ) ) );
	}
	if ( wanted( 'bulk' ) ) {
		rows.push( ...( await measureBulk( bench ) ) );
	}
	if ( wanted( 'render' ) ) {
		rows.push( ...( await measureRender( bench, setup ) ) );
	}
	if ( wanted( 'private' ) ) {
		rows.push(
			...( await benchPrivateCache(
				env,
				bench.binary,
				front,
				( script ) => php( script, [ env.site.dir ] )
			) )
		);
	}
	if ( wanted( 'presign' ) ) {
		rows.push( ...( await measurePresign( bench ) ) );
	}
	if ( wanted( 'memory' ) ) {
		rows.push( ...( await measureMemory( bench ) ) );
	}
	if ( wanted( 'script' ) ) {
		rows.push( ...measureScript() );
	}
	if ( wanted( 'peer' ) ) {
		rows.push(
			...( await benchPeer( env, bench.binary, front, PEER, progress ) )
		);
	}
	if ( wanted( 'scale' ) ) {
		rows.push(
			...( await benchScale(
				env,
				bench.binary,
				front,
				SCALE_FILES,
				progress
			) )
		);
	}

	await stopAll();
	process.stdout.write(
		`\nBenchmark (S3 front latency ${ LATENCY_MS } ms a request; moto with IAM, ${ cpus().length } CPUs; ${ ( ( Date.now() - started ) / 60000 ).toFixed( 1 ) } min)\n\n`
	);
	process.stdout.write(
		'| budget | measured | limit | result |\n| --- | --- | --- | --- |\n'
	);
	for ( const row of rows ) {
		process.stdout.write(
			`| ${ row.budget } | ${ row.measured } | ${ row.limit } | ${ row.pass ? 'pass' : 'FAIL' } |\n` +
				( row.note ? `|   ${ row.note } | | | |\n` : '' )
		);
	}
	process.exitCode = rows.every( ( row ) => row.pass ) ? 0 : 1;
}

main().catch( async ( error: unknown ) => {
	process.stderr.write(
		`${ error instanceof Error ? ( error.stack ?? error.message ) : String( error ) }\n`
	);
	await stopAll();
	process.exit( 1 );
} );
