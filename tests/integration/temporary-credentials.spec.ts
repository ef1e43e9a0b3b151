/**
 * Temporary credentials, as AWS STS issues them: moto's AssumeRole on a role
 * carrying the guide's policy gives an ASIA… key, its secret and a session
 * token, which moto checks on every request. The site's WordPress runs from
 * the command line with them in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN (temporary-credentials.php), as a web server started
 * with them would; the site's saved key stays in the database, and the
 * environment wins over it. Upload, presigned serving and deletion all go
 * through with the token; a wrong or expired one is a clear Test S3 Access
 * answer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

import {
	assumeRole,
	createGuideRole,
	deleteGuideRole,
	type TemporaryCredentials,
} from '../../tools/s3/sts';
import {
	accessTestHooks,
	awsResponse,
	frontClient,
	objectExists,
	requestsSince,
	s3,
	uniqueName,
	type AccessResult,
} from './access-helpers';
import { jpeg, siteDir } from './media-helpers';

const HELPER = join( __dirname, 'temporary-credentials.php' );
const ROLE = uniqueName( 's3-media-sync-role' );

accessTestHooks();

let sts: TemporaryCredentials;
let workDir: string;

function iamTarget() {
	return { motoUrl: s3().motoUrl, admin: s3().admin, region: s3().region };
}

test.beforeAll( async () => {
	const roleArn = await createGuideRole( iamTarget(), ROLE );
	sts = await assumeRole( iamTarget(), roleArn, 'wordpress', 900 );
	// For the front to judge presigned URLs made with it.
	await frontClient().registerCredentials( sts );
	workDir = mkdtempSync( join( tmpdir(), 's3ms-sts-' ) );
} );

test.afterAll( async () => {
	await deleteGuideRole( iamTarget(), ROLE );
	rmSync( workDir, { recursive: true, force: true } );
} );

/** Runs the helper with these AWS_* variables; its last line of JSON. */
function asServerWith< T >(
	credentials: {
		accessKeyId: string;
		secretAccessKey: string;
		sessionToken: string;
	},
	...args: string[]
): T {
	const out = execFileSync( 'php', [ HELPER, siteDir(), ...args ], {
		env: {
			...process.env,
			AWS_ACCESS_KEY_ID: credentials.accessKeyId,
			AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
			AWS_SESSION_TOKEN: credentials.sessionToken,
		},
		maxBuffer: 16 * 1024 * 1024,
	} ).toString();
	return JSON.parse( out.trim().split( '\n' ).pop() ?? '' ) as T;
}

interface Uploaded {
	id: number;
	url: string;
	state: { status: string; keys: string[]; error: unknown };
}

test( 'STS credentials in the environment: Test S3 Access, upload, presigned serving and deletion all sign with the session token', async () => {
	expect( sts.accessKeyId ).toMatch( /^ASIA/ );
	const since = await frontClient().lastSeq();

	const result = asServerWith< AccessResult & { credentials: unknown } >(
		sts,
		'test'
	);
	expect( result.ok, result.message ).toBe( true );
	expect( result.credentials ).toEqual( {
		source: 'environment',
		access_key_id: sts.accessKeyId,
		temporary: true,
	} );

	const file = join( workDir, 'photo.jpg' );
	const bytes = jpeg( 640, 480 );
	writeFileSync( file, bytes );
	const uploaded = asServerWith< Uploaded >(
		sts,
		'upload',
		file,
		`${ uniqueName( 'sts' ) }.jpg`
	);
	expect( uploaded.state.status, JSON.stringify( uploaded.state ) ).toBe(
		'synced'
	);
	expect( uploaded.state.keys.length ).toBeGreaterThan( 1 );
	for ( const key of uploaded.state.keys ) {
		expect( await objectExists( key ), key ).toBe( true );
	}

	// Private media: a presigned URL carrying the key and its token.
	const url = new URL( uploaded.url );
	expect( url.searchParams.get( 'X-Amz-Credential' ) ).toMatch(
		new RegExp( `^${ sts.accessKeyId }/` )
	);
	expect( url.searchParams.get( 'X-Amz-Security-Token' ) ).toBe(
		sts.sessionToken
	);
	const served = await fetch( url );
	expect( served.status ).toBe( 200 );
	expect( Buffer.from( await served.arrayBuffer() ).equals( bytes ) ).toBe(
		true
	);
	// The token is part of what was signed: a URL without it is refused.
	const withoutToken = new URL( url );
	withoutToken.searchParams.delete( 'X-Amz-Security-Token' );
	expect( ( await fetch( withoutToken ) ).status ).toBe( 403 );

	const deleted = asServerWith< { deleted: boolean; state: unknown } >(
		sts,
		'delete',
		String( uploaded.id )
	);
	expect( deleted.deleted ).toBe( true );
	for ( const key of uploaded.state.keys ) {
		expect( await objectExists( key ), key ).toBe( false );
	}

	// Every request of the runs was signed with the temporary key, none with
	// the saved one (the admin's are this test's own looks at the bucket).
	const signed = ( await requestsSince( since ) ).filter(
		( entry ) =>
			( entry.kind === 'signed' || entry.kind === 'presigned' ) &&
			entry.accessKeyId !== s3().admin.accessKeyId
	);
	expect( signed.length ).toBeGreaterThan( 5 );
	expect(
		signed.filter( ( entry ) => entry.accessKeyId !== sts.accessKeyId )
	).toEqual( [] );
} );

test( 'a session token that is not the one STS issued: Test S3 Access says so and names the environment variables', async () => {
	const result = asServerWith< AccessResult & { credentials: unknown } >(
		{
			...sts,
			sessionToken: `${ sts.sessionToken.slice( 0, -8 ) }AAAAAAAA`,
		},
		'test'
	);
	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'invalid_credentials' );
	const check = result.checks[ 0 ];
	expect( check?.id ).toBe( 'credentials' );
	expect( check?.code ).toBe( 'InvalidToken' );
	expect( check?.message ).toMatch( /session token/ );
	expect( check?.hints.join( ' ' ) ).toMatch( /AWS_SESSION_TOKEN/ );
	expect( result.requests ).toBeLessThanOrEqual( 2 );
} );

test( 'expired temporary credentials (S3’s ExpiredToken, which moto never sends): a clear answer', async () => {
	await frontClient().replay(
		{ header: [ 'x-amz-security-token', sts.sessionToken.slice( 0, 64 ) ] },
		awsResponse( 'expired-token.http' )
	);
	const result = asServerWith< AccessResult >( sts, 'test' );
	expect( result.category ).toBe( 'invalid_credentials' );
	const check = result.checks[ 0 ];
	expect( check?.code ).toBe( 'ExpiredToken' );
	expect( check?.message ).toMatch( /expired/ );
	expect( check?.hints.join( ' ' ) ).toMatch( /expired/ );
} );
