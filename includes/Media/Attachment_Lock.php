<?php
/**
 * One writer per attachment at a time: the upload hook, an edit's offload
 * at shutdown, the retry job, the bulk copy, deletion and ACL changes each
 * take the attachment's lock before they read its record and release it
 * after they saved it, so two of them never overwrite each other's record
 * or upload the same files twice. The lock is a row in the options table,
 * inserted atomically (the table's unique option name decides who wins,
 * with any number of database writers), and expires, so a worker killed
 * mid-way does not hold it for ever.
 *
 * The bulk copy's workers claim attachments with this same lock (a shorter
 * TTL of their own), keep it while they record the outcome of their run,
 * and only then release it: Sync/Bulk_Sync.php.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Attachment_Lock {

	public const PREFIX = 's3_media_sync_lock_';

	/** Seconds a lock lasts unless released: longer than any batch's time budget. */
	public const TTL = 300;

	/** @var array<int, string> Locks this request holds: attachment => value. */
	private static array $held = array();

	/**
	 * Takes the attachment's lock, waiting up to `$wait` seconds for another
	 * writer to finish. False when it is still held by someone else.
	 */
	public static function acquire( int $attachment_id, float $wait = 0.0, int $ttl = self::TTL ): bool {
		if ( isset( self::$held[ $attachment_id ] ) ) {
			return true; // Held by this request already (an offload inside a deletion, say).
		}
		$deadline = microtime( true ) + $wait;
		do {
			if ( self::try_insert( $attachment_id, $ttl ) ) {
				return true;
			}
			self::clear_if_expired( $attachment_id );
			if ( self::try_insert( $attachment_id, $ttl ) ) {
				return true;
			}
			if ( microtime( true ) >= $deadline ) {
				return false;
			}
			usleep( 100000 );
		} while ( true );
	}

	public static function release( int $attachment_id ): void {
		global $wpdb;
		if ( ! isset( self::$held[ $attachment_id ] ) ) {
			return;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the lock is the row itself; no cache may answer.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", self::PREFIX . $attachment_id, self::$held[ $attachment_id ] ) );
		unset( self::$held[ $attachment_id ] );
	}

	public static function is_held_here( int $attachment_id ): bool {
		return isset( self::$held[ $attachment_id ] );
	}

	private static function try_insert( int $attachment_id, int $ttl ): bool {
		global $wpdb;
		$value = ( time() + $ttl ) . ':' . wp_generate_password( 12, false );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- an atomic insert is the lock.
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", self::PREFIX . $attachment_id, $value ) );
		if ( 1 !== (int) $wpdb->rows_affected ) {
			return false;
		}
		self::$held[ $attachment_id ] = $value;
		return true;
	}

	private static function clear_if_expired( int $attachment_id ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::PREFIX . $attachment_id ) );
		if ( is_string( $value ) && (int) strtok( $value, ':' ) < time() ) {
			// Only that stale value: a lock someone took meanwhile stays.
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", self::PREFIX . $attachment_id, $value ) );
		}
	}
}
