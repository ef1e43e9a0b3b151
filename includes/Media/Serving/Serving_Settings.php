<?php
/**
 * The settings serving needs, read once per request: whether to serve from
 * S3 at all, where the bucket is (through the same filter the S3 client is
 * built with, so served URLs point where the client wrote), the delivery URL,
 * and when to presign.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\Media\Object_Keys;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Settings\Settings_Store;

final class Serving_Settings {

	/**
	 * @param string $bucket        The bucket clients address (after the filter).
	 * @param string $stored_bucket The bucket setting, which offload states record.
	 */
	public function __construct(
		public readonly bool $serve_from_s3,
		public readonly string $bucket,
		public readonly string $stored_bucket,
		public readonly string $region,
		public readonly string $endpoint,
		public readonly bool $path_style,
		public readonly string $key_prefix,
		public readonly string $delivery_url,
		public readonly string $default_acl,
		public readonly bool $sign_urls,
		public readonly int $presign_expiry
	) {}

	public static function from_store( Settings_Store $store, Client_Factory $factory ): self {
		$values = $store->values();
		$config = $factory->config();

		return new self(
			(bool) $values['serve_from_s3'],
			$config['bucket'],
			(string) $values['bucket'],
			$config['region'],
			rtrim( $config['endpoint'], '/' ),
			$config['use_path_style'],
			(string) $values['key_prefix'],
			rtrim( (string) $values['delivery_url'], '/' ),
			(string) $values['object_acl'],
			(bool) $values['sign_urls'],
			max( 1, (int) $values['presign_expiry'] )
		);
	}

	/** S3 URLs are served only when asked for and when there is a bucket to point at. */
	public function is_serving(): bool {
		return $this->serve_from_s3 && '' !== $this->bucket && '' !== $this->region;
	}

	/**
	 * An attachment's objects are presigned when they were written private,
	 * or when the site asks for presigned URLs everywhere (a bucket that keeps
	 * everything private). The ACL recorded with the objects wins over today's
	 * setting: it is what S3 actually holds.
	 */
	public function presigns( string $attachment_acl ): bool {
		$acl = '' !== $attachment_acl ? $attachment_acl : $this->default_acl;
		return $this->sign_urls || 'private' === $acl;
	}

	/** The key prefix of every upload: `<key_prefix>wp-content/uploads/`. */
	public function uploads_key_prefix(): string {
		return $this->key_prefix . Object_Keys::UPLOADS_PREFIX;
	}
}
