<?php
/**
 * Every local file of an attachment: the attached file, each generated size,
 * the original of a `-scaled` image, and the files kept by image edits.
 * Size names come from attachment metadata, which any plugin can write: a
 * name that is not a plain file name is refused, never followed.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Attachment_Files {

	/** @var list<string> Metadata entries refused, for the attachment's error. */
	public array $refused = array();

	/**
	 * @param array<string, mixed>|null $meta Metadata not saved yet (while it is being generated), or null to read it.
	 * @return list<string> Absolute paths, the attached file first.
	 */
	public function of( int $attachment_id, ?array $meta = null ): array {
		$this->refused = array();
		$file          = get_attached_file( $attachment_id, true );
		if ( ! is_string( $file ) || '' === $file ) {
			return array();
		}
		$dir   = dirname( $file );
		$files = array( $file );
		$meta  = $meta ?? wp_get_attachment_metadata( $attachment_id, true );
		if ( is_array( $meta ) ) {
			foreach ( (array) ( $meta['sizes'] ?? array() ) as $size ) {
				$this->add( $files, $dir, is_array( $size ) ? ( $size['file'] ?? null ) : null );
				$this->add_sources( $files, $dir, is_array( $size ) ? ( $size['sources'] ?? null ) : null );
			}
			$this->add( $files, $dir, $meta['original_image'] ?? null );
			$this->add_sources( $files, $dir, $meta['sources'] ?? null );
		}
		$backups = get_post_meta( $attachment_id, '_wp_attachment_backup_sizes', true );
		if ( is_array( $backups ) ) {
			foreach ( $backups as $backup ) {
				$this->add( $files, $dir, is_array( $backup ) ? ( $backup['file'] ?? null ) : null );
			}
		}
		return $this->filtered( $attachment_id, array_values( array_unique( $files ) ), $meta );
	}

	/**
	 * Other formats of the same picture that image plugins keep beside it
	 * (Modern Image Formats: `sources` => mime => { file, filesize }, for
	 * the original and for each size).
	 *
	 * @param list<string> $files   Collected so far.
	 * @param mixed        $sources The metadata's `sources` entry.
	 */
	private function add_sources( array &$files, string $dir, mixed $sources ): void {
		foreach ( is_array( $sources ) ? $sources : array() as $source ) {
			$this->add( $files, $dir, is_array( $source ) ? ( $source['file'] ?? null ) : null );
		}
	}

	/**
	 * The `s3_media_sync_attachment_files` filter: a plugin adds files it
	 * keeps for the attachment. Only files inside the uploads folder are
	 * taken; the attached file stays first.
	 *
	 * @param list<string> $files The files found.
	 * @param mixed        $meta  The metadata they came from.
	 * @return list<string>
	 */
	private function filtered( int $attachment_id, array $files, mixed $meta ): array {
		/**
		 * Filters the local files of an attachment that go to S3, are served
		 * from it, are restored from it and are deleted with the attachment.
		 * Add absolute paths of files your plugin keeps for it; paths outside
		 * the uploads folder are ignored.
		 *
		 * @param list<string> $files         Absolute paths, the attached file first.
		 * @param int          $attachment_id The attachment.
		 * @param array|false  $meta          Its metadata (being generated, or saved).
		 */
		$added = apply_filters( 's3_media_sync_attachment_files', $files, $attachment_id, is_array( $meta ) ? $meta : false );
		if ( ! is_array( $added ) || $added === $files ) {
			return $files;
		}
		$root = Object_Keys::network_uploads_root();
		foreach ( $added as $path ) {
			$path = is_string( $path ) ? wp_normalize_path( $path ) : '';
			if ( str_starts_with( $path, $root . '/' ) && ! str_contains( $path . '/', '/../' ) && 1 !== preg_match( '/[\x00-\x1F]/', $path ) ) {
				$files[] = $path;
			} elseif ( '' !== $path ) {
				$this->refused[] = $path;
			}
		}
		return array_values( array_unique( $files ) );
	}

	/**
	 * @param list<string> $files Collected so far.
	 * @param mixed        $name  A file name from metadata any plugin can write: checked here.
	 */
	private function add( array &$files, string $dir, mixed $name ): void {
		if ( null === $name || '' === $name ) {
			return;
		}
		if ( ! is_string( $name ) || wp_basename( $name ) !== $name || '..' === $name || '.' === $name || 1 === preg_match( '/[\x00-\x1F]/', $name ) ) {
			$this->refused[] = is_string( $name ) ? $name : gettype( $name );
			return;
		}
		$files[] = $dir . '/' . $name;
	}
}
