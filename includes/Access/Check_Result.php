<?php
/**
 * One line of the Test S3 Access checklist.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

final class Check_Result {

	public const PASS = 'pass';
	public const FAIL = 'fail';
	public const WARN = 'warn';
	public const SKIP = 'skip';

	/**
	 * @param list<string> $hints What to do, most likely first.
	 */
	public function __construct(
		public readonly string $id,
		public readonly string $permission,
		public readonly string $status,
		public readonly string $message,
		public readonly string $code = '',
		public readonly array $hints = array(),
		public readonly int $duration_ms = 0,
		public readonly string $category = ''
	) {}

	/** @return array<string, mixed> */
	public function to_array(): array {
		return array(
			'id'          => $this->id,
			'permission'  => $this->permission,
			'status'      => $this->status,
			'code'        => '' === $this->code ? null : $this->code,
			'message'     => $this->message,
			'hints'       => $this->hints,
			'duration_ms' => $this->duration_ms,
		);
	}
}
