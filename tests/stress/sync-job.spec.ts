/**
 * The bulk copy as a job of the server (docs/rest-api.md, docs/failure-rules.md),
 * on the MariaDB site (several database writers, six PHP workers): started
 * over REST it runs to the end with no browser — the test only reads
 * GET /sync; two workers at once never take the same attachment; a worker
 * killed with SIGKILL in the middle of its batch (its PUTs held by the
 * front's stall fault) leaves claims that expire, and the job finishes with
 * every key PUT once; a second administrator pauses the job the first
 * started, and the first resumes it; the web server killed while the job's
 * workers are mid-batch and started again: the job goes on by itself.
 *
 * Each test makes a small library while the plugin is not configured
 * (integration/sync-fixtures.php), configures it, and checks the bucket
 * against the records and the front's log.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
	existsSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

import { readRunState } from '../../tools/lib/run-state';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import {
	frontClient,
	guideSettings,
	resetEnvironment,
	s3,
	saveSettings,
	uniqueName,
} from '../integration/access-helpers';
import { createUser, deleteUser } from '../integration/hostile-helpers';
import { keyOf, siteDir } from '../integration/media-helpers';
import {
	bucketObjects,
	createLibrary,
	deleteAndReport,
	foldersOf,
	offloadFields,
	putsByKey,
	SYNC_ROUTE,
	type Library,
	type SyncStatus,
} from '../integration/sync-helpers';

test.describe.configure( { mode: 'serial' } );

const HELPER = join( __dirname, 'sync-job.php' );
const JOB_ROUTE = `${ SYNC_ROUTE }/job`;

interface Job {
	state: 'idle' | 'running' | 'paused' | 'done';
	workers: number;
	started: number;
	total: number;
	remaining: number;
	last_work: number;
	error: { code: string; message: string } | null;
}

interface WorkerAnswer {
	pid: number;
	processed: number[];
	failed: Array< { id: number; code: string; message: string } >;
	remaining: number;
}

let session: WpSession;
const toDelete: number[] = [];

test.beforeAll( async () => {
	session = await logInOverHttp( readRunState().site );
	await resetEnvironment();
} );

test.afterAll( async () => {
	await resetEnvironment();
	deleteAndReport( toDelete.splice( 0 ) );
	await session.dispose();
} );

test.afterEach( async () => {
	await frontClient().reset();
} );

/** The names of each library's files start with its prefix. */
const prefixes = new Map< Library, string >();

async function library( count: number, month: string ): Promise< Library > {
	const prefix = uniqueName( 'job' );
	const made = createLibrary( count, prefix, month );
	prefixes.set( made, prefix );
	toDelete.push( ...made.attachments.map( ( a ) => a.id ), ...made.parents );
	expect( made.attachments ).toHaveLength( count );
	await saveSettings( session, guideSettings() );
	return made;
}

function helper( ...args: string[] ): Promise< string > {
	return promisify( execFile )( 'php', [ HELPER, siteDir(), ...args ], {
		timeout: 110_000,
	} ).then( ( { stdout } ) => stdout.trim() );
}

async function status(
	who: WpSession = session
): Promise< SyncStatus & { job: Job } > {
	const response = await who.rest( 'GET', SYNC_ROUTE );
	const text = await response.text();
	expect( response.status(), `GET /sync answered ${ text }` ).toBe( 200 );
	return JSON.parse( text ) as SyncStatus & { job: Job };
}

async function jobAction(
	who: WpSession,
	path: string,
	body?: unknown
): Promise< Job > {
	const response = await who.rest( 'POST', `${ JOB_ROUTE }${ path }`, body );
	const text = await response.text();
	expect(
		response.status(),
		`POST /sync/job${ path } answered ${ text }`
	).toBe( 200 );
	return ( JSON.parse( text ) as { job: Job } ).job;
}

/** Reads GET /sync — nothing else — until the job is in `state`. */
async function waitForJob(
	state: Job[ 'state' ],
	who: WpSession = session,
	seconds = 150
): Promise< Job > {
	let last: Job | null = null;
	for ( let i = 0; i < seconds; i++ ) {
		last = ( await status( who ) ).job;
		if ( last.state === state ) {
			return last;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 1000 ) );
	}
	throw new Error(
		`The job did not become ${ state }: ${ JSON.stringify( last ) }`
	);
}

/** Every PUT of the plugin's user waits at the front (its stall fault): a worker that sends one is mid-batch. */
async function holdPuts(): Promise< void > {
	await frontClient().faults( {
		stallRate: 1,
		stallMs: 600_000,
		methods: [ 'PUT' ],
		accessKeyId: s3().user.accessKeyId,
	} );
}

/** Until the front holds a PUT: the worker sending it holds its claims. */
async function untilPutsAreHeld(): Promise< void > {
	for ( let i = 0; i < 120; i++ ) {
		if ( ( await frontClient().faultCounts() ).stall > 0 ) {
			return;
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
	}
	expect( ( await frontClient().faultCounts() ).stall ).toBeGreaterThan( 0 );
}

/** Every attachment synced with its files' keys; the bucket holds exactly those, each PUT once. */
async function expectCopiedOnce(
	made: Library,
	since: number
): Promise< void > {
	const ids = made.attachments.map( ( a ) => a.id );
	const fields = await offloadFields( session, ids );
	const keys: string[] = [];
	for ( const attachment of made.attachments ) {
		const field = fields.get( attachment.id )!;
		expect( field.status, JSON.stringify( field ) ).toBe( 'synced' );
		expect( [ ...( field.keys ?? [] ) ].sort() ).toEqual(
			attachment.files.map( keyOf ).sort()
		);
		keys.push( ...( field.keys ?? [] ) );
	}
	const bucket = await bucketObjects(
		foldersOf( made ),
		prefixes.get( made )!
	);
	expect( [ ...bucket.keys() ].sort() ).toEqual( [ ...keys ].sort() );
	const puts = putsByKey( await frontClient().log( since ), true );
	const notOnce = keys.filter( ( key ) => puts.get( key ) !== 1 );
	expect(
		notOnce.map( ( key ) => `${ key }: ${ puts.get( key ) ?? 0 }` ),
		'keys not PUT exactly once'
	).toEqual( [] );
}

test( 'started over REST, the job runs to the end on the server: the test only reads GET /sync', async () => {
	test.setTimeout( 240_000 );
	const made = await library( 16, '2015-01' );
	const since = await frontClient().lastSeq();
	// Slow PUTs, so that the workers' batches overlap.
	await frontClient().latency( 100 );

	const started = await jobAction( session, '', { workers: 3 } );
	// The workers may be through a library this small before the answer comes.
	expect( [ 'running', 'done' ] ).toContain( started.state );
	expect( started.workers ).toBe( 3 );
	expect( started.total ).toBeGreaterThanOrEqual( 16 );

	const done = await waitForJob( 'done' );
	expect( done.remaining ).toBe( 0 );
	expect( done.error ).toBeNull();
	await expectCopiedOnce( made, since );
} );

test( 'two workers at once never take the same attachment', async () => {
	test.setTimeout( 180_000 );
	const made = await library( 16, '2015-05' );
	const since = await frontClient().lastSeq();
	await frontClient().latency( 150 );

	const answers = (
		await Promise.all( [
			// Two attachments a batch, batches until none is left: the two interleave.
			helper( 'worker', '2', '300', 'all' ),
			helper( 'worker', '2', '300', 'all' ),
		] )
	).map( ( out ) => JSON.parse( out ) as WorkerAnswer );
	const [ first, second ] = answers as [ WorkerAnswer, WorkerAnswer ];
	console.log(
		`    worker ${ first.pid }: ${ first.processed.length }, worker ${ second.pid }: ${ second.processed.length }`
	);
	const both = first.processed.filter( ( id ) =>
		second.processed.includes( id )
	);
	expect( both, 'attachments both workers copied' ).toEqual( [] );
	const ids = made.attachments.map( ( a ) => a.id );
	const tried = new Set( [ ...first.processed, ...second.processed ] );
	expect( ids.filter( ( id ) => ! tried.has( id ) ) ).toEqual( [] );
	await expectCopiedOnce( made, since );
} );

test( 'a worker killed mid-batch: its claims expire, the job finishes, and each key is PUT once', async () => {
	test.setTimeout( 240_000 );
	const made = await library( 8, '2015-09' );
	const ids = made.attachments.map( ( a ) => a.id );
	const since = await frontClient().lastSeq();
	await holdPuts();

	const worker = spawn( 'php', [ HELPER, siteDir(), 'worker', '100', '5' ], {
		stdio: 'ignore',
	} );
	const exited = new Promise< NodeJS.Signals | null >( ( resolve ) =>
		worker.on( 'exit', ( _code, signal ) => resolve( signal ) )
	);
	await untilPutsAreHeld();
	const held = JSON.parse( await helper( 'claims', ...ids.map( String ) ) )
		.held as number[];
	expect( held.length, 'claims the worker holds mid-batch' ).toBeGreaterThan(
		0
	);

	worker.kill( 'SIGKILL' );
	expect( await exited ).toBe( 'SIGKILL' );
	await frontClient().faults( {} );
	// Its claims are still there: nobody released them.
	expect(
		(
			JSON.parse( await helper( 'claims', ...ids.map( String ) ) )
				.held as number[]
		 ).length
	).toBe( held.length );
	const before = await status();
	expect( before.synced ).toBeLessThan( before.total );

	await jobAction( session, '', { workers: 2 } );
	await waitForJob( 'done' );
	await expectCopiedOnce( made, since );
	expect(
		JSON.parse( await helper( 'claims', ...ids.map( String ) ) ).held
	).toEqual( [] );
} );

test( 'a second administrator pauses the job the first started; the first resumes it', async () => {
	test.setTimeout( 240_000 );
	// More than one chunk (Bulk_Sync::CHUNK, 100): a pause takes effect between chunks.
	const made = await library( 120, '2016-05' );
	const since = await frontClient().lastSeq();
	const other = await createUser( session, 'administrator' );
	const second = await logInOverHttp(
		readRunState().site,
		other.username,
		other.password
	);
	try {
		// Slow PUTs: the first chunk is still running when the pause comes.
		await frontClient().latency( 300 );
		await jobAction( session, '', { workers: 1 } );

		const seen = ( await status( second ) ).job;
		expect( seen.state ).toBe( 'running' );
		const paused = await jobAction( second, '/pause' );
		expect( paused.state ).toBe( 'paused' );
		await frontClient().latency( 0 );

		// The first session sees the pause; the chunk under way ends, and no other starts.
		expect( ( await status( session ) ).job.state ).toBe( 'paused' );
		const again = await session.rest( 'POST', `${ JOB_ROUTE }/pause` );
		expect( again.status() ).toBe( 409 );
		let left = -1;
		for ( let i = 0; i < 60; i++ ) {
			const job = ( await status( session ) ).job;
			if ( job.remaining === left ) {
				break;
			}
			left = job.remaining;
			await new Promise( ( resolve ) => setTimeout( resolve, 2000 ) );
		}
		expect( left, 'attachments left while paused' ).toBeGreaterThan( 0 );
		expect( ( await status( second ) ).job.state ).toBe( 'paused' );

		const resumed = await jobAction( session, '/resume' );
		// The few attachments left may be copied before the answer comes.
		expect( [ 'running', 'done' ] ).toContain( resumed.state );
		await waitForJob( 'done', second );
		await expectCopiedOnce( made, since );
	} finally {
		await second.dispose();
		await deleteUser( session, other );
	}
} );

/* ---------- A restart of the web server ---------- */

/** The site's web server: every `php -S` process serving its address (the parent and its workers). */
function serverProcesses( address: string ): number[] {
	const pids: number[] = [];
	for ( const entry of readdirSync( '/proc' ) ) {
		if ( ! /^\d+$/.test( entry ) ) {
			continue;
		}
		try {
			const command = readFileSync(
				`/proc/${ entry }/cmdline`,
				'utf8'
			).split( '\0' );
			if ( command.includes( '-S' ) && command.includes( address ) ) {
				pids.push( Number( entry ) );
			}
		} catch {
			// Gone meanwhile.
		}
	}
	return pids;
}

async function serves( url: string ): Promise< boolean > {
	try {
		await fetch( `${ url }/wp-login.php`, {
			signal: AbortSignal.timeout( 2000 ),
		} );
		return true;
	} catch {
		return false;
	}
}

/** The server this spec started in place of the harness's, stopped when the spec ends. */
let restarted: ChildProcess | null = null;

test.afterAll( () => {
	if ( restarted?.pid !== undefined && restarted.exitCode === null ) {
		process.kill( -restarted.pid, 'SIGKILL' );
	}
} );

/**
 * Kept last: the web server it restarts is the one every test before it used;
 * the restarted one (the same command line, directory and workers) serves
 * until the spec ends.
 */
test( 'the web server restarted mid-batch: the job in the database goes on, and each key is PUT once', async () => {
	test.setTimeout( 300_000 );
	const site = readRunState().site;
	const address = new URL( site.url ).host;
	// Beside wp-config.php, which includes it (tools/wp/site.ts): above the web root.
	const localConfig = join( dirname( siteDir() ), 'wp-config-local.php' );
	expect( existsSync( localConfig ) ).toBe( false );
	// Claims of the workers the restart kills expire in 5 s, not 5 minutes.
	writeFileSync(
		localConfig,
		"<?php\ndefine( 'S3_MEDIA_SYNC_BULK_CLAIM_TTL', 5 );\n"
	);
	try {
		const made = await library( 12, '2016-09' );
		const since = await frontClient().lastSeq();
		await holdPuts();
		await jobAction( session, '', { workers: 2 } );
		await untilPutsAreHeld();

		// Stop the web server as a crash or a reboot would: every PHP process at once.
		const pids = serverProcesses( address );
		expect(
			pids.length,
			`php -S processes serving ${ address }`
		).toBeGreaterThan( 0 );
		const parent = Math.min( ...pids );
		const command = readFileSync( `/proc/${ parent }/cmdline`, 'utf8' )
			.split( '\0' )
			.filter( ( part ) => part !== '' );
		const environment = Object.fromEntries(
			readFileSync( `/proc/${ parent }/environ`, 'utf8' )
				.split( '\0' )
				.filter( ( pair ) => pair.includes( '=' ) )
				.map( ( pair ) => [
					pair.slice( 0, pair.indexOf( '=' ) ),
					pair.slice( pair.indexOf( '=' ) + 1 ),
				] )
		);
		const directory = readlinkSync( `/proc/${ parent }/cwd` );
		for ( const pid of pids ) {
			process.kill( pid, 'SIGKILL' );
		}
		for ( let i = 0; i < 60 && ( await serves( site.url ) ); i++ ) {
			await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
		}
		expect( await serves( site.url ), 'the server is down' ).toBe( false );
		await frontClient().faults( {} );

		restarted = spawn( command[ 0 ]!, command.slice( 1 ), {
			cwd: directory,
			env: environment,
			detached: true,
			stdio: 'ignore',
		} );
		for ( let i = 0; i < 60 && ! ( await serves( site.url ) ); i++ ) {
			await new Promise( ( resolve ) => setTimeout( resolve, 500 ) );
		}
		expect( await serves( site.url ), 'the server is up again' ).toBe(
			true
		);

		// Nobody starts anything: the job is running in the database, and
		// the next looks at GET /sync send its workers again.
		const after = await status();
		expect( after.job.state ).toBe( 'running' );
		expect( after.synced ).toBeLessThan( after.total );
		await waitForJob( 'done', session, 200 );
		await expectCopiedOnce( made, since );
	} finally {
		rmSync( localConfig, { force: true } );
	}
} );
