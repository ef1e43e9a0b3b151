<?php
/**
 * Copies media that existed before the plugin (or failed since) to S3, a
 * batch at a time: files in parallel across attachments, objects S3 already
 * holds identical skipped, each attachment tried once per run so a run
 * always ends.
 *
 * Several workers may run batches at once (Sync_Job's loopback chain, WP-CLI,
 * the REST batch route). Each takes attachments by a claim with an expiry —
 * the same Attachment_Lock every writer of an attachment takes — looks at its
 * record again under the claim (what S3 confirmed is not sent again), copies
 * it, marks it tried in this run and only then releases the claim. A worker
 * killed mid-batch marked nothing: once its claims expire, another worker
 * takes those attachments, and the listing of their folders finds what the
 * killed one had already sent.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\Media\Attachment_Lock;
use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\S3\Bucket_Listing;
use S3MediaSync\S3\Client_Factory;
use WP_Error;

final class Bulk_Sync {

	/** The current run: `{run: <id>}`, until every attachment was tried in it. */
	public const RUN_OPTION = 's3_media_sync_sync_run';

	/** Post meta: the run that tried the attachment (removed when the run ends). */
	public const TRIED_META = '_s3_media_sync_tried';

	/**
	 * Where the run's next untried attachments probably start: `<run>:<ID>`,
	 * the highest ID a worker took. Only a hint, shared by every worker
	 * (each batch is a new request): a batch scans from it, and from the
	 * beginning once nothing is left after it, which finds attachments a
	 * killed worker left behind. Without it every batch scanned from the
	 * first attachment past all those done, which grows with the run.
	 */
	public const HINT_OPTION = 's3_media_sync_sync_hint';

	/**
	 * The run's last count of attachments left: `<run>:<time>:<count>`.
	 * Counting reads every attachment's rows, so a batch that stopped with
	 * work left (its limit, its time, a pause) answers this count when it is
	 * younger than COUNT_SECONDS (at least 1: it cannot know that nothing is
	 * left); a batch that found nothing more to take counts exactly, and only
	 * that exact count can end the run.
	 */
	public const COUNT_OPTION = 's3_media_sync_sync_count';

	public const COUNT_SECONDS = 10;

	/** A batch stops starting chunks after this long, so one request stays short. */
	public const TIME_BUDGET = 20.0;

	/** Attachments whose files share one pool of parallel PUTs: large, so the pool rarely runs dry. */
	public const CHUNK = 100;

	/** A chunk at the end of the run takes half of what is left, when that half is at least this many attachments. */
	public const TAIL = 20;

	public function __construct(
		private readonly Attachment_Offloader $offloader,
		private readonly Client_Factory $factory,
		private readonly int $concurrency = 16
	) {}

	/**
	 * Copies up to `$limit` attachments of the current run (one is started
	 * when there is none), claiming each for `$claim_ttl` seconds. `$go_on`
	 * is asked before each chunk of `$chunk` attachments (a paused job says
	 * no). While a chunk's files go up, the next chunk is claimed and its
	 * folders listed in the same pool of requests, when at least two more
	 * chunks are left (the rest stays for other workers).
	 *
	 * @param (callable(): bool)|null $go_on Whether to start another chunk.
	 * @return array{processed: list<int>, failed: list<array{id: int, code: string, message: string}>, remaining: int}|WP_Error
	 */
	public function batch( int $limit, int $claim_ttl = Attachment_Lock::TTL, ?callable $go_on = null, int $chunk = self::CHUNK ): array|WP_Error {
		$client = $this->factory->client();
		if ( null === $client ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured: save the settings and test S3 access first.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$run       = $this->run( true );
		$after     = $this->hint( $run );
		$rescan    = $after > 0;
		$dry       = false;
		$started   = microtime( true );
		$processed = array();
		$failed    = array();
		$ahead     = array(); // Claimed for the next chunk, its folders listed along with this chunk's PUTs.
		$ahead_at  = 0.0;
		$chunk_s   = 0.0;
		Bucket_Listing::flush( true );
		try {
			while ( count( $processed ) < $limit && microtime( true ) - $started < self::TIME_BUDGET && ( null === $go_on || $go_on() ) && $this->run( false ) === $run ) {
				$chunk_at = microtime( true );
				if ( array() !== $ahead ) {
					$claimed = $ahead;
					$ahead   = array();
					if ( $chunk_at - $ahead_at > $claim_ttl / 2 ) {
						Bucket_Listing::flush( true ); // The claims are old: what was listed with them is not trusted.
					}
				} else {
					$want = min( $chunk, $limit - count( $processed ) );
					$page = $this->untried( $run, $after, $want );
					if ( array() === $page && $rescan ) {
						$rescan = false;
						$after  = 0;
						continue;
					}
					if ( array() === $page ) {
						$dry = true;
						break;
					}
					if ( count( $page ) < $want && count( $page ) >= 2 * self::TAIL ) {
						// The last of the run: half of it, so another worker copies the other half meanwhile.
						$page = array_slice( $page, 0, (int) ceil( count( $page ) / 2 ) );
					}
					$after = max( $page );
					self::put( self::HINT_OPTION, $run . ':' . $after );
					$claimed = self::claim( $page, $claim_ttl );
				}
				$want = min( $chunk, $limit - count( $processed ) - count( $claimed ) );
				if ( $want > 0 && $chunk_at + $chunk_s - $started < self::TIME_BUDGET ) {
					list( $after, $ahead ) = $this->claim_ahead( $run, $after, $want, $claim_ttl );
					$ahead_at              = microtime( true );
				}
				try {
					$ids    = $this->still_untried( $claimed, $run );
					$states = array() === $ids ? array() : $this->offloader->offload_many( $ids, true, $this->concurrency, $ahead );
					foreach ( $ids as $id ) {
						$processed[] = $id;
						$state       = $states[ $id ] ?? null;
						if ( null !== $state && Offload_State::SYNCED !== $state->status ) {
							$failed[] = array(
								'id'      => $id,
								'code'    => (string) ( $state->error['code'] ?? 'Unknown' ),
								'message' => (string) ( $state->error['message'] ?? '' ),
							);
						}
					}
					$this->mark_tried( $ids, $run );
				} finally {
					self::release( $claimed );
				}
				$chunk_s = microtime( true ) - $chunk_at;
			}
		} finally {
			self::release( $ahead );
			Bucket_Listing::flush( true );
		}
		$remaining = $dry ? $this->counted( $run, 0 ) : max( 1, $this->counted( $run, self::COUNT_SECONDS ) );
		if ( 0 === $remaining ) {
			$this->end_run( $run );
		}
		return array(
			'processed' => $processed,
			'failed'    => $failed,
			'remaining' => $remaining,
		);
	}

	/**
	 * Attachments the current run has not tried yet, in ID order, after
	 * `$after`: a page for `--dry-run`, which never loads them all at once.
	 *
	 * @return list<int>
	 */
	public function next( int $limit, int $after = 0 ): array {
		return $this->untried( $this->run( false ), $after, $limit );
	}

	/** How many attachments the current run has not tried yet (one COUNT query). */
	public function remaining( int $max_age = 0 ): int {
		return $this->counted( $this->run( false ), $max_age );
	}

	/** Attachments left in the run: counted now, or the run's last count when it is at most `$max_age` seconds old. */
	private function counted( string $run, int $max_age ): int {
		if ( $max_age > 0 ) {
			$last = explode( ':', (string) self::read( self::COUNT_OPTION ) );
			if ( 3 === count( $last ) && $last[0] === $run && time() - (int) $last[1] <= $max_age ) {
				return (int) $last[2];
			}
		}
		$count = $this->count_untried( $run );
		self::put( self::COUNT_OPTION, $run . ':' . time() . ':' . $count );
		return $count;
	}

	/**
	 * The current run's ID, read from the database (never a cache: other
	 * workers start and end runs); with `$start`, a new run when there is
	 * none — the first writer's, whichever worker asks.
	 */
	private function run( bool $start ): string {
		global $wpdb;
		$value = self::read( self::RUN_OPTION );
		if ( null === $value && $start ) {
			$new = maybe_serialize( array( 'run' => wp_generate_password( 12, false ) ) );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- atomic: the first worker's run wins.
			$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", self::RUN_OPTION, $new ) );
			wp_cache_delete( self::RUN_OPTION, 'options' );
			$value = self::read( self::RUN_OPTION );
		}
		$run = is_string( $value ) ? maybe_unserialize( $value ) : null;
		return is_array( $run ) ? (string) ( $run['run'] ?? '' ) : '';
	}

	/** Every attachment was tried: the next run starts from the beginning. */
	private function end_run( string $run ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one sweep of the run's marks.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->postmeta} WHERE meta_key = %s", self::TRIED_META ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- only this run: one another worker started meanwhile stays.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", self::RUN_OPTION, maybe_serialize( array( 'run' => $run ) ) ) );
		wp_cache_delete( self::RUN_OPTION, 'options' );
		delete_option( self::HINT_OPTION );
		delete_option( self::COUNT_OPTION );
		wp_cache_flush_group( 'post_meta' );
	}

	/**
	 * Marks the attachments tried in the run: one insert for the chunk (the
	 * rows add_post_meta() would write, one a call).
	 *
	 * @param list<int> $ids Attachments.
	 */
	private function mark_tried( array $ids, string $run ): void {
		global $wpdb;
		if ( array() === $ids ) {
			return;
		}
		$values = array();
		foreach ( $ids as $id ) {
			array_push( $values, $id, self::TRIED_META, $run );
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders only; the cache is cleared below.
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode( ', ', array_fill( 0, count( $ids ), '(%d, %s, %s)' ) ), $values ) );
		wp_cache_delete_multiple( $ids, 'post_meta' );
	}

	/**
	 * The chunk after this one, claimed now so its folders can be listed
	 * along with this chunk's PUTs; only when two more chunks are left after
	 * `$after`, so other workers still find work.
	 *
	 * @return array{0: int, 1: list<int>} Where the run's next page starts, and the attachments claimed.
	 */
	private function claim_ahead( string $run, int $after, int $want, int $claim_ttl ): array {
		$next = array_values( array_filter( $this->untried( $run, $after, 2 * $want ), static fn( int $id ): bool => ! Attachment_Lock::is_held_here( $id ) ) );
		if ( count( $next ) < 2 * $want ) {
			return array( $after, array() );
		}
		$next = array_slice( $next, 0, $want );
		self::put( self::HINT_OPTION, $run . ':' . max( $next ) );
		return array( max( $next ), self::claim( $next, $claim_ttl ) );
	}

	/**
	 * Claims the attachments it can for `$ttl` seconds, in one transaction.
	 *
	 * @param list<int> $ids Attachments.
	 * @return list<int> Those claimed.
	 */
	private static function claim( array $ids, int $ttl ): array {
		return self::at_once( static fn(): array => array_values( array_filter( $ids, static fn( int $id ): bool => Attachment_Lock::acquire( $id, 0.0, $ttl ) ) ) );
	}

	/** @param list<int> $ids Claimed attachments, released in one transaction. */
	private static function release( array $ids ): void {
		if ( array() !== $ids ) {
			self::at_once(
				static function () use ( $ids ): array {
					array_map( array( Attachment_Lock::class, 'release' ), $ids );
					return $ids;
				}
			);
		}
	}

	/**
	 * A chunk's claims (or releases) in one transaction: a row each, as
	 * Attachment_Lock writes them, but one commit (SQLite syncs every commit
	 * to disk: 200 of them a chunk were a good part of its time). Pages are
	 * in ID order, so workers claiming the same rows wait, never deadlock.
	 *
	 * @param callable(): list<int> $writes
	 * @return list<int>
	 */
	private static function at_once( callable $writes ): array {
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		try {
			return $writes();
		} finally {
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		}
	}

	/**
	 * Writes one of the run's shared rows (hint, count) straight to the
	 * database, as they are read: update_option() trusts the options cache,
	 * and writes nothing when the cache holds a row that is gone.
	 */
	private static function put( string $option, string $value ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- shared by every worker; the cache is cleared below.
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off') ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)", $option, $value ) );
		wp_cache_delete( $option, 'options' );
	}

	/** One of the run's shared rows (run, hint, count), read from the database: other workers write them; null when there is none. */
	private static function read( string $option ): ?string {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- shared by every worker, never a cache.
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $option ) );
		return null === $value ? null : (string) $value;
	}

	/** The run's hint (HINT_OPTION): another worker may have moved it; 0 when it is another run's. */
	private function hint( string $run ): int {
		$value = (string) self::read( self::HINT_OPTION );
		return str_starts_with( $value, $run . ':' ) ? (int) substr( $value, strlen( $run ) + 1 ) : 0;
	}

	/**
	 * Of the claimed attachments, those still to do, read again under the
	 * claim: another worker may have synced or tried one since the page.
	 *
	 * @param list<int> $ids Claimed attachments.
	 * @return list<int>
	 */
	private function still_untried( array $ids, string $run ): array {
		foreach ( $ids as $id ) {
			wp_cache_delete( $id, 'post_meta' );
		}
		update_meta_cache( 'post', $ids ); // One query for the chunk.
		return array_values(
			array_filter(
				$ids,
				static fn( int $id ): bool => Offload_State::SYNCED !== get_post_meta( $id, Offload_State::STATUS_META, true )
					&& ! in_array( $run, get_post_meta( $id, self::TRIED_META ), true )
			)
		);
	}

	/** @return list<int> */
	private function untried( string $run, int $after, int $limit ): array {
		global $wpdb;
		return array_map(
			'intval',
			(array) $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the queue itself; no cache could be right.
				$wpdb->prepare( "SELECT p.ID {$this->from_untried()} AND p.ID > %d ORDER BY p.ID LIMIT %d", Offload_State::STATUS_META, self::TRIED_META, $run, Offload_State::SYNCED, $after, $limit )
			)
		);
	}

	/**
	 * Attachments, less those synced or tried in the run: the same number as
	 * COUNT(*) over from_untried(), read through the meta_key index (the
	 * status and tried rows) instead of every row of every attachment.
	 */
	private function count_untried( string $run ): int {
		global $wpdb;
		// phpcs:disable WordPress.DB.DirectDatabaseQuery -- counts of the queue itself; no cache could be right.
		$attachments = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'attachment'" );
		// Each branch a range of the meta_key index; left to itself, MariaDB read every attachment's rows instead.
		$done = (int) $wpdb->get_var(
			$wpdb->prepare(
				"SELECT COUNT(DISTINCT d.post_id) FROM (
					SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value = %s
					UNION
					SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value = %s
				) d JOIN {$wpdb->posts} p ON p.ID = d.post_id AND p.post_type = 'attachment'",
				Offload_State::STATUS_META,
				Offload_State::SYNCED,
				self::TRIED_META,
				$run
			)
		);
		// phpcs:enable
		return max( 0, $attachments - $done );
	}

	/** Attachments not synced and not tried in the run. Placeholders: status meta key, tried meta key, run, synced. */
	private function from_untried(): string {
		global $wpdb;
		return "FROM {$wpdb->posts} p
			LEFT JOIN {$wpdb->postmeta} s ON s.post_id = p.ID AND s.meta_key = %s
			LEFT JOIN {$wpdb->postmeta} t ON t.post_id = p.ID AND t.meta_key = %s AND t.meta_value = %s
			WHERE p.post_type = 'attachment' AND ( s.meta_value IS NULL OR s.meta_value <> %s ) AND t.meta_id IS NULL";
	}
}
