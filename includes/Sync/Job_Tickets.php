<?php
/**
 * One-time tickets for the bulk copy's loopback requests: the server that
 * sends a worker request makes a random ticket, keeps only its SHA-256 (with
 * an expiry) in the options table, and the request carries the ticket. The
 * request that deletes the row is the one that may work: a ticket works once,
 * for a short while, and what the database holds cannot be replayed.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

final class Job_Tickets {

	public const PREFIX = 's3_media_sync_ticket_';

	/** Seconds a ticket may wait for its request. */
	public const TTL = 120;

	public function issue(): string {
		global $wpdb;
		$ticket = wp_generate_password( 40, false );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a row per ticket, read by another request.
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", self::name( $ticket ), (string) ( time() + self::TTL ) ) );
		return $ticket;
	}

	/** True once for a ticket this site issued and that has not expired; never again. */
	public function redeem( string $ticket ): bool {
		global $wpdb;
		if ( ! preg_match( '/^[A-Za-z0-9]{40}$/', $ticket ) ) {
			return false;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$expires = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::name( $ticket ) ) );
		if ( ! is_string( $expires ) ) {
			return false;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the delete decides: two requests with one ticket, one wins.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s", self::name( $ticket ) ) );
		return 1 === (int) $wpdb->rows_affected && (int) $expires >= time();
	}

	/** Tickets whose request never came. */
	public function purge(): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND CAST(option_value AS UNSIGNED) < %d", $wpdb->esc_like( self::PREFIX ) . '%', time() ) );
	}

	private static function name( string $ticket ): string {
		return self::PREFIX . hash( 'sha256', $ticket );
	}
}
