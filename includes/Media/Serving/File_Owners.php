<?php
/**
 * Which attachments record a file, for URLs that come without an
 * attachment id (a link typed into a paragraph, a shortcode's src, an RSS
 * enclosure, a theme mod, a request for a missing upload): the File_Index
 * rows (one under each recorded file's own key) answer for many files in
 * one query on the meta_key index (File_Index::owners_of()). Answers are kept for the request, and
 * the owners' post meta is primed with them, so mapping the URLs after that
 * reads no more rows.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\Media\File_Index;

final class File_Owners {

	/** A page with more distinct files than this keeps the rest local (the redirect still serves them). */
	private const MAX_FILES = 500;

	/** @var array<string, list<int>> Relative path => attachments that record it (empty when none). */
	private array $owners = array();

	/**
	 * @param list<string> $files Paths relative to the uploads root.
	 * @return array<string, list<int>> Each file => the attachments that record it, lowest id first.
	 */
	public function of( array $files ): array {
		$missing = array_slice( array_values( array_diff( array_unique( $files ), array_keys( $this->owners ) ) ), 0, self::MAX_FILES );
		if ( array() !== $missing ) {
			$this->look_up( $missing );
		}
		$found = array();
		foreach ( $files as $file ) {
			$found[ $file ] = $this->owners[ $file ] ?? array();
		}
		return $found;
	}

	/** @param list<string> $files Not looked up yet this request. */
	private function look_up( array $files ): void {
		$ids = array();
		foreach ( File_Index::owners_of( $files ) as $file => $owners ) {
			$this->owners[ (string) $file ] = $owners;
			foreach ( $owners as $id ) {
				$ids[ $id ] = true;
			}
		}
		if ( array() !== $ids ) {
			update_meta_cache( 'post', array_keys( $ids ) );
		}
	}

	/** Drops the answers: an offload state changed, so the index may have too. */
	public function forget(): void {
		$this->owners = array();
	}
}
