/**
 * Replays: recorded Amazon S3 answers (the aws-responses/*.http files, whose
 * text tests post) given instead of moto's for matching requests — for what
 * moto cannot produce (ACLs disabled, Block Public Access, throttling, …).
 */

export interface ReplayMatch {
	/** HTTP method, compared case-insensitively. */
	method?: string;
	/** Regular expression tested on the path-style path (`/bucket/key`, still encoded). */
	path?: string;
	/** Substring of the raw query string (without `?`). */
	query?: string;
	/** Header name (any case) and a substring its value must contain. */
	header?: [ string, string ];
}

export interface ParsedResponse {
	status: number;
	statusText: string;
	headers: Array< [ string, string ] >;
	body: Buffer;
	/** `<Code>` of an error body, for the request log. */
	code: string | null;
}

export interface Replay {
	id: number;
	match: ReplayMatch;
	response: ParsedResponse;
	/** How many more requests it answers; null = until cleared. */
	remaining: number | null;
	pathPattern: RegExp | null;
}

export function errorCodeOf( body: string ): string | null {
	return /<Code>([^<]+)<\/Code>/.exec( body )?.[ 1 ] ?? null;
}

/**
 * Parses a raw HTTP answer: status line, headers, blank line, body. The
 * files say `Transfer-Encoding: chunked` over an unchunked body, so framing
 * headers are dropped and Content-Length is set from the body.
 */
export function parseRawResponse( raw: string ): ParsedResponse {
	const text = raw.replace( /^\uFEFF/, '' );
	const split = /\r?\n\r?\n/.exec( text );
	const head = split ? text.slice( 0, split.index ) : text;
	const bodyText = split ? text.slice( split.index + split[ 0 ].length ) : '';
	const [ statusLine = '', ...headerLines ] = head.split( /\r?\n/ );
	const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(
		statusLine.trim()
	);
	if ( ! status ) {
		throw new Error(
			`Not an HTTP response status line: ${ JSON.stringify( statusLine ) }`
		);
	}
	const headers: Array< [ string, string ] > = [];
	for ( const line of headerLines ) {
		const colon = line.indexOf( ':' );
		if ( colon <= 0 ) {
			continue;
		}
		const name = line.slice( 0, colon ).trim();
		if (
			/^(transfer-encoding|content-length|connection|keep-alive)$/i.test(
				name
			)
		) {
			continue;
		}
		headers.push( [ name, line.slice( colon + 1 ).trim() ] );
	}
	const body = Buffer.from( bodyText, 'utf8' );
	headers.push( [ 'Content-Length', String( body.length ) ] );
	return {
		status: Number( status[ 1 ] ),
		statusText: status[ 2 ] ?? '',
		headers,
		body,
		code: Number( status[ 1 ] ) >= 400 ? errorCodeOf( bodyText ) : null,
	};
}

export interface MatchTarget {
	method: string;
	path: string;
	query: string;
	headers: Record< string, string | string[] | undefined >;
}

export function replayMatches( replay: Replay, request: MatchTarget ): boolean {
	const { match } = replay;
	if (
		match.method &&
		match.method.toUpperCase() !== request.method.toUpperCase()
	) {
		return false;
	}
	if ( replay.pathPattern && ! replay.pathPattern.test( request.path ) ) {
		return false;
	}
	if (
		match.query !== undefined &&
		! request.query.includes( match.query )
	) {
		return false;
	}
	if ( match.header ) {
		const [ name, value ] = match.header;
		const actual = request.headers[ name.toLowerCase() ];
		const text = Array.isArray( actual ) ? actual.join( ', ' ) : actual;
		if ( text === undefined || ! text.includes( value ) ) {
			return false;
		}
	}
	return true;
}

export class ReplayBook {
	private nextId = 1;
	private replays: Replay[] = [];

	add( match: ReplayMatch, raw: string, times?: number ): Replay {
		if (
			times !== undefined &&
			( ! Number.isInteger( times ) || times < 1 )
		) {
			throw new Error( '"times" must be a positive integer' );
		}
		const replay: Replay = {
			id: this.nextId++,
			match,
			response: parseRawResponse( raw ),
			remaining: times ?? null,
			// Compiled once: a bad pattern is the poster's error, not every request's.
			pathPattern:
				match.path !== undefined ? new RegExp( match.path ) : null,
		};
		this.replays.push( replay );
		return replay;
	}

	/** The first matching replay, its use counted (and removed when used up). */
	take( request: MatchTarget ): Replay | null {
		const replay = this.replays.find( ( candidate ) =>
			replayMatches( candidate, request )
		);
		if ( ! replay ) {
			return null;
		}
		if ( replay.remaining !== null ) {
			replay.remaining--;
			if ( replay.remaining <= 0 ) {
				this.remove( replay.id );
			}
		}
		return replay;
	}

	remove( id: number ): boolean {
		const before = this.replays.length;
		this.replays = this.replays.filter( ( replay ) => replay.id !== id );
		return this.replays.length !== before;
	}

	clear(): void {
		this.replays = [];
	}

	list(): Array< {
		id: number;
		match: ReplayMatch;
		remaining: number | null;
		status: number;
		code: string | null;
	} > {
		return this.replays.map( ( replay ) => ( {
			id: replay.id,
			match: replay.match,
			remaining: replay.remaining,
			status: replay.response.status,
			code: replay.response.code,
		} ) );
	}
}
