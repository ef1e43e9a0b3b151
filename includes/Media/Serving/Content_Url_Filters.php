<?php
/**
 * S3 URLs in rendered content, which the database keeps local. Images go
 * through `wp_content_img_tag`, after core has added srcset and sizes from
 * the local src (srcset candidates are mapped by Attachment_Url_Filters);
 * the other URLs of media blocks (image links, video, audio, file, cover
 * backgrounds, gallery links) through `render_block`, which knows the
 * blocks' attachment ids. A URL is only replaced when it is one of the files
 * recorded for that attachment, so no lookup by URL is ever needed.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

final class Content_Url_Filters {

	public const PRIORITY = 99;

	/** Block => the attributes that hold its attachment ids. */
	private const MEDIA_BLOCKS = array(
		'core/image'      => array( 'id' ),
		'core/video'      => array( 'id' ),
		'core/audio'      => array( 'id' ),
		'core/file'       => array( 'id' ),
		'core/cover'      => array( 'id' ),
		'core/media-text' => array( 'mediaId' ),
		'core/gallery'    => array( 'ids' ),
	);

	public function __construct( private readonly Served_Urls $served ) {}

	public function register(): void {
		// Before do_blocks (9): one query for the media blocks' offload states instead of one a block.
		add_filter( 'the_content', array( $this, 'prime_media_blocks' ), 8 );
		add_filter( 'render_block', array( $this, 'block' ), self::PRIORITY, 2 );
		add_filter( 'wp_content_img_tag', array( $this, 'image_tag' ), self::PRIORITY, 3 );
	}

	/**
	 * @param mixed $content Post content about to be rendered.
	 * @return mixed The content, unchanged.
	 */
	public function prime_media_blocks( mixed $content ): mixed {
		if ( ! is_string( $content ) || ! str_contains( $content, '<!-- wp:' ) || null === $this->served->attachments() ) {
			return $content;
		}
		$ids = array();
		if ( preg_match_all( '#<!-- wp:(?:image|video|audio|file|cover|media-text|gallery) (\{[^\n]*?\}) /?-->#', $content, $blocks ) ) {
			foreach ( $blocks[1] as $attributes ) {
				preg_match_all( '#"(?:id|mediaId)":(\d+)|"ids":\[([\d,]*)\]#', $attributes, $found, PREG_SET_ORDER );
				foreach ( $found as $match ) {
					foreach ( explode( ',', ( $match[2] ?? '' ) !== '' ? $match[2] : $match[1] ) as $id ) {
						$ids[ (int) $id ] = true;
					}
				}
			}
		}
		unset( $ids[0] );
		if ( array() !== $ids ) {
			update_meta_cache( 'post', array_keys( $ids ) );
		}
		return $content;
	}

	/**
	 * @param mixed $content The block's HTML.
	 * @param mixed $block   The parsed block.
	 * @return mixed
	 */
	public function block( mixed $content, mixed $block ): mixed {
		$names = is_array( $block ) ? ( self::MEDIA_BLOCKS[ $block['blockName'] ?? '' ] ?? null ) : null;
		if ( null === $names || ! is_string( $content ) || '' === $content ) {
			return $content;
		}
		$ids = array();
		foreach ( $names as $name ) {
			foreach ( (array) ( $block['attrs'][ $name ] ?? array() ) as $id ) {
				if ( is_numeric( $id ) && (int) $id > 0 ) {
					$ids[] = (int) $id;
				}
			}
		}
		$attachments = array() === $ids ? null : $this->served->attachments();
		if ( null === $attachments || ! str_contains( $content, $attachments->local()->base_without_scheme() ) ) {
			return $content;
		}
		// <img> tags are left to image_tag(), which runs later, once core has added srcset from the local src.
		return (string) preg_replace_callback(
			'#<img\b[^>]*+>|' . substr( $attachments->local()->url_pattern(), 1 ),
			static function ( array $match ) use ( $attachments, $ids ): string {
				if ( str_starts_with( $match[0], '<' ) ) {
					return $match[0];
				}
				foreach ( $ids as $id ) {
					$url = $attachments->for_local_url( $id, $match[0] );
					if ( null !== $url ) {
						return self::for_html( $url );
					}
				}
				return $match[0];
			},
			$content
		);
	}

	/**
	 * @param mixed $tag           The <img> tag, srcset already added.
	 * @param mixed $context       Where the content comes from.
	 * @param mixed $attachment_id From the tag's wp-image-N class; 0 when unknown.
	 * @return mixed
	 */
	public function image_tag( mixed $tag, mixed $context, mixed $attachment_id ): mixed {
		$attachment_id = (int) $attachment_id;
		$attachments   = $attachment_id > 0 && is_string( $tag ) ? $this->served->attachments() : null;
		if ( null === $attachments || ! str_contains( $tag, $attachments->local()->base_without_scheme() ) ) {
			return $tag;
		}
		return (string) preg_replace_callback(
			$attachments->local()->url_pattern(),
			static fn( array $match ): string => self::for_html( $attachments->for_local_url( $attachment_id, $match[0] ) ?? $match[0] ),
			$tag
		);
	}

	/** Our URLs hold nothing HTML-special but the query's "&". */
	private static function for_html( string $url ): string {
		return str_replace( '&', '&amp;', $url );
	}
}
