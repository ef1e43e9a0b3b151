<?php
/**
 * "Bring files back": downloads from S3 every file of the media library that
 * is missing on this server, so the plugin can be deactivated (or Remove
 * local copies turned off) without breaking a post. A batch at a time, like
 * the bulk copy: attachments with an offload record in ID order from a
 * saved cursor, each tried once per run so a run always ends, the cursor
 * saved after every attachment so an interrupted run resumes where it
 * stopped. Only bytes that match the MD5 recorded when S3 confirmed the
 * upload are written (Local_Copies::bring_back); a file that does not match
 * is reported and left missing.
 *
 * While Remove local copies is on, the run is refused rather than the
 * setting turned off behind the admin's back: the next offload of an edited
 * attachment would otherwise delete what was just brought back.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\Media\Attachment_Lock;
use S3MediaSync\Media\Local_Copies;
use S3MediaSync\Media\Object_Keys;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Own_Files;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Settings\Settings_Store;
use WP_Error;

final class Bring_Back {

	/** The current run: the highest attachment ID tried so far. */
	public const RUN_OPTION = 's3_media_sync_bring_back_run';

	/** A batch starts no attachment after this long, so one request stays short. */
	public const TIME_BUDGET = 20.0;

	/** Seconds to wait for an upload or deletion of the same attachment to finish. */
	private const LOCK_WAIT = 5.0;

	public function __construct(
		private readonly Settings_Store $settings,
		private readonly Client_Factory $factory,
		private readonly Local_Copies $local
	) {}

	/**
	 * Attachments whose record lists files removed from this server: the
	 * number the plugins screen and the settings page warn with. One count
	 * over the serialized records (no unserializing), so it is cheap enough
	 * for every load of those screens.
	 */
	public static function missing(): int {
		global $wpdb;
		// serialize() writes the field as `s:13:"local_removed";a:<count>:{…}`; an empty list is `a:0:{}`.
		// Not esc_like(): SQLite's LIKE has no escape character, so `\_` would match nothing there;
		// the one wildcard left, `_` in the name, matches itself too.
		$field = serialize( 'local_removed' ) . 'a:'; // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize, Generic.PHP.ForbiddenFunctions -- the exact bytes to look for.
		$empty = serialize( 'local_removed' ) . serialize( array() ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize, Generic.PHP.ForbiddenFunctions
		return (int) $wpdb->get_var( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a count no cache holds.
			$wpdb->prepare(
				"SELECT COUNT(DISTINCT m.post_id) FROM {$wpdb->postmeta} m INNER JOIN {$wpdb->posts} p ON p.ID = m.post_id AND p.post_type = 'attachment'
				WHERE m.meta_key = %s AND m.meta_value LIKE %s AND m.meta_value NOT LIKE %s",
				Offload_State::META,
				'%' . $field . '%',
				'%' . $empty . '%'
			)
		);
	}

	/**
	 * Brings back the missing files of the next `$limit` attachments of the run.
	 *
	 * @return array{processed: list<int>, restored: int, failed: list<array{id: int, file: string, code: string, message: string}>, remaining: int}|WP_Error
	 */
	public function batch( int $limit ): array|WP_Error {
		$refused = $this->refusal();
		if ( null !== $refused ) {
			return $refused;
		}
		$cursor    = $this->cursor();
		$started   = microtime( true );
		$processed = array();
		$restored  = 0;
		$failed    = array();
		while ( count( $processed ) < $limit && microtime( true ) - $started < self::TIME_BUDGET ) {
			$ids = $this->recorded_after( $cursor, $limit - count( $processed ) );
			if ( array() === $ids ) {
				break;
			}
			update_postmeta_cache( $ids );
			foreach ( $ids as $id ) {
				if ( count( $processed ) > 0 && microtime( true ) - $started >= self::TIME_BUDGET ) {
					break 2;
				}
				$outcome  = $this->attachment( $id );
				$restored += $outcome['restored'];
				array_push( $failed, ...$outcome['failed'] );
				$processed[] = $id;
				$cursor      = $id;
				update_option( self::RUN_OPTION, array( 'cursor' => $cursor ), false );
			}
		}
		$remaining = $this->count_recorded_after( $cursor );
		if ( 0 === $remaining ) {
			delete_option( self::RUN_OPTION ); // The run is over: the next one starts from the beginning.
		}
		return array(
			'processed' => $processed,
			'restored'  => $restored,
			'failed'    => $failed,
			'remaining' => $remaining,
		);
	}

	/**
	 * What a run would bring back, without writing anything or moving the
	 * cursor (for `--dry-run`): attachment ID => files missing on disk.
	 *
	 * @return array<int, list<string>>
	 */
	public function preview( int $after, int $limit ): array {
		$ids = $this->recorded_after( $after, $limit );
		update_postmeta_cache( $ids );
		$missing = array();
		foreach ( $ids as $id ) {
			$missing[ $id ] = $this->missing_files( $id );
		}
		return $missing;
	}

	/** Attachments the current run has not tried yet. */
	public function remaining(): int {
		return $this->count_recorded_after( $this->cursor() );
	}

	/** Why no run may start now, or null. */
	public function refusal(): ?WP_Error {
		if ( (bool) $this->settings->get( 'remove_local_copies' ) ) {
			$message = in_array( 'remove_local_copies', $this->settings->locked(), true )
				/* translators: %s: a constant's name. */
				? sprintf( __( 'Remove local copies is on (set by %s in wp-config.php): the next upload would delete the files again. Set it to false first, then bring the files back.', 's3-media-sync' ), Settings_Fields::constant_name( 'remove_local_copies' ) )
				: __( 'Remove local copies is on: the next upload would delete the files again. Turn it off and save the settings first, then bring the files back.', 's3-media-sync' );
			return new WP_Error( 's3_media_sync_remove_local_copies_on', $message, array( 'status' => 409 ) );
		}
		if ( null === $this->factory->client() ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured: save the settings and test S3 access first.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		return null;
	}

	/**
	 * Restores the attachment's missing files under its lock, then records
	 * which are still missing (none, after success).
	 *
	 * @return array{restored: int, failed: list<array{id: int, file: string, code: string, message: string}>}
	 */
	private function attachment( int $id ): array {
		$state = Offload_State::of( $id );
		// Most attachments miss nothing: no lock, no write for them.
		if ( null === $state || ( array() === $state->local_removed && array() === $this->missing_files( $id ) ) ) {
			return array(
				'restored' => 0,
				'failed'   => array(),
			);
		}
		if ( ! Attachment_Lock::acquire( $id, self::LOCK_WAIT ) ) {
			return array(
				'restored' => 0,
				'failed'   => array( self::failed( $id, '', 'Busy', __( 'This attachment is being uploaded or deleted right now. Run this again in a minute.', 's3-media-sync' ) ) ),
			);
		}
		try {
			$restored = 0;
			$failed   = array();
			$root     = Object_Keys::network_uploads_root();
			foreach ( $this->missing_files( $id ) as $file ) {
				$problem = $this->local->bring_back( $id, $root . '/' . $file, true );
				if ( null === $problem ) {
					++$restored;
					continue;
				}
				$failed[] = self::failed( $id, $file, $problem['code'], $problem['message'] );
			}
			// Read again under the lock: an upload may have saved a new record meanwhile.
			// A removed file the metadata no longer lists (a size a regeneration dropped) is not
			// WordPress's to serve any more and cannot be restored: it stops counting as missing.
			$state  = Offload_State::of( $id );
			$listed = ( new Own_Files( $id ) )->listed();
			if ( null !== $state ) {
				$still = array_values( array_filter( $state->local_removed, static fn( string $file ): bool => in_array( $file, $listed, true ) && ! is_file( $root . '/' . $file ) ) );
				if ( $still !== $state->local_removed ) {
					$state->with( array( 'local_removed' => $still ) )->save( $id );
				}
			}
			return array(
				'restored' => $restored,
				'failed'   => $failed,
			);
		} finally {
			Attachment_Lock::release( $id );
		}
	}

	/** @return list<string> Files the attachment's metadata lists that are not on this server. */
	private function missing_files( int $id ): array {
		$root = Object_Keys::network_uploads_root();
		return array_values( array_filter( ( new Own_Files( $id ) )->listed(), static fn( string $file ): bool => ! is_file( $root . '/' . $file ) ) );
	}

	/** @return array{id: int, file: string, code: string, message: string} */
	private static function failed( int $id, string $file, string $code, string $message ): array {
		return array(
			'id'      => $id,
			'file'    => $file,
			'code'    => $code,
			'message' => $message,
		);
	}

	private function cursor(): int {
		$run = get_option( self::RUN_OPTION, array() );
		return is_array( $run ) ? (int) ( $run['cursor'] ?? 0 ) : 0;
	}

	/** @return list<int> Attachments with an offload record after `$after`, in ID order. */
	private function recorded_after( int $after, int $limit ): array {
		global $wpdb;
		return array_map(
			'intval',
			(array) $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the run's queue; no cache could be right.
				$wpdb->prepare( "SELECT p.ID {$this->from_recorded()} AND p.ID > %d ORDER BY p.ID LIMIT %d", Offload_State::META, $after, $limit )
			)
		);
	}

	private function count_recorded_after( int $after ): int {
		global $wpdb;
		return (int) $wpdb->get_var( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "SELECT COUNT(*) {$this->from_recorded()} AND p.ID > %d", Offload_State::META, $after )
		);
	}

	/**
	 * Every attachment with a record, not only those whose local_removed is
	 * set: a file may be gone for another reason (a record from an older
	 * version, a server moved without its uploads) and S3 still holds it.
	 * Placeholder: the record's meta key.
	 */
	private function from_recorded(): string {
		global $wpdb;
		return "FROM {$wpdb->posts} p WHERE p.post_type = 'attachment' AND EXISTS ( SELECT 1 FROM {$wpdb->postmeta} m WHERE m.post_id = p.ID AND m.meta_key = %s )";
	}
}
