<?php
/**
 * What offloading one attachment involves: its files, what its record
 * already holds (in the current bucket and in buckets used before), the
 * uploads still needed and under which key, and the keys a new upload
 * replaces once S3 has confirmed it.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Upload_Job;

final class Offload_Plan {

	/**
	 * @param list<string>          $files      Every file of the attachment (relative), in metadata order.
	 * @param array<string, string> $keys       Files already in the current bucket: relative => key.
	 * @param array<string, string> $md5        Their MD5s, where known.
	 * @param list<array{bucket: string, keys: array<string, string>, md5: array<string, string>, writer?: string}> $others Objects in buckets used before.
	 * @param list<string>          $adopted    Files whose object was found in the bucket, not written here.
	 * @param list<Upload_Job>      $jobs       Files to upload.
	 * @param array<string, string> $job_files  Key of each job => its file.
	 * @param array<string, string> $superseded File => the key a job replaces (deleted once the job is confirmed).
	 * @param list<string>          $missing    Files neither on disk nor in any bucket.
	 * @param list<string>          $refused    Metadata entries that are not plain file names.
	 */
	public function __construct(
		public readonly int $attachment_id,
		public readonly ?Offload_State $previous,
		public readonly string $bucket,
		public readonly string $acl,
		public readonly array $files,
		public readonly array $keys,
		public readonly array $md5,
		public readonly array $others,
		public readonly array $adopted,
		public readonly array $jobs,
		public readonly array $job_files,
		public readonly array $superseded,
		public readonly array $missing,
		public readonly array $refused,
		/** Why nothing may go up from this site at all (Upload_Layout), as the attachment's error. */
		public readonly ?array $blocked = null
	) {}
}
