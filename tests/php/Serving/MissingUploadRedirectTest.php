<?php
/**
 * A request for an upload that is no longer on this server (Remove local
 * copies, a stateless web server) is answered with a redirect to its object:
 * public objects for anyone, private ones (presigned) only for users who may
 * read the attachment, 404 for everyone else and for files no attachment
 * records. The redirect's target loads from the S3 front with the bytes the
 * file had.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

use S3MediaSync\Media\Serving\Missing_Upload_Redirect;
use S3MediaSync\Media\Serving\Served_Urls;
use S3MediaSync\Plugin;

require_once __DIR__ . '/ServingTestCase.php';

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class MissingUploadRedirectTest extends ServingTestCase {

	public function test_every_file_of_a_public_image_redirects_to_its_object_with_the_same_bytes(): void {
		$id    = $this->synced_image( 'gone-public' );
		$files = $this->remove_local_files( $id );
		$this->assertGreaterThanOrEqual( 5, count( $files ), 'the original and its sizes' );

		wp_set_current_user( 0 );
		foreach ( $files as $relative => $md5 ) {
			$answer = $this->redirect()->answer_for( self::uploads_path() . self::encode_path( $relative ) );
			$this->assertNotNull( $answer, $relative );
			$this->assertSame( 302, $answer->status(), $relative );
			$this->assertFalse( $answer->private );
			$this->assertSame( self::bucket_url( $this->keys( $id )[ $relative ] ), $answer->location );
			$this->assertSame( $md5, md5( self::body_of( (string) $answer->location ) ), 'the object holds the file WordPress wrote: ' . $relative );
		}
	}

	public function test_a_private_image_redirects_to_a_presigned_url_only_for_users_who_may_read_it(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$id    = $this->synced_image( 'gone-private' );
		$files = $this->remove_local_files( $id );
		$file  = (string) get_post_meta( $id, '_wp_attached_file', true );
		$path  = self::uploads_path() . self::encode_path( $file );

		wp_set_current_user( 0 );
		$this->assertSame( 404, $this->redirect()->answer_for( $path )?->status(), 'a visitor who knows the file name gets no presigned URL' );

		$this->act_as( 'author' );
		$this->assertTrue( current_user_can( 'read_post', $id ) );
		$answer = $this->redirect()->answer_for( $path );
		$this->assertSame( 302, $answer?->status() );
		$this->assertTrue( $answer->private );
		$this->assertStringStartsWith( self::bucket_url( $this->keys( $id )[ $file ] ) . '?', (string) $answer->location );
		$this->assertStringContainsString( 'X-Amz-Signature=', (string) $answer->location );
		$this->assertSame( $files[ $file ], md5( self::body_of( (string) $answer->location ) ) );
	}

	public function test_a_private_attachment_of_a_draft_is_not_handed_to_an_author_who_cannot_read_it(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$owner = $this->act_as( 'editor' );
		$draft = wp_insert_post(
			array(
				'post_title'  => 'Draft with private media',
				'post_status' => 'draft',
				'post_author' => $owner,
			)
		);
		$this->assertIsInt( $draft );
		$id = $this->synced_image( 'draft-private' );
		wp_update_post(
			array(
				'ID'          => $id,
				'post_parent' => $draft,
			)
		);
		$path = self::uploads_path() . self::encode_path( (string) get_post_meta( $id, '_wp_attached_file', true ) );

		$this->act_as( 'author' );
		$this->assertFalse( current_user_can( 'read_post', $id ) );
		$this->assertSame( 404, $this->redirect()->answer_for( $path )?->status() );
		wp_delete_post( $draft, true );
	}

	public function test_files_no_attachment_records_get_404_and_other_paths_are_left_to_wordpress(): void {
		$id   = $this->synced_image( 'known' );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );
		$base = self::uploads_path();

		$this->assertSame( 404, $this->redirect()->answer_for( $base . '2020/01/nobody-records-this.jpg' )?->status() );
		$this->assertSame( 404, $this->redirect()->answer_for( $base . dirname( $file ) . '/' . 'other-' . wp_basename( $file ) )?->status() );
		$this->assertNull( $this->redirect()->answer_for( '/sample-page/' ), 'not an upload: WordPress goes on' );
		$this->assertNull( $this->redirect()->answer_for( $base . '2020/../' . $file ), 'no dot segments' );
		$this->assertNull( $this->redirect()->answer_for( $base ), 'the folder itself' );

		$unsynced = $this->unsynced_image( 'never-uploaded' );
		$this->assertSame( 404, $this->redirect()->answer_for( $base . (string) get_post_meta( $unsynced, '_wp_attached_file', true ) )?->status(), 'not in S3' );
	}

	public function test_with_serving_off_nothing_is_redirected(): void {
		$id = $this->synced_image( 'serving-off' );
		self::configure_guide_settings( array( 'serve_from_s3' => false ) );
		$this->assertNull( $this->redirect()->answer_for( self::uploads_path() . (string) get_post_meta( $id, '_wp_attached_file', true ) ) );
	}

	/** A fresh instance: as a new request would build it. */
	private function redirect(): Missing_Upload_Redirect {
		return new Missing_Upload_Redirect( new Served_Urls( Plugin::settings(), Plugin::services()->factory ) );
	}

	/**
	 * Deletes the attachment's local files, as Remove local copies does once S3 confirmed them.
	 *
	 * @return array<string, string> Relative path => MD5 of the bytes it had.
	 */
	private function remove_local_files( int $id ): array {
		$root  = wp_get_upload_dir()['basedir'] . '/';
		$files = array();
		foreach ( array_keys( $this->keys( $id ) ) as $relative ) {
			$files[ $relative ] = (string) md5_file( $root . $relative );
			unlink( $root . $relative );
		}
		return $files;
	}

	private static function uploads_path(): string {
		return (string) wp_parse_url( self::uploads_url(), PHP_URL_PATH );
	}

	private static function encode_path( string $relative ): string {
		return implode( '/', array_map( 'rawurlencode', explode( '/', $relative ) ) );
	}

	private static function body_of( string $url ): string {
		$response = wp_remote_get( $url, array( 'timeout' => 10 ) );
		self::assertIsArray( $response );
		self::assertSame( 200, wp_remote_retrieve_response_code( $response ), $url );
		return (string) wp_remote_retrieve_body( $response );
	}
}
