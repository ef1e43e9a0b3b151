/**
 * Ports and readiness: every server of the local environment listens on
 * 127.0.0.1 only, and a port already in use is a clear error, not a hang.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const HOST = '127.0.0.1';

export function assertPortFree( port: number, what: string ): Promise< void > {
	return new Promise( ( resolve, reject ) => {
		const probe = createServer();
		probe.once( 'error', ( error: NodeJS.ErrnoException ) => {
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${ port } (${ what }) is already in use. Stop whatever holds it, or choose another port (see README: "Ports").`
						: `Port ${ port } (${ what }) cannot be used: ${ error.message }`
				)
			);
		} );
		probe.listen( port, HOST, () => probe.close( () => resolve() ) );
	} );
}

/** Ports this process handed out already: two servers never get the same one. */
const handedOut = new Set< number >();

/**
 * The lowest port the OS gives to outgoing connections: a server port taken
 * from below it cannot be grabbed by one of the many connections the
 * harness opens between choosing a port and listening on it.
 */
function ephemeralStart(): number {
	try {
		const range = readFileSync(
			'/proc/sys/net/ipv4/ip_local_port_range',
			'utf8'
		);
		const low = Number( range.trim().split( /\s+/ )[ 0 ] );
		return Number.isInteger( low ) && low > 12000 ? low : 32768;
	} catch {
		return 32768;
	}
}

function canListen( port: number ): Promise< boolean > {
	return new Promise( ( resolve ) => {
		const probe = createServer();
		probe.once( 'error', () => resolve( false ) );
		probe.listen( port, HOST, () => probe.close( () => resolve( true ) ) );
	} );
}

/**
 * A free port for test runs (which must not clash with `npm start`): picked
 * at random below the OS's range for outgoing connections, and never the
 * same twice in one process.
 */
export async function freePort(): Promise< number > {
	const high = ephemeralStart() - 1;
	const low = 10000;
	for ( let attempt = 0; attempt < 200; attempt++ ) {
		const port = low + Math.floor( Math.random() * ( high - low ) );
		if ( ! handedOut.has( port ) && ( await canListen( port ) ) ) {
			handedOut.add( port );
			return port;
		}
	}
	throw new Error( `No free port found between ${ low } and ${ high }.` );
}

/**
 * Polls a URL until it answers (any HTTP status) or the time is up.
 * @param url
 * @param what
 * @param timeoutMs
 */
export async function waitForHttp(
	url: string,
	what: string,
	timeoutMs = 30_000
): Promise< void > {
	const deadline = Date.now() + timeoutMs;
	let lastError = '';
	while ( Date.now() < deadline ) {
		try {
			await fetch( url, { signal: AbortSignal.timeout( 2000 ) } );
			return;
		} catch ( error ) {
			lastError =
				error instanceof Error ? error.message : String( error );
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 150 ) );
	}
	throw new Error(
		`${ what } did not answer at ${ url } within ${ timeoutMs } ms (${ lastError })`
	);
}
