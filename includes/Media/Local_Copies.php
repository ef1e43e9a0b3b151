<?php
/**
 * "Remove local copies after upload": once S3 has confirmed a file (its ETag
 * matched the file's MD5 — Attachment_Offloader records only confirmed keys),
 * the local copy is deleted, so several web servers can share one media
 * library. When WordPress needs a removed file again to edit or crop an
 * image, it is read back from S3 first (s3:GetObject).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Settings\Settings_Store;

final class Local_Copies {

	public function __construct(
		private readonly Settings_Store $settings,
		private readonly Client_Factory $factory
	) {}

	public function register(): void {
		add_filter( 'load_image_to_edit_path', array( $this, 'restore_for_editing' ), 10, 2 );
		// Regenerating sizes (core's post-process, WP-CLI, regeneration plugins) starts from this path.
		add_filter( 'wp_get_original_image_path', array( $this, 'restore_for_regenerating' ), 10, 2 );
	}

	/**
	 * @param mixed $path          The original image's path.
	 * @param mixed $attachment_id Attachment ID.
	 */
	public function restore_for_regenerating( mixed $path, mixed $attachment_id ): mixed {
		if ( is_string( $path ) && '' !== $path && ! is_file( $path ) && is_numeric( $attachment_id ) ) {
			$this->restore( (int) $attachment_id, $path );
		}
		return $path;
	}

	/**
	 * Removes the local files of a synced attachment that S3 confirmed.
	 *
	 * @return list<string> Paths relative to the uploads root that were removed.
	 */
	public function remove_confirmed( int $attachment_id, Offload_State $state ): array {
		if ( ! (bool) $this->settings->get( 'remove_local_copies' ) || Offload_State::SYNCED !== $state->status ) {
			return array();
		}
		$root    = Object_Keys::network_uploads_root();
		$removed = array();
		foreach ( array_keys( $state->keys ) as $relative ) {
			$path = $root . '/' . $relative;
			if ( is_file( $path ) && wp_delete_file_from_directory( $path, $root ) ) {
				$removed[] = $relative;
			}
		}
		return $removed;
	}

	/**
	 * WordPress falls back to the attachment's URL when the file is missing;
	 * put the file back from S3 instead, so the editor works on a local copy.
	 *
	 * @param mixed $path          What WordPress will load.
	 * @param mixed $attachment_id Attachment ID.
	 */
	public function restore_for_editing( mixed $path, mixed $attachment_id ): mixed {
		if ( ! is_numeric( $attachment_id ) ) {
			return $path;
		}
		$file = get_attached_file( (int) $attachment_id, true );
		if ( ! is_string( $file ) || is_file( $file ) ) {
			return $path;
		}
		return $this->restore( (int) $attachment_id, $file ) ? $file : $path;
	}

	/** Downloads one recorded file of the attachment back to its local path. */
	public function restore( int $attachment_id, string $file ): bool {
		$state = Offload_State::of( $attachment_id );
		$root  = Object_Keys::network_uploads_root();
		$path  = wp_normalize_path( $file );
		if ( null === $state || ! str_starts_with( $path, $root . '/' ) ) {
			return false;
		}
		$key = $state->keys[ substr( $path, strlen( $root ) + 1 ) ] ?? null;
		if ( null === $key ) {
			return false;
		}
		$client = $this->factory->client( $state->bucket );
		$object = null === $client ? null : $client->get_object( $key );
		if ( ! $object instanceof S3_Response || ! wp_mkdir_p( dirname( $path ) ) ) {
			return false;
		}
		return false !== file_put_contents( $path, $object->body ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- a binary file into the uploads folder.
	}
}
