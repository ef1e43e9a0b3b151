<?php
/**
 * The bulk copy as a job of the server: started from the settings page or
 * WP-CLI, it runs without a browser tab. Its state (running, paused, done;
 * how many workers) is one option, so every administrator's session sees
 * and controls the same job, and a restarted server finds it. Each worker is
 * a chain of loopback requests (Job_Loopback): a request runs one batch of
 * Bulk_Sync, notes the time it last worked, and sends the next request
 * while the job runs and work is left. A WP-Cron event, and any look at
 * GET /sync, sends the chains again when no worker worked for STALE seconds
 * (a server restarted, a request lost): WP-Cron alone ticks only on traffic.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\Media\Attachment_Lock;
use S3MediaSync\S3\Client_Factory;
use WP_Error;

final class Sync_Job {

	/** `{state, workers, started, total, error?}`. */
	public const OPTION = 's3_media_sync_sync_job';

	/** Option: when a worker last worked (a Unix time); `_0` and up, one per worker slot sent. */
	public const BEAT_PREFIX = 's3_media_sync_sync_beat_';

	/** The fallback that sends stalled chains again. */
	public const CRON_HOOK = 's3_media_sync_sync_job';

	public const DEFAULT_WORKERS = 2;
	public const MAX_WORKERS     = 4;

	/** Parallel PUTs of one worker: several workers share the site's bandwidth. */
	public const CONCURRENCY = 8;

	/**
	 * Attachments a worker request may copy; its time budget
	 * (Bulk_Sync::TIME_BUDGET) ends it first on any real library, so a
	 * request works for seconds, not for one WordPress start-up's worth.
	 */
	public const BATCH = 5000;

	/** Seconds without any worker's batch before the chains are sent again: a batch's time budget and then some. */
	public const STALE = 60;

	/**
	 * wp-config.php constant: seconds a bulk worker's claim on an attachment
	 * lasts (default Attachment_Lock::TTL, at least 5). After a crash or a
	 * restart, the attachments the dead workers held wait this long; keep it
	 * above the longest single upload, or another worker sends that file again.
	 */
	public const CLAIM_TTL_CONSTANT = 'S3_MEDIA_SYNC_BULK_CLAIM_TTL';

	/** Seconds a worker waits before its next request when every attachment left is claimed by others. */
	public const IDLE_WAIT = 2;

	public function __construct(
		private readonly Bulk_Sync $sync,
		private readonly Job_Loopback $loopback,
		private readonly Client_Factory $factory
	) {}

	public function register(): void {
		add_action( 'wp_ajax_nopriv_' . Job_Loopback::ACTION, array( $this, 'serve' ) );
		add_action( 'wp_ajax_' . Job_Loopback::ACTION, array( $this, 'serve' ) );
		add_action( self::CRON_HOOK, array( $this, 'watch' ) );
	}

	/**
	 * Starts the job with `$workers` workers, or answers the one running
	 * (another administrator started it). Without `$send`, the caller works
	 * on it (WP-CLI): the workers' chains start only should it stop.
	 *
	 * @return array<string, mixed>|WP_Error The job, as snapshot() shows it.
	 */
	public function start( int $workers, bool $send = true ): array|WP_Error {
		if ( null === $this->factory->client() ) {
			return self::not_configured();
		}
		if ( 'running' !== $this->state()['state'] ) {
			$this->save(
				array(
					'state'   => 'running',
					'workers' => max( 1, min( self::MAX_WORKERS, $workers ) ),
					'started' => time(),
					'total'   => $this->sync->remaining(),
				)
			);
			$this->go( $send );
		}
		return $this->snapshot();
	}

	/** @return array<string, mixed>|WP_Error */
	public function pause(): array|WP_Error {
		$job = $this->state();
		if ( 'running' !== $job['state'] ) {
			return new WP_Error( 's3_media_sync_job_not_running', __( 'No copy is running.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$this->save( array_merge( $job, array( 'state' => 'paused' ) ) );
		return $this->snapshot();
	}

	/**
	 * Resumes a paused job; without `$send`, the caller works on it (WP-CLI).
	 *
	 * @return array<string, mixed>|WP_Error
	 */
	public function resume( bool $send = true ): array|WP_Error {
		$job = $this->state();
		if ( 'paused' !== $job['state'] ) {
			return new WP_Error( 's3_media_sync_job_not_paused', __( 'No copy is paused.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		if ( null === $this->factory->client() ) {
			return self::not_configured();
		}
		unset( $job['error'] );
		$this->save( array_merge( $job, array( 'state' => 'running' ) ) );
		$this->go( $send );
		return $this->snapshot();
	}

	/**
	 * The job as every session sees it; chains that stalled are sent again.
	 *
	 * @return array{state: string, workers: int, started: int, total: int, remaining: int, last_work: int, error: array{code: string, message: string}|null}
	 */
	public function snapshot(): array {
		$this->revive();
		$job = $this->state();
		return array(
			'state'     => $job['state'],
			'workers'   => $job['workers'],
			'started'   => $job['started'],
			'total'     => $job['total'],
			'remaining' => $this->sync->remaining( Bulk_Sync::COUNT_SECONDS ),
			'last_work' => $this->last_work( $job['workers'] ),
			'error'     => $job['error'],
		);
	}

	/** admin-ajax: one worker request, allowed by its one-time ticket alone (no cookie, no nonce). */
	public function serve(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- the one-time ticket is this request's proof; it carries no user.
		$ticket = isset( $_POST['ticket'] ) ? sanitize_text_field( wp_unslash( $_POST['ticket'] ) ) : '';
		$slot   = isset( $_POST['slot'] ) ? absint( $_POST['slot'] ) : 0;
		// phpcs:enable WordPress.Security.NonceVerification.Missing
		if ( $slot < 1 || $slot > self::MAX_WORKERS || ! $this->loopback->redeem( $ticket ) ) {
			wp_send_json_error( null, 403 );
		}
		ignore_user_abort( true );
		if ( function_exists( 'set_time_limit' ) ) {
			set_time_limit( 300 );
		}
		self::answer_now();
		$this->work( $slot );
		exit;
	}

	/**
	 * Answers the worker request before it works: the sender (the page's
	 * start, or the previous worker) waits for an answer up to its timeout,
	 * and without one it waited the whole second each time.
	 */
	private static function answer_now(): void {
		$body = (string) wp_json_encode( array( 'success' => true ) );
		if ( ! headers_sent() ) {
			status_header( 200 );
			header( 'Content-Type: application/json; charset=' . get_option( 'blog_charset' ) );
			header( 'Content-Length: ' . strlen( $body ) );
			header( 'Connection: close' );
		}
		echo $body; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON of a constant.
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
			return;
		}
		while ( ob_get_level() > 0 ) {
			ob_end_flush();
		}
		flush();
	}

	/** One batch of worker `$slot`, then its next request while the job runs and work is left. */
	public function work( int $slot ): void {
		$batch = $this->batch();
		if ( ! is_array( $batch ) || 0 === $batch['remaining'] || 'running' !== $this->state()['state'] ) {
			return;
		}
		if ( array() === $batch['processed'] ) {
			sleep( self::IDLE_WAIT ); // What is left is claimed by other workers (or by one killed, until its claims expire).
		}
		$this->loopback->send( $slot );
	}

	/**
	 * One batch while the job runs, by the job's workers or by `$sync` (WP-CLI's,
	 * with its own concurrency); the job is done when nothing is left, and
	 * paused with the reason when the plugin cannot copy. Null when the job
	 * does not run.
	 *
	 * @return array{processed: list<int>, failed: list<array{id: int, code: string, message: string}>, remaining: int}|WP_Error|null
	 */
	public function batch( ?Bulk_Sync $sync = null, int $limit = self::BATCH ): array|WP_Error|null {
		if ( 'running' !== $this->state()['state'] ) {
			return null;
		}
		$this->beat( 0 );
		$batch = ( $sync ?? $this->sync )->batch( $limit, self::claim_ttl(), fn(): bool => 'running' === $this->state()['state'] );
		$this->beat( 0 );
		$job = $this->state();
		if ( is_wp_error( $batch ) ) {
			$job['error'] = array(
				'code'    => (string) $batch->get_error_code(),
				'message' => $batch->get_error_message(),
			);
			$this->save( array_merge( $job, array( 'state' => 'paused' ) ) );
		} elseif ( 0 === $batch['remaining'] && 'running' === $job['state'] ) {
			$this->save( array_merge( $job, array( 'state' => 'done' ) ) );
		}
		return $batch;
	}

	/** WP-Cron's fallback: stalled chains sent again, tickets that were never used removed. */
	public function watch(): void {
		$this->loopback->purge();
		$this->revive();
		if ( 'running' === $this->state()['state'] ) {
			$this->watch_later();
		}
	}

	/** Sends every worker's chain again when none worked for STALE seconds. */
	private function revive(): void {
		$job = $this->state();
		if ( 'running' !== $job['state'] || time() - max( $job['started'], $this->last_work( $job['workers'] ) ) < self::STALE ) {
			return;
		}
		$this->send_all();
	}

	/** The job runs: its workers' chains sent, or (WP-CLI working on it) its time of work noted. */
	private function go( bool $send ): void {
		if ( $send ) {
			$this->send_all();
		} else {
			$this->beat( 0 );
		}
	}

	private static function not_configured(): WP_Error {
		return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured: save the settings and test S3 access first.', 's3-media-sync' ), array( 'status' => 409 ) );
	}

	private function send_all(): void {
		$workers = $this->state()['workers'];
		for ( $slot = 1; $slot <= $workers; $slot++ ) {
			$this->beat( $slot ); // Another look before the first batch ends sends nothing more.
			$this->loopback->send( $slot );
		}
		$this->watch_later();
	}

	private function watch_later(): void {
		if ( false === wp_next_scheduled( self::CRON_HOOK ) ) {
			wp_schedule_single_event( time() + self::STALE, self::CRON_HOOK );
		}
	}

	/**
	 * The job as saved, read from the database (workers and other sessions write it).
	 *
	 * @return array{state: string, workers: int, started: int, total: int, error: array{code: string, message: string}|null}
	 */
	private function state(): array {
		wp_cache_delete( self::OPTION, 'options' );
		$job   = get_option( self::OPTION, array() );
		$job   = is_array( $job ) ? $job : array();
		$state = (string) ( $job['state'] ?? 'idle' );
		$error = $job['error'] ?? null;
		return array(
			'state'   => in_array( $state, array( 'running', 'paused', 'done' ), true ) ? $state : 'idle',
			'workers' => max( 1, min( self::MAX_WORKERS, (int) ( $job['workers'] ?? self::DEFAULT_WORKERS ) ) ),
			'started' => (int) ( $job['started'] ?? 0 ),
			'total'   => (int) ( $job['total'] ?? 0 ),
			'error'   => is_array( $error ) ? array(
				'code'    => (string) ( $error['code'] ?? '' ),
				'message' => (string) ( $error['message'] ?? '' ),
			) : null,
		);
	}

	/** @param array<string, mixed> $job The job to save. */
	private function save( array $job ): void {
		if ( null === ( $job['error'] ?? null ) ) {
			unset( $job['error'] );
		}
		update_option( self::OPTION, $job, false );
		if ( 'running' !== $job['state'] && false !== wp_next_scheduled( self::CRON_HOOK ) ) {
			wp_clear_scheduled_hook( self::CRON_HOOK );
		}
	}

	private static function claim_ttl(): int {
		return defined( self::CLAIM_TTL_CONSTANT ) ? max( 5, (int) constant( self::CLAIM_TTL_CONSTANT ) ) : Attachment_Lock::TTL;
	}

	private function beat( int $slot ): void {
		update_option( self::BEAT_PREFIX . $slot, time(), false );
	}

	private function last_work( int $workers ): int {
		$last = 0;
		for ( $slot = 0; $slot <= $workers; $slot++ ) {
			wp_cache_delete( self::BEAT_PREFIX . $slot, 'options' );
			$last = max( $last, (int) get_option( self::BEAT_PREFIX . $slot, 0 ) );
		}
		return $last;
	}
}
