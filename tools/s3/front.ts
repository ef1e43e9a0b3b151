/**
 * The S3 front: an HTTP server between the plugin (or the browser) and
 * moto. moto judges every header-signed request (signature and IAM); the
 * front adds only what moto lacks: presigned URL verification, anonymous
 * reads by object ACL, NoSuchBucket, and the faults tests inject (outages,
 * latency, replayed AWS answers, and the fault modes of front-faults.ts),
 * with a log of every request.
 */
import { randomBytes } from 'node:crypto';
import {
	Agent,
	createServer,
	request as httpRequest,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type OutgoingHttpHeaders,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import {
	GetBucketLocationCommand,
	GetObjectAclCommand,
	S3Client,
} from '@aws-sdk/client-s3';
import { HOST } from '../lib/network';
import type { S3Credentials } from '../lib/run-state';
import {
	PRESIGN_PARAMS,
	firstValue,
	isPresigned,
	parseQuery,
	serializeQuery,
	signForMoto,
	verifyPresigned,
	type Query,
	type SigningCredentials,
} from './front-presign';
import type { FaultName } from './front-fault-config';
import { FaultInjector } from './front-faults';
import {
	ReplayBook,
	errorCodeOf,
	type ParsedResponse,
	type Replay,
} from './front-replay';
import {
	answerHasBody,
	cutAnswer,
	firstChunkOf,
	hasBody,
	resetMidBody,
} from './front-reset';

export type RequestKind = 'signed' | 'presigned' | 'anonymous' | 'replayed';

export interface LogEntry {
	seq: number;
	/** ISO time the request arrived. */
	time: string;
	method: string;
	/** Path-style path (`/bucket/key`, still encoded), whatever the addressing. */
	path: string;
	/** Raw query string, without `?`. */
	query: string;
	accessKeyId: string | null;
	kind: RequestKind;
	/** Status sent to the client (0 when the connection died first). */
	status: number;
	/** S3 error code of the answer, or null. */
	code: string | null;
	durationMs: number;
	/** The fault the front injected (a stall then handled normally stays 'stall'). */
	fault?: FaultName | null;
}

export interface FrontOptions {
	motoUrl: string;
	region: string;
	/** The bucket owner: reads ACLs, checks buckets, serves public objects. */
	admin: S3Credentials;
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
/** Enough for a day of benchmark traffic without growing without bound. */
const LOG_LIMIT = 50_000;
/** Error bodies are small; anything larger is relayed without a parsed code. */
const ERROR_BODY_LIMIT = 256 * 1024;
const HOP_BY_HOP = new Set( [
	'connection',
	'keep-alive',
	'proxy-connection',
	'transfer-encoding',
	'upgrade',
] );
/** Request headers that carry S3 meaning when the front re-signs a request. */
const FORWARDED_HEADERS = new Set( [
	'cache-control',
	'content-disposition',
	'content-encoding',
	'content-language',
	'content-length',
	'content-md5',
	'content-type',
	'expires',
	'if-match',
	'if-modified-since',
	'if-none-match',
	'if-unmodified-since',
	'range',
] );
const NOT_FORWARDED_AMZ = new Set( [
	'x-amz-date',
	'x-amz-content-sha256',
	'x-amz-security-token',
] );

interface Context {
	req: IncomingMessage;
	res: ServerResponse;
	entry: LogEntry;
	method: string;
	host: string;
	rawPath: string;
	rawQuery: string;
	query: Query;
	/** Path-style path for moto. */
	stylePath: string;
	bucket: string;
	/** Encoded key ('' for bucket or service requests). */
	key: string;
	/** The reset fault, for a request without a body: cut whatever answer it gets. */
	cut: boolean;
	/**
	 * Records the log entry with this status, once. A reset calls it before
	 * the RST goes out, so the log has the request before the client knows.
	 */
	settle: ( status: number ) => void;
}

function sleep( ms: number ): Promise< void > {
	return new Promise( ( resolve ) => setTimeout( resolve, ms ) );
}

function xmlEscape( value: string ): string {
	return value.replace( /[<>&"']/g, ( c ) => `&#${ c.charCodeAt( 0 ) };` );
}

function accessKeyIdOf(
	headers: IncomingHttpHeaders,
	query: Query
): string | null {
	const authorization = headers.authorization;
	if ( authorization ) {
		return /Credential=([^/,\s]+)/.exec( authorization )?.[ 1 ] ?? null;
	}
	for ( const [ key, value ] of Object.entries( query ) ) {
		if ( key.toLowerCase() === 'x-amz-credential' ) {
			return firstValue( value )?.split( '/' )[ 0 ] ?? null;
		}
	}
	return null;
}

function kindOf( headers: IncomingHttpHeaders, query: Query ): RequestKind {
	if ( headers.authorization ) {
		return 'signed';
	}
	return isPresigned( query ) ? 'presigned' : 'anonymous';
}

/**
 * Bucket and key from path-style (`/bucket/key`) or virtual-host
 * (`Host: bucket.localhost:PORT`) addressing.
 */
function addressOf(
	host: string,
	rawPath: string
): { bucket: string; key: string; stylePath: string } {
	const hostname = host.replace( /:\d+$/, '' ).toLowerCase();
	if ( hostname.endsWith( '.localhost' ) ) {
		const bucket = hostname.slice( 0, -'.localhost'.length );
		return {
			bucket,
			key: rawPath.replace( /^\//, '' ),
			stylePath: `/${ bucket }${ rawPath }`,
		};
	}
	const [ , bucket = '', ...rest ] = rawPath.split( '/' );
	return { bucket, key: rest.join( '/' ), stylePath: rawPath };
}

export class S3Front {
	/** Secret of every access key the front may verify presigned URLs for. */
	readonly secrets = new Map< string, string >();
	readonly replays = new ReplayBook();
	readonly faults = new FaultInjector();
	latencyMs = 0;
	noSuchBucket = true;

	private readonly options: FrontOptions;
	private readonly moto: URL;
	private readonly agent = new Agent( { keepAlive: true, maxSockets: 256 } );
	private readonly adminS3: S3Client;
	private readonly server: Server;
	private readonly sockets = new Set< Socket >();
	private readonly bucketCache = new Map<
		string,
		{ exists: boolean; until: number }
	>();
	private log: LogEntry[] = [];
	private seq = 0;
	private port: number | null = null;
	private listening = false;

	constructor( options: FrontOptions ) {
		this.options = options;
		this.moto = new URL( options.motoUrl );
		this.secrets.set(
			options.admin.accessKeyId,
			options.admin.secretAccessKey
		);
		this.adminS3 = new S3Client( {
			endpoint: options.motoUrl,
			region: options.region,
			forcePathStyle: true,
			credentials: { ...options.admin },
			maxAttempts: 1,
		} );
		this.server = createServer( ( req, res ) => {
			void this.handle( req, res );
		} );
		// 1 GB uploads must not be cut off by Node's default 5-minute request timeout.
		this.server.requestTimeout = 0;
		this.server.on( 'connection', ( socket: Socket ) => {
			this.sockets.add( socket );
			socket.on( 'close', () => this.sockets.delete( socket ) );
		} );
	}

	get isUp(): boolean {
		return this.listening;
	}

	get listenPort(): number | null {
		return this.port;
	}

	listen( port: number ): Promise< void > {
		return new Promise( ( resolve, reject ) => {
			const onError = ( error: Error ): void => reject( error );
			this.server.once( 'error', onError );
			this.server.listen( port, HOST, () => {
				this.server.off( 'error', onError );
				const address = this.server.address();
				this.port =
					typeof address === 'object' && address
						? address.port
						: port;
				this.listening = true;
				resolve();
			} );
		} );
	}

	/** An outage: the port is closed and open connections die, so clients see refused or reset. */
	async down(): Promise< void > {
		if ( ! this.listening ) {
			return;
		}
		this.listening = false;
		const closed = new Promise< void >( ( resolve ) =>
			this.server.close( () => resolve() )
		);
		for ( const socket of this.sockets ) {
			socket.destroy();
		}
		await closed;
	}

	async up(): Promise< void > {
		if ( this.listening || this.port === null ) {
			return;
		}
		await this.listen( this.port );
	}

	async close(): Promise< void > {
		await this.down();
		this.agent.destroy();
		this.adminS3.destroy();
	}

	/** Back to a plain pass-through; credentials and the log stay. */
	async reset(): Promise< void > {
		this.latencyMs = 0;
		this.noSuchBucket = true;
		this.replays.clear();
		this.faults.clear();
		this.bucketCache.clear();
		await this.up();
	}

	entries( since = 0 ): LogEntry[] {
		return this.log
			.filter( ( entry ) => entry.seq > since )
			.sort( ( a, b ) => a.seq - b.seq );
	}

	clearLog(): void {
		this.log = [];
	}

	get lastSeq(): number {
		return this.seq;
	}

	private record( entry: LogEntry ): void {
		this.log.push( entry );
		if ( this.log.length > LOG_LIMIT ) {
			this.log.splice( 0, this.log.length - LOG_LIMIT );
		}
	}

	private async handle(
		req: IncomingMessage,
		res: ServerResponse
	): Promise< void > {
		const started = Date.now();
		const method = ( req.method ?? 'GET' ).toUpperCase();
		const rawUrl = req.url ?? '/';
		const mark = rawUrl.indexOf( '?' );
		const rawPath = mark === -1 ? rawUrl : rawUrl.slice( 0, mark );
		const rawQuery = mark === -1 ? '' : rawUrl.slice( mark + 1 );
		const host = req.headers.host ?? `${ HOST }:${ this.port ?? 0 }`;
		const query = parseQuery( rawQuery );
		const { bucket, key, stylePath } = addressOf( host, rawPath );
		const entry: LogEntry = {
			seq: ++this.seq,
			time: new Date( started ).toISOString(),
			method,
			path: stylePath,
			query: rawQuery,
			accessKeyId: accessKeyIdOf( req.headers, query ),
			kind: kindOf( req.headers, query ),
			status: 0,
			code: null,
			durationMs: 0,
			fault: null,
		};
		let logged = false;
		const ctx: Context = {
			req,
			res,
			entry,
			method,
			host,
			rawPath,
			rawQuery,
			query,
			stylePath,
			bucket,
			key,
			cut: false,
			settle: ( status ) => {
				if ( logged ) {
					return;
				}
				logged = true;
				entry.status = status;
				if ( entry.status === 0 ) {
					// Nothing reached the client (outage, abort): no S3 answer to name.
					entry.code = null;
				}
				entry.durationMs = Date.now() - started;
				this.record( entry );
			},
		};
		res.on( 'close', () =>
			ctx.settle( res.headersSent ? res.statusCode : 0 )
		);

		try {
			if ( this.latencyMs > 0 ) {
				await sleep( this.latencyMs );
			}
			if ( await this.injectFaults( ctx ) ) {
				return;
			}
			const replay = this.replays.take( {
				method,
				path: stylePath,
				query: rawQuery,
				headers: req.headers,
			} );
			if ( replay ) {
				this.sendReplay( ctx, replay );
				return;
			}
			const createsBucket =
				method === 'PUT' &&
				bucket !== '' &&
				key === '' &&
				rawQuery === '';
			if (
				this.noSuchBucket &&
				bucket !== '' &&
				! createsBucket &&
				! ( await this.bucketExists( bucket ) )
			) {
				this.sendError(
					ctx,
					404,
					'NoSuchBucket',
					'The specified bucket does not exist',
					{
						BucketName: bucket,
					}
				);
				return;
			}
			if ( entry.kind === 'signed' ) {
				this.forwardUntouched( ctx );
			} else if ( entry.kind === 'presigned' ) {
				await this.forwardPresigned( ctx );
			} else {
				await this.forwardAnonymous( ctx );
			}
		} catch ( error ) {
			process.stderr.write(
				`s3 front: ${ method } ${ rawUrl }: ${ error instanceof Error ? ( error.stack ?? error.message ) : String( error ) }\n`
			);
			if ( ! res.headersSent ) {
				this.sendError(
					ctx,
					500,
					'InternalError',
					'We encountered an internal error. Please try again.'
				);
			} else {
				res.destroy();
			}
		}
	}

	/**
	 * The fault configuration, in its order: clock check, stall, 500 or
	 * SlowDown, reset. True when the request was answered (or cut) here.
	 */
	private async injectFaults( ctx: Context ): Promise< boolean > {
		const { faults } = this;
		const { entry, req, res } = ctx;
		if ( ! faults.applies( entry ) ) {
			return false;
		}
		const late = faults.judgeClock(
			req.headers,
			ctx.query,
			entry.kind === 'presigned'
		);
		if ( late ) {
			this.injected( ctx, 'skewed' );
			this.sendError(
				ctx,
				late.status,
				late.code,
				late.message,
				late.extra
			);
			return true;
		}
		const plan = faults.plan();
		if ( plan.stallMs > 0 ) {
			this.injected( ctx, 'stall' );
			await sleep( plan.stallMs );
			if ( res.destroyed || req.socket.destroyed ) {
				// The client gave up waiting: nothing left to answer.
				return true;
			}
		}
		if ( plan.answer ) {
			this.injected( ctx, plan.answer );
			this.sendParsed( ctx, faults.answer( plan.answer ) );
			return true;
		}
		if ( plan.reset ) {
			this.injected( ctx, 'reset' );
			if ( hasBody( req.headers ) ) {
				await resetMidBody( req, () => ctx.settle( 0 ) );
				return true;
			}
			ctx.cut = true;
		}
		return false;
	}

	private injected( ctx: Context, fault: FaultName ): void {
		this.faults.count( fault );
		ctx.entry.fault = fault;
	}

	/** Signed requests: moto judges signature and IAM, so nothing may change, Host included. */
	private forwardUntouched( ctx: Context ): void {
		const headers: OutgoingHttpHeaders = {};
		for ( const [ name, value ] of Object.entries( ctx.req.headers ) ) {
			if (
				value !== undefined &&
				! ( HOP_BY_HOP.has( name ) && name !== 'transfer-encoding' )
			) {
				headers[ name ] = value;
			}
		}
		const createsOrDeletesBucket =
			ctx.bucket !== '' &&
			ctx.key === '' &&
			ctx.rawQuery === '' &&
			( ctx.method === 'PUT' || ctx.method === 'DELETE' );
		if ( createsOrDeletesBucket ) {
			ctx.res.on( 'close', () => this.bucketCache.delete( ctx.bucket ) );
		}
		this.pipeToMoto( ctx, ctx.req.url ?? '/', headers );
	}

	private async forwardPresigned( ctx: Context ): Promise< void > {
		const verdict = await verifyPresigned(
			{
				method: ctx.method,
				host: ctx.host,
				path: ctx.rawPath,
				query: ctx.query,
				headers: ctx.req.headers,
			},
			this.secrets,
			this.faults.now()
		);
		if ( ! verdict.ok ) {
			this.sendError(
				ctx,
				verdict.status,
				verdict.code,
				verdict.message,
				verdict.extra ?? {}
			);
			return;
		}
		const query: Query = {};
		const presignParams = new Set(
			PRESIGN_PARAMS.map( ( name ) => name.toLowerCase() )
		);
		for ( const [ name, value ] of Object.entries( ctx.query ) ) {
			if ( ! presignParams.has( name.toLowerCase() ) ) {
				query[ name ] = value;
			}
		}
		// Sent on as that user with a header signature, so moto's IAM still decides.
		await this.forwardSignedAs(
			ctx,
			verdict.credentials,
			verdict.region,
			query
		);
	}

	/** Anonymous GET/HEAD of an object: served only when its ACL grants AllUsers READ, as S3 does. */
	private async forwardAnonymous( ctx: Context ): Promise< void > {
		if (
			( ctx.method === 'GET' || ctx.method === 'HEAD' ) &&
			ctx.bucket !== '' &&
			ctx.key !== ''
		) {
			const versionId = firstValue( ctx.query.versionId );
			if ( await this.isPublicRead( ctx.bucket, ctx.key, versionId ) ) {
				await this.forwardSignedAs(
					ctx,
					this.options.admin,
					this.options.region,
					ctx.query
				);
				return;
			}
		}
		this.sendError( ctx, 403, 'AccessDenied', 'Access Denied' );
	}

	private async forwardSignedAs(
		ctx: Context,
		credentials: SigningCredentials,
		region: string,
		query: Query
	): Promise< void > {
		const headers: Record< string, string > = {};
		for ( const [ name, value ] of Object.entries( ctx.req.headers ) ) {
			if ( value === undefined ) {
				continue;
			}
			const amz =
				name.startsWith( 'x-amz-' ) && ! NOT_FORWARDED_AMZ.has( name );
			if ( amz || FORWARDED_HEADERS.has( name ) ) {
				headers[ name ] = Array.isArray( value )
					? value.join( ',' )
					: value;
			}
		}
		const signed = await signForMoto( credentials, region, {
			method: ctx.method,
			host: this.moto.host,
			path: ctx.stylePath,
			query,
			headers,
		} );
		const search = serializeQuery( query );
		this.pipeToMoto(
			ctx,
			ctx.stylePath + ( search ? `?${ search }` : '' ),
			signed
		);
	}

	/** Streams the request body to moto and moto's answer back: flat memory for 1 GB bodies. */
	private pipeToMoto(
		ctx: Context,
		path: string,
		headers: OutgoingHttpHeaders
	): void {
		const { req, res } = ctx;
		const upstream = httpRequest( {
			host: this.moto.hostname,
			port: this.moto.port,
			method: ctx.method,
			path,
			headers,
			agent: this.agent,
		} );
		upstream.on( 'response', ( answer ) => this.relay( ctx, answer ) );
		upstream.on( 'error', ( error ) => {
			if ( ! res.headersSent ) {
				this.sendError(
					ctx,
					503,
					'ServiceUnavailable',
					`The local S3 (moto) did not answer: ${ error.message }`
				);
			} else {
				res.destroy();
			}
		} );
		res.on( 'close', () => {
			if ( ! res.writableFinished ) {
				upstream.destroy();
			}
		} );
		req.pipe( upstream );
	}

	private relay( ctx: Context, answer: IncomingMessage ): void {
		const { res } = ctx;
		const status = answer.statusCode ?? 502;
		const headers: OutgoingHttpHeaders = {};
		for ( const [ name, value ] of Object.entries( answer.headers ) ) {
			if ( value !== undefined && ! HOP_BY_HOP.has( name ) ) {
				headers[ name ] = value;
			}
		}
		if ( this.faults.clockOffsetMs !== 0 ) {
			// One clock for the whole front, or an SDK that corrects its offset
			// from every answer's Date would be thrown back by moto's.
			headers.date = this.faults.now().toUTCString();
		}
		if ( ctx.cut ) {
			void this.cutRelayed( ctx, answer, status, headers );
			return;
		}
		if ( status < 400 || ctx.method === 'HEAD' ) {
			res.writeHead( status, answer.statusMessage, headers );
			answer.pipe( res );
			return;
		}
		// An error: small, so it is read whole to log its code.
		const chunks: Buffer[] = [];
		let size = 0;
		let overflow = false;
		answer.on( 'data', ( chunk: Buffer ) => {
			if ( overflow ) {
				res.write( chunk );
				return;
			}
			chunks.push( chunk );
			size += chunk.length;
			if ( size > ERROR_BODY_LIMIT ) {
				overflow = true;
				delete headers[ 'content-length' ];
				res.writeHead( status, answer.statusMessage, headers );
				res.write( Buffer.concat( chunks ) );
			}
		} );
		answer.on( 'end', () => {
			if ( overflow ) {
				res.end();
				return;
			}
			const body = Buffer.concat( chunks );
			ctx.entry.code = errorCodeOf( body.toString( 'utf8' ) );
			headers[ 'content-length' ] = String( body.length );
			res.writeHead( status, answer.statusMessage, headers );
			res.end( body );
		} );
		answer.on( 'error', () => res.destroy() );
	}

	/** The reset fault on moto's answer: its head and part of its body, then an RST. */
	private async cutRelayed(
		ctx: Context,
		answer: IncomingMessage,
		status: number,
		headers: OutgoingHttpHeaders
	): Promise< void > {
		const withBody = answerHasBody( ctx.method, status, headers );
		this.cutWith( ctx, {
			status,
			statusText: answer.statusMessage,
			headers,
			hasBody: withBody,
			firstChunk: withBody
				? await firstChunkOf( answer )
				: Buffer.alloc( 0 ),
		} );
	}

	private cutWith(
		ctx: Context,
		answer: Parameters< typeof cutAnswer >[ 1 ]
	): void {
		ctx.req.resume();
		cutAnswer( ctx.req.socket, answer, ( headSent ) =>
			ctx.settle( headSent ? answer.status : 0 )
		);
	}

	private sendReplay( ctx: Context, replay: Replay ): void {
		ctx.entry.kind = 'replayed';
		this.sendParsed( ctx, replay.response );
	}

	/** A whole recorded answer (a replay, or a fault's canned AWS answer). */
	private sendParsed( ctx: Context, response: ParsedResponse ): void {
		const { req, res, entry } = ctx;
		entry.code = response.code;
		// The request body is not wanted, but must be read for the connection to be reused.
		req.resume();
		const headers = [ ...response.headers ];
		if (
			this.faults.clockOffsetMs !== 0 &&
			! headers.some( ( [ name ] ) => name.toLowerCase() === 'date' )
		) {
			headers.push( [ 'Date', this.faults.now().toUTCString() ] );
		}
		if ( ctx.cut ) {
			this.cutWith( ctx, {
				status: response.status,
				statusText: response.statusText,
				headers,
				hasBody: ctx.method !== 'HEAD' && response.body.length > 0,
				firstChunk: response.body,
			} );
			return;
		}
		res.writeHead(
			response.status,
			response.statusText || undefined,
			headers.flat()
		);
		res.end( ctx.method === 'HEAD' ? undefined : response.body );
	}

	private sendError(
		ctx: Context,
		status: number,
		code: string,
		message: string,
		extra: Record< string, string > = {}
	): void {
		const { req, res, entry } = ctx;
		entry.code = code;
		req.resume();
		const requestId = randomBytes( 8 ).toString( 'hex' ).toUpperCase();
		const hostId = randomBytes( 32 ).toString( 'base64' );
		const details = Object.entries( extra )
			.map(
				( [ name, value ] ) =>
					`<${ name }>${ xmlEscape( value ) }</${ name }>`
			)
			.join( '' );
		const body = Buffer.from(
			'<?xml version="1.0" encoding="UTF-8"?>\n' +
				`<Error><Code>${ code }</Code><Message>${ xmlEscape( message ) }</Message>${ details }` +
				`<RequestId>${ requestId }</RequestId><HostId>${ hostId }</HostId></Error>`
		);
		const headers = {
			'Content-Type': 'application/xml',
			'Content-Length': String( body.length ),
			'x-amz-request-id': requestId,
			'x-amz-id-2': hostId,
			Date: this.faults.now().toUTCString(),
			Server: 'AmazonS3',
		};
		if ( ctx.cut ) {
			this.cutWith( ctx, {
				status,
				headers,
				hasBody: ctx.method !== 'HEAD',
				firstChunk: body,
			} );
			return;
		}
		res.writeHead( status, headers );
		// S3 answers HEAD errors without a body.
		res.end( ctx.method === 'HEAD' ? undefined : body );
	}

	/** Asked as the bucket owner, cached briefly so each request does not cost two. */
	private async bucketExists( bucket: string ): Promise< boolean > {
		const cached = this.bucketCache.get( bucket );
		if ( cached && cached.until > Date.now() ) {
			return cached.exists;
		}
		let exists = true;
		try {
			await this.adminS3.send(
				new GetBucketLocationCommand( { Bucket: bucket } )
			);
		} catch ( error ) {
			// Only a clear NoSuchBucket counts: anything else is left for moto to answer.
			exists = ! (
				error instanceof Error && error.name === 'NoSuchBucket'
			);
		}
		this.bucketCache.set( bucket, {
			exists,
			until: Date.now() + ( exists ? 2000 : 500 ),
		} );
		return exists;
	}

	private async isPublicRead(
		bucket: string,
		rawKey: string,
		versionId: string | undefined
	): Promise< boolean > {
		let key: string;
		try {
			key = decodeURIComponent( rawKey );
		} catch {
			return false;
		}
		try {
			const acl = await this.adminS3.send(
				new GetObjectAclCommand( {
					Bucket: bucket,
					Key: key,
					...( versionId ? { VersionId: versionId } : {} ),
				} )
			);
			return ( acl.Grants ?? [] ).some(
				( grant ) =>
					grant.Grantee?.URI === ALL_USERS &&
					( grant.Permission === 'READ' ||
						grant.Permission === 'FULL_CONTROL' )
			);
		} catch {
			// A missing object is AccessDenied to the anonymous, as S3 answers without s3:ListBucket.
			return false;
		}
	}
}
