<?php
/**
 * What the editor sends back (it was shown S3 and presigned URLs) is stored
 * with local URLs only: no S3 URL, and never a presigned one, reaches the
 * database.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

use S3MediaSync\S3\Bucket_Address;

require_once __DIR__ . '/ServingTestCase.php';

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class SavedContentTest extends ServingTestCase {

	/** @return array<string, array{0: string}> */
	public static function editors(): array {
		return array(
			'administrator (unfiltered HTML)' => array( 'administrator' ),
			'author (content goes through kses first)' => array( 'author' ),
		);
	}

	/** @dataProvider editors */
	public function test_s3_and_presigned_urls_in_saved_content_are_stored_as_local_urls( string $role ): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$image = $this->synced_image( 'edited-photo' );
		$file  = (string) get_post_meta( $image, '_wp_attached_file', true );
		$meta  = wp_get_attachment_metadata( $image );
		$large = dirname( $file ) . '/' . $meta['sizes']['large']['file'];
		$this->act_as( $role );

		// As the editor received them: presigned from the media modal, escaped for HTML and for block JSON.
		$presigned = (string) wp_get_attachment_image_src( $image, 'large' )[0];
		$this->assertStringContainsString( 'X-Amz-Signature=', $presigned );
		$json_url  = str_replace( '&', '\\u0026', $presigned );
		$html_url  = esc_url( $presigned );
		$plain_url = self::bucket_url( $this->keys( $image )[ $file ] );
		$content   = "<!-- wp:image {\"id\":{$image},\"url\":\"{$json_url}\",\"sizeSlug\":\"large\"} -->\n"
			. "<figure class=\"wp-block-image size-large\"><a href=\"{$plain_url}\"><img src=\"{$html_url}\" alt=\"\" class=\"wp-image-{$image}\"/></a></figure>\n"
			. "<!-- /wp:image -->\n\n<!-- wp:paragraph -->\n<p><a href=\"{$presigned}\">download</a></p>\n<!-- /wp:paragraph -->";

		$post_id = wp_insert_post(
			wp_slash(
				array(
					'post_content' => $content,
					'post_excerpt' => 'See ' . $plain_url,
					'post_status'  => 'publish',
					'post_title'   => 'Edited',
				)
			)
		);
		$this->assertIsInt( $post_id );
		$stored = $this->stored( $post_id );

		$this->assertStringNotContainsString( 'X-Amz-', $stored['post_content'] );
		$this->assertStringNotContainsString( self::bucket_url( '' ), $stored['post_content'] . $stored['post_excerpt'] );
		$this->assertStringContainsString( '"url":"' . self::uploads_url() . $large . '"', $stored['post_content'], 'the block attribute' );
		$this->assertStringContainsString( 'src="' . self::uploads_url() . $large . '"', $stored['post_content'] );
		$this->assertStringContainsString( 'href="' . self::uploads_url() . $file . '"', $stored['post_content'] );
		$this->assertStringContainsString( '<a href="' . self::uploads_url() . $large . '">download</a>', $stored['post_content'] );
		$this->assertSame( 'See ' . self::uploads_url() . $file, $stored['post_excerpt'] );
		wp_delete_post( $post_id, true );
	}

	public function test_delivery_and_virtual_hosted_urls_of_our_bucket_are_stored_local(): void {
		self::configure_guide_settings( array( 'delivery_url' => 'https://cdn.example.test' ) );
		$s3      = self::run_state()['s3'];
		$host    = (string) wp_parse_url( $s3['endpoint'], PHP_URL_HOST ) . ':' . wp_parse_url( $s3['endpoint'], PHP_URL_PORT );
		$virtual = 'http://' . $s3['bucket'] . '.' . $host . '/wp-content/uploads/2026/11/caf%C3%A9-300x200.jpg';
		$cdn     = 'https://cdn.example.test/wp-content/uploads/2026/11/a.jpg';
		$stored  = $this->stored( $this->post( "<p><img src=\"{$virtual}\"><img src=\"{$cdn}\"></p>" ) );

		$this->assertSame( '<p><img src="' . self::uploads_url() . '2026/11/café-300x200.jpg"><img src="' . self::uploads_url() . '2026/11/a.jpg"></p>', $stored['post_content'] );
	}

	public function test_other_urls_are_stored_as_they_are(): void {
		$s3      = self::run_state()['s3'];
		$content = '<p>'
			. '<a href="' . rtrim( $s3['endpoint'], '/' ) . '/' . $s3['bucket'] . '-other/wp-content/uploads/a.jpg">other bucket</a>'
			. '<a href="' . self::bucket_url( 'elsewhere/a.jpg' ) . '">outside uploads</a>'
			. '<a href="https://example.org/wp-content/uploads/a.jpg">another site</a>'
			. '<a href="' . self::bucket_url( 'wp-content/uploads/a.jpg' ) . '?ver=2">kept query</a>'
			. '</p>';
		$stored = $this->stored( $this->post( $content ) );

		$expected = str_replace( self::bucket_url( 'wp-content/uploads/a.jpg' ), self::uploads_url() . 'a.jpg', $content );
		$this->assertSame( $expected, $stored['post_content'] );
	}

	public function test_a_url_whose_decoded_path_would_break_out_of_html_is_stored_as_it_is(): void {
		$url    = self::bucket_url( 'wp-content/uploads/' ) . Bucket_Address::encode_key( 'a"onerror="x.jpg' );
		$stored = $this->stored( $this->post( '<img src="' . $url . '">' ) );
		$this->assertSame( '<img src="' . $url . '">', $stored['post_content'] );
	}

	/** @return array{post_content: string, post_excerpt: string} The row as the database holds it. */
	private function stored( int $post_id ): array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT post_content, post_excerpt FROM {$wpdb->posts} WHERE ID = %d", $post_id ), ARRAY_A );
		$this->assertIsArray( $row );
		return array(
			'post_content' => (string) $row['post_content'],
			'post_excerpt' => (string) $row['post_excerpt'],
		);
	}
}
