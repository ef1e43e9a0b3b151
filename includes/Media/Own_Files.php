<?php
/**
 * The files that belong to one attachment, below the uploads root: those
 * its metadata lists (Attachment_Files), and in its folder any file named
 * after it (`photo-300x200.jpg`, `photo-e1732912345678.jpg` for `photo.jpg`):
 * a size or an edit that a regeneration or a restore took out of the
 * metadata is still the attachment's to delete.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Own_Files {

	/** @var array<string, true> */
	private array $listed = array();

	/** @var list<string> Folder/name stems (`2026/11/photo`) a file of the attachment starts with. */
	private array $stems = array();

	public function __construct( int $attachment_id, ?array $metadata = null ) {
		$root = Object_Keys::network_uploads_root();
		foreach ( ( new Attachment_Files() )->of( $attachment_id, $metadata ) as $path ) {
			$path = Object_Keys::normalized( $path );
			if ( ! str_starts_with( $path, $root . '/' ) ) {
				continue;
			}
			$relative                  = substr( $path, strlen( $root ) + 1 );
			$this->listed[ $relative ] = true;
		}
		$main = array_key_first( $this->listed );
		if ( null !== $main ) {
			$this->stems[] = self::stem( (string) $main );
			$original      = wp_get_attachment_metadata( $attachment_id, true );
			if ( is_array( $original ) && isset( $original['original_image'] ) && is_string( $original['original_image'] ) ) {
				$this->stems[] = self::stem( dirname( (string) $main ) . '/' . $original['original_image'] );
			}
		}
	}

	/** `2026/11/photo-scaled.jpg` → `2026/11/photo`. */
	private static function stem( string $relative ): string {
		$name = pathinfo( $relative, PATHINFO_FILENAME );
		$name = (string) preg_replace( '/-(scaled|rotated)$/', '', $name );
		$dir  = dirname( $relative );
		return ( '.' === $dir ? '' : $dir . '/' ) . $name;
	}

	/** @return list<string> Files the metadata lists. */
	public function listed(): array {
		return array_keys( $this->listed );
	}

	public function includes( string $relative ): bool {
		if ( isset( $this->listed[ $relative ] ) ) {
			return true;
		}
		if ( str_contains( '/' . $relative . '/', '/../' ) || str_starts_with( $relative, '/' ) ) {
			return false;
		}
		foreach ( $this->stems as $stem ) {
			if ( dirname( $relative ) !== dirname( $stem . '.x' ) ) {
				continue;
			}
			$rest = substr( $relative, strlen( $stem ) );
			if ( str_starts_with( $relative, $stem ) && 1 === preg_match( '/^(?:-(?:\d+x\d+|scaled|rotated|e\d{13,}[^\/]*)|\.[^.\/]+$)/', $rest ) ) {
				return true;
			}
		}
		return false;
	}
}
