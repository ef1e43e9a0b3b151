<?php
/**
 * The time window a presigned URL is signed for, so that the same object
 * gets the same URL for a whole window (which the browser caches as one)
 * and the URL stays valid at least `presign_expiry` seconds from whenever
 * in the window it is handed out, never past S3's 7-day limit.
 *
 * The arithmetic, with E = presign_expiry and W the window length: a URL is
 * signed with X-Amz-Date = the window's start s and X-Amz-Expires = L, so it
 * is valid until s + L. It is handed out at any moment t with s ≤ t < s + W,
 * so what is left of it, s + L - t, is more than L - W. That is at least E
 * when L ≥ E + W. S3 takes L ≤ 604800 (7 days). So:
 *
 * - E ≤ 302400 (half a week): W = E and L = 2E, which S3 accepts;
 * - E above that: 2E would pass the limit, so L = 604800 and the window
 *   shrinks to W = 604800 - E, which keeps L - W = E;
 * - E = 604800: no room for a window (W would be 0): each second is its own.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

final class Presign_Window {

	/** S3 refuses X-Amz-Expires above a week. */
	public const MAX_LIFETIME = 604800;

	/** Seconds a window lasts. */
	public readonly int $length;

	/** X-Amz-Expires: seconds from the window's start. */
	private readonly int $lifetime;

	/** @param int $expiry How long a URL must stay valid once handed out, in seconds. */
	public function __construct( int $expiry ) {
		$expiry         = max( 1, min( self::MAX_LIFETIME, $expiry ) );
		$this->length   = max( 1, min( $expiry, self::MAX_LIFETIME - $expiry ) );
		$this->lifetime = min( self::MAX_LIFETIME, $expiry + $this->length );
	}

	/** The start of the window `$now` falls in (Unix time, aligned on the window length). */
	public function start( int $now ): int {
		return $now - ( ( $now % $this->length ) + $this->length ) % $this->length;
	}

	public function lifetime(): int {
		return $this->lifetime;
	}
}
