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
use S3MediaSync\S3\S3_Error;
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
	 * @return mixed The path, unchanged (the file is put back behind it).
	 */
	public function restore_for_regenerating( mixed $path, mixed $attachment_id ): mixed {
		if ( is_string( $path ) && '' !== $path && ! is_file( $path ) && is_numeric( $attachment_id ) && ! self::asked_for_the_name_only() ) {
			$this->restore( (int) $attachment_id, $path );
		}
		return $path;
	}

	/**
	 * Core also asks for the original's path only to print its name or size
	 * (every REST media response since 7.0, every attachment the media modal
	 * lists): reading the file back from S3 there would cost a GET per
	 * attachment shown and put back files that Remove local copies removed.
	 */
	private static function asked_for_the_name_only(): bool {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_debug_backtrace -- the caller decides whether the bytes are needed.
		foreach ( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS, 8 ) as $frame ) {
			if ( in_array( $frame['function'], array( 'get_attachment_filename', 'get_attachment_filesize', 'wp_prepare_attachment_for_js', 'attachment_submitbox_metadata' ), true ) ) {
				return true;
			}
		}
		return false;
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
		$root      = Object_Keys::network_uploads_root();
		$removed   = array();
		$protected = new Protected_Folders();
		foreach ( $state->keys as $relative => $key ) {
			if ( $protected->contains( (string) $relative ) ) {
				continue; // The shop serves it from disk.
			}
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
	 * @return mixed The local path once the file is back, else what WordPress had.
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
		return null === $this->bring_back( $attachment_id, $file, false );
	}

	/**
	 * restore(), saying why a file did not come back. With `$verified_only`
	 * an object with no recorded MD5 is not used either: bringing every file
	 * back before deactivation must not write bytes nobody can vouch for.
	 *
	 * @return array{code: string, message: string}|null Null when the file is back.
	 */
	public function bring_back( int $attachment_id, string $file, bool $verified_only ): ?array {
		$state = Offload_State::of( $attachment_id );
		$root  = Object_Keys::network_uploads_root();
		$path  = wp_normalize_path( $file );
		if ( null === $state || ! str_starts_with( $path, $root . '/' ) ) {
			return self::failure( 'NotRecorded', __( 'S3 Media Sync has no record of this file in S3.', 's3-media-sync' ) );
		}
		$relative = substr( $path, strlen( $root ) + 1 );
		if ( ! in_array( $relative, ( new Own_Files( $attachment_id ) )->listed(), true ) || ! $this->inside_uploads( $path, $root ) ) {
			return self::failure( 'OutsideUploads', __( 'The attachment\'s metadata does not list this file inside the uploads folder.', 's3-media-sync' ) );
		}
		$failure = self::failure( 'NotRecorded', __( 'S3 Media Sync has no record of this file in S3.', 's3-media-sync' ) );
		foreach ( $this->recorded->readable_objects( $state ) as $object ) {
			if ( $object['file'] !== $relative ) {
				continue;
			}
			if ( $verified_only && '' === $object['md5'] ) {
				$failure = self::failure( 'Unverifiable', __( 'No MD5 was recorded for this file, so its bytes in S3 cannot be verified; it was not written.', 's3-media-sync' ) );
				continue;
			}
			$client = $this->factory->client( $object['bucket'] );
			$answer = null === $client ? null : $client->get_object( $object['key'] );
			if ( ! $answer instanceof S3_Response ) {
				$failure = $answer instanceof S3_Error ? self::failure( $answer->code, $answer->message ) : self::failure( 'NotConfigured', __( 'S3 Media Sync is not configured.', 's3-media-sync' ) );
				continue;
			}
			if ( '' !== $object['md5'] && md5( $answer->body ) !== $object['md5'] ) {
				$failure = self::failure( 'ChecksumMismatch', __( 'S3 holds other bytes for this file than the ones recorded when it was uploaded; it was not written.', 's3-media-sync' ) );
				continue;
			}
			return $this->write( $path, $answer->body ) ? null : self::failure( 'WriteFailed', __( 'The file could not be written in the uploads folder.', 's3-media-sync' ) );
		}
		return $failure;
	}

	/** @return array{code: string, message: string} */
	private static function failure( string $code, string $message ): array {
		return array(
			'code'    => $code,
			'message' => $message,
		);
	}

	/**
	 * Writes beside the file, then renames: a request killed mid-write leaves
	 * no truncated file that a later run would take for the real one.
	 */
	private function write( string $path, string $bytes ): bool {
		$temporary = $path . '.s3ms-' . wp_generate_password( 8, false ) . '.tmp';
		// phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- a binary file into the uploads folder.
		if ( strlen( $bytes ) !== file_put_contents( $temporary, $bytes ) || ! rename( $temporary, $path ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename
			wp_delete_file( $temporary );
			return false;
		}
		return true;
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
