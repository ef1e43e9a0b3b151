<?php
/**
 * The last Test S3 Access answer, kept so the settings page and Site Health
 * can show it later. It holds no secret. Saving settings forgets it: a result
 * for settings that changed would mislead.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

final class Last_Result {

	public const OPTION = 's3_media_sync_last_test';

	/** @return array<string, mixed>|null */
	public function get(): ?array {
		$result = get_option( self::OPTION, null );
		return is_array( $result ) ? $result : null;
	}

	/** @param array<string, mixed> $result The answer of Access_Check::run(). */
	public function save( array $result ): void {
		update_option( self::OPTION, $result, false );
	}

	public function forget(): void {
		delete_option( self::OPTION );
	}
}
