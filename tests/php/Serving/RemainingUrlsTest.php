<?php
/**
 * Beyond images and media blocks, every place WordPress prints an upload
 * URL shows the S3 URL: links typed into content, classic <img>, [audio],
 * [video] (src and poster), [playlist], [gallery], file and cover blocks,
 * RSS enclosures, the site icon, the custom logo, the header and background
 * images; attachment_url_to_postid() knows S3 URLs of any recorded file;
 * and theme mods the Customizer saves are stored local. Rendering asks S3
 * nothing.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

require_once __DIR__ . '/ServingTestCase.php';

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class RemainingUrlsTest extends ServingTestCase {

	protected function setUp(): void {
		parent::setUp();
		// PHPUnit loads WordPress inside a function, so the shortcodes core registered went to a local variable, not the global.
		foreach ( array( 'audio', 'video', 'playlist' ) as $tag ) {
			add_shortcode( $tag, 'wp_' . $tag . '_shortcode' );
		}
		add_shortcode( 'gallery', 'gallery_shortcode' );
	}

	protected function tearDown(): void {
		delete_option( 'site_icon' );
		remove_theme_mod( 'custom_logo' );
		remove_theme_mod( 'header_image' );
		remove_theme_mod( 'header_image_data' );
		remove_theme_mod( 'background_image' );
		parent::tearDown();
	}

	public function test_links_classic_images_and_shortcodes_render_s3_urls_that_load(): void {
		$image = $this->synced_image( 'classic-photo' );
		$video = $this->synced_video( 'classic-clip' );
		$audio = $this->synced_audio( 'classic-tune' );
		$full  = $this->local_url( $image );
		$clip  = $this->local_url( $video );
		$tune  = $this->local_url( $audio );

		$html = $this->render(
			"<p>A <a href=\"{$full}\">link to the photo</a> and <a href='{$clip}'>the clip</a>.</p>\n"
			. "<p><img src=\"{$this->local_url( $image, 'medium' )}\" alt=\"\" /></p>\n"
			. "[video src=\"{$clip}\" poster=\"{$this->local_url( $image, 'large' )}\"]\n"
			. "[audio mp3=\"{$tune}\"]\n"
		);

		$this->assertStringNotContainsString( self::uploads_url(), $html, 'no local upload URL is left' );
		$expected = $this->expected_urls( $image, $video, $audio );
		$urls     = self::html_urls( $html );
		$this->assertGreaterThanOrEqual( 7, count( $urls ), $html );
		foreach ( $urls as $url ) {
			$this->assertContains( $url, $expected, $html );
			$this->assertSame( 200, self::status_of( $url ), $url );
		}
		$this->assertMatchesRegularExpression( '#poster="' . preg_quote( self::bucket_url( '' ), '#' ) . '#', $html, 'the poster' );
		$this->assertMatchesRegularExpression( '#<source type="audio/mpeg" src="' . preg_quote( self::bucket_url( '' ), '#' ) . '#', $html, 'the audio source' );
	}

	public function test_private_media_in_shortcodes_gets_presigned_urls_without_the_players_query(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$video = $this->synced_video( 'private-shortcode-clip' );
		$html  = $this->render( '[video src="' . $this->local_url( $video ) . '"]' );

		$urls = self::html_urls( $html );
		$this->assertNotEmpty( $urls, $html );
		foreach ( $urls as $url ) {
			$this->assertStringContainsString( 'X-Amz-Signature=', $url );
			$this->assertStringNotContainsString( '_=', $url, 'a query added to a presigned URL would break its signature' );
			$this->assertSame( 200, self::status_of( $url ), $url );
		}
	}

	public function test_playlist_gallery_file_and_cover_render_s3_urls(): void {
		$image = $this->synced_image( 'gallery-photo' );
		$other = $this->synced_image( 'cover-photo' );
		$audio = $this->synced_audio( 'playlist-tune' );
		$tune  = $this->local_url( $audio );
		$cover = $this->local_url( $other, 'large' );

		$html = $this->render(
			"[playlist ids=\"{$audio}\"]\n[gallery ids=\"{$image},{$other}\" link=\"file\"]\n"
			. "<!-- wp:file {\"id\":{$audio},\"href\":\"{$tune}\"} -->\n<div class=\"wp-block-file\"><a href=\"{$tune}\">tune</a><a href=\"{$tune}\" class=\"wp-block-file__button wp-element-button\" download>Download</a></div>\n<!-- /wp:file -->\n"
			. "<!-- wp:cover {\"url\":\"{$cover}\",\"id\":{$other},\"dimRatio\":50} -->\n<div class=\"wp-block-cover\"><span aria-hidden=\"true\" class=\"wp-block-cover__background has-background-dim\"></span><img class=\"wp-block-cover__image-background wp-image-{$other}\" alt=\"\" src=\"{$cover}\" data-object-fit=\"cover\"/><div class=\"wp-block-cover__inner-container\"><p>Over it</p></div></div>\n<!-- /wp:cover -->\n"
			. "<div style=\"background-image:url({$cover})\">A cover in classic HTML</div>\n"
		);

		$this->assertStringNotContainsString( self::uploads_url(), $html );
		$this->assertStringNotContainsString( str_replace( '/', '\/', self::uploads_url() ), $html, 'nor in the playlist\'s JSON, slashes escaped' );
		// Decoded: WordPress 6.8 escapes the JSON's slashes, 7.1 does not.
		$this->assertSame( 1, preg_match( '#<script type="application/json" class="wp-playlist-script">(.*?)</script>#s', $html, $playlist ), $html );
		$this->assertSame(
			self::bucket_url( $this->keys( $audio )[ $this->relative( $audio ) ] ),
			json_decode( $playlist[1], true, 16, JSON_THROW_ON_ERROR )['tracks'][0]['src'],
			'the playlist\'s JSON holds S3 URLs'
		);
		$expected = $this->expected_urls( $image, $other, $audio );
		foreach ( self::html_urls( $html ) as $url ) {
			$this->assertContains( $url, $expected, $html );
		}
		$this->assertStringContainsString( 'url(' . self::bucket_url( $this->keys( $other )[ $this->relative( $other, 'large' ) ] ) . ')', $html );
	}

	public function test_rss_and_atom_enclosures_point_at_s3(): void {
		$audio = $this->synced_audio( 'podcast' );
		$post  = $this->post( '<p>Episode</p>' );
		add_post_meta( $post, 'enclosure', $this->local_url( $audio ) . "\n1234\naudio/mpeg\n" );
		$GLOBALS['post'] = get_post( $post );
		setup_postdata( $GLOBALS['post'] );
		$rss  = self::output( 'rss_enclosure' );
		$atom = self::output( 'atom_enclosure' );
		wp_reset_postdata();

		$object = self::bucket_url( $this->keys( $audio )[ $this->relative( $audio ) ] );
		$this->assertStringContainsString( '<enclosure url="' . $object . '"', $rss );
		$this->assertStringContainsString( 'href="' . $object . '"', $atom );
	}

	public function test_site_icon_custom_logo_header_and_background_images_are_s3_urls(): void {
		$icon   = $this->synced_image( 'site-icon' );
		$logo   = $this->synced_image( 'custom-logo' );
		$header = $this->synced_image( 'header' );
		$back   = $this->synced_image( 'background' );
		update_option( 'site_icon', $icon );
		set_theme_mod( 'custom_logo', $logo );
		set_theme_mod( 'header_image', $this->local_url( $header ) );
		set_theme_mod(
			'header_image_data',
			(object) array(
				'attachment_id' => $header,
				'url'           => $this->local_url( $header ),
				'thumbnail_url' => $this->local_url( $header, 'medium' ),
				'width'         => 1600,
				'height'        => 1200,
			)
		);
		set_theme_mod( 'background_image', $this->local_url( $back ) );

		$this->assertStringStartsWith( self::bucket_url( '' ), get_site_icon_url( 512 ) );
		ob_start();
		wp_site_icon();
		foreach ( self::html_urls( (string) ob_get_clean() ) as $url ) {
			$this->assertStringStartsWith( self::bucket_url( '' ), $url );
		}
		$this->assertStringContainsString( 'src="' . self::bucket_url( '' ), get_custom_logo() );
		$this->assertStringNotContainsString( self::uploads_url(), get_custom_logo() );
		$this->assertSame( self::bucket_url( $this->keys( $header )[ $this->relative( $header ) ] ), get_header_image() );
		$this->assertSame( self::bucket_url( $this->keys( $header )[ $this->relative( $header, 'medium' ) ] ), get_custom_header()->thumbnail_url );
		$this->assertSame( self::bucket_url( $this->keys( $back )[ $this->relative( $back ) ] ), get_background_image() );
		$this->assertSame( 200, self::status_of( get_header_image() ) );
	}

	public function test_theme_images_the_customizer_saves_with_s3_urls_are_stored_local(): void {
		$header = $this->synced_image( 'saved-header' );
		$shown  = self::bucket_url( $this->keys( $header )[ $this->relative( $header ) ] );
		set_theme_mod( 'header_image', $shown );
		set_theme_mod( 'background_image', $shown );
		set_theme_mod( 'header_image_data', (object) array( 'url' => $shown, 'thumbnail_url' => $shown ) );

		$stored = get_option( 'theme_mods_' . get_option( 'stylesheet' ) );
		$this->assertSame( $this->local_url( $header ), $stored['header_image'] );
		$this->assertSame( $this->local_url( $header ), $stored['background_image'] );
		$this->assertSame( $this->local_url( $header ), $stored['header_image_data']->url );
	}

	public function test_attachment_url_to_postid_knows_s3_urls_of_every_recorded_file(): void {
		$image = $this->synced_image( 'find-me' );
		$this->assertSame( $image, attachment_url_to_postid( (string) wp_get_attachment_url( $image ) ) );
		$this->assertSame( $image, attachment_url_to_postid( (string) wp_get_attachment_image_src( $image, 'medium' )[0] ), 'a size' );

		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$private = $this->synced_image( 'find-me-private' );
		$signed  = (string) wp_get_attachment_image_src( $private, 'large' )[0];
		$this->assertStringContainsString( 'X-Amz-Signature=', $signed );
		$this->assertSame( $private, attachment_url_to_postid( $signed ), 'presigned' );
		$this->assertSame( 0, attachment_url_to_postid( self::bucket_url( 'wp-content/uploads/2020/01/nobody.jpg' ) ) );
	}

	public function test_urls_no_attachment_records_stay_local_and_rendering_asks_s3_nothing(): void {
		$image    = $this->synced_image( 'quiet-link' );
		$unsynced = $this->unsynced_image( 'quiet-local' );
		$stranger = self::uploads_url() . '2020/01/not-in-the-library.pdf';
		$post     = '<p><a href="' . $this->local_url( $image ) . '">photo</a> <a href="' . $this->local_url( $unsynced ) . '">local</a> <a href="' . $stranger . '">pdf</a></p>';
		wp_cache_flush();

		$before = self::front_requests();
		$html   = $this->render( $post );
		$this->assertSame( $before, self::front_requests() );
		$this->assertStringContainsString( 'href="' . self::bucket_url( $this->keys( $image )[ $this->relative( $image ) ] ) . '"', $html );
		$this->assertStringContainsString( 'href="' . $this->local_url( $unsynced ) . '"', $html );
		$this->assertStringContainsString( 'href="' . $stranger . '"', $html );
	}

	/** @return list<string> S3 URLs of every recorded file of the attachments. */
	private function expected_urls( int ...$ids ): array {
		$urls = array();
		foreach ( $ids as $id ) {
			foreach ( $this->keys( $id ) as $key ) {
				$urls[] = self::bucket_url( $key );
			}
		}
		return $urls;
	}

	private function relative( int $id, string $size = '' ): string {
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );
		if ( '' === $size ) {
			return $file;
		}
		return dirname( $file ) . '/' . wp_get_attachment_metadata( $id )['sizes'][ $size ]['file'];
	}

	/** The local URL, as stored content holds it. */
	private function local_url( int $id, string $size = '' ): string {
		return self::uploads_url() . $this->relative( $id, $size );
	}

	private function render( string $content ): string {
		$post            = get_post( $this->post( $content ) );
		$GLOBALS['post'] = $post;
		setup_postdata( $post );
		$html = (string) apply_filters( 'the_content', $post->post_content );
		wp_reset_postdata();
		return $html;
	}

	private static function output( callable $print ): string {
		ob_start();
		$print();
		return (string) ob_get_clean();
	}
}
