<?php
/**
 * One file to PUT: where it is on disk and what the object should carry.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Upload_Job {

	/**
	 * @param array<string, string> $headers More headers to PUT with (lowercase names): Cache-Control, metadata.
	 */
	public function __construct(
		public readonly string $key,
		public readonly string $path,
		public readonly string $content_type,
		public readonly string $acl = '',
		public readonly array $headers = array()
	) {}
}
