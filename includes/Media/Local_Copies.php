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
		private readonly Client_Factory $factory,
		private readonly Recorded_Objects $recorded
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
		foreach ( $state->keys as $relative => $key ) {
			$path = $root . '/' . $relative;
			// Only bytes S3 holds: a file whose new bytes did not go up stays.
			$confirmed = $state->md5[ $relative ] ?? '';
			if ( '' !== $confirmed && is_file( $path ) && md5_file( $path ) === $confirmed && wp_delete_file_from_directory( $path, $root ) ) {
				$removed[] = (string) $relative;
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

	/**
	 * Downloads one recorded file of the attachment back to its local path:
	 * only a file its metadata lists, only to a path inside the uploads
	 * folder once resolved, only from an object Recorded_Objects trusts,
	 * and only bytes that match the MD5 recorded for it (when known).
	 */
	public function restore( int $attachment_id, string $file ): bool {
		$state = Offload_State::of( $attachment_id );
		$root  = Object_Keys::network_uploads_root();
		$path  = wp_normalize_path( $file );
		if ( null === $state || ! str_starts_with( $path, $root . '/' ) ) {
			return false;
		}
		$relative = substr( $path, strlen( $root ) + 1 );
		if ( ! in_array( $relative, ( new Own_Files( $attachment_id ) )->listed(), true ) || ! $this->inside_uploads( $path, $root ) ) {
			return false;
		}
		foreach ( $this->recorded->readable_objects( $state ) as $object ) {
			if ( $object['file'] !== $relative ) {
				continue;
			}
			$client = $this->factory->client( $object['bucket'] );
			$answer = null === $client ? null : $client->get_object( $object['key'] );
			if ( ! $answer instanceof S3_Response || ( '' !== $object['md5'] && md5( $answer->body ) !== $object['md5'] ) ) {
				continue;
			}
			return false !== file_put_contents( $path, $answer->body ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- a binary file into the uploads folder.
		}
		return false;
	}

	/** The file's folder, created if needed and resolved (links followed), is inside the uploads folder. */
	private function inside_uploads( string $path, string $root ): bool {
		if ( ! wp_mkdir_p( dirname( $path ) ) ) {
			return false;
		}
		$real_root = realpath( $root );
		$real_dir  = realpath( dirname( $path ) );
		return false !== $real_root && false !== $real_dir && ( $real_dir === $real_root || str_starts_with( wp_normalize_path( $real_dir ) . '/', wp_normalize_path( $real_root ) . '/' ) ) && ! is_link( $path );
	}
}
