/**
 * The queries the plugin runs over its records read as many rows on a big
 * library as on a small one. On the MariaDB site, a synthetic library of
 * synced records (tools/bench/scale-library.php: 1,000, then 4,000
 * attachments, four files each, rows written straight into the database)
 * is looked at with MariaDB's ANALYZE (tools/bench/scale-queries.php): rows
 * the server really read for each query shape, at 4,000 files and at
 * 16,000. (Smaller libraries mislead: with a page of 200 IDs a fifth of the
 * table, MariaDB rightly scans the table instead of the index.)
 * A shape whose reads follow the library (a scan of every record) reads
 * four times as many; one that stays on an index reads about the same.
 * The bench's `scale` row runs the same shapes at 100,000 files.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

import { siteDir } from '../integration/media-helpers';

// Not serial: a shape that fails leaves the others measured (a new worker makes the library again).
test.describe.configure( { mode: 'default' } );

const BENCH = join( __dirname, '..', '..', 'tools', 'bench' );

interface Shape {
	queries: number;
	read: number;
	tables: Array< { table: string; type: string; key: string; read: number } >;
}

function php( script: string, ...args: string[] ): Record< string, unknown > {
	const output = execFileSync(
		'php',
		[ join( BENCH, script ), siteDir(), ...args ],
		{
			maxBuffer: 64 * 1024 * 1024,
		}
	).toString();
	return JSON.parse( output.trim().split( '\n' ).pop() ?? '{}' ) as Record<
		string,
		unknown
	>;
}

function analyze(): Record< string, Shape > {
	return php( 'scale-queries.php', 'analyze' ) as unknown as Record<
		string,
		Shape
	>;
}

let small: Record< string, Shape > = {};
let large: Record< string, Shape > = {};

test.beforeAll( () => {
	php( 'scale-library.php', 'remove' );
	php( 'scale-library.php', 'create', '1000', 'synced' );
	small = analyze();
	php( 'scale-library.php', 'create', '3000', 'synced' );
	large = analyze();
} );

test.afterAll( () => {
	php( 'scale-library.php', 'remove' );
} );

/**
 * A page's worth of rows: 200 attachments × their 13 or so meta rows. Which
 * index MariaDB picks changes with the table's size (on a small one, reading
 * every record can be the cheaper plan), so a shape passes when it reads no
 * more than this, or no more than 1.5× what it read at 4,000 files (a scan
 * reads 4×, and more than this: 16,000 file rows, 4,000 state rows).
 */
const PAGE_ROWS = 3000;

/** Rows read at 16,000 files stay flat (see PAGE_ROWS). */
function expectFlat( name: string ): void {
	const before = small[ name ];
	const after = large[ name ];
	expect( before, `shape "${ name }" ran` ).toBeDefined();
	expect(
		after!.read,
		`"${ name }" read ${ after!.read } rows at 16,000 files, ${ before!.read } at 4,000: ${ JSON.stringify( after!.tables ) }`
	).toBeLessThanOrEqual( Math.max( PAGE_ROWS, 1.5 * before!.read ) );
}

test( 'the retry job finds due attachments and its next time without reading every record', () => {
	expectFlat( 'retry job: attachments due' );
	expectFlat( 'retry job: next attempt' );
} );

test( 'the audit reads the records a page at a time', () => {
	expectFlat( 'audit: next page of records' );
} );

test( 'the media library S3 column makes no query of its own', () => {
	expect( large[ "status column: a list page's cells" ]!.queries ).toBe( 0 );
} );

test( 'who records a file is one lookup of its own key', () => {
	expectFlat( 'file index: other owners of a file' );
	expectFlat( "file index: owners of a page's files" );
} );

test( 'names taken in a folder are one range of the meta_key index', () => {
	// One query an upload (unique names): the folder's keys that start with the name.
	expectFlat( 'file index: names taken in a folder' );
} );
