<?php
/**
 * An access key pair, with the session token that comes with temporary
 * credentials (STS: key ids starting ASIA). The secret and the token are
 * kept out of var_dump, print_r, var_export and exception traces, so a
 * debugging aid can never log them: they live inside a closure, which
 * var_export shows empty, and __debugInfo hides even that.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Credentials {

	/** @var \Closure(): array{0: string, 1: string} The secret and the session token. */
	private readonly \Closure $hidden;

	public function __construct(
		public readonly string $access_key_id,
		#[\SensitiveParameter] string $secret_access_key,
		#[\SensitiveParameter] string $session_token = ''
	) {
		$this->hidden = static fn(): array => array( $secret_access_key, $session_token );
	}

	public function secret(): string {
		return ( $this->hidden )()[0];
	}

	/** Empty for a long-term key. */
	public function session_token(): string {
		return ( $this->hidden )()[1];
	}

	/** @return array<string, string> */
	public function __debugInfo(): array {
		return array(
			'access_key_id'     => $this->access_key_id,
			'secret_access_key' => '[hidden]',
			'session_token'     => '' === $this->session_token() ? '' : '[hidden]',
		);
	}

	public function __serialize(): array {
		throw new \LogicException( 'Credentials are not serializable.' );
	}
}
