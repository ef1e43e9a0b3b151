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
			}
			$this->add( $files, $dir, $meta['original_image'] ?? null );
		}
		$backups = get_post_meta( $attachment_id, '_wp_attachment_backup_sizes', true );
		if ( is_array( $backups ) ) {
			foreach ( $backups as $backup ) {
				$this->add( $files, $dir, is_array( $backup ) ? ( $backup['file'] ?? null ) : null );
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
