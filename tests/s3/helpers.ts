/**
 * What the S3 tests share: clients pointed at the front, presigning with the
 * AWS SDK's own signer, unique keys, and the recorded AWS answers.
 */
import { randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { S3Client } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import {
	readRunState,
	type S3Credentials,
	type S3State,
} from '../../tools/lib/run-state';
import { FrontClient } from '../../tools/s3/front-client';
import {
	awsResponseFolders,
	findAwsResponse,
} from '../../tools/s3/aws-responses';

export function s3State(): S3State {
	return readRunState().s3;
}

export function front(): FrontClient {
	return new FrontClient( s3State().controlUrl );
}

/** An SDK client talking to the front, path-style, with no retries to hide answers. */
export function s3Client(
	credentials: S3Credentials,
	endpoint = s3State().endpoint
): S3Client {
	const { region } = s3State();
	return new S3Client( {
		endpoint,
		region,
		forcePathStyle: true,
		credentials: { ...credentials },
		maxAttempts: 1,
	} );
}

/** A key under the prefix the guide's policy grants, unique to this run. */
export function uploadKey( name: string ): string {
	return `wp-content/uploads/s3-tests/${ Date.now() }-${ randomBytes( 4 ).toString( 'hex' ) }-${ name }`;
}

/**
 * A presigned URL made the way S3 clients make them (UNSIGNED-PAYLOAD,
 * host signed), with @smithy/signature-v4 directly; with a session token,
 * X-Amz-Security-Token is in the query and signed, as the SDKs do.
 */
export async function presign(
	credentials: S3Credentials & { sessionToken?: string },
	method: string,
	bucketAndKey: string,
	options: { expiresIn?: number; signingDate?: Date; endpoint?: string } = {}
): Promise< string > {
	const { region } = s3State();
	const base = new URL( options.endpoint ?? s3State().endpoint );
	const path = `/${ bucketAndKey.split( '/' ).map( encodeURIComponent ).join( '/' ) }`;
	const signer = new SignatureV4( {
		credentials,
		region,
		service: 's3',
		sha256: Sha256,
		uriEscapePath: false,
	} );
	const request = new HttpRequest( {
		method,
		protocol: base.protocol,
		hostname: base.hostname,
		port: Number( base.port ),
		path,
		query: {},
		headers: {
			host: base.host,
			'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
		},
	} );
	const signed = await signer.presign( request, {
		expiresIn: options.expiresIn ?? 900,
		signingDate: options.signingDate ?? new Date(),
	} );
	const search = Object.entries( signed.query ?? {} )
		.map(
			( [ name, value ] ) =>
				`${ encodeURIComponent( name ) }=${ encodeURIComponent( String( value ) ) }`
		)
		.join( '&' );
	return `${ base.origin }${ path }?${ search }`;
}

/**
 * A header-signed request (SigV4, UNSIGNED-PAYLOAD) dated `signingDate`,
 * sent with fetch: for answers an SDK would parse away, and for a client
 * whose clock is off. `path` is path-style and already encoded; `query` is
 * a raw query string.
 */
export async function signedFetch(
	credentials: S3Credentials,
	method: string,
	path: string,
	query: string,
	signingDate: Date,
	body?: string
): Promise< Response > {
	const { region, endpoint } = s3State();
	const base = new URL( endpoint );
	const params: Record< string, string > = {};
	for ( const [ name, value ] of new URLSearchParams( query ) ) {
		params[ name ] = value;
	}
	const signer = new SignatureV4( {
		credentials,
		region,
		service: 's3',
		sha256: Sha256,
		uriEscapePath: false,
	} );
	const signed = await signer.sign(
		new HttpRequest( {
			method,
			protocol: base.protocol,
			hostname: base.hostname,
			port: Number( base.port ),
			path,
			query: params,
			headers: {
				host: base.host,
				'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
			},
		} ),
		{ signingDate }
	);
	const search = Object.entries( params )
		.map(
			( [ name, value ] ) =>
				`${ encodeURIComponent( name ) }=${ encodeURIComponent( value ) }`
		)
		.join( '&' );
	const headers = { ...signed.headers };
	delete headers.host;
	return fetch(
		`${ base.origin }${ path }${ search ? `?${ search }` : '' }`,
		{
			method,
			headers,
			...( body === undefined ? {} : { body } ),
		}
	);
}

/** Text of a recorded AWS answer (`aws-responses/NAME`; tools/s3/aws-responses.ts says where). */
export function awsResponse( name: string ): string {
	const text = findAwsResponse( name );
	if ( text === null ) {
		throw new Error(
			`aws-responses/${ name } not found in ${ awsResponseFolders().join( ', ' ) }`
		);
	}
	return text;
}

/** The S3 error code of an SDK failure. */
export async function errorOf(
	promise: Promise< unknown >
): Promise< { name: string; status: number | undefined } > {
	try {
		await promise;
	} catch ( error ) {
		const e = error as {
			name?: string;
			$metadata?: { httpStatusCode?: number };
		};
		return { name: e.name ?? 'Error', status: e.$metadata?.httpStatusCode };
	}
	throw new Error( 'Expected the S3 call to fail, but it succeeded' );
}
