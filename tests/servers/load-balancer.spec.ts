/**
 * The topology the `servers` suite stands on (tools/servers/): one address,
 * two web servers behind it. Requests without a pin alternate between A
 * and B; a header or a cookie pins one; both servers are the same site
 * (one database, one set of salts: a login on A is valid on B); each has
 * its own uploads folder; and a missing upload reaches WordPress
 * (try_files … /index.php), not nginx's own 404.
 */
import {
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { expect, request, test } from '@playwright/test';

import { logInOverHttp } from '../support/wp-session';
import { servers, servedBy } from './servers-helpers';

test( 'round-robin without a pin; the header or the cookie pins a request to A or B', async () => {
	const http = await request.newContext( { baseURL: servers.url } );
	try {
		const seen: string[] = [];
		for ( let i = 0; i < 6; i++ ) {
			seen.push( servedBy( await http.get( '/wp-login.php' ) ) );
		}
		expect( seen.filter( ( name ) => name === 'a' ) ).toHaveLength( 3 );
		expect( seen.filter( ( name ) => name === 'b' ) ).toHaveLength( 3 );
		for ( const name of [ 'a', 'b' ] ) {
			for ( let i = 0; i < 3; i++ ) {
				expect(
					servedBy(
						await http.get( '/wp-login.php', {
							headers: { [ servers.pinHeader ]: name },
						} )
					)
				).toBe( name );
				expect(
					servedBy(
						await http.get( '/wp-login.php', {
							headers: {
								Cookie: `${ servers.pinCookie }=${ name }`,
							},
						} )
					)
				).toBe( name );
			}
		}
		// The header wins over the cookie.
		expect(
			servedBy(
				await http.get( '/wp-login.php', {
					headers: {
						[ servers.pinHeader ]: 'b',
						Cookie: `${ servers.pinCookie }=a`,
					},
				} )
			)
		).toBe( 'b' );
	} finally {
		await http.dispose();
	}
} );

test( 'one site on two servers: a login on A holds on B; uploads folders are not shared; a missing upload reaches WordPress', async () => {
	const onA = await logInOverHttp(
		{ ...servers.site, url: servers.url },
		undefined,
		undefined,
		{ [ servers.pinHeader ]: 'a' }
	);
	try {
		const me = await onA.http.get( '/wp-json/wp/v2/users/me', {
			headers: { 'X-WP-Nonce': onA.nonce, [ servers.pinHeader ]: 'b' },
		} );
		expect( servedBy( me ), 'asked of B' ).toBe( 'b' );
		expect( me.status(), await me.text() ).toBe( 200 );
		expect( ( ( await me.json() ) as { id: number } ).id ).toBe( 1 );
	} finally {
		await onA.dispose();
	}

	// A file in A's uploads folder exists for A only.
	const folder = join(
		servers.servers.a.dir,
		'wp-content',
		'uploads',
		'lb-probe'
	);
	mkdirSync( folder, { recursive: true } );
	writeFileSync( join( folder, 'probe.txt' ), 'only on A\n' );
	expect(
		existsSync(
			join( servers.servers.b.dir, 'wp-content/uploads/lb-probe' )
		)
	).toBe( false );
	const http = await request.newContext( { baseURL: servers.url } );
	try {
		const fromA = await http.get(
			'/wp-content/uploads/lb-probe/probe.txt',
			{
				headers: { [ servers.pinHeader ]: 'a' },
			}
		);
		expect( fromA.status() ).toBe( 200 );
		expect( await fromA.text() ).toBe( 'only on A\n' );
		const fromB = await http.get(
			'/wp-content/uploads/lb-probe/probe.txt',
			{
				headers: { [ servers.pinHeader ]: 'b' },
			}
		);
		expect( servedBy( fromB ) ).toBe( 'b' );
		expect( fromB.status() ).not.toBe( 200 );
		// B's nginx handed it to PHP-FPM (try_files … /index.php): its access
		// log names an upstream for the request, which a static 404 has not.
		const line = readFileSync( servers.servers.b.accessLog, 'utf8' )
			.split( '\n' )
			.filter( ( entry ) => entry.includes( 'lb-probe/probe.txt' ) )
			.pop();
		expect( line, 'B logged the request' ).toBeDefined();
		expect( line!, 'the missing upload reached WordPress' ).toMatch(
			/upstream=127\.0\.0\.1:\d+/
		);
	} finally {
		await http.dispose();
		rmSync( folder, { recursive: true, force: true } );
	}
} );
