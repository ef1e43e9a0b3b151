<?php
/**
 * What a bucket holds under a prefix, listed with ListObjectsV2
 * (s3:ListBucket) and kept until the offload that needs it is done, so the
 * file-name check of an upload and the offload that follows it share one
 * listing, and a batch lists each folder once.
 *
 * A listing walks continuation tokens until S3 says it is complete, and
 * stops on a repeated token or after MAX_PAGES pages: then, as when S3 does
 * not answer, the prefix counts as unknown, never as empty.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Bucket_Listing {

	public const MAX_PAGES = 20;

	/** @var array<string, array<string, array<string, array{size: int, etag: string}>|null>> Bucket => prefix => key => object (null: unknown). */
	private static array $listed = array();

	public function __construct( private readonly S3_Client $client, private readonly string $bucket ) {}

	/**
	 * The object at `$key`: its size and ETag; false when the bucket has none;
	 * null when that is unknown (S3 did not answer). Lists `$prefix` (which
	 * the key starts with, e.g. the folder and the file's stem) unless a
	 * listing already covers the key.
	 *
	 * @return array{size: int, etag: string}|false|null
	 */
	public function find( string $key, string $prefix = '', string $delimiter = '' ): array|false|null {
		foreach ( self::$listed[ $this->bucket ] ?? array() as $id => $objects ) {
			$listed = $this->plain( (string) $id );
			if ( null === $objects || ! str_starts_with( $key, $listed ) ) {
				continue;
			}
			// A listing with a delimiter holds only what is directly in its folder.
			if ( $this->delimited( (string) $id ) && str_contains( substr( $key, strlen( $listed ) ), '/' ) ) {
				continue;
			}
			return $objects[ $key ] ?? false;
		}
		$prefix  = '' === $prefix || ! str_starts_with( $key, $prefix ) ? $key : $prefix;
		$objects = $this->under( $prefix, $delimiter );
		return null === $objects ? null : ( $objects[ $key ] ?? false );
	}

	/**
	 * Every object under the prefix (with `/` as delimiter: directly in that
	 * folder), or null when the listing could not be completed.
	 *
	 * @return array<string, array{size: int, etag: string}>|null
	 */
	public function under( string $prefix, string $delimiter = '' ): ?array {
		$id = '' === $delimiter ? $prefix : $prefix . '|' . $delimiter;
		if ( array_key_exists( $id, self::$listed[ $this->bucket ] ?? array() ) ) {
			return self::$listed[ $this->bucket ][ $id ];
		}
		$objects = array();
		$token   = '';
		$seen    = array();
		for ( $page = 0; ; $page++ ) {
			if ( $page >= self::MAX_PAGES ) {
				$objects = null;
				break;
			}
			$answer = $this->client->list_objects( $prefix, 1000, $token, $delimiter );
			if ( ! $answer instanceof S3_Response ) {
				$objects = null;
				break;
			}
			foreach ( self::entries( $answer->body ) as $key => $object ) {
				$objects[ $key ] = $object;
			}
			$truncated = Xml_Reader::is_true( $answer->body, 'IsTruncated' );
			$token     = Xml_Reader::value( $answer->body, 'NextContinuationToken' );
			if ( ! $truncated ) {
				break;
			}
			if ( '' === $token || isset( $seen[ $token ] ) ) {
				$objects = null; // S3 says there is more but gives no new way to it.
				break;
			}
			$seen[ $token ] = true;
		}
		self::$listed[ $this->bucket ][ $id ] = $objects;
		return $objects;
	}

	/**
	 * Forgets every listing. Called once the offload that used them has
	 * written: a listing never outlives the step it was made for (WP-CLI
	 * runs many batches in one process).
	 */
	public static function flush(): void {
		self::$listed = array();
	}

	private function delimited( string $id ): bool {
		return str_contains( $id, '|' );
	}

	private function plain( string $id ): string {
		$bar = strpos( $id, '|' );
		return false === $bar ? $id : substr( $id, 0, $bar );
	}

	/** @return array<string, array{size: int, etag: string}> Key => size and ETag (lowercase, unquoted). */
	public static function entries( string $xml ): array {
		$objects = array();
		foreach ( Xml_Reader::blocks( $xml, 'Contents' ) as $entry ) {
			$key  = Xml_Reader::value( $entry, 'Key' );
			$size = Xml_Reader::value( $entry, 'Size' );
			$etag = Xml_Reader::value( $entry, 'ETag' );
			if ( '' !== $key && ctype_digit( $size ) && '' !== $etag ) {
				$objects[ $key ] = array(
					'size' => (int) $size,
					'etag' => strtolower( trim( $etag, '"' ) ),
				);
			}
		}
		return $objects;
	}
}
