<?php
/**
 * Real images and real uploads for media tests: GD draws the picture,
 * media_handle_sideload stores it as WordPress does for any upload.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\S3\Bucket_Address;
use S3MediaSync\S3\Credentials;
use S3MediaSync\S3\S3_Client;
use S3MediaSync\S3\Signer;
use S3MediaSync\S3\Transport;

trait Creates_Attachments {

	/** @var list<int> */
	private array $attachments = array();

	protected function make_jpeg( int $width, int $height ): string {
		$image = imagecreatetruecolor( $width, $height );
		for ( $x = 0; $x < $width; $x += 9 ) {
			imageline( $image, $x, 0, $width - $x, $height, (int) imagecolorallocate( $image, $x % 256, ( $x * 3 ) % 256, ( $x * 7 ) % 256 ) );
		}
		$file = wp_tempnam( 'photo.jpg' );
		imagejpeg( $image, $file, 85 );
		return $file;
	}

	protected function upload( string $file, string $name ): int {
		require_once ABSPATH . 'wp-admin/includes/media.php';
		require_once ABSPATH . 'wp-admin/includes/file.php';
		require_once ABSPATH . 'wp-admin/includes/image.php';
		$id = media_handle_sideload(
			array(
				'name'     => $name,
				'tmp_name' => $file,
			),
			0
		);
		$this->assertIsInt( $id, is_wp_error( $id ) ? $id->get_error_message() : '' );
		$this->attachments[] = $id;
		return $id;
	}

	protected function delete_attachments(): void {
		foreach ( $this->attachments as $id ) {
			wp_delete_attachment( $id, true );
		}
		$this->attachments = array();
	}

	/** A client signing as the IAM admin, who stands for the bucket owner. */
	protected function bucket_owner(): S3_Client {
		$s3 = self::run_state()['s3'];
		return new S3_Client(
			new Transport( new Signer( new Credentials( $s3['admin']['accessKeyId'], $s3['admin']['secretAccessKey'] ), $s3['region'] ) ),
			new Bucket_Address( $s3['bucket'], $s3['region'], $s3['endpoint'], true )
		);
	}

	/** Whether the object's ACL grants everyone READ, as the bucket owner sees it. */
	protected function is_public( string $key ): bool {
		$owner = $this->bucket_owner();
		$acl   = $owner->send( 'GET', $owner->address->object_url( $key ) . '?acl=' );
		$this->assertInstanceOf( \S3MediaSync\S3\S3_Response::class, $acl );
		return 1 === preg_match( '#<URI>http://acs\.amazonaws\.com/groups/global/AllUsers</URI>\s*</Grantee>\s*<Permission>READ</Permission>#', $acl->body );
	}
}
