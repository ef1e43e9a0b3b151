<?php
/**
 * Which files S3 already holds, identical: one ListObjectsV2 page per folder
 * (not a request per file), and an object counts only when its size and its
 * ETag (the MD5 of a single-part upload) match the local file. So a copy
 * that was interrupted, or made by another tool, is not sent again.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\S3\S3_Client;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\S3\Upload_Job;

final class Existing_Objects {

	/** @var array<string, array<string, array{size: int, etag: string}>> Folders listed so far in this batch. */
	private array $folders = array();

	public function __construct( private readonly S3_Client $client ) {}

	/**
	 * @param list<Upload_Job> $jobs Files about to be uploaded.
	 * @return array<string, S3_Response> Key => a stand-in answer, for the files S3 already holds.
	 */
	public function among( array $jobs ): array {
		$folders = array();
		foreach ( $jobs as $job ) {
			$folders[ substr( $job->key, 0, (int) strrpos( $job->key, '/' ) + 1 ) ] = true;
		}
		$listed = array();
		foreach ( array_keys( $folders ) as $folder ) {
			$this->folders[ $folder ] ??= $this->list_folder( (string) $folder );
			$listed                    += $this->folders[ $folder ];
		}
		$found = array();
		foreach ( $jobs as $job ) {
			$object = $listed[ $job->key ] ?? null;
			if ( null === $object || (int) filesize( $job->path ) !== $object['size'] || md5_file( $job->path ) !== $object['etag'] ) {
				continue;
			}
			$found[ $job->key ] = new S3_Response( 200, array( 'etag' => '"' . $object['etag'] . '"' ), '' );
		}
		return $found;
	}

	/** @return array<string, array{size: int, etag: string}> Objects directly in the folder. */
	private function list_folder( string $folder ): array {
		$objects = array();
		$token   = '';
		do {
			// The delimiter keeps sub-folders out: uploads/ alone must not list the whole library.
			$page = $this->client->list_objects( $folder, 1000, $token, '/' );
			if ( ! $page instanceof S3_Response ) {
				return $objects; // Unknown: upload as usual.
			}
			preg_match_all( '#<Contents>(.*?)</Contents>#s', $page->body, $entries );
			foreach ( $entries[1] as $entry ) {
				if ( preg_match( '#<Key>([^<]*)</Key>#', $entry, $key ) && preg_match( '#<Size>(\d+)</Size>#', $entry, $size ) && preg_match( '#<ETag>([^<]*)</ETag>#', $entry, $etag ) ) {
					$objects[ html_entity_decode( $key[1], ENT_QUOTES | ENT_XML1, 'UTF-8' ) ] = array(
						'size' => (int) $size[1],
						'etag' => strtolower( trim( html_entity_decode( $etag[1], ENT_QUOTES | ENT_XML1, 'UTF-8' ), '"' ) ),
					);
				}
			}
			$token = preg_match( '#<NextContinuationToken>([^<]*)</NextContinuationToken>#', $page->body, $next ) ? html_entity_decode( $next[1], ENT_QUOTES | ENT_XML1, 'UTF-8' ) : '';
		} while ( '' !== $token );
		return $objects;
	}
}
