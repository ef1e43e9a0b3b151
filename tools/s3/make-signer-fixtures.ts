/**
 * Signature V4 fixtures computed by the AWS SDK's own signer
 * (@smithy/signature-v4), for the PHP signer to match byte for byte
 * (tests/php/S3/SignerTest.php). `npm run fixtures:signer` rewrites
 * tests/fixtures/sigv4.json; tests/js/signer-fixtures.test.ts fails when the
 * committed file differs from what the SDK computes, so it cannot be edited
 * by hand.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignerFixture {
	name: string;
	kind: 'header' | 'presign';
	method: string;
	/** Absolute URL, path already encoded as S3 wants it (each key segment once). */
	url: string;
	headers: Record< string, string >;
	/** Body, base64 (header signatures only). */
	body: string;
	region: string;
	time: number;
	expires: number;
	/** Header kind: the Authorization header. Presign kind: the URL. */
	expected: string;
	/** Temporary credentials' session token, when the case uses one (the same key id and secret otherwise). */
	sessionToken?: string;
}

const CREDENTIALS = {
	accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const TIME = Date.UTC( 2026, 10, 27, 12, 0, 0 ) / 1000;

/** Encodes an S3 key as it travels in the path: each segment, RFC 3986. */
export function encodeKey( key: string ): string {
	return key
		.split( '/' )
		.map( ( segment ) =>
			encodeURIComponent( segment ).replace(
				/[!'()*]/g,
				( c ) => '%' + c.charCodeAt( 0 ).toString( 16 ).toUpperCase()
			)
		)
		.join( '/' );
}

function request(
	url: string,
	method: string,
	headers: Record< string, string >,
	body: Buffer
): HttpRequest {
	const parsed = new URL( url );
	const query: Record< string, string > = {};
	// URLSearchParams would turn '+' into a space; S3 query values are RFC 3986.
	for ( const pair of parsed.search
		.replace( /^\?/, '' )
		.split( '&' )
		.filter( Boolean ) ) {
		const [ name = '', value = '' ] = pair.split( '=' );
		query[ decodeURIComponent( name ) ] = decodeURIComponent( value );
	}
	return new HttpRequest( {
		method,
		protocol: parsed.protocol,
		hostname: parsed.hostname,
		...( parsed.port ? { port: Number( parsed.port ) } : {} ),
		path: parsed.pathname,
		query,
		headers: { ...headers, host: parsed.host },
		body,
	} );
}

interface Case {
	name: string;
	kind: 'header' | 'presign';
	method: string;
	url: string;
	headers?: Record< string, string >;
	body?: Buffer;
	region?: string;
	expires?: number;
	sessionToken?: string;
}

/** Shaped like an STS token: base64, so it holds `/`, `+` and `=` that the query must encode. */
const SESSION_TOKEN =
	'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example+token/value==';

const BUCKET_URL = 'https://media-bucket.s3.eu-west-1.amazonaws.com';
const PATH_URL = 'http://127.0.0.1:9000/media-bucket';
const KEYS = [
	'wp-content/uploads/2026/11/photo.jpg',
	'wp-content/uploads/2026/11/photo with spaces.jpg',
	'wp-content/uploads/2026/11/café-ünïcødé-日本.png',
	'wp-content/uploads/2026/11/a+b=c~d.jpg',
	"wp-content/uploads/2026/11/(weird)!*'name;,.jpg",
	'staging/wp-content/uploads/sites/2/2026/11/photo-300x200.webp',
];

export function cases(): Case[] {
	const list: Case[] = [];
	KEYS.forEach( ( key, index ) => {
		list.push( {
			name: `PUT ${ key }`,
			kind: 'header',
			method: 'PUT',
			url: `${ index % 2 ? PATH_URL : BUCKET_URL }/${ encodeKey( key ) }`,
			headers: {
				'content-type': 'image/jpeg',
				'x-amz-acl': 'public-read',
				'cache-control': 'public, max-age=31536000, immutable',
			},
			body: Buffer.from( `body of ${ key }` ),
		} );
		list.push( {
			name: `presigned GET ${ key }`,
			kind: 'presign',
			method: 'GET',
			url: `${ index % 2 ? BUCKET_URL : PATH_URL }/${ encodeKey( key ) }`,
			expires: 900 + index,
		} );
	} );
	list.push(
		{
			name: 'ListObjectsV2 with prefix',
			kind: 'header',
			method: 'GET',
			url: `${ PATH_URL }?list-type=2&max-keys=1&prefix=${ encodeURIComponent( 'wp-content/uploads/' ) }`,
		},
		{
			name: 'ListObjectsV2 with a continuation token holding + and =',
			kind: 'header',
			method: 'GET',
			url: `${ BUCKET_URL }/?list-type=2&continuation-token=${ encodeURIComponent( '1a+b/c=d==' ) }&prefix=${ encodeURIComponent( 'wp-content/uploads/2026/' ) }`,
		},
		{
			name: 'GetBucketLocation',
			kind: 'header',
			method: 'GET',
			url: `${ PATH_URL }?location=`,
		},
		{
			name: 'PutObjectAcl',
			kind: 'header',
			method: 'PUT',
			url: `${ BUCKET_URL }/${ encodeKey( KEYS[ 1 ] ?? '' ) }?acl=`,
			headers: { 'x-amz-acl': 'private' },
		},
		{
			name: 'DeleteObject',
			kind: 'header',
			method: 'DELETE',
			url: `${ PATH_URL }/${ encodeKey( KEYS[ 2 ] ?? '' ) }`,
		},
		{
			name: 'empty body PUT',
			kind: 'header',
			method: 'PUT',
			url: `${ PATH_URL }/${ encodeKey( 'wp-content/uploads/empty.txt' ) }`,
			headers: { 'content-type': 'text/plain' },
			body: Buffer.alloc( 0 ),
		},
		{
			name: 'binary body PUT with Content-MD5',
			kind: 'header',
			method: 'PUT',
			url: `${ PATH_URL }/${ encodeKey( 'wp-content/uploads/binary.bin' ) }`,
			headers: {
				'content-type': 'application/octet-stream',
				'content-md5': createHash( 'md5' )
					.update(
						Buffer.from(
							Array.from( { length: 256 }, ( _, i ) => i )
						)
					)
					.digest( 'base64' ),
			},
			body: Buffer.from( Array.from( { length: 256 }, ( _, i ) => i ) ),
		},
		{
			name: 'header values with runs of spaces',
			kind: 'header',
			method: 'PUT',
			url: `${ BUCKET_URL }/${ encodeKey( 'wp-content/uploads/x.txt' ) }`,
			headers: { 'x-amz-meta-note': '  two   spaces  inside ' },
			body: Buffer.from( 'x' ),
		},
		{
			name: 'us-east-1 presign with a week of validity',
			kind: 'presign',
			method: 'GET',
			url: `https://media-bucket.s3.amazonaws.com/${ encodeKey( KEYS[ 0 ] ?? '' ) }`,
			region: 'us-east-1',
			expires: 604800,
		},
		{
			name: 'presigned GET with a response-content-disposition query',
			kind: 'presign',
			method: 'GET',
			url: `${ PATH_URL }/${ encodeKey( KEYS[ 1 ] ?? '' ) }?response-content-disposition=${ encodeURIComponent( 'attachment; filename="a b.jpg"' ) }`,
			expires: 300,
		}
	);
	list.push(
		{
			name: 'PUT with a session token',
			kind: 'header',
			method: 'PUT',
			url: `${ PATH_URL }/${ encodeKey( KEYS[ 0 ] ?? '' ) }`,
			headers: { 'content-type': 'image/jpeg', 'x-amz-acl': 'private' },
			body: Buffer.from( 'temporary credentials' ),
			sessionToken: SESSION_TOKEN,
		},
		{
			name: 'presigned GET with a session token',
			kind: 'presign',
			method: 'GET',
			url: `${ BUCKET_URL }/${ encodeKey( KEYS[ 2 ] ?? '' ) }`,
			expires: 900,
			sessionToken: SESSION_TOKEN,
		}
	);
	return list;
}

export async function computeFixtures(): Promise< SignerFixture[] > {
	const fixtures: SignerFixture[] = [];
	for ( const item of cases() ) {
		const region =
			item.region ??
			( item.url.includes( 'eu-west-1' ) ? 'eu-west-1' : 'us-east-1' );
		const signer = new SignatureV4( {
			credentials: item.sessionToken
				? { ...CREDENTIALS, sessionToken: item.sessionToken }
				: CREDENTIALS,
			region,
			service: 's3',
			sha256: Sha256,
			uriEscapePath: false,
		} );
		const body = item.body ?? Buffer.alloc( 0 );
		const headers = { ...( item.headers ?? {} ) };
		let expected: string;
		if ( item.kind === 'header' ) {
			headers[ 'x-amz-content-sha256' ] = createHash( 'sha256' )
				.update( body )
				.digest( 'hex' );
			const signed = await signer.sign(
				request( item.url, item.method, headers, body ),
				{
					signingDate: new Date( TIME * 1000 ),
				}
			);
			expected = String( signed.headers.authorization );
		} else {
			// As S3 presigns: the payload is UNSIGNED-PAYLOAD, given as a header
			// that is neither signed nor hoisted into the query.
			const payload = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
			const signed = await signer.presign(
				request( item.url, item.method, payload, body ),
				{
					signingDate: new Date( TIME * 1000 ),
					expiresIn: item.expires ?? 900,
					unsignableHeaders: new Set( [ 'x-amz-content-sha256' ] ),
					unhoistableHeaders: new Set( [ 'x-amz-content-sha256' ] ),
				}
			);
			expected = String( signed.query?.[ 'X-Amz-Signature' ] ?? '' );
		}
		fixtures.push( {
			name: item.name,
			kind: item.kind,
			method: item.method,
			url: item.url,
			headers: item.headers ?? {},
			body: body.toString( 'base64' ),
			region,
			time: TIME,
			expires: item.expires ?? 0,
			expected,
			...( item.sessionToken ? { sessionToken: item.sessionToken } : {} ),
		} );
	}
	return fixtures;
}

export const FIXTURE_FILE = join(
	__dirname,
	'..',
	'..',
	'tests',
	'fixtures',
	'sigv4.json'
);
export { CREDENTIALS as FIXTURE_CREDENTIALS };

if ( require.main === module ) {
	void computeFixtures().then( ( fixtures ) => {
		writeFileSync(
			FIXTURE_FILE,
			JSON.stringify(
				{ credentials: CREDENTIALS, fixtures },
				null,
				'\t'
			) + '\n'
		);
		console.log(
			`${ fixtures.length } fixtures written to ${ FIXTURE_FILE }`
		);
	} );
}
