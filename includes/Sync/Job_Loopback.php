<?php
/**
 * Starts a bulk-copy worker on this site without waiting for it: a
 * non-blocking POST to admin-ajax.php carrying a one-time ticket
 * (Job_Tickets), as WordPress starts WP-Cron. The request runs on after the
 * sender hung up; no browser tab and no visitor is needed.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

final class Job_Loopback {

	/** The admin-ajax action of a worker request. */
	public const ACTION = 's3_media_sync_sync_work';

	public function __construct( private readonly Job_Tickets $tickets ) {}

	/** Sends worker `$slot` one batch's request. */
	public function send( int $slot ): void {
		wp_remote_post(
			admin_url( 'admin-ajax.php' ),
			array(
				'blocking'  => false,
				'timeout'   => 1,
				// The site's own address: as WordPress's loopback to wp-cron.php.
				'sslverify' => (bool) apply_filters( 'https_local_ssl_verify', false ), // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
				'body'      => array(
					'action' => self::ACTION,
					'slot'   => $slot,
					'ticket' => $this->tickets->issue(),
				),
			)
		);
	}

	/** The ticket of the request being served, redeemed: true once for a ticket this site sent. */
	public function redeem( string $ticket ): bool {
		return $this->tickets->redeem( $ticket );
	}

	public function purge(): void {
		$this->tickets->purge();
	}
}
