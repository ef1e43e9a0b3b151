/**
 * SigV4 for the S3 front: judging presigned URLs (moto cannot: with IAM on
 * it crashes on them, with IAM off it accepts any) and re-signing requests
 * the front sends on to moto as a given user.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { S3Credentials } from '../lib/run-state';

export type Query = Record< string, string | string[] >;

/** A key pair, with the session token of temporary (STS, `ASIA…`) credentials. */
export type SigningCredentials = S3Credentials & { sessionToken?: string };

/** S3's URI encoding (RFC 3986 unreserved kept), as SigV4 canonicalises. */
export function escapeUri( value: string ): string {
	return encodeURIComponent( value ).replace(
		/[!'()*]/g,
		( c ) => `%${ c.charCodeAt( 0 ).toString( 16 ).toUpperCase() }`
	);
}

/**
 * Parses a raw query string. `+` stays `+`: S3 clients encode spaces as %20,
 * and URLSearchParams would turn `+` into a space and break the signature.
 */
export function parseQuery( raw: string ): Query {
	const query: Query = {};
	for ( const part of raw.split( '&' ) ) {
		if ( part === '' ) {
			continue;
		}
		const eq = part.indexOf( '=' );
		const key = safeDecode( eq === -1 ? part : part.slice( 0, eq ) );
		const value = eq === -1 ? '' : safeDecode( part.slice( eq + 1 ) );
		const existing = query[ key ];
		if ( existing === undefined ) {
			query[ key ] = value;
		} else if ( Array.isArray( existing ) ) {
			existing.push( value );
		} else {
			query[ key ] = [ existing, value ];
		}
	}
	return query;
}

function safeDecode( value: string ): string {
	try {
		return decodeURIComponent( value );
	} catch {
		return value;
	}
}

export function serializeQuery( query: Query ): string {
	const parts: string[] = [];
	for ( const [ key, value ] of Object.entries( query ) ) {
		for ( const one of Array.isArray( value ) ? value : [ value ] ) {
			parts.push( `${ escapeUri( key ) }=${ escapeUri( one ) }` );
		}
	}
	return parts.join( '&' );
}

export function firstValue(
	value: string | string[] | undefined
): string | undefined {
	return Array.isArray( value ) ? value[ 0 ] : value;
}

/** Query parameters that belong to the presigned signature, not to the S3 call. */
export const PRESIGN_PARAMS = [
	'X-Amz-Algorithm',
	'X-Amz-Credential',
	'X-Amz-Date',
	'X-Amz-Expires',
	'X-Amz-SignedHeaders',
	'X-Amz-Signature',
	'X-Amz-Security-Token',
	'X-Amz-Content-Sha256',
];

export function isPresigned( query: Query ): boolean {
	return Object.keys( query ).some(
		( key ) => key.toLowerCase() === 'x-amz-signature'
	);
}

function queryParam( query: Query, name: string ): string | undefined {
	const lower = name.toLowerCase();
	for ( const [ key, value ] of Object.entries( query ) ) {
		if ( key.toLowerCase() === lower ) {
			return firstValue( value );
		}
	}
	return undefined;
}

export function signer(
	credentials: SigningCredentials,
	region: string
): SignatureV4 {
	return new SignatureV4( {
		credentials,
		region,
		service: 's3',
		sha256: Sha256,
		// S3 signs the path as sent; the default (true) double-encodes it.
		uriEscapePath: false,
	} );
}

/** `20261127T120000Z` → Date, or null when malformed. */
export function parseAmzDate( value: string ): Date | null {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec( value );
	if ( ! m ) {
		return null;
	}
	const [ , y, mo, d, h, mi, s ] = m.map( Number );
	return new Date(
		Date.UTC( y ?? 0, ( mo ?? 1 ) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0 )
	);
}

export interface PresignedRequest {
	method: string;
	/** Host header as received: it was part of what the client signed. */
	host: string;
	/** Raw (still encoded) path as received. */
	path: string;
	query: Query;
	headers: Record< string, string | string[] | undefined >;
}

export type PresignVerdict =
	| {
			ok: true;
			accessKeyId: string;
			/** With the URL's X-Amz-Security-Token, if any: moto judges it when the request goes on. */
			credentials: SigningCredentials;
			region: string;
	  }
	| {
			ok: false;
			status: number;
			code: string;
			message: string;
			accessKeyId: string | null;
			extra?: Record< string, string >;
	  };

/**
 * Recomputes the presigned signature with the AWS SDK's signer for the same
 * method, URL, X-Amz-Date and expiry, and compares.
 */
export async function verifyPresigned(
	request: PresignedRequest,
	secrets: ReadonlyMap< string, string >,
	now = new Date()
): Promise< PresignVerdict > {
	const credential = queryParam( request.query, 'X-Amz-Credential' ) ?? '';
	const amzDate = queryParam( request.query, 'X-Amz-Date' ) ?? '';
	const expires = queryParam( request.query, 'X-Amz-Expires' ) ?? '';
	const signedHeaders =
		queryParam( request.query, 'X-Amz-SignedHeaders' ) ?? '';
	const provided = queryParam( request.query, 'X-Amz-Signature' ) ?? '';
	const algorithm = queryParam( request.query, 'X-Amz-Algorithm' ) ?? '';

	const [ accessKeyId = '', , region = '', service = '' ] =
		credential.split( '/' );
	const signingDate = parseAmzDate( amzDate );
	if (
		algorithm !== 'AWS4-HMAC-SHA256' ||
		! accessKeyId ||
		! region ||
		! signingDate ||
		! /^\d+$/.test( expires ) ||
		! signedHeaders
	) {
		return {
			ok: false,
			status: 400,
			code: 'AuthorizationQueryParametersError',
			message:
				'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
			accessKeyId: accessKeyId || null,
		};
	}
	const expiresIn = Number( expires );
	if ( expiresIn > 604800 ) {
		return {
			ok: false,
			status: 400,
			code: 'AuthorizationQueryParametersError',
			message:
				'X-Amz-Expires must be less than a week (in seconds) that is 604800',
			accessKeyId,
		};
	}
	const secretAccessKey = secrets.get( accessKeyId );
	if ( secretAccessKey === undefined ) {
		return {
			ok: false,
			status: 403,
			code: 'InvalidAccessKeyId',
			message:
				'The AWS Access Key Id you provided does not exist in our records.',
			accessKeyId,
			extra: { AWSAccessKeyId: accessKeyId },
		};
	}
	const credentials = { accessKeyId, secretAccessKey };

	const signedNames = signedHeaders.toLowerCase().split( ';' );
	const headers: Record< string, string > = {};
	for ( const name of signedNames ) {
		const value = name === 'host' ? request.host : request.headers[ name ];
		if ( value !== undefined ) {
			headers[ name ] = Array.isArray( value )
				? value.join( ',' )
				: value;
		}
	}
	// Presigned S3 URLs always sign an unsigned payload. The header only tells
	// the signer so: kept out of the query and out of the signed headers.
	headers[ 'x-amz-content-sha256' ] = 'UNSIGNED-PAYLOAD';
	const query: Query = {};
	for ( const [ key, value ] of Object.entries( request.query ) ) {
		if ( key.toLowerCase() !== 'x-amz-signature' ) {
			query[ key ] = value;
		}
	}
	const [ hostname = '', port ] = request.host.split( ':' );
	const toSign = new HttpRequest( {
		method: request.method,
		protocol: 'http:',
		hostname,
		...( port ? { port: Number( port ) } : {} ),
		path: request.path,
		query,
		headers,
	} );
	let expected: string | undefined;
	try {
		const presigned = await signer( credentials, region ).presign( toSign, {
			signingDate,
			expiresIn,
			signingRegion: region,
			signingService: service,
			signableHeaders: new Set( signedNames ),
			unsignableHeaders: new Set( [ 'x-amz-content-sha256' ] ),
			unhoistableHeaders: new Set( [
				...signedNames,
				'x-amz-content-sha256',
			] ),
		} );
		expected = firstValue(
			presigned.query?.[ 'X-Amz-Signature' ] ?? undefined
		);
	} catch {
		expected = undefined;
	}
	if ( expected === undefined || expected !== provided ) {
		return {
			ok: false,
			status: 403,
			code: 'SignatureDoesNotMatch',
			message:
				'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
			accessKeyId,
			extra: { AWSAccessKeyId: accessKeyId, SignatureProvided: provided },
		};
	}
	const expiresAt = signingDate.getTime() + expiresIn * 1000;
	if ( now.getTime() > expiresAt ) {
		return {
			ok: false,
			status: 403,
			code: 'AccessDenied',
			message: 'Request has expired',
			accessKeyId,
			extra: {
				'X-Amz-Expires': expires,
				Expires: new Date( expiresAt ).toISOString(),
				ServerTime: now.toISOString(),
			},
		};
	}
	// The token is signed as part of the query above; whether it belongs to
	// the key is moto's verdict, when the request goes on with it.
	const sessionToken = queryParam( request.query, 'X-Amz-Security-Token' );
	return {
		ok: true,
		accessKeyId,
		credentials:
			sessionToken === undefined
				? credentials
				: { ...credentials, sessionToken },
		region,
	};
}

/**
 * Header-signs a request for moto as `credentials`, so moto's IAM judges it
 * as that user (temporary credentials: with their x-amz-security-token,
 * which moto checks). The body is streamed, hence UNSIGNED-PAYLOAD.
 */
export async function signForMoto(
	credentials: SigningCredentials,
	region: string,
	request: {
		method: string;
		host: string;
		path: string;
		query: Query;
		headers: Record< string, string >;
	}
): Promise< Record< string, string > > {
	const [ hostname = '', port ] = request.host.split( ':' );
	const signed = await signer( credentials, region ).sign(
		new HttpRequest( {
			method: request.method,
			protocol: 'http:',
			hostname,
			...( port ? { port: Number( port ) } : {} ),
			path: request.path,
			query: request.query,
			headers: {
				...request.headers,
				host: request.host,
				'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
			},
		} )
	);
	return signed.headers;
}
