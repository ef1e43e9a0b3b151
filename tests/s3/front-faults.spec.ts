/**
 * The front's fault modes (POST /faults): 500 InternalError and 503 SlowDown
 * at a rate, resets mid-body, stalls, and a clock offset judged as S3 judges
 * time. Each mode is shown from the client's side, and checked against
 * what moto really stored (as the bucket owner, at moto directly).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	S3Client,
} from '@aws-sdk/client-s3';
import type { FaultConfig, LogEntry } from '../../tools/s3/front-client';
import {
	awsResponse,
	front,
	presign,
	s3Client,
	s3State,
	signedFetch,
	uploadKey,
} from './helpers';

const MINUTES = 60_000;
const created: string[] = [];

/** The bucket owner at moto itself: what is really stored, whatever the front does. */
function owner(): S3Client {
	const { admin, motoUrl } = s3State();
	return s3Client( admin, motoUrl );
}

async function stored( key: string ): Promise< boolean > {
	try {
		await owner().send(
			new HeadObjectCommand( { Bucket: s3State().bucket, Key: key } )
		);
		return true;
	} catch ( error ) {
		if ( ( error as { name?: string } ).name === 'NotFound' ) {
			return false;
		}
		throw error;
	}
}

/** An object the guide's user may read, put as the owner straight into moto. */
async function storedObject(
	size = 64
): Promise< { key: string; body: Buffer } > {
	const key = uploadKey( 'fault.bin' );
	const body = randomBytes( size );
	await owner().send(
		new PutObjectCommand( {
			Bucket: s3State().bucket,
			Key: key,
			Body: body,
		} )
	);
	created.push( key );
	return { key, body };
}

/** Faults for the guide's user only, so the owner's key keeps working. */
function userFaults(
	config: FaultConfig
): ReturnType< ReturnType< typeof front >[ 'faults' ] > {
	return front().faults( {
		accessKeyId: s3State().user.accessKeyId,
		...config,
	} );
}

interface Failure {
	name: string;
	code: string | undefined;
	status: number | undefined;
	message: string;
}

async function failureOf( promise: Promise< unknown > ): Promise< Failure > {
	try {
		await promise;
	} catch ( error ) {
		const e = error as {
			name?: string;
			code?: string;
			message?: string;
			$metadata?: { httpStatusCode?: number };
		};
		return {
			name: e.name ?? 'Error',
			code: e.code,
			status: e.$metadata?.httpStatusCode,
			message: e.message ?? '',
		};
	}
	throw new Error( 'Expected the S3 call to fail, but it succeeded' );
}

function listOne( s3: S3Client ): Promise< unknown > {
	return s3.send(
		new ListObjectsV2Command( {
			Bucket: s3State().bucket,
			Prefix: 'wp-content/uploads/',
			MaxKeys: 1,
		} )
	);
}

/** 'ok' or the S3 error code of each call, one after the other. */
async function outcomes(
	count: number,
	call: () => Promise< unknown >
): Promise< string[] > {
	const seen: string[] = [];
	for ( let i = 0; i < count; i++ ) {
		seen.push(
			await call().then(
				() => 'ok',
				( error: { name?: string } ) => error.name ?? 'Error'
			)
		);
	}
	return seen;
}

/** An S3 error body with its ids (and any times) blanked, to compare shapes. */
function shapeOf( xml: string ): string {
	return xml
		.trim()
		.replace(
			/<(RequestId|HostId|RequestTime|ServerTime)>[^<]*</g,
			'<$1>…<'
		);
}

function bodyOfHttpFile( raw: string ): string {
	return raw.slice( raw.search( /\r?\n\r?\n/ ) ).trim();
}

interface RawOutcome {
	status: number | null;
	contentLength: number | null;
	received: number;
	error: string | null;
}

/** A request with node:http, to see exactly how far an answer got before the cut. */
function rawRequest( url: string, method = 'GET' ): Promise< RawOutcome > {
	return new Promise( ( resolve ) => {
		const outcome: RawOutcome = {
			status: null,
			contentLength: null,
			received: 0,
			error: null,
		};
		const request = httpRequest( url, { method } );
		request.on( 'response', ( response ) => {
			outcome.status = response.statusCode ?? null;
			const length = response.headers[ 'content-length' ];
			outcome.contentLength =
				length === undefined ? null : Number( length );
			response.on( 'data', ( chunk: Buffer ) => {
				outcome.received += chunk.length;
			} );
			response.on( 'error', ( error: NodeJS.ErrnoException ) => {
				outcome.error = error.code ?? error.message;
			} );
			response.on( 'close', () => resolve( outcome ) );
		} );
		request.on( 'error', ( error: NodeJS.ErrnoException ) => {
			outcome.error = error.code ?? error.message;
			resolve( outcome );
		} );
		request.end();
	} );
}

async function entriesSince( since: number ): Promise< LogEntry[] > {
	return front().log( since );
}

test.afterEach( async () => {
	await front().faults( {} );
	await front().reset();
	const s3 = owner();
	for ( const key of created.splice( 0 ) ) {
		await s3.send(
			new DeleteObjectCommand( { Bucket: s3State().bucket, Key: key } )
		);
	}
} );

test.describe( 'the fault configuration', () => {
	test( 'defaults are filled in, and {} turns every fault off', async () => {
		const control = front();
		const set = await control.faults( {
			errorRate: 0.5,
			methods: [ 'put' ],
		} );
		expect( set ).toEqual( {
			config: {
				seed: 1,
				accessKeyId: null,
				methods: [ 'PUT' ],
				errorRate: 0.5,
				slowDownRate: 0,
				slowDownBurst: 1,
				resetRate: 0,
				stallRate: 0,
				stallMs: 3000,
				clockOffsetMs: 0,
			},
			injected: {
				error500: 0,
				slowDown: 0,
				reset: 0,
				stall: 0,
				skewed: 0,
			},
		} );
		expect( ( await control.state() ).faults ).toEqual( set );
		const off = await control.faults( {} );
		expect( off.config.errorRate ).toBe( 0 );
		expect( off.config.methods ).toBeNull();
		// What GET /faults returns can be posted back as it is.
		expect( await control.faults( set.config ) ).toEqual( set );
	} );

	test( 'an invalid configuration is refused with 400, and the one in force stays', async () => {
		const control = front();
		const before = await control.faults( { errorRate: 0.25, seed: 9 } );
		const invalid: Array< [ unknown, RegExp ] > = [
			[ { errorRate: 1.5 }, /"errorRate" must be a number from 0 to 1/ ],
			[ { slowDownRate: -0.1 }, /"slowDownRate"/ ],
			[ { resetRate: '0.5' }, /"resetRate"/ ],
			[ { stallMs: -1 }, /"stallMs"/ ],
			[ { stallMs: 1.5 }, /"stallMs" must be an integer/ ],
			[ { slowDownBurst: 0 }, /"slowDownBurst" must be at least 1/ ],
			[ { seed: 'x' }, /"seed" must be an integer/ ],
			[ { clockOffsetMs: 0.5 }, /"clockOffsetMs" must be an integer/ ],
			[ { accessKeyId: 42 }, /"accessKeyId"/ ],
			[ { methods: 'PUT' }, /"methods"/ ],
			[ { methods: [ 'PUT', 3 ] }, /"methods"/ ],
			[ { errorRate: 0.1, stallRat: 1 }, /Unknown field "stallRat"/ ],
			[ [ 1 ], /JSON object/ ],
		];
		for ( const [ body, message ] of invalid ) {
			const response = await fetch( `${ s3State().controlUrl }/faults`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify( body ),
			} );
			expect( response.status, JSON.stringify( body ) ).toBe( 400 );
			const { error } = ( await response.json() ) as { error: string };
			expect( error ).toMatch( message );
		}
		await expect( control.faults( { errorRate: 2 } ) ).rejects.toThrow(
			/400/
		);
		expect( await control.getFaults() ).toEqual( before );
	} );

	test( 'POST /reset clears the faults and their counters', async () => {
		const control = front();
		await userFaults( { errorRate: 1 } );
		const s3 = s3Client( s3State().user );
		expect( await outcomes( 2, () => listOne( s3 ) ) ).toEqual( [
			'InternalError',
			'InternalError',
		] );
		expect( ( await control.faultCounts() ).error500 ).toBe( 2 );
		const state = await control.reset();
		expect( state.faults.config.errorRate ).toBe( 0 );
		expect( state.faults.injected.error500 ).toBe( 0 );
		expect( await outcomes( 1, () => listOne( s3 ) ) ).toEqual( [ 'ok' ] );
	} );
} );

test.describe( '500 InternalError', () => {
	test( 'errorRate 1 answers in the recorded AWS shape with a fresh request id, and nothing reaches moto', async () => {
		const { bucket, user } = s3State();
		await userFaults( { errorRate: 1 } );
		const since = await front().lastSeq();
		const key = uploadKey( 'error500.txt' );
		const failure = await failureOf(
			s3Client( user ).send(
				new PutObjectCommand( {
					Bucket: bucket,
					Key: key,
					Body: 'never stored',
				} )
			)
		);
		expect( [ failure.name, failure.status ] ).toEqual( [
			'InternalError',
			500,
		] );

		const raw = await fetch(
			await presign( user, 'PUT', `${ bucket }/${ key }` ),
			{
				method: 'PUT',
				body: 'never stored either',
			}
		);
		expect( raw.status ).toBe( 500 );
		const text = await raw.text();
		const recorded = bodyOfHttpFile( awsResponse( 'internal-error.http' ) );
		expect( shapeOf( text ) ).toBe( shapeOf( recorded ) );
		const requestId = /<RequestId>([^<]+)</.exec( text )?.[ 1 ];
		expect( raw.headers.get( 'x-amz-request-id' ) ).toBe( requestId );
		expect( requestId ).not.toBe(
			/<RequestId>([^<]+)</.exec( recorded )?.[ 1 ]
		);
		expect( raw.headers.get( 'server' ) ).toBe( 'AmazonS3' );
		expect( raw.headers.get( 'content-type' ) ).toBe( 'application/xml' );

		expect( await stored( key ) ).toBe( false );
		const log = await entriesSince( since );
		expect(
			log.map( ( e ) => [ e.kind, e.status, e.code, e.fault ] )
		).toEqual( [
			[ 'signed', 500, 'InternalError', 'error500' ],
			[ 'presigned', 500, 'InternalError', 'error500' ],
		] );
		expect( ( await front().faultCounts() ).error500 ).toBe( 2 );
	} );

	test( 'a rate of 0.3 faults about that share, the same ones again for the same seed, and the counters and log agree with the client', async () => {
		const s3 = s3Client( s3State().user );
		await userFaults( { errorRate: 0.3, seed: 7 } );
		const since = await front().lastSeq();
		const first = await outcomes( 50, () => listOne( s3 ) );
		const errors = first.filter(
			( seen ) => seen === 'InternalError'
		).length;
		expect(
			first.every( ( seen ) => seen === 'ok' || seen === 'InternalError' )
		).toBe( true );
		expect( errors ).toBeGreaterThanOrEqual( 8 );
		expect( errors ).toBeLessThanOrEqual( 22 );
		expect( await front().faultCounts() ).toEqual( {
			error500: errors,
			slowDown: 0,
			reset: 0,
			stall: 0,
			skewed: 0,
		} );
		const log = await entriesSince( since );
		expect(
			log.map( ( e ) =>
				e.fault === 'error500' ? 'InternalError' : 'ok'
			)
		).toEqual( first );
		expect( log.map( ( e ) => e.status ) ).toEqual(
			first.map( ( seen ) => ( seen === 'ok' ? 200 : 500 ) )
		);

		await userFaults( { errorRate: 0.3, seed: 7 } );
		expect( await outcomes( 50, () => listOne( s3 ) ) ).toEqual( first );
		await userFaults( { errorRate: 0.3, seed: 8 } );
		expect( await outcomes( 50, () => listOne( s3 ) ) ).not.toEqual(
			first
		);
	} );
} );

test.describe( '503 SlowDown', () => {
	test( 'a burst of 3 is exactly three SlowDown answers in a row', async () => {
		const s3 = s3Client( s3State().user );
		await userFaults( { slowDownRate: 0.15, slowDownBurst: 3, seed: 1 } );
		const since = await front().lastSeq();
		const seen = await outcomes( 24, () => listOne( s3 ) );
		const symbols: Record< string, string > = { ok: '.', SlowDown: 'S' };
		const runs = seen.map( ( one ) => symbols[ one ] ?? '?' ).join( '' );
		expect( runs ).not.toContain( '?' );
		const bursts = runs.match( /S+/g ) ?? [];
		expect( bursts.length ).toBeGreaterThanOrEqual( 1 );
		expect( bursts.every( ( burst ) => burst === 'SSS' ) ).toBe( true );
		expect( ( await front().faultCounts() ).slowDown ).toBe(
			bursts.length * 3
		);
		const log = await entriesSince( since );
		expect(
			log
				.filter( ( e ) => e.fault === 'slowDown' )
				.every( ( e ) => e.status === 503 && e.code === 'SlowDown' )
		).toBe( true );

		// The answer is the recorded one, fresh ids aside.
		await userFaults( { slowDownRate: 1 } );
		const { bucket, user } = s3State();
		const raw = await fetch(
			await presign(
				user,
				'GET',
				`${ bucket }/wp-content/uploads/any.txt`
			)
		);
		expect( raw.status ).toBe( 503 );
		expect( shapeOf( await raw.text() ) ).toBe(
			shapeOf( bodyOfHttpFile( awsResponse( 'slow-down.http' ) ) )
		);
	} );
} );

test.describe( 'reset', () => {
	test( 'a PUT is cut mid-body: the client sees a socket error, and nothing is stored', async () => {
		const { bucket, user } = s3State();
		await userFaults( { resetRate: 1, methods: [ 'PUT' ] } );
		const since = await front().lastSeq();
		const key = uploadKey( 'reset.bin' );
		const failure = await failureOf(
			s3Client( user ).send(
				new PutObjectCommand( {
					Bucket: bucket,
					Key: key,
					Body: randomBytes( 4 * 1024 * 1024 ),
				} )
			)
		);
		expect( failure.status ).toBeUndefined();
		expect( [ 'ECONNRESET', 'EPIPE' ] ).toContain( failure.code );
		expect( await stored( key ) ).toBe( false );
		const log = await entriesSince( since );
		expect( log.map( ( e ) => [ e.method, e.status, e.fault ] ) ).toEqual( [
			[ 'PUT', 0, 'reset' ],
		] );
		expect( ( await front().faultCounts() ).reset ).toBe( 1 );
	} );

	test( 'a GET is cut mid-answer: the head arrives, the body comes up short', async () => {
		const { bucket, user } = s3State();
		const { key } = await storedObject( 100_000 );
		await userFaults( { resetRate: 1, methods: [ 'GET' ] } );
		const since = await front().lastSeq();

		const raw = await rawRequest(
			await presign( user, 'GET', `${ bucket }/${ key }` )
		);
		expect( raw.status ).toBe( 200 );
		expect( raw.contentLength ).toBe( 100_000 );
		expect( raw.received ).toBeGreaterThan( 0 );
		expect( raw.received ).toBeLessThan( 100_000 );
		expect( raw.error ).not.toBeNull();

		const failure = await failureOf(
			s3Client( user )
				.send( new GetObjectCommand( { Bucket: bucket, Key: key } ) )
				.then( ( got ) => got.Body?.transformToByteArray() )
		);
		expect( failure.status ).toBeUndefined();

		const log = await entriesSince( since );
		expect( log.map( ( e ) => [ e.kind, e.status, e.fault ] ) ).toEqual( [
			[ 'presigned', 200, 'reset' ],
			[ 'signed', 200, 'reset' ],
		] );
	} );

	test( 'an answer without a body is cut inside its head: no answer at all, though moto did the DELETE', async () => {
		const { bucket, user } = s3State();
		const { key } = await storedObject();
		await userFaults( { resetRate: 1, methods: [ 'HEAD', 'DELETE' ] } );
		const since = await front().lastSeq();
		const s3 = s3Client( user );
		const head = await failureOf(
			s3.send( new HeadObjectCommand( { Bucket: bucket, Key: key } ) )
		);
		expect( head.status ).toBeUndefined();
		const removal = await failureOf(
			s3.send( new DeleteObjectCommand( { Bucket: bucket, Key: key } ) )
		);
		expect( removal.status ).toBeUndefined();
		// Forwarded, then cut: the client cannot know the object is gone.
		expect( await stored( key ) ).toBe( false );
		const log = await entriesSince( since );
		expect( log.map( ( e ) => [ e.method, e.status, e.fault ] ) ).toEqual( [
			[ 'HEAD', 0, 'reset' ],
			[ 'DELETE', 0, 'reset' ],
		] );
	} );
} );

test.describe( 'stall', () => {
	test( 'a stall of 1500 ms holds the request, which then succeeds', async () => {
		const { bucket, user } = s3State();
		const { key, body } = await storedObject();
		await userFaults( { stallRate: 1, stallMs: 1500 } );
		const since = await front().lastSeq();
		const started = performance.now();
		const got = await s3Client( user ).send(
			new GetObjectCommand( { Bucket: bucket, Key: key } )
		);
		expect(
			Buffer.from( ( await got.Body?.transformToByteArray() ) ?? [] )
		).toEqual( body );
		expect( performance.now() - started ).toBeGreaterThanOrEqual( 1500 );
		const log = await entriesSince( since );
		expect( log.map( ( e ) => [ e.status, e.fault ] ) ).toEqual( [
			[ 200, 'stall' ],
		] );
		expect( log[ 0 ]?.durationMs ).toBeGreaterThanOrEqual( 1500 );
		expect( ( await front().faultCounts() ).stall ).toBe( 1 );
	} );

	test( 'a client with a shorter timeout times out, and the front drops the request', async () => {
		const { bucket, endpoint, region, user } = s3State();
		await userFaults( { stallRate: 1, stallMs: 1500 } );
		const since = await front().lastSeq();
		const impatient = new S3Client( {
			endpoint,
			region,
			forcePathStyle: true,
			credentials: { ...user },
			maxAttempts: 1,
			requestHandler: {
				requestTimeout: 400,
				throwOnRequestTimeout: true,
			},
		} );
		const key = uploadKey( 'stalled.txt' );
		const failure = await failureOf(
			impatient.send(
				new PutObjectCommand( {
					Bucket: bucket,
					Key: key,
					Body: 'too late',
				} )
			)
		);
		// The SDK names resets TimeoutError too: the code tells them apart.
		expect( [ failure.name, failure.code ] ).toEqual( [
			'TimeoutError',
			'ETIMEDOUT',
		] );
		// Past the stall, the front must not store what the client gave up on.
		await new Promise( ( resolve ) => setTimeout( resolve, 1800 ) );
		expect( await stored( key ) ).toBe( false );
		const log = await entriesSince( since );
		expect( log.map( ( e ) => [ e.status, e.fault ] ) ).toEqual( [
			[ 0, 'stall' ],
		] );
	} );
} );

test.describe( 'clock offset', () => {
	test( '20 minutes ahead: RequestTimeTooSkewed with the front’s time, and a client that corrects its clock succeeds', async () => {
		const { bucket, user } = s3State();
		await userFaults( { clockOffsetMs: 20 * MINUTES } );
		const since = await front().lastSeq();
		const query = 'list-type=2&prefix=wp-content%2Fuploads%2F&max-keys=1';

		const skewed = await signedFetch(
			user,
			'GET',
			`/${ bucket }`,
			query,
			new Date()
		);
		expect( skewed.status ).toBe( 403 );
		const text = await skewed.text();
		expect( shapeOf( text ) ).toBe(
			shapeOf(
				bodyOfHttpFile( awsResponse( 'request-time-too-skewed.http' ) )
			)
		);
		const serverTime = Date.parse(
			/<ServerTime>([^<]+)</.exec( text )?.[ 1 ] ?? ''
		);
		expect(
			Math.abs( serverTime - ( Date.now() + 20 * MINUTES ) )
		).toBeLessThan( 5000 );
		expect(
			Math.abs(
				Date.parse( skewed.headers.get( 'date' ) ?? '' ) - serverTime
			)
		).toBeLessThan( 2000 );
		expect( text ).toMatch( /<RequestTime>\d{8}T\d{6}Z<\/RequestTime>/ );

		// Signed with the front's time, or within 15 minutes of it: judged by moto as usual.
		const ahead = await signedFetch(
			user,
			'GET',
			`/${ bucket }`,
			query,
			new Date( Date.now() + 20 * MINUTES )
		);
		expect( ahead.status ).toBe( 200 );
		await ahead.body?.cancel();
		const near = await signedFetch(
			user,
			'GET',
			`/${ bucket }`,
			query,
			new Date( Date.now() + 6 * MINUTES )
		);
		expect( near.status ).toBe( 200 );
		await near.body?.cancel();

		// The SDK: told its clock is off, it corrects itself from the answer, as the plugin must.
		const s3 = s3Client( user );
		expect( ( await failureOf( listOne( s3 ) ) ).name ).toBe(
			'RequestTimeTooSkewed'
		);
		await listOne( s3 );
		await listOne( s3 );
		const corrected = new S3Client( {
			endpoint: s3State().endpoint,
			region: s3State().region,
			forcePathStyle: true,
			credentials: { ...user },
			maxAttempts: 1,
			systemClockOffset: 20 * MINUTES,
		} );
		await listOne( corrected );

		const log = await entriesSince( since );
		expect( log.map( ( e ) => [ e.status, e.code, e.fault ] ) ).toEqual( [
			[ 403, 'RequestTimeTooSkewed', 'skewed' ],
			[ 200, null, null ],
			[ 200, null, null ],
			[ 403, 'RequestTimeTooSkewed', 'skewed' ],
			[ 200, null, null ],
			[ 200, null, null ],
			[ 200, null, null ],
		] );
		expect( ( await front().faultCounts() ).skewed ).toBe( 2 );
	} );

	test( 'presigned URLs are judged by the same clock, as S3 judges them', async () => {
		const { bucket, user } = s3State();
		const { key, body } = await storedObject();
		const url = ( options: {
			expiresIn: number;
			signingDate?: Date;
		} ): Promise< string > =>
			presign( user, 'GET', `${ bucket }/${ key }`, options );

		await userFaults( { clockOffsetMs: 20 * MINUTES } );
		// Signed 20 minutes ago by the front's clock: only the expiry decides.
		const expired = await fetch( await url( { expiresIn: 900 } ) );
		expect( expired.status ).toBe( 403 );
		const expiredText = await expired.text();
		expect( expiredText ).toContain(
			'<Message>Request has expired</Message>'
		);
		const serverTime = Date.parse(
			/<ServerTime>([^<]+)</.exec( expiredText )?.[ 1 ] ?? ''
		);
		expect(
			Math.abs( serverTime - ( Date.now() + 20 * MINUTES ) )
		).toBeLessThan( 5000 );
		const valid = await fetch( await url( { expiresIn: 3600 } ) );
		expect( valid.status ).toBe( 200 );
		expect( Buffer.from( await valid.arrayBuffer() ) ).toEqual( body );

		await userFaults( { clockOffsetMs: -20 * MINUTES } );
		const early = await fetch( await url( { expiresIn: 3600 } ) );
		expect( early.status ).toBe( 403 );
		const earlyText = await early.text();
		expect( earlyText ).toContain(
			'<Code>AccessDenied</Code><Message>Request is not yet valid</Message>'
		);
		expect( ( await front().faultCounts() ).skewed ).toBe( 1 );
	} );

	test( 'without an offset nothing is judged: a request signed an hour ahead reaches moto', async () => {
		const { bucket, user } = s3State();
		await userFaults( { errorRate: 0 } );
		const response = await signedFetch(
			user,
			'GET',
			`/${ bucket }`,
			'list-type=2&prefix=wp-content%2Fuploads%2F&max-keys=1',
			new Date( Date.now() + 60 * MINUTES )
		);
		expect( response.status ).toBe( 200 );
		await response.body?.cancel();
	} );
} );

test.describe( 'which requests are faulted', () => {
	test( 'accessKeyId: another key is left alone, even by the clock check', async () => {
		const { admin, user } = s3State();
		await userFaults( { errorRate: 1, clockOffsetMs: 30 * MINUTES } );
		expect(
			await outcomes( 3, () => listOne( s3Client( admin ) ) )
		).toEqual( [ 'ok', 'ok', 'ok' ] );
		expect(
			await outcomes( 1, () => listOne( s3Client( user ) ) )
		).toEqual( [ 'RequestTimeTooSkewed' ] );
	} );

	test( 'methods: only those methods are faulted', async () => {
		const { bucket, user } = s3State();
		const { key } = await storedObject();
		await userFaults( { errorRate: 1, methods: [ 'PUT', 'DELETE' ] } );
		const s3 = s3Client( user );
		expect( await outcomes( 1, () => listOne( s3 ) ) ).toEqual( [ 'ok' ] );
		expect(
			await outcomes( 1, () =>
				s3.send( new GetObjectCommand( { Bucket: bucket, Key: key } ) )
			)
		).toEqual( [ 'ok' ] );
		const put = uploadKey( 'methods.txt' );
		expect(
			await outcomes( 1, () =>
				s3.send(
					new PutObjectCommand( {
						Bucket: bucket,
						Key: put,
						Body: 'x',
					} )
				)
			)
		).toEqual( [ 'InternalError' ] );
		expect(
			await outcomes( 1, () =>
				s3.send(
					new DeleteObjectCommand( { Bucket: bucket, Key: key } )
				)
			)
		).toEqual( [ 'InternalError' ] );
		expect( await stored( key ) ).toBe( true );
		expect( await stored( put ) ).toBe( false );
	} );

	test( 'anonymous requests are never faulted', async () => {
		const { bucket, endpoint, user } = s3State();
		const key = uploadKey( 'public.txt' );
		await s3Client( user ).send(
			new PutObjectCommand( {
				Bucket: bucket,
				Key: key,
				Body: 'public',
				ACL: 'public-read',
			} )
		);
		created.push( key );
		await front().faults( {
			errorRate: 1,
			resetRate: 1,
			clockOffsetMs: 30 * MINUTES,
		} );
		const response = await fetch( `${ endpoint }/${ bucket }/${ key }` );
		expect( response.status ).toBe( 200 );
		expect( await response.text() ).toBe( 'public' );
		expect( await front().faultCounts() ).toEqual( {
			error500: 0,
			slowDown: 0,
			reset: 0,
			stall: 0,
			skewed: 0,
		} );
	} );
} );
