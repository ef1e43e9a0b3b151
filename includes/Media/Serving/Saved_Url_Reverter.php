<?php
/**
 * Keeps the database local: what the editor sends back holds the S3 URLs it
 * was shown (image src, srcset, links, block attributes), which are turned
 * back into local upload URLs before the post is stored. A presigned URL
 * loses its query, so one that expires is never stored. The keys mirror the
 * uploads folder (a versioned key adds one `s3ms-<md5>/` folder, taken out
 * here), so this needs no lookup: the bucket's URLs (path-style and
 * virtual-hosted, any scheme) and the delivery URL, under
 * `<key_prefix>wp-content/uploads/`, map to the same path below the
 * uploads URL.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\Media\Object_Keys;
use S3MediaSync\S3\Bucket_Address;

final class Saved_Url_Reverter {

	/** Late, after other plugins changed the content: what is stored is final. */
	public const PRIORITY = 99;

	private const FIELDS = array( 'post_content', 'post_excerpt', 'post_content_filtered' );

	/**
	 * A query of name=value pairs (a presigned URL's), joined by "&" in any of
	 * the ways an editor escapes it: raw, as an HTML entity, or as block
	 * JSON's \u0026 (slashed once more in wp_insert_post_data), or both, as
	 * kses leaves block attributes of users without unfiltered_html. Every
	 * pair has "=", so an entity that follows the URL (&quot;) is not taken
	 * for one.
	 */
	private const QUERY = '(\?[\w%.~\-]+=[\w%.~\-]*(?:(?:&amp;|&\#0?38;|&|\\\\*u0026(?:amp;|\#0?38;)?)[\w%.~\-]+=[\w%.~\-]*)*)?';

	public function __construct( private readonly Served_Urls $served ) {}

	public function register(): void {
		add_filter( 'wp_insert_post_data', array( $this, 'revert_post_data' ), self::PRIORITY );
		// Attachments keep their description and caption in the same fields.
		add_filter( 'wp_insert_attachment_data', array( $this, 'revert_post_data' ), self::PRIORITY );
	}

	/**
	 * @param mixed $data Slashed post fields about to be stored.
	 * @return mixed
	 */
	public function revert_post_data( mixed $data ): mixed {
		if ( ! is_array( $data ) ) {
			return $data;
		}
		foreach ( self::FIELDS as $field ) {
			if ( isset( $data[ $field ] ) && is_string( $data[ $field ] ) && '' !== $data[ $field ] ) {
				$data[ $field ] = $this->revert( $data[ $field ] );
			}
		}
		return $data;
	}

	/** The text with every S3 URL of our uploads replaced by its local URL. */
	public function revert( string $text ): string {
		// The cheap test first: most saved text holds no S3 URL of ours.
		if ( ! str_contains( $text, Bucket_Address::encode_key( $this->served->settings()->uploads_key_prefix() ) ) ) {
			return $text;
		}
		$pattern = $this->pattern();
		if ( null === $pattern ) {
			return $text;
		}
		$local = Local_Uploads::for_current_site();
		return (string) preg_replace_callback(
			$pattern,
			static function ( array $match ) use ( $local ): string {
				// A versioned key (new bytes under an old name) stands for the same file.
				$relative = Object_Keys::relative_of_key( rawurldecode( $match[1] ) );
				// A decoded quote or bracket would open the HTML that kses already checked.
				if ( 1 === preg_match( '#[\x00-\x20"\'<>\\\\`]|(?:^|/)\.\.?(?:/|$)#', $relative ) ) {
					return $match[0];
				}
				$query = $match[2] ?? '';
				return $local->url_of( $relative ) . ( str_contains( $query, 'X-Amz-' ) ? '' : $query );
			},
			$text
		);
	}

	/** Our S3 URLs of uploads, or null when no bucket is set. */
	private function pattern(): ?string {
		$settings = $this->served->settings();
		if ( '' === $settings->bucket ) {
			return null;
		}
		$prefix = Bucket_Address::encode_key( $settings->uploads_key_prefix() );
		$bases  = array();
		foreach ( array( $settings->path_style, ! $settings->path_style ) as $path_style ) {
			$address = new Bucket_Address( $settings->bucket, $settings->region, $settings->endpoint, $path_style );
			$bases[] = $address->object_url( $settings->uploads_key_prefix() );
		}
		if ( '' !== $settings->delivery_url ) {
			$bases[] = $settings->delivery_url . '/' . $prefix;
		}
		$quoted = array_map( static fn( string $base ): string => preg_quote( (string) preg_replace( '#^[a-z]+:#i', '', $base ), '#' ), array_unique( $bases ) );
		return '#(?:https?:)?(?:' . implode( '|', $quoted ) . ')([^\s"\'<>?\#,;&()\\\\]+)' . self::QUERY . '#';
	}
}
