/**
 * Hostile input, as an administrator (cookie and a valid nonce), to every
 * route and method of the plugin: bodies that are not JSON or not a JSON
 * object, wrong types, lists and objects where text belongs, 1 MB strings,
 * NUL bytes, invalid UTF-8 and invisible Unicode, markup and SQL, fields no
 * route takes, numbers out of range, and attachment IDs in the path that are
 * 0, negative, huge, not numbers or not attachments. Each is its own test:
 * answered 4xx with WordPress's error shape and a message a person can read;
 * the PHP logs gain no warning, notice, deprecation or fatal error; nothing
 * the plugin stores changes, byte for byte (read from the database, not
 * through the plugin); and no S3 request is made.
 *
 * The attachment's `s3_media_sync` field on wp/v2/media is read-only, and core
 * ignores what a request says about it: those requests succeed (the
 * attachment's other fields change), and must leave the plugin's state alone.
 */
import { expect, test } from '@playwright/test';

import { readRunState } from '../../tools/lib/run-state';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import {
	frontClient,
	guideSettings,
	requestsSince,
	resetEnvironment,
	runAccessTest,
	s3,
	saveSettings,
	uniqueName,
} from './access-helpers';
import {
	expectRefusal,
	NAMESPACE,
	PhpLogWatch,
	quietRetries,
	ROUTE_METHODS,
	routeMethodName,
	snapshot,
	type Method,
	type SiteSnapshot,
} from './hostile-helpers';
import { deleteAttachment, png, uploadOk } from './media-helpers';

const { site } = readRunState();

/** 1 MiB of text. */
const MEGABYTE = 'a'.repeat( 1024 * 1024 );
const SCRIPT = '<script>alert(1)</script>';

interface HostileCase {
	/** The route and method it is aimed at, as in ROUTE_METHODS. */
	target: string;
	name: string;
	method: Method;
	/**
	 * Path below /wp-json/ (or a full path starting with "/"): `{id}` is a
	 * synced attachment, `{post}` a post that is not an attachment.
	 */
	path: string;
	body?: string | Buffer;
	/** Content-Type of the body; JSON unless said. */
	type?: string;
	status?: number;
	code?: string;
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** A JSON body from a value (strings are sent as they are). */
function json( value: unknown ): string {
	return typeof value === 'string' ? value : JSON.stringify( value );
}

const CASES: HostileCase[] = [];

function add(
	target: string,
	method: Method,
	path: string,
	cases: Array<
		[
			name: string,
			body: unknown,
			expect?: { status?: number; code?: string; type?: string },
		]
	>
): void {
	for ( const [ name, body, expected = {} ] of cases ) {
		CASES.push( {
			target,
			name,
			method,
			path,
			...( body === undefined
				? {}
				: { body: Buffer.isBuffer( body ) ? body : json( body ) } ),
			...( expected.type === undefined ? {} : { type: expected.type } ),
			...( expected.status === undefined
				? {}
				: { status: expected.status } ),
			...( expected.code === undefined ? {} : { code: expected.code } ),
		} );
	}
}

const INVALID_JSON = { status: 400, code: 'rest_invalid_json' };
const NOT_AN_OBJECT = { status: 400, code: 'rest_invalid_body' };
const INVALID_PARAM = { status: 400, code: 'rest_invalid_param' };
const NOT_JSON = { status: 415, code: 'rest_unsupported_media_type' };
const NO_ROUTE = { status: 404, code: 'rest_no_route' };
const NO_ATTACHMENT = { status: 404, code: 'rest_post_invalid_id' };
const MISSING = { status: 400, code: 'rest_missing_callback_param' };

/* ---------- POST /settings ---------- */

const SETTINGS = 'POST /settings';
add( SETTINGS, 'POST', `${ NAMESPACE }/settings`, [
	// Bodies that are not JSON, or not a JSON object.
	[ 'a body that is not JSON', 'bucket = my-bucket', INVALID_JSON ],
	[ 'truncated JSON', '{"bucket": ', INVALID_JSON ],
	[ 'JSON with a trailing comma', '{"bucket": "my-bucket",}', INVALID_JSON ],
	[ 'single-quoted pseudo-JSON', "{'bucket': 'my-bucket'}", INVALID_JSON ],
	[
		'JSON behind a byte-order mark',
		'\uFEFF{"bucket": "my-bucket"}',
		INVALID_JSON,
	],
	[
		'JSON nested 1,000 deep',
		'['.repeat( 1000 ) + ']'.repeat( 1000 ),
		INVALID_JSON,
	],
	[
		'JSON with invalid UTF-8 bytes',
		Buffer.concat( [
			Buffer.from( '{"bucket": "my-' ),
			Buffer.from( [ 0xff, 0xfe, 0xc3, 0x28 ] ),
			Buffer.from( '"}' ),
		] ),
		INVALID_JSON,
	],
	[
		'JSON with a lone UTF-16 surrogate',
		'{"bucket": "\\ud800"}',
		INVALID_JSON,
	],
	[ 'a JSON string', '"my-bucket"', NOT_AN_OBJECT ],
	[ 'a JSON number', '42', NOT_AN_OBJECT ],
	[ 'JSON true', 'true', NOT_AN_OBJECT ],
	[ 'JSON null', 'null', NOT_AN_OBJECT ],
	[ 'a JSON list of names', '["bucket"]', NOT_AN_OBJECT ],
	[ 'an empty JSON list', '[]', NOT_AN_OBJECT ],
	[
		'JSON sent as text/plain',
		'{"bucket": "other-bucket"}',
		{ ...NOT_JSON, type: 'text/plain' },
	],
	[
		'an XML body',
		'<settings><bucket>other-bucket</bucket></settings>',
		{ ...NOT_JSON, type: 'application/xml' },
	],
	[
		'a binary body',
		Buffer.from( [ 0, 1, 2, 0xff, 0xfe, 0x80, 0x7f, 0 ] ),
		{ ...NOT_JSON, type: 'application/octet-stream' },
	],
	// Wrong types: lists and objects where text belongs, and the reverse.
	[ 'bucket as a number', { bucket: 123 }, INVALID_PARAM ],
	[ 'bucket as a list', { bucket: [ 'my-bucket' ] }, INVALID_PARAM ],
	[ 'bucket as an object', { bucket: { name: 'my-bucket' } }, INVALID_PARAM ],
	[ 'bucket null', { bucket: null }, INVALID_PARAM ],
	[ 'bucket true', { bucket: true }, INVALID_PARAM ],
	[ 'region as a list', { region: [ 'us-east-1' ] }, INVALID_PARAM ],
	[ 'object_acl as a number', { object_acl: 1 }, INVALID_PARAM ],
	[ 'object_acl as a list', { object_acl: [ 'private' ] }, INVALID_PARAM ],
	[
		'presign_expiry in words',
		{ presign_expiry: 'nine hundred' },
		INVALID_PARAM,
	],
	[
		'presign_expiry with a fraction',
		{ presign_expiry: 900.5 },
		INVALID_PARAM,
	],
	[ 'use_path_style "maybe"', { use_path_style: 'maybe' }, INVALID_PARAM ],
	[ 'use_path_style 2', { use_path_style: 2 }, INVALID_PARAM ],
	[ 'serve_from_s3 as a list', { serve_from_s3: [] }, INVALID_PARAM ],
	[ 'sign_urls as an object', { sign_urls: { a: 1 } }, INVALID_PARAM ],
	[
		'remove_local_copies "yes please"',
		{ remove_local_copies: 'yes please' },
		INVALID_PARAM,
	],
	[
		'access_key_id as a list',
		{ access_key_id: [ 'AKIAIOSFODNN7EXAMPLE' ] },
		INVALID_PARAM,
	],
	[
		'secret_access_key as a number',
		{ secret_access_key: 12345 },
		INVALID_PARAM,
	],
	[
		'endpoint as an object',
		{ endpoint: { url: 'https://s3.example.com' } },
		INVALID_PARAM,
	],
	// Numbers out of range.
	[ 'presign_expiry 59', { presign_expiry: 59 }, INVALID_PARAM ],
	[ 'presign_expiry 604801', { presign_expiry: 604801 }, INVALID_PARAM ],
	[ 'presign_expiry -1', { presign_expiry: -1 }, INVALID_PARAM ],
	[ 'presign_expiry 1e309', '{"presign_expiry": 1e309}', INVALID_PARAM ],
	[
		'presign_expiry 10^23',
		'{"presign_expiry": 99999999999999999999999}',
		INVALID_PARAM,
	],
	[
		'object_acl not offered',
		{ object_acl: 'public-read-write' },
		INVALID_PARAM,
	],
	// A header value: nothing that could end the header or start another.
	[
		'cache_control with a header break',
		{ cache_control: 'max-age=1\r\nX-Injected: 1' },
		INVALID_PARAM,
	],
	[
		'cache_control with a semicolon',
		{ cache_control: 'max-age=1; private' },
		INVALID_PARAM,
	],
	[ 'cache_control of 1 MB', { cache_control: MEGABYTE }, INVALID_PARAM ],
	// 1 MB strings.
	[ 'bucket of 1 MB', { bucket: MEGABYTE }, INVALID_PARAM ],
	[ 'access_key_id of 1 MB', { access_key_id: MEGABYTE }, INVALID_PARAM ],
	[
		'secret_access_key of 1 MB',
		{ secret_access_key: MEGABYTE },
		INVALID_PARAM,
	],
	[ 'key_prefix of 1 MB', { key_prefix: MEGABYTE }, INVALID_PARAM ],
	[
		'endpoint of 1 MB',
		{ endpoint: `https://${ MEGABYTE }.example.com` },
		INVALID_PARAM,
	],
	[
		'delivery_url of 1 MB',
		{ delivery_url: `https://cdn.example.com/${ MEGABYTE }` },
		INVALID_PARAM,
	],
	[ 'region of 1 MB', { region: MEGABYTE }, INVALID_PARAM ],
	[ 'a field named with 1 MB', { [ MEGABYTE ]: 1 }, INVALID_PARAM ],
	// NUL bytes.
	[ 'bucket with a NUL byte', { bucket: 'my\u0000bucket' }, INVALID_PARAM ],
	[
		'key_prefix ending in a NUL byte',
		{ key_prefix: 'media\u0000' },
		INVALID_PARAM,
	],
	[
		'access_key_id with a NUL byte',
		{ access_key_id: 'AKIA\u0000EXAMPLE' },
		INVALID_PARAM,
	],
	[
		'endpoint with a NUL byte',
		{ endpoint: 'https://s3.example.com\u0000.evil.test' },
		INVALID_PARAM,
	],
	[
		'secret_access_key with a NUL byte',
		{ secret_access_key: 'abc\u0000def' },
		INVALID_PARAM,
	],
	[ 'a field name with a NUL byte', { 'bucket\u0000': 'x' }, INVALID_PARAM ],
	// Invalid UTF-8 (a form body can carry it) and odd Unicode.
	[
		'key_prefix of invalid UTF-8, in a form',
		'key_prefix=media%FF%FE',
		{ ...INVALID_PARAM, type: FORM_TYPE },
	],
	[
		'endpoint of invalid UTF-8, in a form',
		'endpoint=https%3A%2F%2Fs3.%C3%28.example.com',
		{ ...INVALID_PARAM, type: FORM_TYPE },
	],
	[ 'bucket with an umlaut', { bucket: 'bücket' }, INVALID_PARAM ],
	[
		'bucket in full-width letters',
		{ bucket: 'ｍｙ-ｂｕｃｋｅｔ' },
		INVALID_PARAM,
	],
	[ 'bucket with an emoji', { bucket: '🪣-bucket' }, INVALID_PARAM ],
	[
		'key_prefix with a right-to-left override',
		{ key_prefix: '\u202Eaidem/' },
		INVALID_PARAM,
	],
	[
		'key_prefix with a zero-width space',
		{ key_prefix: 'me\u200Bdia/' },
		INVALID_PARAM,
	],
	[
		'key_prefix with a C1 control character',
		{ key_prefix: 'media\u0085/' },
		INVALID_PARAM,
	],
	[ 'key_prefix with accents', { key_prefix: 'médias/' }, INVALID_PARAM ],
	[
		'region with a zero-width space',
		{ region: 'us-east-1\u200B' },
		INVALID_PARAM,
	],
	[
		'access_key_id with an accent',
		{ access_key_id: 'AKIAÉXAMPLE' },
		INVALID_PARAM,
	],
	[ 'object_acl with an accent', { object_acl: 'prívate' }, INVALID_PARAM ],
	// Markup and script.
	[ 'bucket of markup', { bucket: SCRIPT }, INVALID_PARAM ],
	[ 'access_key_id of markup', { access_key_id: SCRIPT }, INVALID_PARAM ],
	[
		'key_prefix of markup',
		{ key_prefix: '<img src=x onerror=alert(1)>/' },
		INVALID_PARAM,
	],
	[
		'endpoint with markup in its path',
		{ endpoint: `https://s3.example.com/${ SCRIPT }` },
		INVALID_PARAM,
	],
	[
		'delivery_url javascript:',
		{ delivery_url: 'javascript:alert(1)' },
		INVALID_PARAM,
	],
	[
		'delivery_url breaking out of an attribute',
		{ delivery_url: '"><img src=x onerror=alert(1)>' },
		INVALID_PARAM,
	],
	[
		"delivery_url breaking out of CSS url('…')",
		{
			delivery_url:
				"https://cdn.example.com/x');background:url(//evil.test/",
		},
		INVALID_PARAM,
	],
	[
		'delivery_url closing CSS url(…)',
		{ delivery_url: 'https://cdn.example.com/x)' },
		INVALID_PARAM,
	],
	[ 'region of markup', { region: '<b>us-east-1</b>' }, INVALID_PARAM ],
	// SQL.
	[ 'bucket of SQL', { bucket: "x' OR '1'='1" }, INVALID_PARAM ],
	[
		'key_prefix of SQL',
		{ key_prefix: "media'; DROP TABLE wp_options; --" },
		INVALID_PARAM,
	],
	[ 'region of SQL', { region: "us-east-1' OR 1=1 --" }, INVALID_PARAM ],
	[
		'access_key_id of SQL',
		{ access_key_id: "AKIA' UNION SELECT option_value FROM wp_options --" },
		INVALID_PARAM,
	],
	[
		'endpoint of SQL',
		{ endpoint: "https://s3.example.com/'); DELETE FROM wp_posts; --" },
		INVALID_PARAM,
	],
	// Fields the route does not take.
	[ 'an unknown field', { colour: 'blue' }, INVALID_PARAM ],
	[
		'an unknown field beside a valid one',
		{ bucket: 'another-valid-bucket', is_admin: true },
		INVALID_PARAM,
	],
	[ 'a read-only field', { has_secret_access_key: false }, INVALID_PARAM ],
	[
		'remove_secret_access_key as text',
		{ remove_secret_access_key: 'please' },
		INVALID_PARAM,
	],
	[
		'remove_secret_access_key as a list',
		{ remove_secret_access_key: [ true ] },
		INVALID_PARAM,
	],
	[
		'remove_secret_access_key 2',
		{ remove_secret_access_key: 2 },
		INVALID_PARAM,
	],
	[
		'remove_secret_access_key with a new secret',
		{
			remove_secret_access_key: true,
			secret_access_key: 'Another/Secret+Key0123456789',
		},
		INVALID_PARAM,
	],
	[
		'remove_secret_access_key beside an invalid bucket',
		{ remove_secret_access_key: true, bucket: 'Bad_Bucket' },
		INVALID_PARAM,
	],
	[ 'the read-only locked list', { locked: [] }, INVALID_PARAM ],
	[ 'a field with an empty name', { '': 1 }, INVALID_PARAM ],
	[ 'a field named "0"', { 0: 'x' }, INVALID_PARAM ],
	[ 'a field named with markup', { [ SCRIPT ]: 1 }, INVALID_PARAM ],
	[ 'a field named with SQL', { "bucket' OR 1=1 --": 1 }, INVALID_PARAM ],
	[ "a field named like core's", { _unknown: 1 }, INVALID_PARAM ],
] );

/* ---------- Other methods of /settings ---------- */

add( 'PUT /settings', 'PUT', `${ NAMESPACE }/settings`, [
	[ 'bucket as a number', { bucket: 5 }, INVALID_PARAM ],
	[ 'a JSON list', '[{"bucket": "x"}]', NOT_AN_OBJECT ],
] );
add( 'PATCH /settings', 'PATCH', `${ NAMESPACE }/settings`, [
	[ 'JSON null', 'null', NOT_AN_OBJECT ],
	[ 'an unknown field', { bucket_name: 'my-bucket' }, INVALID_PARAM ],
] );
add( 'GET /settings', 'GET', `${ NAMESPACE }/settings`, [
	[ 'a body of invalid JSON', '{"bucket"', INVALID_JSON ],
	[ 'a body that is a JSON string', '"bucket"', NOT_AN_OBJECT ],
	[ 'a body with fields', { bucket: 'other-bucket' }, INVALID_PARAM ],
] );
add( 'DELETE /settings', 'DELETE', `${ NAMESPACE }/settings`, [
	[ 'a method the route does not have', undefined, NO_ROUTE ],
] );
// Core matches routes whatever their case: so must the plugin's guards.
add( SETTINGS, 'POST', 'S3-Media-Sync/V1/Settings', [
	[ 'the route in capitals, with a JSON string', '"abc"', NOT_AN_OBJECT ],
] );
add( SETTINGS, 'POST', `/?rest_route=/${ NAMESPACE }/settings`, [
	[ 'through ?rest_route=, with JSON true', 'true', NOT_AN_OBJECT ],
] );

/* ---------- /test ---------- */

add( 'GET /test', 'GET', `${ NAMESPACE }/test`, [
	[ 'a body with a field', { run: true }, INVALID_PARAM ],
	[ 'a body that is a JSON number', '5', NOT_AN_OBJECT ],
] );
add( 'POST /test', 'POST', `${ NAMESPACE }/test`, [
	[ 'an unknown field', { force: true }, INVALID_PARAM ],
	[ 'JSON null', 'null', NOT_AN_OBJECT ],
	[ 'invalid JSON', '{', INVALID_JSON ],
	[ 'a JSON string of 1 MB', JSON.stringify( MEGABYTE ), NOT_AN_OBJECT ],
	[ 'a text/plain body', 'run', { ...NOT_JSON, type: 'text/plain' } ],
	[
		'settings to test instead of the saved ones',
		{ bucket: 'other-bucket', region: 'eu-west-1' },
		INVALID_PARAM,
	],
] );
add( 'PUT /test', 'PUT', `${ NAMESPACE }/test`, [
	[ 'a method the route does not have', {}, NO_ROUTE ],
] );

/* ---------- /site-health ---------- */

add( 'GET /site-health', 'GET', `${ NAMESPACE }/site-health`, [
	[ 'a body that is a JSON list', '[1, 2, 3]', NOT_AN_OBJECT ],
	[ 'a body with a field', { status: 'good' }, INVALID_PARAM ],
	[ 'a body of invalid JSON', '{"status": good}', INVALID_JSON ],
] );
add( 'POST /site-health', 'POST', `${ NAMESPACE }/site-health`, [
	[ 'a method the route does not have', {}, NO_ROUTE ],
] );

/* ---------- /sync ---------- */

add( 'GET /sync', 'GET', `${ NAMESPACE }/sync`, [
	[ 'a body with a field', { failures: [] }, INVALID_PARAM ],
	[ 'a body that is a JSON string', '"all"', NOT_AN_OBJECT ],
	[ 'a body of invalid JSON', '{]', INVALID_JSON ],
] );
add( 'POST /sync', 'POST', `${ NAMESPACE }/sync`, [
	[ 'a method the route does not have', {}, NO_ROUTE ],
] );

/* ---------- POST /sync/batch ---------- */

add( 'POST /sync/batch', 'POST', `${ NAMESPACE }/sync/batch`, [
	[ 'limit 0', { limit: 0 }, INVALID_PARAM ],
	[ 'limit -1', { limit: -1 }, INVALID_PARAM ],
	[ 'limit 101', { limit: 101 }, INVALID_PARAM ],
	[ 'limit 1e309', '{"limit": 1e309}', INVALID_PARAM ],
	[ 'limit 10^20', '{"limit": 99999999999999999999}', INVALID_PARAM ],
	[ 'limit 2.5', { limit: 2.5 }, INVALID_PARAM ],
	[ 'limit in words', { limit: 'twenty' }, INVALID_PARAM ],
	[ 'limit in a full-width digit', { limit: '５' }, INVALID_PARAM ],
	[ 'limit as a list', { limit: [ 20 ] }, INVALID_PARAM ],
	[ 'limit as an object', { limit: { n: 20 } }, INVALID_PARAM ],
	[ 'limit null', { limit: null }, INVALID_PARAM ],
	[ 'limit true', { limit: true }, INVALID_PARAM ],
	[ 'limit of SQL', { limit: '20; DROP TABLE wp_posts' }, INVALID_PARAM ],
	[ 'limit of markup', { limit: SCRIPT }, INVALID_PARAM ],
	[ 'limit of 1 MB', { limit: MEGABYTE }, INVALID_PARAM ],
	[ 'limit with a NUL byte', { limit: '2\u00000' }, INVALID_PARAM ],
	[ 'an unknown field beside limit', { limit: 1, offset: 5 }, INVALID_PARAM ],
	[ 'a misspelt limit', { limt: 5 }, INVALID_PARAM ],
	[ 'JSON null', 'null', NOT_AN_OBJECT ],
	[ 'a JSON list', '[20]', NOT_AN_OBJECT ],
	[ 'a JSON number', '20', NOT_AN_OBJECT ],
	[ 'invalid JSON', '{"limit": }', INVALID_JSON ],
	[
		'a form body of markup',
		`limit=${ encodeURIComponent( SCRIPT ) }`,
		{
			...INVALID_PARAM,
			type: FORM_TYPE,
		},
	],
] );
add( 'POST /sync/batch', 'POST', `${ NAMESPACE }/sync/batch?limit=abc`, [
	[ 'limit in the query string, in words', undefined, INVALID_PARAM ],
] );
add( 'GET /sync/batch', 'GET', `${ NAMESPACE }/sync/batch`, [
	[ 'a method the route does not have', undefined, NO_ROUTE ],
] );

/* ---------- POST /sync/job, /sync/job/pause, /sync/job/resume ---------- */

add( 'POST /sync/job', 'POST', `${ NAMESPACE }/sync/job`, [
	[ 'workers 0', { workers: 0 }, INVALID_PARAM ],
	[ 'workers 5', { workers: 5 }, INVALID_PARAM ],
	[ 'workers 2.5', { workers: 2.5 }, INVALID_PARAM ],
	[ 'workers in words', { workers: 'two' }, INVALID_PARAM ],
	[ 'workers as a list', { workers: [ 2 ] }, INVALID_PARAM ],
	[
		'workers of SQL',
		{ workers: '2; DROP TABLE wp_options' },
		INVALID_PARAM,
	],
	[
		'an unknown field beside workers',
		{ workers: 2, limit: 5 },
		INVALID_PARAM,
	],
	[ 'JSON null', 'null', NOT_AN_OBJECT ],
	[ 'invalid JSON', '{"workers": }', INVALID_JSON ],
] );
add( 'GET /sync/job', 'GET', `${ NAMESPACE }/sync/job`, [
	[ 'a method the route does not have', undefined, NO_ROUTE ],
] );
add( 'POST /sync/job/pause', 'POST', `${ NAMESPACE }/sync/job/pause`, [
	[ 'a field the route does not take', { state: 'paused' }, INVALID_PARAM ],
	[ 'a JSON list', '[]', NOT_AN_OBJECT ],
] );
add( 'POST /sync/job/resume', 'POST', `${ NAMESPACE }/sync/job/resume`, [
	[ 'a field the route does not take', { workers: 4 }, INVALID_PARAM ],
	[ 'invalid JSON', '{]', INVALID_JSON ],
] );

/* ---------- /attention, /audit, /local-copies ---------- */

add( 'GET /attention', 'GET', `${ NAMESPACE }/attention`, [
	[ 'a body with a field', { uploads: 0 }, INVALID_PARAM ],
	[ 'a body that is a JSON list', '[]', NOT_AN_OBJECT ],
] );
add( 'POST /attention/retry', 'POST', `${ NAMESPACE }/attention/retry`, [
	[ 'a field the route does not take', { only: 'deletions' }, INVALID_PARAM ],
	[ 'JSON null', 'null', NOT_AN_OBJECT ],
	[ 'invalid JSON', '{"all": }', INVALID_JSON ],
] );
add( 'POST /audit', 'POST', `${ NAMESPACE }/audit`, [
	[ 'a field the route does not take', { fix: true }, INVALID_PARAM ],
	[ 'a JSON string', '"everything"', NOT_AN_OBJECT ],
] );
add( 'GET /audit', 'GET', `${ NAMESPACE }/audit`, [
	[ 'a method the route does not have', undefined, NO_ROUTE ],
] );
add( 'GET /local-copies', 'GET', `${ NAMESPACE }/local-copies`, [
	[ 'a body with a field', { missing: 0 }, INVALID_PARAM ],
] );
add( 'POST /local-copies/batch', 'POST', `${ NAMESPACE }/local-copies/batch`, [
	[ 'limit 0', { limit: 0 }, INVALID_PARAM ],
	[ 'limit 101', { limit: 101 }, INVALID_PARAM ],
	[ 'limit in words', { limit: 'all' }, INVALID_PARAM ],
	[
		'an unknown field beside limit',
		{ limit: 1, force: true },
		INVALID_PARAM,
	],
	[ 'a JSON list', '[1]', NOT_AN_OBJECT ],
] );

/* ---------- POST /attachments/{id}/acl ---------- */

const ACL = 'POST /attachments/{id}/acl';
const aclOf = ( id: string ): string =>
	`${ NAMESPACE }/attachments/${ id }/acl`;
const PRIVATE = { acl: 'private' };
add( ACL, 'POST', aclOf( '0' ), [ [ 'ID 0', PRIVATE, INVALID_PARAM ] ] );
add( ACL, 'POST', aclOf( '-1' ), [ [ 'ID -1', PRIVATE, NO_ROUTE ] ] );
add( ACL, 'POST', aclOf( 'abc' ), [ [ 'ID "abc"', PRIVATE, NO_ROUTE ] ] );
add( ACL, 'POST', aclOf( '1.5' ), [ [ 'ID 1.5', PRIVATE, NO_ROUTE ] ] );
// Decoded before matching: post 1, WordPress's "Hello world!".
add( ACL, 'POST', aclOf( '%31' ), [
	[ 'ID 1 percent-encoded, a post', PRIVATE, NO_ATTACHMENT ],
] );
add( ACL, 'POST', aclOf( '99999999999999999999' ), [
	[ 'ID 10^20', PRIVATE, NO_ATTACHMENT ],
] );
add( ACL, 'POST', aclOf( '{post}' ), [
	[ 'the ID of a post, not an attachment', PRIVATE, NO_ATTACHMENT ],
	// Were the body's ID taken, the attachment would turn private.
	[ 'an attachment ID in the body too', 'BODY_ID', INVALID_PARAM ],
] );
add( ACL, 'POST', `${ aclOf( '{post}' ) }?id={id}`, [
	[ 'an attachment ID in the query string too', PRIVATE, INVALID_PARAM ],
] );
add( ACL, 'POST', aclOf( '{id}' ), [
	[ 'no acl', {}, MISSING ],
	[ 'acl public-read-write', { acl: 'public-read-write' }, INVALID_PARAM ],
	[ 'acl authenticated-read', { acl: 'authenticated-read' }, INVALID_PARAM ],
	[ 'acl bucket-default', { acl: 'bucket-default' }, INVALID_PARAM ],
	[ 'acl in capitals', { acl: 'PRIVATE' }, INVALID_PARAM ],
	[ 'acl as a list', { acl: [ 'private' ] }, INVALID_PARAM ],
	[ 'acl null', { acl: null }, MISSING ],
	[ 'acl as a number', { acl: 1 }, INVALID_PARAM ],
	[ 'acl of 1 MB', { acl: MEGABYTE }, INVALID_PARAM ],
	[ 'acl with a NUL byte', { acl: 'private\u0000' }, INVALID_PARAM ],
	[ 'acl with an accent', { acl: 'prívate' }, INVALID_PARAM ],
	[ 'acl of markup', { acl: SCRIPT }, INVALID_PARAM ],
	[ 'acl of SQL', { acl: "private' OR '1'='1" }, INVALID_PARAM ],
	[ 'an unknown field', { acl: 'private', owner: 'me' }, INVALID_PARAM ],
	[ 'a JSON string', '"private"', NOT_AN_OBJECT ],
	[ 'invalid JSON', '{"acl": private}', INVALID_JSON ],
	[
		'a form body with acl as a list',
		'acl[]=private',
		{
			...INVALID_PARAM,
			type: FORM_TYPE,
		},
	],
] );
add( 'GET /attachments/{id}/acl', 'GET', aclOf( '{id}' ), [
	[ 'a method the route does not have', undefined, NO_ROUTE ],
] );

/* ---------- POST /attachments/{id}/retry ---------- */

const RETRY = 'POST /attachments/{id}/retry';
const retryOf = ( id: string ): string =>
	`${ NAMESPACE }/attachments/${ id }/retry`;
add( RETRY, 'POST', retryOf( '0' ), [ [ 'ID 0', undefined, INVALID_PARAM ] ] );
add( RETRY, 'POST', retryOf( '-5' ), [ [ 'ID -5', undefined, NO_ROUTE ] ] );
add( RETRY, 'POST', retryOf( 'abc' ), [ [ 'ID "abc"', undefined, NO_ROUTE ] ] );
add( RETRY, 'POST', retryOf( '99999999999999999999' ), [
	[ 'ID 10^20', undefined, NO_ATTACHMENT ],
] );
add( RETRY, 'POST', retryOf( '{post}' ), [
	[ 'the ID of a post, not an attachment', undefined, NO_ATTACHMENT ],
	[ 'an attachment ID in the body too', 'BODY_ID', INVALID_PARAM ],
] );
add( RETRY, 'POST', `${ retryOf( '{post}' ) }?id={id}`, [
	[ 'an attachment ID in the query string too', undefined, INVALID_PARAM ],
] );
add( RETRY, 'POST', retryOf( '{id}' ), [
	[ 'an unknown field', { force: true }, INVALID_PARAM ],
	[ 'a JSON list', '[1]', NOT_AN_OBJECT ],
	[ 'invalid JSON', '{"', INVALID_JSON ],
	[ 'a text/plain body', 'please', { ...NOT_JSON, type: 'text/plain' } ],
] );
add( 'GET /attachments/{id}/retry', 'GET', retryOf( '{id}' ), [
	[ 'a method the route does not have', undefined, NO_ROUTE ],
] );

/* ---------- The run ---------- */

let session: WpSession;
let attachmentId = 0;
let postId = 0;
let before: SiteSnapshot;

test.beforeAll( async () => {
	test.setTimeout( 180_000 );
	session = await logInOverHttp( site );
	await resetEnvironment();
	await saveSettings( session, guideSettings() );
	const attachment = await uploadOk(
		session,
		`${ uniqueName( 'hostile' ) }.png`,
		'image/png',
		png( 300, 200 )
	);
	attachmentId = attachment.id;
	expect( attachment.s3_media_sync.status ).toBe( 'synced' );
	const post = await session.rest( 'POST', 'wp/v2/posts', {
		title: 'Not an attachment',
		status: 'draft',
	} );
	expect( post.status(), await post.text() ).toBe( 201 );
	postId = ( ( await post.json() ) as { id: number } ).id;
	// A last result to lose: a POST /test that ran would replace it.
	await runAccessTest( session );
	quietRetries();
	before = snapshot( [ attachmentId ] );
	expect( before.options.s3_media_sync_settings ).not.toBeNull();
	expect( before.options.s3_media_sync_last_test ).not.toBeNull();
	expect( before.meta[ String( attachmentId ) ] ).not.toEqual( [] );
} );

test.afterAll( async () => {
	if ( attachmentId ) {
		await deleteAttachment( session, attachmentId );
	}
	if ( postId ) {
		await session.rest( 'DELETE', `wp/v2/posts/${ postId }?force=true` );
	}
	await session.dispose();
} );

function pathOf( hostile: HostileCase ): string {
	const path = hostile.path
		.replace( /\{id\}/g, String( attachmentId ) )
		.replace( /\{post\}/g, String( postId ) );
	return path.startsWith( '/' ) ? path : `/wp-json/${ path }`;
}

function bodyOf( hostile: HostileCase ): string | Buffer | undefined {
	// The ID of the route's own attachment, where the path names another post.
	return hostile.body === 'BODY_ID'
		? JSON.stringify( { acl: 'private', id: attachmentId } )
		: hostile.body;
}

test( 'the table aims at every route and method of the plugin, over 100 requests', () => {
	const targets = new Set( CASES.map( ( hostile ) => hostile.target ) );
	for ( const routeMethod of ROUTE_METHODS ) {
		expect( targets, 'a case for each route and method' ).toContain(
			routeMethodName( routeMethod )
		);
	}
	expect( CASES.length ).toBeGreaterThanOrEqual( 100 );
	const names = CASES.map(
		( hostile ) => `${ hostile.target }: ${ hostile.name }`
	);
	expect( new Set( names ).size, 'case names are unique' ).toBe(
		names.length
	);
} );

for ( const hostile of CASES ) {
	test( `${ hostile.target }: ${ hostile.name }`, async () => {
		const logs = new PhpLogWatch();
		const seq = await frontClient().lastSeq();
		const body = bodyOf( hostile );
		const response = await session.http.fetch( pathOf( hostile ), {
			method: hostile.method,
			headers: {
				'X-WP-Nonce': session.nonce,
				...( body === undefined
					? {}
					: { 'Content-Type': hostile.type ?? JSON_TYPE } ),
			},
			// A Buffer goes as it is: Playwright would JSON-encode a string that is not JSON.
			...( body === undefined
				? {}
				: {
						data: Buffer.isBuffer( body )
							? body
							: Buffer.from( body ),
					} ),
			timeout: 30_000,
		} );

		const answer = await expectRefusal(
			response,
			hostile.name,
			hostile.status
		);
		if ( hostile.code !== undefined ) {
			expect( answer.code, answer.message ).toBe( hostile.code );
		}
		// A message per field, each as clear as the message.
		const params = answer.data?.params;
		if (
			params &&
			typeof params === 'object' &&
			! Array.isArray( params )
		) {
			for ( const [ field, message ] of Object.entries( params ) ) {
				expect( typeof message, `data.params.${ field }` ).toBe(
					'string'
				);
				expect(
					( message as string ).trim(),
					`data.params.${ field }`
				).not.toBe( '' );
				expect(
					field.length,
					'a field name as echoed'
				).toBeLessThanOrEqual( 50 );
			}
		}
		expect( logs.problems(), 'PHP warnings, notices or errors' ).toEqual(
			[]
		);
		expect(
			snapshot( [ attachmentId ] ),
			'what the plugin stores is unchanged'
		).toEqual( before );
		expect( await requestsSince( seq ), 'S3 requests' ).toEqual( [] );
	} );
}

/* ---------- wp/v2/media: the read-only field, and the fields the plugin rewrites ---------- */

interface MediaCase {
	name: string;
	body: Record< string, unknown > | string;
}

const MEDIA_CASES: MediaCase[] = [
	{
		name: 'a status for s3_media_sync',
		body: { s3_media_sync: { status: 'failed', keys: [] } },
	},
	{ name: 's3_media_sync as markup', body: { s3_media_sync: SCRIPT } },
	{ name: 's3_media_sync null', body: { s3_media_sync: null } },
	{ name: 's3_media_sync of 1 MB', body: { s3_media_sync: MEGABYTE } },
	{
		name: 'a caption with NUL bytes and markup',
		body: { caption: `a\u0000b ${ SCRIPT } \u202E` },
	},
	{
		// Saved_Url_Reverter turns each back into a local URL.
		name: 'a description of 1 MB of presigned URLs of the bucket',
		body: {
			description:
				`${ s3().endpoint }/${ s3().bucket }/wp-content/uploads/x.png?X-Amz-Expires=900&X-Amz-Signature=ab "`.repeat(
					9_000
				),
		},
	},
];

for ( const media of MEDIA_CASES ) {
	test( `POST wp/v2/media/{id} (read-only s3_media_sync field): ${ media.name }`, async () => {
		const logs = new PhpLogWatch();
		const seq = await frontClient().lastSeq();
		const response = await session.http.fetch(
			`/wp-json/wp/v2/media/${ attachmentId }?context=edit`,
			{
				method: 'POST',
				headers: {
					'X-WP-Nonce': session.nonce,
					'Content-Type': JSON_TYPE,
				},
				data: json( media.body ),
				timeout: 60_000,
			}
		);
		const text = await response.text();
		// Core takes the request (the field is ignored, other fields saved).
		expect( response.status(), text.slice( 0, 400 ) ).toBe( 200 );
		const attachment = JSON.parse( text ) as {
			s3_media_sync: { status: string; keys?: string[] };
		};
		expect( attachment.s3_media_sync.status ).toBe( 'synced' );
		expect( attachment.s3_media_sync.keys?.length ).toBeGreaterThan( 0 );
		expect( logs.problems(), 'PHP warnings, notices or errors' ).toEqual(
			[]
		);
		expect( snapshot( [ attachmentId ] ) ).toEqual( before );
		expect( await requestsSince( seq ), 'S3 requests' ).toEqual( [] );
	} );
}

test( 'after the whole table, the stored settings are what they were, byte for byte', async () => {
	expect( snapshot( [ attachmentId ] ) ).toEqual( before );
	// And the plugin still answers them as saved.
	const response = await session.rest( 'GET', `${ NAMESPACE }/settings` );
	expect( response.status() ).toBe( 200 );
	const settings = ( await response.json() ) as Record< string, unknown >;
	const saved = guideSettings();
	for ( const field of [ 'bucket', 'region', 'endpoint', 'object_acl' ] ) {
		expect( settings[ field ], field ).toBe( saved[ field ] );
	}
} );
