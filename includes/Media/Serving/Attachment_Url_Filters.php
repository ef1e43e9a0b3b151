<?php
/**
 * S3 URLs wherever WordPress hands out an attachment's URL: the file
 * (wp_get_attachment_url), image sizes (image_downsize, behind
 * wp_get_attachment_image_src and REST media_details), srcset, the original
 * of a `-scaled` image, and the media modal.
 *
 * Core builds size URLs by swapping the basename of the attachment URL, which
 * a presigned URL's query breaks. So sizes are worked out by core on local
 * URLs (our wp_get_attachment_url filter stands aside meanwhile) and mapped
 * to S3 at the end.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

final class Attachment_Url_Filters {

	/** Late, so URLs other plugins adjust are final before they are mapped. */
	public const PRIORITY = 99;

	/** Set while core computes local URLs for us. */
	private bool $local_only = false;

	public function __construct( private readonly Served_Urls $served ) {}

	public function register(): void {
		add_filter( 'wp_get_attachment_url', array( $this, 'attachment_url' ), self::PRIORITY, 2 );
		add_filter( 'image_downsize', array( $this, 'downsize' ), self::PRIORITY, 3 );
		add_filter( 'wp_calculate_image_srcset', array( $this, 'srcset' ), self::PRIORITY, 5 );
		add_filter( 'wp_get_original_image_url', array( $this, 'original_image_url' ), self::PRIORITY, 2 );
		add_filter( 'wp_prepare_attachment_for_js', array( $this, 'attachment_for_js' ), self::PRIORITY, 2 );
		add_filter( 'wp_get_attachment_image_attributes', array( $this, 'image_attributes' ), self::PRIORITY, 2 );
		add_filter( 'rest_prepare_attachment', array( $this, 'rest_full_size_file' ), self::PRIORITY );
	}

	/**
	 * @param mixed $url           What core (and earlier filters) made of it.
	 * @param mixed $attachment_id The attachment, as the filter passes it.
	 * @return mixed The S3 URL where the file is in S3, else the URL as it came.
	 */
	public function attachment_url( mixed $url, mixed $attachment_id ): mixed {
		if ( $this->local_only || ! is_string( $url ) ) {
			return $url;
		}
		return $this->served->attachments()?->for_local_url( (int) $attachment_id, $url ) ?? $url;
	}

	/**
	 * Lets core downsize on local URLs, then maps the result.
	 *
	 * @param mixed        $downsize False, or what an earlier filter decided.
	 * @param mixed        $attachment_id Attachment.
	 * @param mixed        $size     Size name or [width, height].
	 * @return mixed What core decided, its URL mapped to S3.
	 */
	public function downsize( mixed $downsize, mixed $attachment_id, mixed $size ): mixed {
		$attachment_id = (int) $attachment_id;
		if ( $this->local_only ) {
			return $downsize;
		}
		$attachments = $this->served->attachments();
		if ( null === $attachments || ! $attachments->is_synced( $attachment_id ) ) {
			return $downsize;
		}
		if ( ! $downsize ) {
			$this->local_only = true;
			try {
				$downsize = image_downsize( $attachment_id, $size );
			} finally {
				$this->local_only = false;
			}
		}
		if ( is_array( $downsize ) && isset( $downsize[0] ) && is_string( $downsize[0] ) ) {
			$downsize[0] = $attachments->for_local_url( $attachment_id, $downsize[0] ) ?? $downsize[0];
		}
		return $downsize;
	}

	/**
	 * Core builds srcset candidates from the uploads URL, whatever src is.
	 *
	 * @param mixed $sources       Width => {url, descriptor, value}.
	 * @param mixed $size_array    Width and height of the image shown (unused).
	 * @param mixed $image_src     The image's src (unused: core builds candidates from the uploads URL).
	 * @param mixed $image_meta    The attachment's metadata (unused).
	 * @param mixed $attachment_id The attachment.
	 * @return mixed The sources, their URLs mapped to S3.
	 */
	public function srcset( mixed $sources, mixed $size_array, mixed $image_src, mixed $image_meta, mixed $attachment_id ): mixed {
		$attachments = is_array( $sources ) ? $this->served->attachments() : null;
		if ( null === $attachments || ! $attachments->is_synced( (int) $attachment_id ) ) {
			return $sources;
		}
		foreach ( $sources as $width => $source ) {
			if ( is_array( $source ) && isset( $source['url'] ) && is_string( $source['url'] ) ) {
				$sources[ $width ]['url'] = $attachments->for_local_url( (int) $attachment_id, $source['url'] ) ?? $source['url'];
			}
		}
		return $sources;
	}

	/**
	 * Core joins the original's name to the attachment URL's folder, which a presigned URL breaks.
	 *
	 * @param mixed $url           What core made of it.
	 * @param mixed $attachment_id The attachment.
	 * @return mixed The original's S3 URL, or the URL as it came.
	 */
	public function original_image_url( mixed $url, mixed $attachment_id ): mixed {
		$attachment_id = (int) $attachment_id;
		$attachments = $this->local_only ? null : $this->served->attachments();
		if ( null === $attachments || ! $attachments->is_synced( $attachment_id ) ) {
			return $url;
		}
		$local = $this->local_attachment_url( $attachment_id );
		if ( null === $local ) {
			return $url;
		}
		$meta     = wp_get_attachment_metadata( $attachment_id );
		$original = is_array( $meta ) && ! empty( $meta['original_image'] ) ? path_join( dirname( $local ), (string) $meta['original_image'] ) : $local;
		return $attachments->for_local_url( $attachment_id, $original ) ?? $url;
	}

	/**
	 * The media modal. Core asked the filters above for the URL and each
	 * image size, but builds some sizes by hand from the attachment URL's
	 * folder (a PDF's previews), which a presigned URL breaks: those are
	 * worked out again from the local folder.
	 *
	 * @param mixed $response   Attachment data for JS.
	 * @param mixed $attachment The attachment post.
	 * @return mixed
	 */
	public function attachment_for_js( mixed $response, mixed $attachment ): mixed {
		if ( ! is_array( $response ) || ! is_array( $response['sizes'] ?? null ) || ! $attachment instanceof \WP_Post ) {
			return $response;
		}
		$attachments = $this->served->attachments();
		if ( null === $attachments || ! $attachments->is_synced( $attachment->ID ) ) {
			return $response;
		}
		$meta  = wp_get_attachment_metadata( $attachment->ID );
		$local = $this->local_attachment_url( $attachment->ID );
		if ( null === $local || ! is_array( $meta ) ) {
			return $response;
		}
		$folder = dirname( $local ) . '/';
		foreach ( $response['sizes'] as $size => $data ) {
			$file = $meta['sizes'][ $size ]['file'] ?? null;
			if ( is_array( $data ) && is_string( $file ) && '' !== $file ) {
				$response['sizes'][ $size ]['url'] = $attachments->for_local_url( $attachment->ID, $folder . $file ) ?? $data['url'] ?? '';
			}
		}
		return $response;
	}

	/**
	 * Core only makes a srcset when it finds a size's file name in src. An S3
	 * src has its key percent-encoded, so for a name with non-ASCII letters
	 * (which WordPress keeps) it finds none: the srcset is worked out from the
	 * local src instead, and its candidates mapped by srcset().
	 *
	 * @param mixed $attr       The <img> attributes.
	 * @param mixed $attachment The attachment post.
	 * @return mixed
	 */
	public function image_attributes( mixed $attr, mixed $attachment ): mixed {
		if ( ! is_array( $attr ) || ! empty( $attr['srcset'] ) || ! str_contains( (string) ( $attr['src'] ?? '' ), '%' ) || ! $attachment instanceof \WP_Post ) {
			return $attr;
		}
		$attachments = $this->served->attachments();
		if ( null === $attachments || ! $attachments->is_synced( $attachment->ID ) ) {
			return $attr;
		}
		$meta  = wp_get_attachment_metadata( $attachment->ID );
		$local = is_array( $meta ) ? $this->local_attachment_url( $attachment->ID ) : null;
		if ( null === $local ) {
			return $attr;
		}
		$src = is_string( $attr['src'] ) ? strtok( $attr['src'], '?' ) : '';
		// The local URL of the size in src: the same file name, in the attachment's local folder.
		$local_src  = dirname( $local ) . '/' . rawurldecode( wp_basename( (string) $src ) );
		$size_array = array( absint( $attr['width'] ?? 0 ), absint( $attr['height'] ?? 0 ) );
		$srcset     = wp_calculate_image_srcset( $size_array, $local_src, $meta, $attachment->ID );
		$sizes      = wp_calculate_image_sizes( $size_array, $local_src, $meta, $attachment->ID );
		if ( $srcset && ( $sizes || ! empty( $attr['sizes'] ) ) ) {
			$attr['srcset'] = $srcset;
			$attr['sizes']  = empty( $attr['sizes'] ) ? $sizes : $attr['sizes'];
		}
		return $attr;
	}

	/** The attachment's local URL, as core makes it, without our mapping. */
	private function local_attachment_url( int $attachment_id ): ?string {
		$this->local_only = true;
		try {
			$url = wp_get_attachment_url( $attachment_id );
		} finally {
			$this->local_only = false;
		}
		return is_string( $url ) && '' !== $url ? $url : null;
	}

	/**
	 * Core names the REST "full" size's file after its URL's last segment,
	 * which for an S3 URL is encoded and, presigned, drags the signature
	 * along: give back the file name.
	 *
	 * @param mixed $response The attachment's REST response.
	 * @return mixed The response, its full size named by file.
	 */
	public function rest_full_size_file( mixed $response ): mixed {
		if ( $response instanceof \WP_REST_Response ) {
			$data = $response->get_data();
			// Core sends empty objects, not arrays, for files without sizes (a PDF): nothing to fix there.
			$details = is_array( $data ) ? ( $data['media_details'] ?? null ) : null;
			$sizes   = is_array( $details ) ? ( $details['sizes'] ?? null ) : null;
			$full    = is_array( $sizes ) ? ( $sizes['full'] ?? null ) : null;
			$file    = is_array( $full ) ? ( $full['file'] ?? null ) : null;
			if ( is_string( $file ) ) {
				$data['media_details']['sizes']['full']['file'] = rawurldecode( (string) strtok( $file, '?' ) );
				$response->set_data( $data );
			}
		}
		return $response;
	}
}
