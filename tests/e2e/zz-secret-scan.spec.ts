/**
 * The end of the secret scan (issues 3 and 8). Named zz- so it runs last.
 * Every earlier test scanned its own pages (fixtures.ts); here:
 * - the scan proves it can fail: a page that serves a planted secret, in the
 *   forms a leak would take, is caught;
 * - the run's tallies add up to a scan that means something: many responses,
 *   among them the settings and test answers, some for a stored secret;
 * - the logs (WP_DEBUG_LOG, the PHP server's, the S3 front's and moto's)
 *   and the database files hold neither the guide user's secret nor any
 *   secret a test typed. (Console messages and uncaught page exceptions
 *   are scanned test by test, by fixtures.ts.)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { test as plainTest } from '@playwright/test';

import {
	test,
	expect,
	findSecrets,
	readTallies,
	typedSecrets,
	type Leak,
} from './fixtures';
import {
	logInAsAdmin,
	openSettings,
	runDir,
	s3,
	site,
	wrongSecret,
} from './support';

function allSecrets(): Map< string, string > {
	const secrets = new Map< string, string >( [
		[
			'the guide user’s secret (s3.user.secretAccessKey)',
			s3.user.secretAccessKey,
		],
	] );
	typedSecrets().forEach( ( secret, index ) =>
		secrets.set( `secret typed in an e2e test #${ index + 1 }`, secret )
	);
	return secrets;
}

test( 'the secret scan catches a page that serves a secret', async ( {
	page,
	context,
	recorder,
} ) => {
	const planted = wrongSecret();
	// A slash and a plus, as AWS secrets have, so escaping matters.
	const secret = `${ planted.slice( 0, 20 ) }/+${ planted.slice( 22 ) }`;
	recorder.addSecret( secret, 'planted', { scanLogs: false } );

	await logInAsAdmin( page );
	await openSettings( page );
	await page.route( `${ site.url }/e2e-planted/**`, ( route ) => {
		const path = new URL( route.request().url() ).pathname;
		const bodies: Record< string, [ string, string ] > = {
			'/e2e-planted/page': [
				'text/html',
				`<html><body><input value="${ secret }"></body></html>`,
			],
			'/e2e-planted/rest': [
				'application/json',
				JSON.stringify( { secret } ).replace( /\//g, '\\/' ),
			],
			'/e2e-planted/script': [
				'application/javascript',
				`var s = "${ secret.slice( 10, 30 ) }";`,
			],
		};
		const [ contentType, body ] = bodies[ path ] ?? [ 'text/plain', '' ];
		return route.fulfill( { status: 200, contentType, body } );
	} );
	await page.goto( `${ site.url }/e2e-planted/page` );
	await page.evaluate(
		async ( [ url, leaked ] ) => {
			await fetch( `${ url }/e2e-planted/rest` );
			await fetch( `${ url }/e2e-planted/script` );

			console.warn( `signing with ${ leaked }` );
			setTimeout( () => {
				throw new Error( `bad key ${ leaked }` );
			} );
		},
		[ site.url, secret ]
	);
	await page.waitForTimeout( 200 ); // let the uncaught exception land
	await context.addCookies( [
		{
			name: 'e2e_planted',
			value: encodeURIComponent( secret ),
			url: site.url,
		},
	] );
	await recorder.finish( context );

	const found = recorder
		.leaks()
		.filter( ( leak: Leak ) => leak.secret.startsWith( 'planted' ) );
	const where = ( part: string ) =>
		found.filter( ( leak ) => leak.where.includes( part ) );
	const bodyOf = ( path: string ) =>
		where( path ).filter( ( leak ) => leak.where.startsWith( 'body of' ) );
	expect( bodyOf( '/e2e-planted/page' ) ).toMatchObject( [
		{ form: 'raw' },
	] );
	expect( bodyOf( '/e2e-planted/rest' ) ).toMatchObject( [
		{ form: 'json-escaped-slashes' },
	] );
	expect( bodyOf( '/e2e-planted/script' ) ).toMatchObject( [
		{ form: 'raw part' },
	] );
	expect( where( 'cookie e2e_planted' ) ).toMatchObject( [
		{ form: 'url-encoded' },
	] );
	expect( where( 'console.warning' ) ).toMatchObject( [ { form: 'raw' } ] );
	expect( where( 'uncaught exception' ).length ).toBeGreaterThan( 0 );
	// The planted secret was found; the real ones must still not be.
	recorder.forgetSecret( secret );
	await context.clearCookies( { name: 'e2e_planted' } );
} );

plainTest(
	'the whole run’s scan read many responses, the settings answers among them, and found no secret',
	() => {
		const tallies = readTallies();
		const sum = ( pick: ( t: ( typeof tallies )[ number ] ) => number ) =>
			tallies.reduce( ( total, tally ) => total + pick( tally ), 0 );
		const summary = {
			tests: tallies.length,
			responses: sum( ( t ) => t.responses ),
			textResponses: sum( ( t ) => t.textResponses ),
			megabytes: Number( ( sum( ( t ) => t.bytes ) / 1e6 ).toFixed( 1 ) ),
			cookies: sum( ( t ) => t.cookies ),
			consoleMessages: sum( ( t ) => t.messages ?? 0 ),
			restAnswers: sum( ( t ) => t.restAnswers ),
			withStoredSecret: sum( ( t ) => t.withStoredSecret ),
			refetched: sum( ( t ) => t.refetched ),
			unread: sum( ( t ) => t.unread.length ),
			typedSecrets: typedSecrets().length,
			leaks: sum( ( t ) => t.leaks ),
		};
		console.log(
			`Secret scan of the e2e run: ${ JSON.stringify( summary ) }`
		);
		plainTest.info().annotations.push( {
			type: 'secret-scan',
			description: JSON.stringify( summary ),
		} );

		// At least the other specs' tests and this file's first one.
		expect( summary.tests ).toBeGreaterThanOrEqual( 5 );
		expect( summary.responses ).toBeGreaterThan( 10 * summary.tests );
		expect( summary.restAnswers ).toBeGreaterThan( summary.tests );
		// Answers given while a secret was stored: they would have held it.
		expect( summary.withStoredSecret ).toBeGreaterThan( 0 );
		expect( summary.typedSecrets ).toBeGreaterThan( 0 );
		expect( summary.cookies ).toBeGreaterThan( 0 );
		// Each test asserted its own; the sum says none slipped through.
		expect( summary.leaks ).toBe( 0 );
	}
);

plainTest( 'the logs and the database hold no secret of the run', () => {
	const secrets = allSecrets();
	expect( secrets.size ).toBeGreaterThan( 1 );
	const phpServerLog = join( runDir(), 'php-server.log' );
	const databaseDir = join( dirname( site.debugLog ), 'database' );
	const files = [
		site.debugLog,
		phpServerLog,
		join( runDir(), 's3-front.log' ),
		join( runDir(), 'moto.log' ),
		...( existsSync( databaseDir )
			? readdirSync( databaseDir ).map( ( name ) =>
					join( databaseDir, name )
				)
			: [] ),
	].filter( ( file ) => existsSync( file ) && statSync( file ).isFile() );

	// The server log has a line per request of the run: it was written.
	expect( files ).toContain( phpServerLog );
	expect( statSync( phpServerLog ).size ).toBeGreaterThan( 1000 );
	expect(
		files.some( ( file ) => file.startsWith( databaseDir ) ),
		'the SQLite database was found'
	).toBe( true );

	const leaks: Leak[] = [];
	const sizes: string[] = [];
	for ( const file of files ) {
		// latin1 keeps every byte: a secret in a binary file still matches.
		const text = readFileSync( file, 'latin1' );
		sizes.push( `${ file }: ${ text.length } bytes` );
		leaks.push( ...findSecrets( text, secrets, file ) );
	}
	plainTest.info().annotations.push( {
		type: 'secret-scan',
		description: `scanned ${ sizes.join( '; ' ) }${
			existsSync( site.debugLog ) ? '' : ` (no ${ site.debugLog })`
		}`,
	} );
	expect( leaks, 'a secret appeared in a log or the database' ).toEqual( [] );
} );
