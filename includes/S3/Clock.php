<?php
/**
 * The time requests are signed with: this server's clock, corrected by the
 * offset S3 reported when it answered RequestTimeTooSkewed. The offset is
 * remembered so every later request starts right.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Clock {

	public const OPTION = 's3_media_sync_clock_offset';

	public function now(): int {
		return time() + $this->offset();
	}

	/** Read once per request: pages presign many URLs. */
	private ?int $offset = null;

	public function offset(): int {
		return $this->offset ??= (int) get_option( self::OPTION, 0 );
	}

	/**
	 * Takes S3's time from the error's ServerTime, or the answer's Date header.
	 *
	 * @return int|null The new offset in seconds, or null when S3 named no time.
	 */
	public function correct( S3_Error $error, string $date_header ): ?int {
		$server = strtotime( '' !== $error->server_time ? $error->server_time : $date_header );
		if ( false === $server || '' === ( '' !== $error->server_time ? $error->server_time : $date_header ) ) {
			return null;
		}
		$offset       = $server - time();
		$this->offset = $offset;
		update_option( self::OPTION, $offset, false );
		return $offset;
	}
}
