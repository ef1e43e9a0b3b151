<?php
/**
 * What Missing_Upload_Redirect answers for a missing upload: a redirect to
 * the object (presigned or not), or a 404.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

final class Upload_Answer {

	private function __construct(
		public readonly ?string $location,
		public readonly bool $private
	) {}

	public static function redirect( string $location, bool $private ): self {
		return new self( $location, $private );
	}

	public static function not_found(): self {
		return new self( null, false );
	}

	public function status(): int {
		return null === $this->location ? 404 : 302;
	}
}
