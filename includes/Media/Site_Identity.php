<?php
/**
 * Which site wrote an offload record: a hash of the site's home URL. A copy
 * of the database served elsewhere (staging, a restore on another host) has
 * another home URL, so it can tell that the objects a record names were
 * written by someone else and must be left alone: it reads and serves them,
 * and uploads its own when it has to write. A hash, not the URL, because
 * search-and-replace tools rewrite URLs inside serialized meta too.
 *
 * Several web servers behind one address share the home URL, and so share
 * the identity: that is one site.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Site_Identity {

	/** @var array<string, string> Home URL => identity, worked out once. */
	private static array $cache = array();

	public static function current(): string {
		$home = strtolower( untrailingslashit( (string) get_option( 'home' ) ) );
		$home = (string) preg_replace( '#^https?://#', '', $home );
		return self::$cache[ $home ] ??= substr( hash( 'sha256', 's3-media-sync|' . $home ), 0, 20 );
	}

	/** Whether this site wrote the record ('' is a record older than the identity: this site's). */
	public static function wrote( Offload_State $state ): bool {
		return self::is_current( $state->writer );
	}

	/**
	 * The same for a group of objects kept from before (`others`), which carries its own writer.
	 *
	 * @param array<string, mixed> $group A group of `others`.
	 */
	public static function wrote_group( array $group ): bool {
		return self::is_current( is_string( $group['writer'] ?? null ) ? $group['writer'] : '' );
	}

	public static function is_current( string $writer ): bool {
		return '' === $writer || hash_equals( self::current(), $writer );
	}
}
