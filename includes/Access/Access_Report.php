<?php
/**
 * What one Test S3 Access found, as POST /test answers it (docs/rest-api.md):
 * built once from the check lines and what the run learnt, then only read.
 * The overall category and message are the first failure's, or ok (or
 * clock_skew, when S3 had to correct this server's clock on the way).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

final class Access_Report {

	/**
	 * @param list<Check_Result>   $checks          In the order they ran.
	 * @param list<int>            $clock_offsets   Seconds S3 corrected this server's clock by.
	 * @param array<string, mixed> $policy          The least-privilege policy for these settings.
	 * @param array{source: string, access_key_id: string, temporary: bool}|null $credentials Where the key came from (Credential_Source).
	 */
	public function __construct(
		public readonly array $checks,
		public readonly array $clock_offsets,
		public readonly string $region_detected,
		public readonly ?string $leftover_key,
		public readonly array $policy,
		public readonly int $requests,
		public readonly int $duration_ms,
		public readonly string $tested_at,
		public readonly ?array $credentials = null
	) {}

	public function first_failure(): ?Check_Result {
		foreach ( $this->checks as $check ) {
			if ( Check_Result::FAIL === $check->status ) {
				return $check;
			}
		}
		return null;
	}

	public function category(): string {
		$failure = $this->first_failure();
		if ( null !== $failure ) {
			return $failure->category;
		}
		return array() === $this->clock_offsets ? 'ok' : 'clock_skew';
	}

	public function message(): string {
		$failure = $this->first_failure();
		if ( null !== $failure ) {
			return $failure->message;
		}
		return array() === $this->clock_offsets
			? __( 'Every permission the plugin needs works: uploads, reads, ACLs, delivery and deletion.', 's3-media-sync' )
			/* translators: %d: seconds. */
			: sprintf( __( 'S3 access works, but this server\'s clock was %d seconds off: set it right.', 's3-media-sync' ), (int) $this->clock_offsets[ array_key_last( $this->clock_offsets ) ] );
	}

	/** @return array<string, mixed> The answer of POST /test. */
	public function to_array(): array {
		return array(
			'ok'              => null === $this->first_failure(),
			'category'        => $this->category(),
			'title'           => Diagnosis::title( $this->category() ),
			'message'         => $this->message(),
			'tested_at'       => $this->tested_at,
			'checks'          => array_map( static fn( Check_Result $check ): array => $check->to_array(), $this->checks ),
			'region_detected' => '' === $this->region_detected ? null : $this->region_detected,
			'leftover_key'    => $this->leftover_key,
			'credentials'     => $this->credentials,
			'policy'          => $this->policy,
			'requests'        => $this->requests,
			'duration_ms'     => $this->duration_ms,
		);
	}
}
