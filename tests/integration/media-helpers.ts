/**
 * What the media integration tests share: real files made on the spot (GD
 * through the php binary for images; a PDF and an MP4 written byte by byte),
 * uploads and deletions through the REST API as the block editor does them,
 * each file of an attachment on disk and in the bucket, and WP-Cron's retry
 * job (media-cron.php) run for real.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
	GetObjectAclCommand,
	GetObjectCommand,
	HeadObjectCommand,
	PutObjectCommand,
} from '@aws-sdk/client-s3';

import { readRunState } from '../../tools/lib/run-state';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import {
	adminS3,
	frontClient,
	guideSettings,
	keysUnder,
	requestsSince,
	resetEnvironment,
	s3,
	saveSettings,
} from './access-helpers';

export const UPLOADS_KEY_PREFIX = 'wp-content/uploads/';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

export interface OffloadField {
	status: 'synced' | 'pending' | 'failed' | 'not_synced';
	bucket?: string;
	acl?: string;
	keys?: string[];
	error?: { code: string; message: string } | null;
	attempts?: number;
	next_attempt?: string | null;
	updated?: string | null;
}

export interface Attachment {
	id: number;
	source_url: string;
	mime_type: string;
	media_details: {
		file?: string;
		original_image?: string;
		sizes?: Record< string, { file: string; mime_type?: string } >;
	};
	s3_media_sync: OffloadField;
}

/* ---------- Spec hooks ---------- */

/** After all tests: what a spec made, removed with the admin's session. */
type CleanUp = ( session: WpSession ) => Promise< void >;

/**
 * Registers beforeAll/afterAll: an administrator's REST session logged in
 * and the front reset, then `prepare`; after all, the front reset, `cleanUp`
 * run and the session closed. Returns a getter for the session.
 */
function sessionHooks(
	prepare: ( session: WpSession ) => Promise< void >,
	cleanUp: CleanUp
): () => WpSession {
	let session: WpSession | undefined;
	test.beforeAll( async () => {
		session = await logInOverHttp( readRunState().site );
		await resetEnvironment();
		await prepare( session );
	} );
	test.afterAll( async () => {
		await resetEnvironment();
		if ( session ) {
			await cleanUp( session );
			await session.dispose();
		}
	} );
	return () => {
		if ( ! session ) {
			throw new Error( 'No session: beforeAll has not run.' );
		}
		return session;
	};
}

/** A clean-up that deletes the attachments whose ids were pushed to `ids`. */
export function deletingAttachments( ids: number[] ): CleanUp {
	return async ( session ) => {
		for ( const id of ids.splice( 0 ) ) {
			await deleteAttachment( session, id );
		}
	};
}

/**
 * The hooks of a media spec whose tests each start from the guide: the
 * session as in sessionHooks(), the front's last log seq read once the front
 * is reset (the policy checks read the log from there), the guide's settings
 * saved before each test and, unless `resetAfterEach` is false, the front
 * reset after each.
 */
export function mediaSpecHooks( {
	cleanUp,
	resetAfterEach = true,
}: {
	cleanUp: CleanUp;
	resetAfterEach?: boolean;
} ): { session: () => WpSession; firstSeq: () => number } {
	let firstSeq = 0;
	const session = sessionHooks( async () => {
		firstSeq = await frontClient().lastSeq();
	}, cleanUp );
	test.beforeEach( async () => {
		await saveSettings( session(), guideSettings() );
	} );
	if ( resetAfterEach ) {
		test.afterEach( async () => {
			await resetEnvironment();
		} );
	}
	return { session, firstSeq: () => firstSeq };
}

/**
 * An administrator's REST session with the guide's settings saved once,
 * before all tests, on a reset front; see sessionHooks().
 */
export function mediaSessionWithGuideSettings(
	cleanUp: CleanUp
): () => WpSession {
	return sessionHooks( async ( session ) => {
		await saveSettings( session, guideSettings() );
	}, cleanUp );
}

/* ---------- Files ---------- */

function php( code: string, ...args: string[] ): Buffer {
	return execFileSync( 'php', [ '-r', code, '--', ...args ], {
		maxBuffer: 64 * 1024 * 1024,
	} );
}

/** Ellipses in many colours and a caption: a photo-like image GD encodes as `format`. */
function gdImage( format: 'jpeg' | 'png', width: number, height: number ) {
	return php(
		`[$w, $h] = [(int) $argv[1], (int) $argv[2]];
		$im = imagecreatetruecolor($w, $h);
		mt_srand(20261127);
		for ($i = 0; $i < 150; $i++) {
			$c = imagecolorallocate($im, mt_rand(0, 255), mt_rand(0, 255), mt_rand(0, 255));
			imagefilledellipse($im, mt_rand(0, $w), mt_rand(0, $h), mt_rand(20, intdiv($w, 4)), mt_rand(20, intdiv($h, 4)), $c);
		}
		imagestring($im, 5, 20, 20, 'S3 Media Sync ' . $w . 'x' . $h, imagecolorallocate($im, 255, 255, 255));
		'${ format }' === 'png' ? imagepng($im) : imagejpeg($im, null, 85);`,
		String( width ),
		String( height )
	);
}

export function jpeg( width: number, height: number ): Buffer {
	const data = gdImage( 'jpeg', width, height );
	expect( data.subarray( 0, 3 ) ).toEqual(
		Buffer.from( [ 0xff, 0xd8, 0xff ] )
	);
	return data;
}

export function png( width: number, height: number ): Buffer {
	const data = gdImage( 'png', width, height );
	expect( data.subarray( 1, 4 ).toString() ).toBe( 'PNG' );
	return data;
}

/** A one-page PDF with a line of text, with a correct cross-reference table. */
export function pdf(): Buffer {
	const stream = 'BT /F1 24 Tf 72 720 Td (S3 Media Sync) Tj ET';
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${ stream.length } >>\nstream\n${ stream }\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach( ( object, index ) => {
		offsets.push( body.length );
		body += `${ index + 1 } 0 obj\n${ object }\nendobj\n`;
	} );
	const xref = body.length;
	body += `xref\n0 ${ objects.length + 1 }\n0000000000 65535 f \n`;
	for ( const offset of offsets ) {
		body += `${ String( offset ).padStart( 10, '0' ) } 00000 n \n`;
	}
	body += `trailer\n<< /Size ${
		objects.length + 1
	} /Root 1 0 R >>\nstartxref\n${ xref }\n%%EOF\n`;
	return Buffer.from( body, 'latin1' );
}

function box( type: string, payload: Buffer ): Buffer {
	const header = Buffer.alloc( 8 );
	header.writeUInt32BE( 8 + payload.length, 0 );
	header.write( type, 4, 'latin1' );
	return Buffer.concat( [ header, payload ] );
}

/** The smallest ISO-BMFF file finfo calls video/mp4: `ftyp` (isom) and an `mdat`. */
export function mp4(): Buffer {
	const version = Buffer.alloc( 4 );
	version.writeUInt32BE( 512, 0 );
	const ftyp = Buffer.concat( [
		Buffer.from( 'isom', 'latin1' ),
		version,
		Buffer.from( 'isomiso2avc1mp41', 'latin1' ),
	] );
	return Buffer.concat( [
		box( 'ftyp', ftyp ),
		box( 'mdat', Buffer.alloc( 1024, 0x5a ) ),
	] );
}

/* ---------- WordPress ---------- */

export function siteDir(): string {
	return readRunState().site.dir;
}

export function uploadsDir(): string {
	return join( siteDir(), 'wp-content', 'uploads' );
}

/**
 * POST /wp/v2/media with the file as the body, as the block editor uploads.
 * The name goes in Content-Disposition as UTF-8 bytes (what browsers send).
 */
export async function upload(
	session: WpSession,
	filename: string,
	mime: string,
	data: Buffer
): Promise< { status: number; body: string; attachment: Attachment } > {
	const response = await session.http.post( '/wp-json/wp/v2/media', {
		headers: {
			'X-WP-Nonce': session.nonce,
			'Content-Disposition': `attachment; filename="${ Buffer.from(
				filename,
				'utf8'
			).toString( 'latin1' ) }"`,
			'Content-Type': mime,
		},
		data,
		timeout: 120_000,
	} );
	const body = await response.text();
	let attachment = {} as Attachment;
	try {
		attachment = JSON.parse( body ) as Attachment;
	} catch {
		// Not JSON: the status check reports the body.
	}
	return { status: response.status(), body, attachment };
}

/** Uploads and expects 201 Created. */
export async function uploadOk(
	session: WpSession,
	filename: string,
	mime: string,
	data: Buffer
): Promise< Attachment > {
	const { status, body, attachment } = await upload(
		session,
		filename,
		mime,
		data
	);
	expect( status, `POST /wp/v2/media answered ${ body }` ).toBe( 201 );
	return attachment;
}

export async function getAttachment(
	session: WpSession,
	id: number
): Promise< Attachment > {
	const response = await session.rest(
		'GET',
		`wp/v2/media/${ id }?context=edit`
	);
	const body = await response.text();
	expect( response.status(), `GET media ${ id } answered ${ body }` ).toBe(
		200
	);
	return JSON.parse( body ) as Attachment;
}

export async function deleteAttachment(
	session: WpSession,
	id: number
): Promise< number > {
	const response = await session.rest(
		'DELETE',
		`wp/v2/media/${ id }?force=true`
	);
	return response.status();
}

/** The uploads-relative path of the attached file (`2026/11/a.pdf`), from its URL. */
export function attachedPath( attachment: Attachment ): string {
	const path = decodeURIComponent(
		new URL( attachment.source_url ).pathname
	);
	const at = path.indexOf( `/${ UPLOADS_KEY_PREFIX }` );
	expect( at, `source_url ${ attachment.source_url }` ).toBeGreaterThan( -1 );
	return path.slice( at + UPLOADS_KEY_PREFIX.length + 1 );
}

/** The attached file (`-scaled` for a big image), relative to the uploads folder. */
export function mainFile( attachment: Attachment ): string {
	return attachment.media_details?.file ?? attachedPath( attachment );
}

/**
 * Every file of the attachment, relative to the uploads folder, as WordPress
 * describes it: the attached file (`-scaled` for a big image), each size, and
 * the original image a `-scaled` one was made from.
 */
export function filesOf( attachment: Attachment ): string[] {
	const details = attachment.media_details ?? {};
	const main = mainFile( attachment );
	const dir = main.includes( '/' )
		? main.slice( 0, main.lastIndexOf( '/' ) + 1 )
		: '';
	const files = new Set< string >( [ main ] );
	for ( const size of Object.values( details.sizes ?? {} ) ) {
		files.add( dir + size.file );
	}
	if ( details.original_image ) {
		files.add( dir + details.original_image );
	}
	return [ ...files ].sort();
}

export function localPath( relative: string ): string {
	return join( uploadsDir(), relative );
}

export function localExists( relative: string ): boolean {
	return existsSync( localPath( relative ) );
}

/* ---------- The bucket, as its owner ---------- */

export function keyOf( relative: string ): string {
	return UPLOADS_KEY_PREFIX + relative;
}

export async function uploadKeys(): Promise< string[] > {
	return keysUnder( UPLOADS_KEY_PREFIX );
}

export async function objectBytes( key: string ): Promise< Buffer > {
	const answer = await adminS3().send(
		new GetObjectCommand( { Bucket: s3().bucket, Key: key } )
	);
	return Buffer.from( await answer.Body!.transformToByteArray() );
}

export async function objectHead( key: string ) {
	return adminS3().send(
		new HeadObjectCommand( { Bucket: s3().bucket, Key: key } )
	);
}

/** Whether the object's ACL lets anyone read it (public-read), read as the bucket owner. */
export async function publiclyReadable( key: string ): Promise< boolean > {
	const acl = await adminS3().send(
		new GetObjectAclCommand( { Bucket: s3().bucket, Key: key } )
	);
	return ( acl.Grants ?? [] ).some(
		( grant ) =>
			grant.Grantee?.URI === ALL_USERS &&
			( grant.Permission === 'READ' ||
				grant.Permission === 'FULL_CONTROL' )
	);
}

export async function putAsAdmin( key: string, body: string ): Promise< void > {
	await adminS3().send(
		new PutObjectCommand( { Bucket: s3().bucket, Key: key, Body: body } )
	);
}

/**
 * Each file is in the bucket at wp-content/uploads/<path> with the local
 * file's exact bytes, the expected Content-Type and a long Cache-Control.
 */
export async function expectInBucket(
	files: string[],
	contentType: string | ( ( file: string ) => string )
): Promise< void > {
	for ( const file of files ) {
		const key = keyOf( file );
		expect( localExists( file ), `local file ${ file }` ).toBe( true );
		const local = readFileSync( localPath( file ) );
		const remote = await objectBytes( key );
		expect(
			remote.equals( local ),
			`${ key }: ${ remote.length } bytes in S3, ${ local.length } on disk, ` +
				'identical'
		).toBe( true );
		const head = await objectHead( key );
		expect( head.ContentType, `Content-Type of ${ key }` ).toBe(
			typeof contentType === 'string' ? contentType : contentType( file )
		);
		// Uploads never change under their name: a long max-age.
		const maxAge = /max-age=(\d+)/.exec( head.CacheControl ?? '' );
		expect(
			Number( maxAge?.[ 1 ] ?? 0 ),
			`Cache-Control of ${ key }: ${ head.CacheControl }`
		).toBeGreaterThanOrEqual( 86400 );
	}
}

/* ---------- WP-Cron ---------- */

export interface CronState {
	now: number;
	next_scheduled: number | null;
	meta: { status?: string; attempts?: number; next_attempt?: number } | '';
	next_meta: string | number | null;
	queue: Array< {
		bucket: string;
		key: string;
		attempts: number;
		next_attempt: number;
		error: string;
	} >;
}

const CRON_SCRIPT = join( __dirname, 'media-cron.php' );

/** The retry job's state, read by WordPress itself (php media-cron.php state). */
export function cronState( attachmentId = 0 ): CronState {
	return JSON.parse(
		execFileSync( 'php', [
			CRON_SCRIPT,
			siteDir(),
			'state',
			String( attachmentId ),
		] ).toString()
	) as CronState;
}

/**
 * Time passes: the attachment's next attempt (every waiting attachment's,
 * for 'all') and every queued deletion are due, and so is the
 * `s3_media_sync_retry` event. Then WP-Cron runs it, as any visit would make it: GET /wp-cron.php (which answers when the due
 * events have run, since php -S has no fastcgi_finish_request).
 */
export async function runRetryJob(
	session: WpSession,
	attachmentId: number | 'all' = 0
): Promise< CronState > {
	const due = JSON.parse(
		execFileSync( 'php', [
			CRON_SCRIPT,
			siteDir(),
			attachmentId === 'all' ? 'due-all' : 'due',
			attachmentId === 'all' ? '0' : String( attachmentId ),
		] ).toString()
	) as CronState;
	expect( due.next_scheduled ).not.toBeNull();
	expect( due.next_scheduled! ).toBeLessThanOrEqual( due.now );
	const response = await session.http.get( '/wp-cron.php', {
		timeout: 120_000,
	} );
	expect( response.status() ).toBe( 200 );
	return cronState( attachmentId === 'all' ? 0 : attachmentId );
}

/* ---------- The guide's policy ---------- */

/**
 * Since `seq`, the guide user's requests (the plugin's) met no AccessDenied
 * and touched nothing but the bucket itself (listing) and keys under
 * wp-content/uploads/: the plugin stayed inside the guide's policy.
 */
export async function expectInsidePolicy( seq: number ): Promise< void > {
	const mine = ( await requestsSince( seq ) ).filter(
		( entry ) => entry.accessKeyId === s3().user.accessKeyId
	);
	expect( mine.length, 'the plugin sent requests' ).toBeGreaterThan( 0 );
	const denied = mine.filter( ( entry ) => entry.code === 'AccessDenied' );
	expect( denied, JSON.stringify( denied, null, 1 ) ).toEqual( [] );
	const bucket = `/${ s3().bucket }`;
	for ( const entry of mine ) {
		if ( entry.path.replace( /\/$/, '' ) === bucket ) {
			continue;
		}
		expect(
			entry.path.startsWith( `${ bucket }/${ UPLOADS_KEY_PREFIX }` ),
			`${ entry.method } ${ entry.path }`
		).toBe( true );
	}
}
