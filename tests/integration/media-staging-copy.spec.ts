/**
 * A staging copy: the production site's database copied to a second site
 * (its own WordPress, its own address, salts and empty uploads folder) that
 * uses the same bucket — the way hosts make staging sites. The copy reads
 * and serves production's objects, but whatever it deletes, regenerates or
 * uploads under the same name never deletes or overwrites one of them.
 *
 * The test site runs on SQLite, so "copying the database" is SQLite's
 * `VACUUM INTO` of production's database file over the copy's (the
 * equivalent of mariadb-dump A | mariadb B). The copy's wp-config.php
 * fixes its own address (WP_HOME), as a staging site's does.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';

import { freePort } from '../../tools/lib/network';
import { stopAll } from '../../tools/lib/processes';
import type { SiteState } from '../../tools/lib/run-state';
import { readRunState } from '../../tools/lib/run-state';
import { ensurePhp } from '../../tools/wp/php';
import { serveSite } from '../../tools/wp/server';
import { createSite } from '../../tools/wp/site';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import { guideSettings, saveSettings, uniqueName } from './access-helpers';
import {
	deleteAttachment,
	jpeg,
	pdf,
	uploadOk,
	type Attachment,
} from './media-helpers';
import {
	bucketKeys,
	dropBucket,
	lifecycleIn,
	md5,
	objectMd5,
	ownBucket,
	recordedObjects,
	records,
} from './lifecycle-helpers';

test.describe.configure( { mode: 'serial' } );

const BUCKET = uniqueName( 'staging' );
const COPY_NAME = `staging-copy-${ process.pid }`;

let production: WpSession;
let staging: WpSession;
let copy: SiteState;
const made: Array< { session: () => WpSession; id: number } > = [];

/** The database file a site's wp-config.php names (DB_DIR . DB_FILE). */
function databaseFile( docroot: string ): string {
	const config = readFileSync( join( docroot, 'wp-config.php' ), 'utf8' );
	const dir = /define\( 'DB_DIR', '([^']+)' \)/.exec( config )?.[ 1 ];
	const file = /define\( 'DB_FILE', '([^']+)' \)/.exec( config )?.[ 1 ];
	if ( ! dir || ! file ) {
		throw new Error( `${ docroot } is not an SQLite site` );
	}
	return join( dir, file );
}

/** Production's database, copied whole over the copy's, consistently (VACUUM INTO). */
function copyDatabase( from: string, to: string ): void {
	const target = databaseFile( to );
	const temporary = `${ target }.copy`;
	rmSync( temporary, { force: true } );
	execFileSync( 'php', [
		'-r',
		'$db = new PDO( "sqlite:" . $argv[1] ); $db->exec( "VACUUM INTO " . $db->quote( $argv[2] ) );',
		'--',
		databaseFile( from ),
		temporary,
	] );
	renameSync( temporary, target );
}

/** Every recorded object of a site's attachments, with the MD5 the bucket holds for it now. */
async function objectsOf(
	docroot: string,
	ids: number[]
): Promise< Map< string, string > > {
	const sums = new Map< string, string >();
	for ( const record of records( docroot ) ) {
		if ( ! ids.includes( record.id ) ) {
			continue;
		}
		for ( const object of recordedObjects( record ) ) {
			if ( object.bucket === BUCKET ) {
				sums.set( object.key, await objectMd5( BUCKET, object.key ) );
			}
		}
	}
	return sums;
}

async function expectUntouched(
	before: Map< string, string >,
	step: string
): Promise< void > {
	for ( const [ key, sum ] of before ) {
		expect(
			await objectMd5( BUCKET, key ),
			`${ step }: production's ${ key }`
		).toBe( sum );
	}
}

test.beforeAll( async () => {
	test.setTimeout( 180_000 );
	const state = readRunState();
	await ownBucket( BUCKET );
	production = await logInOverHttp( state.site );
	await saveSettings(
		production,
		guideSettings( { bucket: BUCKET, remove_local_copies: true } )
	);
	const port = await freePort();
	copy = await createSite( {
		name: COPY_NAME,
		url: `http://127.0.0.1:${ port }`,
		database: { kind: 'sqlite' },
		fresh: true,
	} );
	const logDir = join( dirname( copy.dir ), 'logs' );
	mkdirSync( logDir, { recursive: true } );
	await serveSite( {
		site: copy,
		port,
		php: ( await ensurePhp() ).binary,
		logFile: join( logDir, 'php-server.log' ),
	} );
} );

test.afterAll( async () => {
	for ( const { session, id } of made.splice( 0 ) ) {
		await deleteAttachment( session(), id ).catch( () => 0 );
	}
	await saveSettings( production, guideSettings() ).catch( () => undefined );
	await staging?.dispose();
	await production?.dispose();
	await stopAll();
	if ( copy ) {
		rmSync( dirname( copy.dir ), { recursive: true, force: true } );
	}
	await dropBucket( BUCKET ).catch( () => undefined );
} );

test( "staging, a copy of production's database at another address on the same bucket, never deletes or overwrites production's objects", async () => {
	const state = readRunState();
	const photoBytes = jpeg( 1200, 800 );
	const photo: Attachment = await uploadOk(
		production,
		'homepage.jpg',
		'image/jpeg',
		photoBytes
	);
	const invoice: Attachment = await uploadOk(
		production,
		'invoice.pdf',
		'application/pdf',
		pdf()
	);
	made.push(
		{ session: () => production, id: photo.id },
		{ session: () => production, id: invoice.id }
	);
	const before = await objectsOf( state.site.dir, [ photo.id, invoice.id ] );
	expect( before.size ).toBeGreaterThan( 3 );

	// The copy: production's database, the copy's own address and salts, no uploads.
	copyDatabase( state.site.dir, copy.dir );
	staging = await logInOverHttp(
		{ ...copy, admin: state.site.admin },
		state.site.admin.user,
		state.site.admin.password
	);
	// Its salts differ, so production's sealed secret does not open there: the admin enters it again.
	await saveSettings(
		staging,
		guideSettings( { bucket: BUCKET, remove_local_copies: true } )
	);

	// Staging serves production's objects (reading is allowed).
	const served = lifecycleIn< { url: string } >(
		copy.dir,
		'served',
		String( photo.id )
	);
	const shown = await staging.http.get( served.url );
	expect( shown.status() ).toBe( 200 );
	expect( md5( await shown.body() ) ).toBe( md5( photoBytes ) );

	// Staging regenerates production's photo: it reads the original back and uploads its own sizes.
	lifecycleIn( copy.dir, 'regenerate', String( photo.id ), '30' );
	await expectUntouched( before, 'staging regenerated the photo' );

	// Staging deletes production's invoice.
	expect( await deleteAttachment( staging, invoice.id ) ).toBe( 200 );
	await expectUntouched( before, 'staging deleted the invoice' );

	// Staging uploads a new file under a name production already used.
	const stagingBytes = jpeg( 1210, 800 );
	const again = await uploadOk(
		staging,
		'homepage.jpg',
		'image/jpeg',
		stagingBytes
	);
	made.push( { session: () => staging, id: again.id } );
	await expectUntouched( before, 'staging uploaded homepage.jpg again' );
	const ownUrl = lifecycleIn< { url: string } >(
		copy.dir,
		'served',
		String( again.id )
	).url;
	expect(
		md5( await ( await staging.http.get( ownUrl ) ).body() ),
		'staging serves its own upload'
	).toBe( md5( stagingBytes ) );

	// Staging deletes its own upload, and its copy of the photo: only what staging wrote goes.
	expect( await deleteAttachment( staging, again.id ) ).toBe( 200 );
	made.pop();
	expect( await deleteAttachment( staging, photo.id ) ).toBe( 200 );
	await expectUntouched( before, 'staging deleted its attachments' );

	// Production still has everything, byte for byte; the bucket holds production's objects and nothing of staging's.
	const after = await objectsOf( state.site.dir, [ photo.id, invoice.id ] );
	expect( [ ...after.keys() ].sort() ).toEqual( [ ...before.keys() ].sort() );
	expect( await bucketKeys( BUCKET ) ).toEqual( [ ...before.keys() ].sort() );
} );
