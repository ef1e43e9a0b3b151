<?php
/**
 * When to try a failed upload or deletion again: doubling from a minute, up
 * to a day, with jitter so many failures do not retry in step. There is no
 * last attempt: media is retried until it is in S3, at least daily, and
 * what keeps failing is listed for the admin (Attention_List).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Backoff {

	public const FIRST = 60;
	public const MAX   = 86400;

	public static function next_attempt( int $attempts, int $now ): int {
		$delay = min( self::MAX, self::FIRST * ( 2 ** max( 0, min( 11, $attempts - 1 ) ) ) );
		return $now + (int) min( self::MAX, $delay * ( 0.75 + 0.5 * ( random_int( 0, 1000 ) / 1000 ) ) );
	}
}
