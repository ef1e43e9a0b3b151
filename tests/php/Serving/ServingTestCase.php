<?php
/**
 * Shared ground for the serving tests: the guide's settings against the S3
 * front, real synced attachments (a GD-drawn JPEG with every size, a video),
 * the URLs expected for them, and fetching through the front.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

use S3MediaSync\Media\Attachment_Files;
use S3MediaSync\Media\Object_Keys;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Serving\Attachment_Url_Filters;
use S3MediaSync\Media\Serving\Serving_Hooks;
use S3MediaSync\Plugin;
use S3MediaSync\S3\Bucket_Address;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Client;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

abstract class ServingTestCase extends TestCase {

	/** @var list<int> Attachments and posts to delete after the test. */
	private array $posts = array();

	protected function setUp(): void {
		parent::setUp();
		self::ensure_serving_hooks();
		self::configure_guide_settings();
		self::front( 'POST', '/reset' );
		require_once ABSPATH . 'wp-admin/includes/image.php';
	}

	protected function tearDown(): void {
		foreach ( array_reverse( $this->posts ) as $post_id ) {
			wp_delete_post( $post_id, true );
		}
		$this->posts = array();
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	/**
	 * The plugin registers serving in Plugin::boot(); until it does, the tests
	 * register the same hooks themselves, once.
	 */
	private static function ensure_serving_hooks(): void {
		foreach ( $GLOBALS['wp_filter']['wp_get_attachment_url']->callbacks ?? array() as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				if ( is_array( $callback['function'] ) && $callback['function'][0] instanceof Attachment_Url_Filters ) {
					return;
				}
			}
		}
		( new Serving_Hooks( Plugin::settings(), Plugin::services()->factory ) )->register();
	}

	/** A real 1600×1200 JPEG, with every size WordPress makes of it, synced to the bucket. */
	protected function synced_image( string $name = 'photo' ): int {
		$id = $this->local_image( $name );
		$this->sync( $id );
		return $id;
	}

	/** The same image, with no offload state: it is not (yet) in S3. */
	protected function unsynced_image( string $name = 'local-photo' ): int {
		$id = $this->local_image( $name );
		( new Offload_State( Offload_State::PENDING ) )->save( $id );
		return $id;
	}

	protected function local_image( string $name ): int {
		$image = imagecreatetruecolor( 1600, 1200 );
		for ( $x = 0; $x < 1600; $x += 16 ) {
			imageline( $image, $x, 0, 1600 - $x, 1199, (int) imagecolorallocate( $image, $x % 256, ( $x * 3 ) % 256, ( $x * 7 ) % 256 ) );
		}
		ob_start();
		imagejpeg( $image, null, 80 );
		$id = $this->attachment( $name . '.jpg', (string) ob_get_clean(), 'image/jpeg' );
		wp_update_attachment_metadata( $id, wp_generate_attachment_metadata( $id, (string) get_attached_file( $id ) ) );
		return $id;
	}

	/** A small video file (its bytes do not matter to serving), synced. */
	protected function synced_video( string $name = 'clip' ): int {
		$id = $this->attachment( $name . '.mp4', str_repeat( "\0\0\0\x18ftypmp42", 64 ), 'video/mp4' );
		$this->sync( $id );
		return $id;
	}

	/** A small audio file (its bytes do not matter to serving), synced. */
	protected function synced_audio( string $name = 'tune' ): int {
		$id = $this->attachment( $name . '.mp3', "ID3\x03\0\0\0\0\0\0" . str_repeat( "\xff\xfb\x90\x00", 64 ), 'audio/mpeg' );
		$this->sync( $id );
		return $id;
	}

	private function attachment( string $name, string $bytes, string $mime ): int {
		$upload = wp_upload_bits( $name, null, $bytes );
		$this->assertFalse( $upload['error'], (string) $upload['error'] );
		$id = wp_insert_attachment(
			array(
				'post_mime_type' => $mime,
				'post_title'     => $name,
				'post_status'    => 'inherit',
			),
			$upload['file']
		);
		$this->assertIsInt( $id );
		$this->assertGreaterThan( 0, $id );
		$this->posts[] = $id;
		return $id;
	}

	/**
	 * The offloader uploads new attachments itself; where it has not (or not
	 * yet been written), every file goes up here with the configured ACL.
	 */
	protected function sync( int $attachment_id ): void {
		if ( Offload_State::is_synced( $attachment_id ) ) {
			return;
		}
		$values = Plugin::settings()->values();
		$acl    = (string) $values['object_acl'];
		$keys   = array();
		$root   = Object_Keys::network_uploads_root();
		foreach ( ( new Attachment_Files() )->of( $attachment_id ) as $path ) {
			$key = Object_Keys::for_site( (string) $values['key_prefix'] )->for_file( $path );
			$this->assertNotNull( $key );
			$put = $this->client()->put_object( $key, (string) file_get_contents( $path ), (string) wp_check_filetype( $path )['type'], 'bucket-default' === $acl ? '' : $acl );
			$this->assertInstanceOf( S3_Response::class, $put );
			$keys[ substr( wp_normalize_path( $path ), strlen( $root ) + 1 ) ] = $key;
		}
		( new Offload_State( Offload_State::SYNCED, (string) $values['bucket'], $acl, $keys ) )->save( $attachment_id );
	}

	protected function client(): S3_Client {
		$client = ( new Client_Factory( Plugin::settings() ) )->client();
		$this->assertInstanceOf( S3_Client::class, $client );
		return $client;
	}

	/** A post to render or save, deleted after the test. */
	protected function post( string $content ): int {
		$id = wp_insert_post(
			array(
				'post_content' => $content,
				'post_status'  => 'publish',
				'post_title'   => 'Serving test',
			)
		);
		$this->assertIsInt( $id );
		$this->posts[] = $id;
		return $id;
	}

	/** @return array<string, string> The attachment's relative paths => object keys. */
	protected function keys( int $attachment_id ): array {
		$state = Offload_State::of( $attachment_id );
		$this->assertNotNull( $state );
		$this->assertSame( Offload_State::SYNCED, $state->status );
		return $state->keys;
	}

	/** The object's URL on the front, path-style, worked out from the run state alone. */
	protected static function bucket_url( string $key ): string {
		$s3 = self::run_state()['s3'];
		return rtrim( $s3['endpoint'], '/' ) . '/' . $s3['bucket'] . '/' . Bucket_Address::encode_key( $key );
	}

	protected static function uploads_url(): string {
		return wp_get_upload_dir()['baseurl'] . '/';
	}

	/** HTTP status of an anonymous GET, as a visitor's browser makes it. */
	protected static function status_of( string $url ): int {
		$response = wp_remote_get( $url, array( 'timeout' => 10 ) );
		self::assertIsArray( $response, is_wp_error( $response ) ? $response->get_error_message() : '' );
		return (int) wp_remote_retrieve_response_code( $response );
	}

	/** @return list<string> The URLs in a srcset attribute's value. */
	protected static function srcset_urls( string $srcset ): array {
		return array_map( static fn( string $candidate ): string => (string) preg_replace( '/\s+\d+[wx]$/', '', trim( $candidate ) ), explode( ',', $srcset ) );
	}

	/** @return list<string> Every URL in src, srcset, href and data attributes of the HTML, entities decoded. */
	protected static function html_urls( string $html ): array {
		$urls = array();
		preg_match_all( '#\s(src|srcset|href|data|poster)="([^"]*)"#', $html, $attributes, PREG_SET_ORDER );
		foreach ( $attributes as $attribute ) {
			$value = html_entity_decode( $attribute[2], ENT_QUOTES | ENT_HTML5 );
			$urls  = array_merge( $urls, 'srcset' === $attribute[1] ? self::srcset_urls( $value ) : array( $value ) );
		}
		return $urls;
	}

	/** The front's request count, to show a render made no S3 request. */
	protected static function front_requests(): int {
		return (int) ( self::front( 'GET', '/state' )['lastSeq'] ?? 0 );
	}
}
