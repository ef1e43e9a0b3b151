<?php
/**
 * S3 URLs for what the filters that know an attachment id leave local:
 * links to media files and images typed into content, [audio] and [video]
 * shortcodes (src and poster), RSS and Atom enclosures, the theme's header
 * and background images; and attachment_url_to_postid() for an S3 URL.
 * Every one of them maps a URL through the file index (Urls_Without_Ids),
 * one query a text.
 *
 * The site icon and the custom logo need nothing here: core builds them
 * with wp_get_attachment_image_url() and wp_get_attachment_image(), which
 * Attachment_Url_Filters already maps.
 *
 * Theme mods are stored by the Customizer from what it was shown, so the
 * header and background URLs are turned back into local ones before they
 * are stored, as post content is (Saved_Url_Reverter).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

final class Remaining_Url_Filters {

	/** After blocks (9), shortcodes (11) and content images (12) did what they could by id. */
	public const CONTENT_PRIORITY = 100;

	/** Theme mods holding one upload URL. */
	private const URL_MODS = array( 'header_image', 'background_image' );

	public function __construct(
		private readonly Served_Urls $served,
		private readonly Saved_Url_Reverter $reverter
	) {}

	public function register(): void {
		foreach ( array( 'the_content', 'the_excerpt', 'widget_text_content', 'widget_block_content' ) as $filter ) {
			add_filter( $filter, array( $this, 'text' ), self::CONTENT_PRIORITY );
		}
		add_filter( 'rss_enclosure', array( $this, 'text' ), self::CONTENT_PRIORITY );
		add_filter( 'atom_enclosure', array( $this, 'text' ), self::CONTENT_PRIORITY );
		foreach ( self::URL_MODS as $mod ) {
			add_filter( 'theme_mod_' . $mod, array( $this, 'url' ), self::CONTENT_PRIORITY );
			add_filter( 'pre_set_theme_mod_' . $mod, array( $this, 'stored_url' ), self::CONTENT_PRIORITY );
		}
		add_filter( 'theme_mod_header_image_data', array( $this, 'header_data' ), self::CONTENT_PRIORITY );
		add_filter( 'pre_set_theme_mod_header_image_data', array( $this, 'stored_header_data' ), self::CONTENT_PRIORITY );
		add_filter( 'attachment_url_to_postid', array( $this, 'attachment_of_url' ), self::CONTENT_PRIORITY, 2 );
	}

	/**
	 * @param mixed $text HTML, or a feed's enclosure element.
	 * @return mixed The text with S3 URLs; anything else as it came.
	 */
	public function text( mixed $text ): mixed {
		$without_ids = is_string( $text ) && '' !== $text ? $this->served->without_ids() : null;
		return null === $without_ids ? $text : $without_ids->rewrite( $text );
	}

	/**
	 * @param mixed $url A theme mod's URL (or `remove-header`, `random-…`, which map to nothing).
	 * @return mixed The served URL, or the value as it came.
	 */
	public function url( mixed $url ): mixed {
		$without_ids = is_string( $url ) && '' !== $url ? $this->served->without_ids() : null;
		return $without_ids?->for_url( $url ) ?? $url;
	}

	/**
	 * @param mixed $url What the Customizer is about to store.
	 * @return mixed The local URL, or the value as it came.
	 */
	public function stored_url( mixed $url ): mixed {
		return is_string( $url ) ? $this->reverter->revert( $url ) : $url;
	}

	/**
	 * @param mixed $data The header image's object: url and thumbnail_url, attachment_id.
	 * @return mixed The same shape with served URLs.
	 */
	public function header_data( mixed $data ): mixed {
		return $this->map_header_data( $data, fn( string $url ): string => (string) $this->url( $url ) );
	}

	/**
	 * @param mixed $data What the Customizer is about to store.
	 * @return mixed The same shape with local URLs.
	 */
	public function stored_header_data( mixed $data ): mixed {
		return $this->map_header_data( $data, fn( string $url ): string => $this->reverter->revert( $url ) );
	}

	/**
	 * @param mixed                    $data An object or array with url and thumbnail_url, or anything else.
	 * @param callable(string): string $map  What to do with each URL.
	 * @return mixed A copy with both URLs mapped; anything else as it came.
	 */
	private function map_header_data( mixed $data, callable $map ): mixed {
		if ( ! is_object( $data ) && ! is_array( $data ) ) {
			return $data;
		}
		$copy = is_object( $data ) ? clone $data : $data;
		foreach ( array( 'url', 'thumbnail_url' ) as $field ) {
			if ( is_object( $copy ) && isset( $copy->$field ) && is_string( $copy->$field ) ) {
				$copy->$field = $map( $copy->$field );
			} elseif ( is_array( $copy ) && isset( $copy[ $field ] ) && is_string( $copy[ $field ] ) ) {
				$copy[ $field ] = $map( $copy[ $field ] );
			}
		}
		return $copy;
	}

	/**
	 * Core finds attachments by their main file's local URL only: an S3 URL
	 * of any recorded file (a size, a versioned key, presigned) is turned
	 * into the local URL it stands for and looked up in the file index.
	 *
	 * @param mixed $post_id What core found (0 for nothing).
	 * @param mixed $url     The URL asked about.
	 * @return mixed The attachment found, or what core found.
	 */
	public function attachment_of_url( mixed $post_id, mixed $url ): mixed {
		if ( ! empty( $post_id ) || ! is_string( $url ) || '' === $url ) {
			return $post_id;
		}
		$without_ids = $this->served->without_ids();
		$local       = null === $without_ids ? $url : $this->reverter->revert( $url );
		if ( null === $without_ids || $local === $url ) {
			return $post_id;
		}
		$relative = $this->served->attachments()?->local()->relative_of( $local );
		$owners   = null === $relative ? array() : $without_ids->owners_of_file( $relative );
		return array() === $owners ? $post_id : $owners[0];
	}
}
