<?php
/**
 * WP-CLI: `wp s3-media-sync status | upload <id>... | upload-all | download-all | verify | test`.
 * Thin adapters over the same services the settings page uses.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Cli;

use S3MediaSync\Access\Access_Check;
use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Sync\Bring_Back;
use S3MediaSync\Sync\Bulk_Sync;
use S3MediaSync\Sync\Attention_List;
use S3MediaSync\Sync\Bucket_Audit;
use S3MediaSync\Sync\Sync_Job;
use S3MediaSync\Sync\Sync_Status;

final class Command {

	/** Attachments a dry run reads at a time. */
	public const PAGE = 500;

	/** @var \Closure(int): Bulk_Sync */
	private \Closure $bulk_sync;

	/** @param callable(int): Bulk_Sync $bulk_sync Builds the sync service with a concurrency. */
	public function __construct(
		private readonly Attachment_Offloader $offloader,
		callable $bulk_sync,
		private readonly Access_Check $access,
		private readonly Client_Factory $factory,
		private readonly Attention_List $attention,
		private readonly Bucket_Audit $audit,
		private readonly Bring_Back $bring_back,
		private readonly Sync_Job $job
	) {
		$this->bulk_sync = \Closure::fromCallable( $bulk_sync );
	}

	/**
	 * Shows how much of the media library is in S3.
	 *
	 * @param list<string>          $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args ): void {
		$summary = ( new Sync_Status() )->summary();
		Terminal::log( sprintf( 'Total: %d, synced: %d, pending: %d, failed: %d', $summary['total'], $summary['synced'], $summary['pending'], $summary['failed'] ) );
		foreach ( $summary['failures'] as $failure ) {
			Terminal::log( sprintf( '  #%d %s: %s %s', $failure['id'], $failure['file'], $failure['code'], $failure['message'] ) );
		}
	}

	/**
	 * Uploads the given attachments (all their files) to S3.
	 *
	 * ## OPTIONS
	 *
	 * <id>...
	 * : Attachment IDs.
	 *
	 * @param list<string>          $args       Attachment IDs.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function upload( array $args, array $assoc_args ): void {
		$failed = 0;
		foreach ( $args as $arg ) {
			$id = ctype_digit( $arg ) ? (int) $arg : 0;
			if ( 0 === $id || 'attachment' !== get_post_type( $id ) ) {
				Terminal::warning( sprintf( '%s is not an attachment ID.', $arg ) );
				++$failed;
				continue;
			}
			$state = $this->offloader->offload( $id );
			if ( null === $state ) {
				Terminal::error( 'S3 Media Sync is not configured: save the settings first.' );
			}
			if ( Offload_State::SYNCED === $state->status ) {
				Terminal::log( sprintf( '#%d synced (%d files).', $id, count( $state->keys ) ) );
				continue;
			}
			++$failed;
			Terminal::warning( sprintf( '#%d %s: %s', $id, $state->status, (string) ( $state->error['message'] ?? '' ) ) );
		}
		if ( $failed > 0 ) {
			Terminal::error( sprintf( '%d of %d not synced.', $failed, count( $args ) ) );
		}
		Terminal::success( sprintf( '%d synced.', count( $args ) ) );
	}

	/**
	 * Copies every attachment not in S3 yet: starts the bulk-copy job (the
	 * one the settings page shows, paused or resumed from any session), or
	 * joins the one running, and works on it here until it is done.
	 *
	 * ## OPTIONS
	 *
	 * [--concurrency=<n>]
	 * : Parallel uploads of this process (1 to 64).
	 * ---
	 * default: 16
	 * ---
	 *
	 * [--workers=<n>]
	 * : Workers the web server runs besides this process (0 to 4; with --background, 1 to 4).
	 * ---
	 * default: 0
	 * ---
	 *
	 * [--background]
	 * : Start the job on the web server's workers and return at once.
	 *
	 * [--dry-run]
	 * : List what would be copied, and copy nothing.
	 *
	 * @subcommand upload-all
	 * @param list<string>          $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function upload_all( array $args, array $assoc_args ): void {
		$concurrency = self::whole( $assoc_args, 'concurrency', 16, 1, 64 );
		$background  = isset( $assoc_args['background'] );
		$workers     = self::whole( $assoc_args, 'workers', $background ? Sync_Job::DEFAULT_WORKERS : 0, $background ? 1 : 0, Sync_Job::MAX_WORKERS );
		$sync        = ( $this->bulk_sync )( $concurrency );
		if ( isset( $assoc_args['dry-run'] ) ) {
			$this->upload_preview( $sync );
			return;
		}
		$job = 'paused' === $this->job->snapshot()['state'] ? $this->job->resume( $workers > 0 ) : $this->job->start( max( 1, $workers ), $workers > 0 );
		if ( is_wp_error( $job ) ) {
			Terminal::error( $job->get_error_message() );
		}
		if ( $background ) {
			Terminal::success( sprintf( 'The copy runs on the web server: %d attachments left. Follow it with `wp s3-media-sync status` or on the settings page.', $job['remaining'] ) );
			return;
		}
		$progress = \WP_CLI\Utils\make_progress_bar( 'Copying to S3', $sync->remaining() );
		$failed   = 0;
		do {
			$batch = $this->job->batch( $sync, 50 );
			if ( null === $batch && 'done' === $this->job->snapshot()['state'] ) {
				break; // The web server's workers finished it.
			}
			if ( null === $batch ) {
				$progress->finish();
				Terminal::error( 'The copy was paused (from the settings page or another session): resume it there, or run this again.' );
			}
			if ( is_wp_error( $batch ) ) {
				Terminal::error( $batch->get_error_message() );
			}
			foreach ( $batch['processed'] as $id ) {
				$progress->tick();
			}
			foreach ( $batch['failed'] as $failure ) {
				++$failed;
				Terminal::warning( sprintf( '#%d %s: %s', $failure['id'], $failure['code'], $failure['message'] ) );
			}
			if ( array() === $batch['processed'] && $batch['remaining'] > 0 ) {
				sleep( Sync_Job::IDLE_WAIT ); // What is left is claimed by the web server's workers.
			}
		} while ( $batch['remaining'] > 0 );
		$progress->finish();
		if ( $failed > 0 ) {
			Terminal::error( sprintf( '%d attachments failed; they are retried in the background, or run this again.', $failed ) );
		}
		Terminal::success( 'Every attachment is in S3.' );
	}

	/** `upload-all --dry-run`: a page of IDs at a time, nothing written, the run's place kept. */
	private function upload_preview( Bulk_Sync $sync ): void {
		$after = 0;
		$count = 0;
		do {
			$page = $sync->next( self::PAGE, $after );
			update_meta_cache( 'post', $page );
			foreach ( $page as $id ) {
				++$count;
				Terminal::log( sprintf( '#%d %s', $id, (string) get_post_meta( $id, '_wp_attached_file', true ) ) );
				$after = $id;
			}
		} while ( array() !== $page );
		Terminal::success( sprintf( '%d attachments would be copied (dry run: nothing was).', $count ) );
	}

	/**
	 * A whole-number option between `$min` and `$max`, or an error naming it.
	 *
	 * @param array<string, string> $assoc_args Options.
	 */
	private static function whole( array $assoc_args, string $name, int $fallback, int $min, int $max ): int {
		if ( ! isset( $assoc_args[ $name ] ) ) {
			return $fallback;
		}
		$value = (string) $assoc_args[ $name ];
		if ( ! ctype_digit( $value ) || (int) $value < $min || (int) $value > $max ) {
			Terminal::error( sprintf( '--%s must be a whole number from %d to %d.', $name, $min, $max ) );
		}
		return (int) $value;
	}

	/**
	 * Brings every file missing on this server back from S3, verified against
	 * the MD5 recorded when S3 confirmed it: run before deactivating the
	 * plugin or after turning Remove local copies off. Resumable: run it
	 * again after an interruption and it carries on where it stopped.
	 *
	 * ## OPTIONS
	 *
	 * [--dry-run]
	 * : List the files that would be brought back, and write nothing.
	 *
	 * @subcommand download-all
	 * @param list<string>          $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function download_all( array $args, array $assoc_args ): void {
		if ( isset( $assoc_args['dry-run'] ) ) {
			$this->download_preview();
			return;
		}
		$refused = $this->bring_back->refusal();
		if ( null !== $refused ) {
			Terminal::error( $refused->get_error_message() );
		}
		$progress = \WP_CLI\Utils\make_progress_bar( 'Bringing files back from S3', $this->bring_back->remaining() );
		$restored = 0;
		$failed   = 0;
		do {
			$batch = $this->bring_back->batch( 50 );
			if ( is_wp_error( $batch ) ) {
				Terminal::error( $batch->get_error_message() );
			}
			foreach ( $batch['processed'] as $id ) {
				$progress->tick();
			}
			$restored += $batch['restored'];
			foreach ( $batch['failed'] as $failure ) {
				++$failed;
				Terminal::warning( sprintf( '#%d %s: %s %s', $failure['id'], $failure['file'], $failure['code'], $failure['message'] ) );
			}
		} while ( $batch['remaining'] > 0 && array() !== $batch['processed'] );
		$progress->finish();
		if ( $failed > 0 ) {
			Terminal::error( sprintf( '%d files brought back, %d could not be: they are still only in S3. Do not deactivate the plugin yet.', $restored, $failed ) );
		}
		Terminal::success( sprintf( '%d files brought back: every file is on this server.', $restored ) );
	}

	/** `download-all --dry-run`: every attachment, from the start, nothing written, the run's place kept. */
	private function download_preview(): void {
		$after = 0;
		$files = 0;
		do {
			$page = $this->bring_back->preview( $after, 500 );
			foreach ( $page as $id => $missing ) {
				foreach ( $missing as $file ) {
					++$files;
					Terminal::log( sprintf( '#%d %s', $id, $file ) );
				}
				$after = $id;
			}
		} while ( array() !== $page );
		$refused = $this->bring_back->refusal();
		if ( null !== $refused ) {
			Terminal::warning( $refused->get_error_message() );
		}
		Terminal::success( sprintf( '%d files would be brought back (dry run: nothing was).', $files ) );
	}

	/**
	 * Compares every record with the bucket: missing, changed, lost and orphaned
	 * files, and only what was compared counts as identical.
	 *
	 * @param list<string>          $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function verify( array $args, array $assoc_args ): void {
		if ( null === $this->factory->client() ) {
			Terminal::error( 'S3 Media Sync is not configured: save the settings first.' );
		}
		$labels = array(
			'missing'    => 'is recorded but not in the bucket',
			'changed'    => 'is in the bucket with other bytes than recorded',
			'unverified' => 'is in the bucket, but there is nothing to compare it with (no local file, no recorded MD5)',
			'unlisted'   => 'could not be checked: S3 did not list its folder',
			'lost'       => 'is neither on this server nor in S3',
			'orphaned'   => 'is in the bucket, named by no attachment (left alone)',
		);
		$totals = $this->audit->run(
			static function ( string $kind, int $id, string $what ) use ( $labels ): void {
				$line = sprintf( '%s%s %s.', $id > 0 ? '#' . $id . ' ' : '', $what, $labels[ $kind ] ?? $kind );
				'orphaned' === $kind || 'unverified' === $kind ? Terminal::log( $line ) : Terminal::warning( $line );
			}
		);
		$summary = sprintf(
			'%d attachments, %d objects checked: %d identical, %d unverified, %d missing or different, %d not listed; %d files lost; %d orphaned objects.',
			$totals['attachments'],
			$totals['checked'],
			$totals['identical'],
			$totals['unverified'],
			$totals['missing'] + $totals['changed'],
			$totals['unlisted'],
			$totals['lost'],
			$totals['orphaned']
		);
		if ( $totals['missing'] + $totals['changed'] + $totals['lost'] + $totals['unlisted'] > 0 ) {
			Terminal::error( $summary );
		}
		Terminal::success( $totals['unverified'] > 0 ? $summary : sprintf( '%d files checked: all in S3, identical. %s', $totals['checked'], $summary ) );
	}

	/**
	 * Lists what keeps failing: uploads that failed or keep failing, and
	 * deletions S3 keeps refusing. With --retry, tries all of it now.
	 *
	 * ## OPTIONS
	 *
	 * [--retry]
	 * : Make everything waiting due and run the retry job now.
	 *
	 * @param list<string>          $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function attention( array $args, array $assoc_args ): void {
		if ( isset( $assoc_args['retry'] ) ) {
			$due = $this->attention->retry_now();
			Terminal::log( sprintf( 'Retried %d uploads and %d deletions.', $due['uploads'], $due['deletions'] ) );
		}
		$summary = $this->attention->summary();
		foreach ( $summary['deletion_failures'] as $entry ) {
			Terminal::warning( sprintf( '%s/%s is still in S3 after %d attempts: %s (next %s)', $entry['bucket'], $entry['key'], $entry['attempts'], $entry['error'], $entry['next_attempt'] ) );
		}
		if ( $summary['uploads'] > 0 ) {
			Terminal::warning( sprintf( '%d uploads failed or keep failing: `wp s3-media-sync status` lists them.', $summary['uploads'] ) );
		}
		if ( $summary['uploads'] + $summary['deletions'] > 0 ) {
			Terminal::error( sprintf( '%d uploads and %d deletions need attention; they are retried at least daily, or run this with --retry.', $summary['uploads'], $summary['deletions'] ) );
		}
		Terminal::success( 'Nothing needs attention: every upload is in S3 and every deletion went through.' );
	}

	/**
	 * Runs Test S3 Access on the saved settings.
	 *
	 * @param list<string>          $args       Positional arguments.
	 * @param array<string, string> $assoc_args Options.
	 */
	public function test( array $args, array $assoc_args ): void {
		$result = $this->access->run();
		foreach ( $result['checks'] as $check ) {
			Terminal::log( sprintf( '[%s] %s: %s', $check['status'], $check['permission'], $check['message'] ) );
			foreach ( $check['hints'] as $hint ) {
				Terminal::log( '       - ' . $hint );
			}
		}
		if ( ! $result['ok'] ) {
			Terminal::error( $result['title'] . ': ' . $result['message'] );
		}
		Terminal::success( $result['title'] . ': ' . $result['message'] );
	}
}
