/**
 * @jest-environment node
 */
/**
 * The front's control client sends a request once more when the connection
 * closes before any answer (a kept-alive socket the server had closed while
 * the test process was busy), and only then: an answer that says no is an
 * error at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FrontClient } from '../../tools/s3/front-client';

/** A control server that drops the first `drops` connections without a word. */
async function server( drops: number ): Promise< {
	url: string;
	seen: () => number;
	close: () => Promise< void >;
} > {
	let seen = 0;
	const http: Server = createServer( ( req, res ) => {
		seen++;
		if ( seen <= drops ) {
			req.socket.destroy();
			return;
		}
		res.writeHead( 200, { 'Content-Type': 'application/json' } );
		res.end( JSON.stringify( { lastSeq: 7 } ) );
	} );
	await new Promise< void >( ( resolve ) =>
		http.listen( 0, '127.0.0.1', () => resolve() )
	);
	const { port } = http.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${ port }`,
		seen: () => seen,
		close: () =>
			new Promise< void >( ( resolve ) => {
				http.closeAllConnections();
				http.close( () => resolve() );
			} ),
	};
}

describe( 'FrontClient', () => {
	it( 'asks again once when the connection closed before an answer', async () => {
		const control = await server( 1 );
		try {
			await expect(
				new FrontClient( control.url ).lastSeq()
			).resolves.toBe( 7 );
			expect( control.seen() ).toBe( 2 );
		} finally {
			await control.close();
		}
	} );

	it( 'gives up after the second closed connection', async () => {
		const control = await server( 2 );
		try {
			await expect(
				new FrontClient( control.url ).lastSeq()
			).rejects.toThrow();
			expect( control.seen() ).toBe( 2 );
		} finally {
			await control.close();
		}
	} );
} );
