/**
 * The reset fault: a connection destroyed with a TCP RST in the middle of a
 * request's body, or in the middle of its answer, so the client sees a
 * reset or a short read rather than any HTTP answer it could trust.
 */
import {
	STATUS_CODES,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type OutgoingHttpHeaders,
} from 'node:http';
import type { Socket } from 'node:net';

/** At most this much of the answer's body goes out before the reset. */
const PART_LIMIT = 16 * 1024;
/** Lets what was written leave the send queue: an RST discards what is still in it. */
const FLUSH_MS = 20;

/** Whether the request carries a body (decided by its framing, not its method). */
export function hasBody( headers: IncomingHttpHeaders ): boolean {
	if ( headers[ 'transfer-encoding' ] !== undefined ) {
		return true;
	}
	const length = Number( headers[ 'content-length' ] ?? '0' );
	return Number.isFinite( length ) && length > 0;
}

/**
 * Waits for the first chunk of the request body (all of it, for a body that
 * fits in one), then resets the connection. Nothing is forwarded: the
 * request never reaches moto.
 */
export function resetMidBody(
	req: IncomingMessage,
	beforeReset: () => void
): Promise< void > {
	return new Promise( ( resolve ) => {
		let done = false;
		const cut = (): void => {
			if ( done ) {
				return;
			}
			done = true;
			if ( ! req.socket.destroyed ) {
				beforeReset();
				req.socket.resetAndDestroy();
			}
			resolve();
		};
		req.once( 'data', cut );
		req.once( 'end', cut );
		req.once( 'error', cut );
		req.once( 'close', cut );
	} );
}

/** Whether an answer carries a body: not to HEAD, not 204 or 304, not Content-Length 0. */
export function answerHasBody(
	method: string,
	status: number,
	headers: OutgoingHttpHeaders
): boolean {
	return ! (
		method === 'HEAD' ||
		status === 204 ||
		status === 304 ||
		String( headers[ 'content-length' ] ) === '0'
	);
}

/**
 * The first chunk of a streamed answer (empty if it ends first); the stream
 * is left paused. Its 'error' listener stays: the stream is destroyed later,
 * with the connection, and an unheard error would end the front.
 */
export function firstChunkOf( stream: IncomingMessage ): Promise< Buffer > {
	return new Promise( ( resolve ) => {
		let done = false;
		const settle = ( chunk: Buffer ): void => {
			if ( done ) {
				return;
			}
			done = true;
			stream.off( 'data', settle );
			stream.pause();
			resolve( chunk );
		};
		const none = (): void => settle( Buffer.alloc( 0 ) );
		stream.on( 'data', settle );
		stream.once( 'end', none );
		stream.on( 'error', none );
	} );
}

export interface CutAnswer {
	status: number;
	statusText?: string | undefined;
	headers: OutgoingHttpHeaders | Array< [ string, string ] >;
	/** Whether the answer has a body at all (not for HEAD, 204, 304, Content-Length 0). */
	hasBody: boolean;
	/** The first chunk of the body (or all of it); empty when none came. */
	firstChunk: Buffer;
}

function headLines( answer: CutAnswer ): string[] {
	const pairs: Array< [ string, string ] > = [];
	const entries = Array.isArray( answer.headers )
		? answer.headers
		: Object.entries( answer.headers );
	for ( const [ name, value ] of entries ) {
		if ( value === undefined ) {
			continue;
		}
		for ( const one of Array.isArray( value ) ? value : [ value ] ) {
			pairs.push( [ name, String( one ) ] );
		}
	}
	const chunked =
		answer.hasBody &&
		! pairs.some( ( [ name ] ) => name.toLowerCase() === 'content-length' );
	if ( chunked ) {
		pairs.push( [ 'Transfer-Encoding', 'chunked' ] );
	}
	const text = answer.statusText || STATUS_CODES[ answer.status ] || '';
	return [
		`HTTP/1.1 ${ answer.status } ${ text }`,
		...pairs.map( ( [ name, value ] ) => `${ name }: ${ value }` ),
	];
}

/**
 * Writes part of an answer straight to the socket and resets it. With a
 * body: the whole head and the first half of the first chunk (at most 16
 * KiB; nothing of a 1-byte body), so the body is short. Without one (HEAD,
 * 204, an empty body) a complete head would be a complete answer, so the
 * head itself is cut: the status line and half of the header lines.
 * `beforeReset` is told, just before the RST, whether the whole head went out.
 */
export function cutAnswer(
	socket: Socket,
	answer: CutAnswer,
	beforeReset: ( headSent: boolean ) => void
): void {
	const lines = headLines( answer );
	let payload: Buffer;
	if ( answer.hasBody ) {
		const head = Buffer.from( `${ lines.join( '\r\n' ) }\r\n\r\n` );
		const part = answer.firstChunk.subarray(
			0,
			Math.min( PART_LIMIT, Math.floor( answer.firstChunk.length / 2 ) )
		);
		const chunked = lines.includes( 'Transfer-Encoding: chunked' );
		const framed =
			chunked && part.length > 0
				? Buffer.concat( [
						Buffer.from( `${ part.length.toString( 16 ) }\r\n` ),
						part,
						Buffer.from( '\r\n' ),
					] )
				: part;
		payload = Buffer.concat( [ head, framed ] );
	} else {
		const kept = lines.slice(
			0,
			1 + Math.floor( ( lines.length - 1 ) / 2 )
		);
		payload = Buffer.from( `${ kept.join( '\r\n' ) }\r\n` );
	}
	socket.write( payload, () => {
		setTimeout( () => {
			if ( ! socket.destroyed ) {
				beforeReset( answer.hasBody );
				socket.resetAndDestroy();
			}
		}, FLUSH_MS );
	} );
}
