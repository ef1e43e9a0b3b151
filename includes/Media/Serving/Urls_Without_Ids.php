<?php
/**
 * Served URLs for local upload URLs that come with no attachment id: a link
 * typed into a paragraph, an <img> of classic content, the src and poster of
 * an [audio] or [video] shortcode, an RSS enclosure, a theme's header or
 * background image. The owners of every URL in a text are found in one
 * query (File_Owners); a URL no attachment records, or whose file never
 * reached S3, stays local.
 *
 * Shortcodes print their media with `?_=<n>` (MediaElement's instance
 * number): that query is dropped where the URL is mapped, because S3 would
 * take it as part of what a presigned URL signs. A URL with any other query
 * is left alone, as everywhere else.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

final class Urls_Without_Ids {

	private readonly string $pattern;

	public function __construct(
		private readonly Attachment_Urls $attachments,
		private readonly File_Owners $owners
	) {
		$this->pattern = '#(?:https?:)?' . preg_quote( $attachments->local()->base_without_scheme(), '#' ) . '[^\s"\'<>?\#,;&()\\\\]++(?:\?_=\d++)?(?![?\#&])#';
	}

	/** The text (HTML, CSS, a feed's XML) with every local upload URL some attachment records mapped. */
	public function rewrite( string $text ): string {
		// The cheap test first: most text left after the media blocks holds no local upload URL.
		if ( ! str_contains( $text, $this->attachments->local()->base_without_scheme() ) || ! preg_match_all( $this->pattern, $text, $found ) ) {
			return $text;
		}
		$files = array();
		foreach ( $found[0] as $url ) {
			$relative = $this->relative_of( $url );
			if ( null !== $relative ) {
				$files[] = $relative;
			}
		}
		$owners = $this->owners->of( $files );
		return (string) preg_replace_callback(
			$this->pattern,
			function ( array $match ) use ( $owners ): string {
				$relative = $this->relative_of( $match[0] );
				$url      = null === $relative ? null : $this->served( $relative, $owners[ $relative ] ?? array() );
				return null === $url ? $match[0] : str_replace( '&', '&amp;', $url );
			},
			$text
		);
	}

	/** The served URL for one local upload URL, or null to keep it. */
	public function for_url( string $url ): ?string {
		$relative = $this->relative_of( $url );
		return null === $relative ? null : $this->served( $relative, $this->owners->of( array( $relative ) )[ $relative ] );
	}

	/** @return list<int> Attachments that record the file (relative to the uploads root). */
	public function owners_of_file( string $relative ): array {
		return $this->owners->of( array( $relative ) )[ $relative ];
	}

	/** @param list<int> $owners Attachments that record the file. */
	private function served( string $relative, array $owners ): ?string {
		foreach ( $owners as $id ) {
			$url = $this->attachments->for_file( $id, $relative );
			if ( null !== $url ) {
				return $url;
			}
		}
		return null;
	}

	private function relative_of( string $url ): ?string {
		return $this->attachments->local()->relative_of( (string) preg_replace( '#\?_=\d+$#', '', $url ) );
	}
}
