<?php
/**
 * Benchmark and query-shape test, on a MariaDB site holding the library of
 * scale-library.php. Prints JSON (one line).
 *
 *   php scale-queries.php <docroot> analyze
 *     Runs each query shape the plugin uses at scale, catches the SQL it
 *     sends (the `query` filter) and runs MariaDB's ANALYZE FORMAT=JSON on
 *     every SELECT: per shape, the rows the server read (r_loops × r_rows
 *     summed over the tables) and each table's access type and index.
 *   php scale-queries.php <docroot> column <rounds>
 *     The media library's S3 column on a list page of 20 (the list table's
 *     own query primes the rows first, as upload.php does): median time to
 *     print the cells and row actions, and the queries they make.
 *   php scale-queries.php <docroot> audit
 *     Runs the audit (`wp s3-media-sync verify`): its totals, PHP peak
 *     memory, and the most IDs any one query handed back.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';

use S3MediaSync\Admin\Media_Library_Status;
use S3MediaSync\Media\File_Index;
use S3MediaSync\Media\Serving\File_Owners;
use S3MediaSync\Plugin;

/**
 * The SELECTs `$run` sends.
 *
 * @return list<string>
 */
function s3ms_caught( callable $run ): array {
	$caught = array();
	$catch  = static function ( string $sql ) use ( &$caught ): string {
		global $wpdb;
		// WordPress reloading its options after a cache flush is not the shape's.
		if ( 1 === preg_match( '/^\s*SELECT/i', $sql ) && ! str_contains( $sql, $wpdb->options ) ) {
			$caught[] = $sql;
		}
		return $sql;
	};
	add_filter( 'query', $catch );
	$run();
	remove_filter( 'query', $catch );
	return $caught;
}

/**
 * Every table an ANALYZE FORMAT=JSON plan reads.
 *
 * @param mixed                   $node  Part of the plan.
 * @param list<array<string, mixed>> $found Tables so far.
 * @return list<array<string, mixed>>
 */
function s3ms_tables( mixed $node, array $found = array() ): array {
	if ( ! is_array( $node ) ) {
		return $found;
	}
	if ( isset( $node['table_name'] ) && array_key_exists( 'r_rows', $node ) ) {
		$found[] = array(
			'table' => (string) $node['table_name'],
			'type'  => (string) ( $node['access_type'] ?? '' ),
			'key'   => (string) ( $node['key'] ?? '' ),
			'read'  => (int) round( (float) ( $node['r_loops'] ?? 1 ) * (float) ( $node['r_rows'] ?? 0 ) ),
		);
	}
	foreach ( $node as $child ) {
		$found = s3ms_tables( $child, $found );
	}
	return $found;
}

/** @return array{queries: int, read: int, tables: list<array<string, mixed>>} */
function s3ms_analyze( callable $run ): array {
	global $wpdb;
	$tables = array();
	$sqls   = s3ms_caught( $run );
	foreach ( $sqls as $sql ) {
		$plan   = json_decode( (string) $wpdb->get_var( 'ANALYZE FORMAT=JSON ' . $sql ), true ); // phpcs:ignore WordPress.DB
		$tables = array_merge( $tables, s3ms_tables( $plan ) );
	}
	return array(
		'queries' => count( $sqls ),
		'read'    => array_sum( array_column( $tables, 'read' ) ),
		'tables'  => $tables,
	);
}

/** A private method of one of the plugin's services, for the shapes no public call reaches alone. */
function s3ms_private( object $service, string $method, mixed ...$args ): mixed {
	return ( new ReflectionMethod( $service, $method ) )->invoke( $service, ...$args );
}

/** @return list<WP_Post> A list page of the media library, as upload.php?mode=list queries it. */
function s3ms_list_page(): array {
	$query = new WP_Query(
		array(
			'post_type'      => 'attachment',
			'post_status'    => array( 'inherit', 'private' ),
			'posts_per_page' => 20,
			'orderby'        => 'date',
			'order'          => 'DESC',
		)
	);
	return array_values( array_filter( $query->posts, static fn( $post ): bool => $post instanceof WP_Post ) );
}

$command = $argv[2] ?? '';
global $wpdb;
if ( 'analyze' === $command ) {
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- an attachment in the middle of the library.
	$middle = (int) $wpdb->get_var( "SELECT ID FROM {$wpdb->posts} WHERE post_type = 'attachment' ORDER BY ID LIMIT 1 OFFSET " . intdiv( (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'attachment'" ), 2 ) );
	$file   = (string) get_post_meta( $middle, '_wp_attached_file', true );
	$folder = substr( $file, 0, (int) strrpos( $file, '/' ) + 1 );
	$name   = (string) pathinfo( $file, PATHINFO_FILENAME );
	wp_cache_flush();
	$services = Plugin::services();
	$page     = array();
	$shapes   = array(
		'retry job: attachments due'            => static fn() => $services->scheduler->due( time() ),
		'retry job: next attempt'               => static fn() => s3ms_private( $services->scheduler, 'next_due' ),
		'file index: names taken in a folder'   => static function () use ( $folder, $name, $file ): void {
			// A shape that reads nothing proves nothing: it must find the file it was asked about.
			if ( ! in_array( $file, File_Index::names_starting( $folder, $name ), true ) ) {
				throw new RuntimeException( "names_starting( '{$folder}', '{$name}' ) did not find {$file}" );
			}
		},
		'file index: other owners of a file'    => static fn() => File_Index::other_owners( $file, $middle ),
		'file index: owners of a page\'s files' => static fn() => ( new File_Owners() )->of( array( $file, $folder . 'not-recorded.jpg' ) ),
		'status column: a list page\'s cells'   => static function () use ( &$page ): void {
			$status = new Media_Library_Status( Plugin::offloader() );
			foreach ( $page as $post ) {
				$status->describe( $post->ID );
				$status->row_actions( array(), $post );
			}
		},
		'audit: next page of records'           => static fn() => s3ms_private( Plugin::audit(), 'recorded_after', $middle ),
		// A run reads these once in a while, not per file: its first page scans from the first attachment (then each batch starts at the run's hint), and the count of what is left runs at most every Bulk_Sync::COUNT_SECONDS.
		'bulk copy: a new run\'s first page (reported)' => static fn() => Plugin::bulk_sync( Plugin::offloader() )->next( 100 ),
		'bulk copy: count of what is left (reported)' => static fn() => Plugin::bulk_sync( Plugin::offloader() )->remaining(),
	);
	$out = array();
	foreach ( $shapes as $shape => $run ) {
		if ( str_starts_with( $shape, 'status column' ) ) {
			$page = s3ms_list_page(); // The list table's own query is core's: run outside the measure.
		}
		$out[ $shape ] = s3ms_analyze( $run );
		wp_cache_flush();
	}
	echo wp_json_encode( $out ), "\n";
} elseif ( 'column' === $command ) {
	$rounds  = max( 5, (int) ( $argv[3] ?? 41 ) );
	$status  = new Media_Library_Status( Plugin::offloader() );
	$times   = array();
	$queries = 0;
	for ( $round = 0; $round < $rounds; $round++ ) {
		wp_cache_flush();
		$posts  = s3ms_list_page();
		$before = $wpdb->num_queries;
		$start  = hrtime( true );
		foreach ( $posts as $post ) {
			ob_start();
			$status->cell( Media_Library_Status::COLUMN, $post->ID );
			ob_end_clean();
			$status->row_actions( array(), $post );
		}
		$times[] = ( hrtime( true ) - $start ) / 1e3;
		$queries = max( $queries, $wpdb->num_queries - $before );
	}
	sort( $times );
	echo wp_json_encode(
		array(
			'rows'    => count( $posts ?? array() ),
			'us'      => $times[ intdiv( count( $times ), 2 ) ],
			'queries' => $queries,
		)
	), "\n";
} elseif ( 'audit' === $command ) {
	$most  = 0;
	$watch = static function ( string $sql ) use ( &$most, $wpdb ): string {
		if ( 1 === preg_match( '/^\s*SELECT\s+(DISTINCT\s+)?(p\.)?(post_id|ID)\s+FROM/i', (string) $wpdb->last_query ) ) {
			$most = max( $most, count( (array) $wpdb->last_result ) );
		}
		return $sql;
	};
	add_filter( 'query', $watch );
	memory_reset_peak_usage();
	$base   = memory_get_usage();
	$start  = hrtime( true );
	$totals = Plugin::audit()->run();
	remove_filter( 'query', $watch );
	echo wp_json_encode(
		$totals + array(
			'ms'          => ( hrtime( true ) - $start ) / 1e6,
			'peak_mb'     => ( memory_get_peak_usage() - $base ) / 1048576,
			'most_ids'    => $most,
			'index_files' => (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE meta_key = %s", File_Index::META ) ), // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		)
	), "\n";
} else {
	fwrite( STDERR, "usage: php scale-queries.php <docroot> analyze | column <rounds> | audit\n" );
	exit( 2 );
}
