/**
 * What the Test S3 Access integration tests share: an administrator's REST
 * session, the guide's settings, the answer of POST /test as a type, and the
 * bucket seen as its owner (the admin key), to check what the test left.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
	DeleteObjectCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	S3Client,
} from '@aws-sdk/client-s3';

import { readRunState, type S3State } from '../../tools/lib/run-state';
import { FrontClient, type LogEntry } from '../../tools/s3/front-client';
import {
	guidePolicy,
	restoreGuidePolicy,
	type PolicyDocument,
} from '../../tools/s3/iam';
import { logInOverHttp, type WpSession } from '../support/wp-session';

export { awsResponse } from '../s3/helpers';

export const TEST_ROUTE = 's3-media-sync/v1/test';
export const SETTINGS_ROUTE = 's3-media-sync/v1/settings';

export type CheckId =
	| 'credentials'
	| 'list_bucket'
	| 'bucket_location'
	| 'put_object'
	| 'put_object_acl'
	| 'get_object'
	| 'public_url'
	| 'delete_object';

/** The checks, in the order docs/rest-api.md gives them. */
export const CHECK_ORDER: CheckId[] = [
	'credentials',
	'list_bucket',
	'bucket_location',
	'put_object',
	'put_object_acl',
	'get_object',
	'public_url',
	'delete_object',
];

export interface Check {
	id: CheckId;
	permission: string;
	status: 'pass' | 'fail' | 'warn' | 'skip';
	code: string | null;
	message: string;
	hints: string[];
	duration_ms: number;
}

export interface PolicyStatement {
	Effect: string;
	Action: string[];
	Resource: string;
}

export interface AccessResult {
	ok: boolean;
	category: string;
	title: string;
	message: string;
	tested_at: string;
	checks: Check[];
	region_detected: string | null;
	leftover_key: string | null;
	policy: { Version: string; Statement: PolicyStatement[] };
	requests: number;
	duration_ms: number;
}

export function s3(): S3State {
	return readRunState().s3;
}

export function frontClient(): FrontClient {
	return new FrontClient( s3().controlUrl );
}

/** The settings the guide has the user enter, pointed at the local S3. */
export function guideSettings(
	overrides: Record< string, unknown > = {}
): Record< string, unknown > {
	const state = s3();
	return {
		access_key_id: state.user.accessKeyId,
		secret_access_key: state.user.secretAccessKey,
		bucket: state.bucket,
		region: state.region,
		endpoint: state.endpoint,
		use_path_style: true,
		object_acl: 'public-read',
		key_prefix: '',
		delivery_url: '',
		sign_urls: false,
		// Not a field of the guide: saved off, so a spec that turned it on leaves no trace.
		remove_local_copies: false,
		...overrides,
	};
}

export async function saveSettings(
	session: WpSession,
	settings: Record< string, unknown >
): Promise< void > {
	const response = await session.rest( 'POST', SETTINGS_ROUTE, settings );
	expect(
		response.status(),
		`POST /settings answered ${ await response.text() }`
	).toBe( 200 );
}

/** POST /test: runs the checks on the saved settings. */
export async function runAccessTest(
	session: WpSession
): Promise< AccessResult > {
	const response = await session.rest( 'POST', TEST_ROUTE );
	const text = await response.text();
	expect( response.status(), `POST /test answered ${ text }` ).toBe( 200 );
	const result = JSON.parse( text ) as AccessResult;
	// Every answer is printed, so a run's output shows what the plugin said.
	console.log(
		`    → ${ result.category } / "${ result.title }": ${ result.message } ` +
			`[${ result.checks
				.map( ( check ) => `${ check.id }=${ check.status }` )
				.join(
					' '
				) }] requests=${ result.requests } ${ result.duration_ms }ms`
	);
	return result;
}

export function checkOf( result: AccessResult, id: CheckId ): Check {
	const check = result.checks.find( ( candidate ) => candidate.id === id );
	if ( ! check ) {
		throw new Error(
			`No "${ id }" check in ${ JSON.stringify( result.checks ) }`
		);
	}
	return check;
}

/** A check's message and hints as one text, for "names the permission". */
export function wordsOf( check: Check ): string {
	return [ check.message, ...check.hints ].join( '\n' );
}

/** Every check is there, once, in the order of docs/rest-api.md. */
export function expectCheckOrder( result: AccessResult ): void {
	expect( result.checks.map( ( check ) => check.id ) ).toEqual( CHECK_ORDER );
}

/** The first failing check: the one the category and message come from. */
export function firstFailure( result: AccessResult ): Check {
	const check = result.checks.find(
		( candidate ) => candidate.status === 'fail'
	);
	if ( ! check ) {
		throw new Error(
			`No failing check in ${ JSON.stringify( result.checks ) }`
		);
	}
	return check;
}

/** The bucket owner, through the front (default) or straight at `endpoint` (moto, while the front is down). */
export function adminS3( endpoint = s3().endpoint ): S3Client {
	const state = s3();
	return new S3Client( {
		endpoint,
		region: state.region,
		forcePathStyle: true,
		credentials: { ...state.admin },
		maxAttempts: 1,
	} );
}

/** Every key under `prefix`, listed by the bucket owner. */
export async function keysUnder( prefix: string ): Promise< string[] > {
	const client = adminS3();
	const keys: string[] = [];
	let token: string | undefined;
	do {
		const page = await client.send(
			new ListObjectsV2Command( {
				Bucket: s3().bucket,
				Prefix: prefix,
				...( token === undefined ? {} : { ContinuationToken: token } ),
			} )
		);
		for ( const object of page.Contents ?? [] ) {
			if ( object.Key !== undefined ) {
				keys.push( object.Key );
			}
		}
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while ( token !== undefined );
	return keys.sort();
}

export async function objectExists( key: string ): Promise< boolean > {
	try {
		await adminS3().send(
			new HeadObjectCommand( { Bucket: s3().bucket, Key: key } )
		);
		return true;
	} catch ( error ) {
		const status = ( error as { $metadata?: { httpStatusCode?: number } } )
			.$metadata?.httpStatusCode;
		if ( status === 404 ) {
			return false;
		}
		throw error;
	}
}

export async function deleteAsAdmin( key: string ): Promise< void > {
	await adminS3().send(
		new DeleteObjectCommand( { Bucket: s3().bucket, Key: key } )
	);
}

/** Test objects the plugin left anywhere in the bucket. */
export async function leftoverTestObjects(): Promise< string[] > {
	return ( await keysUnder( '' ) ).filter( ( key ) =>
		/s3-media-sync-test-/.test( key )
	);
}

/** Requests the front saw since `seq` (the front log is the ground truth). */
export async function requestsSince( seq: number ): Promise< LogEntry[] > {
	return frontClient().log( seq );
}

/** Front back to normal, the guide's policy back: every test starts from the guide. */
export async function resetEnvironment(): Promise< void > {
	await frontClient().reset();
	await restoreGuidePolicy( s3(), s3().bucket );
}

export function uniqueName( prefix: string ): string {
	return `${ prefix }-${ randomBytes( 4 ).toString( 'hex' ) }`;
}

/** The guide's policy without one action (as a user who left it out). */
export function policyWithout( action: string ): PolicyDocument {
	const policy = guidePolicy( s3().bucket );
	return {
		...policy,
		Statement: policy.Statement.map( ( statement ) => ( {
			...statement,
			Action: ( Array.isArray( statement.Action )
				? statement.Action
				: [ statement.Action ]
			).filter( ( candidate ) => candidate !== action ),
		} ) ),
	};
}

/* ---------- Spec hooks ---------- */

/**
 * Registers beforeAll/afterAll: an administrator's REST session for the
 * spec's tests, closed after them. Returns a getter for the session.
 */
export function adminSession(): () => WpSession {
	let session: WpSession | undefined;
	test.beforeAll( async () => {
		session = await logInOverHttp( readRunState().site );
	} );
	test.afterAll( async () => {
		await session?.dispose();
	} );
	return () => {
		if ( ! session ) {
			throw new Error( 'No session: beforeAll has not run.' );
		}
		return session;
	};
}

/**
 * The hooks of the Test S3 Access specs: the admin session of
 * adminSession(); before each test the front reset and the guide's settings
 * saved (the check runs on the saved settings); after each the front reset
 * again and whatever test objects the check left in the bucket deleted.
 */
export function accessTestHooks(): () => WpSession {
	const session = adminSession();
	test.beforeEach( async () => {
		await resetEnvironment();
		await saveSettings( session(), guideSettings() );
	} );
	test.afterEach( async () => {
		await resetEnvironment();
		for ( const key of await leftoverTestObjects() ) {
			await deleteAsAdmin( key );
		}
	} );
	return session;
}
