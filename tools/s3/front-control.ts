/**
 * The front's control API (JSON over HTTP, on its own port so that an S3
 * outage does not take the switch back with it).
 */
import {
	createServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import { HOST } from '../lib/network';
import type { S3Front } from './front';
import { FaultConfigError, parseFaultConfig } from './front-fault-config';
import type { ReplayMatch } from './front-replay';

class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super( message );
	}
}

async function readJson(
	req: IncomingMessage
): Promise< Record< string, unknown > > {
	const chunks: Buffer[] = [];
	let size = 0;
	for await ( const chunk of req ) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if ( size > 8 * 1024 * 1024 ) {
			throw new HttpError( 413, 'Body too large' );
		}
		chunks.push( buffer );
	}
	const text = Buffer.concat( chunks ).toString( 'utf8' ).trim();
	if ( text === '' ) {
		return {};
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse( text );
	} catch {
		throw new HttpError( 400, 'Body is not JSON' );
	}
	if (
		typeof parsed !== 'object' ||
		parsed === null ||
		Array.isArray( parsed )
	) {
		throw new HttpError( 400, 'Body must be a JSON object' );
	}
	return parsed as Record< string, unknown >;
}

function send( res: ServerResponse, status: number, body: unknown ): void {
	const text = JSON.stringify( body );
	res.writeHead( status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength( text ),
	} );
	res.end( text );
}

function parseMatch( value: unknown ): ReplayMatch {
	if (
		typeof value !== 'object' ||
		value === null ||
		Array.isArray( value )
	) {
		throw new HttpError( 400, '"match" must be an object' );
	}
	const input = value as Record< string, unknown >;
	const match: ReplayMatch = {};
	for ( const name of [ 'method', 'path', 'query' ] as const ) {
		const field = input[ name ];
		if ( field !== undefined ) {
			if ( typeof field !== 'string' ) {
				throw new HttpError(
					400,
					`"match.${ name }" must be a string`
				);
			}
			match[ name ] = field;
		}
	}
	const header = input.header;
	if ( header !== undefined ) {
		if (
			! Array.isArray( header ) ||
			header.length !== 2 ||
			! header.every( ( part ) => typeof part === 'string' )
		) {
			throw new HttpError( 400, '"match.header" must be [name, value]' );
		}
		match.header = [ header[ 0 ] as string, header[ 1 ] as string ];
	}
	if ( match.path !== undefined ) {
		try {
			new RegExp( match.path );
		} catch ( error ) {
			throw new HttpError(
				400,
				`"match.path" is not a regular expression: ${ String( error ) }`
			);
		}
	}
	return match;
}

export function state( front: S3Front ): Record< string, unknown > {
	return {
		up: front.isUp,
		port: front.listenPort,
		latencyMs: front.latencyMs,
		noSuchBucket: front.noSuchBucket,
		replays: front.replays.list(),
		// Key ids only: the control API never hands out secrets.
		credentials: [ ...front.secrets.keys() ],
		lastSeq: front.lastSeq,
		faults: front.faults.state(),
	};
}

async function route(
	front: S3Front,
	req: IncomingMessage,
	res: ServerResponse
): Promise< void > {
	const url = new URL( req.url ?? '/', 'http://control' );
	const key = `${ req.method ?? 'GET' } ${ url.pathname.replace( /\/+$/, '' ) || '/' }`;
	switch ( key ) {
		case 'GET /state':
			return send( res, 200, state( front ) );
		case 'GET /log': {
			const since = Number( url.searchParams.get( 'since' ) ?? '0' );
			if ( ! Number.isFinite( since ) ) {
				throw new HttpError( 400, '"since" must be a number' );
			}
			return send( res, 200, {
				entries: front.entries( since ),
				lastSeq: front.lastSeq,
			} );
		}
		case 'POST /log/clear':
			front.clearLog();
			return send( res, 200, { ok: true } );
		case 'POST /down':
			await front.down();
			return send( res, 200, state( front ) );
		case 'POST /up':
			await front.up();
			return send( res, 200, state( front ) );
		case 'POST /latency': {
			const { ms } = await readJson( req );
			if ( typeof ms !== 'number' || ! Number.isFinite( ms ) || ms < 0 ) {
				throw new HttpError( 400, '"ms" must be a number ≥ 0' );
			}
			front.latencyMs = ms;
			return send( res, 200, state( front ) );
		}
		case 'POST /replay': {
			const body = await readJson( req );
			if ( typeof body.response !== 'string' ) {
				throw new HttpError(
					400,
					'"response" must be the raw HTTP answer as text'
				);
			}
			const times = body.times;
			if ( times !== undefined && typeof times !== 'number' ) {
				throw new HttpError( 400, '"times" must be a number' );
			}
			try {
				const replay = front.replays.add(
					parseMatch( body.match ?? {} ),
					body.response,
					times
				);
				return send( res, 200, { id: replay.id } );
			} catch ( error ) {
				if ( error instanceof HttpError ) {
					throw error;
				}
				throw new HttpError(
					400,
					error instanceof Error ? error.message : String( error )
				);
			}
		}
		case 'DELETE /replay':
			front.replays.clear();
			return send( res, 200, { ok: true } );
		case 'POST /credentials': {
			const { accessKeyId, secretAccessKey } = await readJson( req );
			if (
				typeof accessKeyId !== 'string' ||
				typeof secretAccessKey !== 'string' ||
				! accessKeyId
			) {
				throw new HttpError(
					400,
					'"accessKeyId" and "secretAccessKey" must be strings'
				);
			}
			front.secrets.set( accessKeyId, secretAccessKey );
			return send( res, 200, { ok: true } );
		}
		case 'POST /no-such-bucket': {
			const { enabled } = await readJson( req );
			if ( typeof enabled !== 'boolean' ) {
				throw new HttpError( 400, '"enabled" must be true or false' );
			}
			front.noSuchBucket = enabled;
			return send( res, 200, state( front ) );
		}
		case 'GET /faults':
			return send( res, 200, front.faults.state() );
		case 'POST /faults': {
			const body = await readJson( req );
			try {
				front.faults.configure( parseFaultConfig( body ) );
			} catch ( error ) {
				if ( error instanceof FaultConfigError ) {
					throw new HttpError( 400, error.message );
				}
				throw error;
			}
			return send( res, 200, front.faults.state() );
		}
		case 'POST /reset':
			await front.reset();
			return send( res, 200, state( front ) );
	}
	const replayId = /^DELETE \/replay\/(\d+)$/.exec( key );
	if ( replayId ) {
		return send(
			res,
			front.replays.remove( Number( replayId[ 1 ] ) ) ? 200 : 404,
			{}
		);
	}
	throw new HttpError( 404, `No such control route: ${ key }` );
}

export function createControlServer( front: S3Front ): Server {
	return createServer( ( req, res ) => {
		route( front, req, res ).catch( ( error: unknown ) => {
			const status = error instanceof HttpError ? error.status : 500;
			send( res, status, {
				error: error instanceof Error ? error.message : String( error ),
			} );
		} );
	} );
}

export function listenControl( server: Server, port: number ): Promise< void > {
	return new Promise( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( port, HOST, () => {
			server.off( 'error', reject );
			resolve();
		} );
	} );
}
