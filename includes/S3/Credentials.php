<?php
/**
 * An access key pair. The secret is kept out of var_dump, print_r and
 * exception traces, so a debugging aid can never log it.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Credentials {

	public function __construct(
		public readonly string $access_key_id,
		#[\SensitiveParameter] private readonly string $secret_access_key
	) {}

	public function secret(): string {
		return $this->secret_access_key;
	}

	/** @return array<string, string> */
	public function __debugInfo(): array {
		return array(
			'access_key_id'     => $this->access_key_id,
			'secret_access_key' => '[hidden]',
		);
	}

	public function __serialize(): array {
		throw new \LogicException( 'Credentials are not serializable.' );
	}
}
