/**
 * @jest-environment node
 */
/**
 * Test runs pick their ports with freePort(). A port from the OS's range for
 * outgoing connections can be taken by one of the harness's own connections
 * before the server listens on it (a full run failed that way), so ports
 * come from below that range, and never twice in one process.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

import { HOST, freePort } from '../../tools/lib/network';

function outgoingRangeStart(): number {
	return Number(
		readFileSync( '/proc/sys/net/ipv4/ip_local_port_range', 'utf8' )
			.trim()
			.split( /\s+/ )[ 0 ]
	);
}

describe( 'freePort', () => {
	it( 'gives distinct ports below the range for outgoing connections, each one free to listen on', async () => {
		const start = outgoingRangeStart();
		const ports: number[] = [];
		for ( let i = 0; i < 40; i++ ) {
			ports.push( await freePort() );
		}
		expect( new Set( ports ).size ).toBe( ports.length );
		for ( const port of ports ) {
			expect( port ).toBeGreaterThanOrEqual( 10000 );
			expect( port ).toBeLessThan( start );
		}
		const server = createServer();
		await new Promise< void >( ( resolve, reject ) => {
			server.once( 'error', reject );
			server.listen( ports[ 0 ], HOST, () => resolve() );
		} );
		await new Promise< void >( ( resolve ) =>
			server.close( () => resolve() )
		);
	} );
} );
