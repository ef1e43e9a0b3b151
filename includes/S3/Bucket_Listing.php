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

	/**
	 * Seconds a listing fetched ahead may wait to be used: the bulk copy
	 * fetches the next chunk's folders while this chunk's PUTs run, after it
	 * claimed the next chunk, so nobody else writes those attachments' files
	 * meanwhile; this bounds how late anyone else's object could be missed.
	 */
	public const AHEAD_SECONDS = 30;

	/** @var array<string, array<string, array<string, array{size: int, etag: string}>|null>> Bucket => prefix => key => object (null: unknown). */
	private static array $listed = array();

	/** @var array<string, array<string, array{objects: array<string, array{size: int, etag: string}>, token: string, at: float}>> Bucket => prefix => first page fetched ahead, where the rest goes on, and when. */
	private static array $ahead = array();

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
		$id = self::id( $prefix, $delimiter );
		if ( array_key_exists( $id, self::$listed[ $this->bucket ] ?? array() ) ) {
			return self::$listed[ $this->bucket ][ $id ];
		}
		$ahead = self::$ahead[ $this->bucket ][ $id ] ?? null;
		unset( self::$ahead[ $this->bucket ][ $id ] );
		if ( null !== $ahead && microtime( true ) - $ahead['at'] > self::AHEAD_SECONDS ) {
			$ahead = null; // Too old to trust: listed again.
		}
		$objects = null === $ahead ? array() : $ahead['objects'];
		$token   = null === $ahead ? '' : $ahead['token'];
		$seen    = '' === $token ? array() : array( $token => true );
		for ( $page = null === $ahead ? 0 : 1; null === $ahead || '' !== $token; $page++ ) {
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

	/** The request for the first page of `$prefix`, to be sent among others and its answer given to keep(). */
	public function request_for( string $prefix, string $delimiter = '', int $max_keys = 1000 ): Request {
		return $this->client->list_request( $prefix, $max_keys, '', $delimiter );
	}

	/**
	 * Keeps the first page a request_for() request got: under() starts from
	 * it (and fetches any further pages) within AHEAD_SECONDS. An error, or
	 * a page that says there is more without saying where, keeps nothing:
	 * under() lists as usual.
	 */
	public function keep( string $prefix, string $delimiter, S3_Response|S3_Error $first ): void {
		if ( ! $first instanceof S3_Response ) {
			return;
		}
		$token = Xml_Reader::is_true( $first->body, 'IsTruncated' ) ? Xml_Reader::value( $first->body, 'NextContinuationToken' ) : '';
		if ( '' === $token && Xml_Reader::is_true( $first->body, 'IsTruncated' ) ) {
			return;
		}
		self::$ahead[ $this->bucket ][ self::id( $prefix, $delimiter ) ] = array(
			'objects' => self::entries( $first->body ),
			'token'   => $token,
			'at'      => microtime( true ),
		);
	}

	/**
	 * Forgets every listing. Called once the offload that used them has
	 * written: a listing never outlives the step it was made for (WP-CLI
	 * runs many batches in one process). With `$ahead`, also those fetched
	 * ahead for the next step (the bulk copy, when its batch ends).
	 */
	public static function flush( bool $ahead = false ): void {
		self::$listed = array();
		if ( $ahead ) {
			self::$ahead = array();
		}
	}

	private static function id( string $prefix, string $delimiter ): string {
		return '' === $delimiter ? $prefix : $prefix . '|' . $delimiter;
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
