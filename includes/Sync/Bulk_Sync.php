<?php
/**
 * Copies media that existed before the plugin (or failed since) to S3, a
 * batch at a time: files in parallel across attachments, objects S3 already
 * holds identical skipped, each attachment tried once per run so a run
 * always ends, and the place reached saved after every chunk so an
 * interrupted run resumes without repeating or missing anything.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\S3\Client_Factory;
use WP_Error;

final class Bulk_Sync {

	/** The current run: the highest attachment ID tried so far. */
	public const RUN_OPTION = 's3_media_sync_sync_run';

	/** A batch stops starting chunks after this long, so one request stays short. */
	public const TIME_BUDGET = 20.0;

	/** Attachments whose files share one pool of parallel PUTs: large, so the pool rarely runs dry. */
	public const CHUNK = 100;

	public function __construct(
		private readonly Attachment_Offloader $offloader,
		private readonly Client_Factory $factory,
		private readonly int $concurrency = 16
	) {}

	/**
	 * @return array{processed: list<int>, failed: list<array{id: int, code: string, message: string}>, remaining: int}|WP_Error
	 */
	public function batch( int $limit ): array|WP_Error {
		$client = $this->factory->client();
		if ( null === $client ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured: save the settings and test S3 access first.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$cursor    = $this->cursor();
		$started   = microtime( true );
		$processed = array();
		$failed    = array();
		while ( count( $processed ) < $limit && microtime( true ) - $started < self::TIME_BUDGET ) {
			$ids = $this->not_synced_after( $cursor, min( self::CHUNK, $limit - count( $processed ) ) );
			if ( array() === $ids ) {
				break;
			}
			$states = $this->offloader->offload_many( $ids, true, $this->concurrency );
			foreach ( $ids as $id ) {
				$processed[] = $id;
				$state       = $states[ $id ] ?? null;
				if ( null === $state ) {
					continue; // Another writer (an upload, the retry job) holds it and records it.
				}
				if ( Offload_State::SYNCED !== $state->status ) {
					$failed[] = array(
						'id'      => $id,
						'code'    => (string) ( $state?->error['code'] ?? 'NotConfigured' ),
						'message' => (string) ( $state?->error['message'] ?? __( 'S3 Media Sync is not configured.', 's3-media-sync' ) ),
					);
				}
			}
			$cursor = max( $ids );
			update_option( self::RUN_OPTION, array( 'cursor' => $cursor ), false );
		}
		$remaining = $this->count_not_synced_after( $cursor );
		if ( 0 === $remaining ) {
			delete_option( self::RUN_OPTION ); // The run is over: the next one starts from the beginning.
		}
		return array(
			'processed' => $processed,
			'failed'    => $failed,
			'remaining' => $remaining,
		);
	}

	/** Attachments the current run has not tried yet, in the order it will try them. */
	public function next( int $limit ): array {
		return $this->not_synced_after( $this->cursor(), $limit );
	}

	public function remaining(): int {
		return $this->count_not_synced_after( $this->cursor() );
	}

	private function cursor(): int {
		$run = get_option( self::RUN_OPTION, array() );
		return is_array( $run ) ? (int) ( $run['cursor'] ?? 0 ) : 0;
	}

	/** @return list<int> */
	private function not_synced_after( int $after, int $limit ): array {
		global $wpdb;
		return array_map(
			'intval',
			(array) $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the queue itself; no cache could be right.
				$wpdb->prepare( "SELECT p.ID {$this->from_not_synced()} AND p.ID > %d ORDER BY p.ID LIMIT %d", Offload_State::STATUS_META, Offload_State::SYNCED, $after, $limit )
			)
		);
	}

	private function count_not_synced_after( int $after ): int {
		global $wpdb;
		return (int) $wpdb->get_var( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "SELECT COUNT(*) {$this->from_not_synced()} AND p.ID > %d", Offload_State::STATUS_META, Offload_State::SYNCED, $after )
		);
	}

	/** Attachments with no status yet, or any status but synced. Placeholders: status meta key, synced. */
	private function from_not_synced(): string {
		global $wpdb;
		return "FROM {$wpdb->posts} p LEFT JOIN {$wpdb->postmeta} s ON s.post_id = p.ID AND s.meta_key = %s
			WHERE p.post_type = 'attachment' AND ( s.meta_value IS NULL OR s.meta_value <> %s )";
	}
}
