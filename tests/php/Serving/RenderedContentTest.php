<?php
/**
 * Post content keeps local URLs in the database; rendered, its images and
 * media blocks show S3 URLs (src, srcset, links, video) that load, and
 * rendering asks S3 nothing.
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
final class RenderedContentTest extends ServingTestCase {

	public function test_image_and_video_blocks_render_s3_urls_in_src_srcset_and_links_that_load(): void {
		$image = $this->synced_image( 'block-photo' );
		$video = $this->synced_video( 'block-clip' );
		$post  = get_post( $this->post( $this->content( $image, $video ) ) );

		$html = $this->render( $post );
		$this->assertStringContainsString( ' srcset="', $html, 'core added srcset to the image' );
		$this->assertStringNotContainsString( self::uploads_url(), $html, 'no local upload URL is left' );

		$expected = array();
		foreach ( array_merge( $this->keys( $image ), $this->keys( $video ) ) as $key ) {
			$expected[] = self::bucket_url( $key );
		}
		$urls = self::html_urls( $html );
		$this->assertGreaterThanOrEqual( 6, count( $urls ), $html );
		foreach ( $urls as $url ) {
			$this->assertContains( $url, $expected, $html );
			$this->assertSame( 200, self::status_of( $url ), $url );
		}
		$this->assertContains( self::bucket_url( $this->keys( $video )[ (string) get_post_meta( $video, '_wp_attached_file', true ) ] ), $urls, 'the video' );
		$this->assertContains( self::bucket_url( $this->keys( $image )[ (string) get_post_meta( $image, '_wp_attached_file', true ) ] ), $urls, 'the image links to its full size' );
	}

	public function test_private_media_renders_presigned_urls_escaped_for_html_that_load(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$image = $this->synced_image( 'private-block-photo' );
		$video = $this->synced_video( 'private-block-clip' );
		$html  = $this->render( get_post( $this->post( $this->content( $image, $video ) ) ) );

		$this->assertStringNotContainsString( self::uploads_url(), $html );
		$this->assertDoesNotMatchRegularExpression( '/&(?!amp;|#038;)/', $html, 'every & of a query is escaped' );
		$urls = self::html_urls( $html );
		$this->assertGreaterThanOrEqual( 6, count( $urls ) );
		foreach ( $urls as $url ) {
			$this->assertStringContainsString( 'X-Amz-Signature=', $url );
			$this->assertSame( 200, self::status_of( $url ), $url );
		}
	}

	public function test_rendering_makes_no_s3_request(): void {
		$public = $this->synced_image( 'quiet-public' );
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$private = $this->synced_image( 'quiet-private' );
		$video   = $this->synced_video( 'quiet-clip' );
		$post    = get_post( $this->post( $this->content( $public, $video ) . $this->content( $private, $video ) ) );
		wp_cache_flush();

		$before = self::front_requests();
		$html   = $this->render( $post );
		wp_get_attachment_image( $private, 'large' );
		wp_prepare_attachment_for_js( $public );
		$this->rest( 'GET', '/wp/v2/media/' . $private );
		$this->assertSame( $before, self::front_requests(), 'the front saw a request while rendering' );
		$this->assertStringContainsString( 'X-Amz-Signature=', $html, 'presigned URLs were made' );
	}

	public function test_a_url_of_another_attachment_under_this_ones_id_is_left_alone(): void {
		$synced   = $this->synced_image( 'owner' );
		$unsynced = $this->unsynced_image( 'stranger' );
		$foreign  = (string) wp_get_attachment_image_src( $unsynced, 'large' )[0];
		$html     = $this->render( get_post( $this->post( '<!-- wp:image {"id":' . $synced . '} --><figure class="wp-block-image"><a href="' . $foreign . '"><img src="' . $foreign . '" alt="" class="wp-image-' . $synced . '"/></a></figure><!-- /wp:image -->' ) ) );
		$this->assertStringContainsString( 'href="' . $foreign . '"', $html );
		$this->assertStringContainsString( 'src="' . $foreign . '"', $html );
	}

	/** An image block linked to its full size and a video block, as the editor saves them: local URLs. */
	private function content( int $image, int $video ): string {
		$uploads = self::uploads_url();
		$file    = (string) get_post_meta( $image, '_wp_attached_file', true );
		$meta    = wp_get_attachment_metadata( $image );
		$large   = $uploads . dirname( $file ) . '/' . $meta['sizes']['large']['file'];
		$clip    = $uploads . get_post_meta( $video, '_wp_attached_file', true );
		return "<!-- wp:image {\"id\":{$image},\"sizeSlug\":\"large\",\"linkDestination\":\"media\"} -->\n"
			. "<figure class=\"wp-block-image size-large\"><a href=\"{$uploads}{$file}\"><img src=\"{$large}\" alt=\"\" class=\"wp-image-{$image}\"/></a></figure>\n"
			. "<!-- /wp:image -->\n\n"
			. "<!-- wp:video {\"id\":{$video}} -->\n"
			. "<figure class=\"wp-block-video\"><video controls src=\"{$clip}\"></video></figure>\n"
			. "<!-- /wp:video -->\n";
	}

	private function render( \WP_Post $post ): string {
		$GLOBALS['post'] = $post;
		setup_postdata( $post );
		$html = (string) apply_filters( 'the_content', $post->post_content );
		wp_reset_postdata();
		return $html;
	}
}
