/**
 * Ports and readiness: every server of the local environment listens on
 * 127.0.0.1 only, and a port already in use is a clear error, not a hang.
 */
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

/** A free port chosen by the OS (for test runs that must not clash with `npm start`). */
export function freePort(): Promise< number > {
	return new Promise( ( resolve, reject ) => {
		const probe = createServer();
		probe.once( 'error', reject );
		probe.listen( 0, HOST, () => {
			const address = probe.address();
			const port =
				typeof address === 'object' && address ? address.port : 0;
			probe.close( () => resolve( port ) );
		} );
	} );
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
