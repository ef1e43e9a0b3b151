<?php
/**
 * The local side of a URL: the uploads folder's URL and the path of a file
 * relative to the uploads root, the same root Object_Keys and Offload_State
 * use (on a multisite subsite the relative path keeps its `sites/N/` part).
 * Schemes are ignored when matching: the same upload may be printed as
 * http, https or protocol-relative.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\Media\Object_Keys;

final class Local_Uploads {

	/** Matched against on every URL, so worked out once. */
	private readonly string $base_without_scheme;

	/** Run on every media block and content image, so worked out once. */
	private readonly string $url_pattern;

	/**
	 * @param string $root_url        URL of the uploads root, no trailing slash.
	 * @param string $relative_prefix What a subsite's paths carry below the root (`sites/2/`), or ''.
	 */
	public function __construct(
		private readonly string $root_url,
		private readonly string $relative_prefix = ''
	) {
		$this->base_without_scheme = self::without_scheme( $root_url ) . '/' . $relative_prefix;
		$this->url_pattern         = '#(?:https?:)?' . preg_quote( $this->base_without_scheme, '#' ) . '[^\s"\'<>?\#,;&()\\\\]++(?![?\#])#';
	}

	/** For the current site. */
	public static function for_current_site(): self {
		$uploads  = wp_get_upload_dir();
		$base_url = untrailingslashit( (string) $uploads['baseurl'] );
		$base_dir = untrailingslashit( wp_normalize_path( (string) $uploads['basedir'] ) );
		$root_dir = Object_Keys::network_uploads_root();
		$suffix   = str_starts_with( $base_dir, $root_dir ) ? substr( $base_dir, strlen( $root_dir ) ) : '';
		if ( '' !== $suffix && str_ends_with( $base_url, $suffix ) ) {
			return new self( substr( $base_url, 0, -strlen( $suffix ) ), ltrim( $suffix, '/' ) . '/' );
		}
		return new self( $base_url );
	}

	/** The site's uploads URL without its scheme (`//example.com/wp-content/uploads/`), for matching. */
	public function base_without_scheme(): string {
		return $this->base_without_scheme;
	}

	/**
	 * A regular expression matching local upload URLs in HTML, CSS or block
	 * JSON, with or without a scheme. WordPress file names have no spaces,
	 * quotes, commas, ampersands or parentheses, so those end a URL (an
	 * entity such as &quot; after it too); one followed by a
	 * query or fragment is left alone (S3 would not know what to do with it).
	 */
	public function url_pattern(): string {
		return $this->url_pattern;
	}

	/** The path below the uploads root of a local upload URL, or null when the URL is not one. */
	public function relative_of( string $url ): ?string {
		$url = self::without_scheme( $url );
		if ( ! str_starts_with( $url, $this->base_without_scheme ) ) {
			return null;
		}
		$path = substr( $url, strlen( $this->base_without_scheme ) );
		$end  = strcspn( $path, '?#' );
		if ( $end !== strlen( $path ) ) {
			return null; // A query would be lost on S3, or break a presigned URL.
		}
		$path = rawurldecode( $path );
		return '' === $path ? null : $this->relative_prefix . $path;
	}

	/**
	 * The path below the uploads root of a request path (`/wp-content/uploads/2026/11/a.jpg`,
	 * percent-encoded as sent), or null when it is not below this site's uploads URL
	 * or is no file name (a folder, `..`, a NUL byte).
	 */
	public function relative_of_path( string $path ): ?string {
		$base = (string) wp_parse_url( $this->base_without_scheme, PHP_URL_PATH );
		if ( '' === $base || ! str_starts_with( $path, $base ) ) {
			return null;
		}
		$file = rawurldecode( substr( $path, strlen( $base ) ) );
		if ( '' === $file || str_ends_with( $file, '/' ) || str_contains( $file, "\0" ) || str_contains( $file, '\\' ) || str_contains( '/' . $file . '/', '/../' ) || str_contains( '/' . $file . '/', '/./' ) || str_contains( $file, '//' ) ) {
			return null;
		}
		return $this->relative_prefix . $file;
	}

	/** The local URL of a path relative to the uploads root. */
	public function url_of( string $relative ): string {
		return $this->root_url . '/' . ltrim( $relative, '/' );
	}

	private static function without_scheme( string $url ): string {
		$separator = strpos( $url, '://' );
		// Only a scheme (http, https) before "://" counts, not a path that contains it.
		return false !== $separator && $separator <= 5 ? substr( $url, $separator + 1 ) : $url;
	}
}
