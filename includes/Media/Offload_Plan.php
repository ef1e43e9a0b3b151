<?php
/**
 * What offloading one attachment involves: the files it has (relative path
 * => key), the uploads still needed, and what was recorded before.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Upload_Job;

final class Offload_Plan {

	/**
	 * @param array<string, string> $wanted  Every file: relative path => key.
	 * @param array<string, string> $known   Files already in this bucket: relative path => key.
	 * @param list<Upload_Job>      $jobs    Files to upload.
	 * @param list<string>          $refused Metadata entries that are not plain file names.
	 */
	public function __construct(
		public readonly int $attachment_id,
		public readonly ?Offload_State $previous,
		public readonly string $bucket,
		public readonly string $acl,
		public readonly array $wanted,
		public readonly array $known,
		public readonly array $jobs,
		public readonly array $refused
	) {}
}
