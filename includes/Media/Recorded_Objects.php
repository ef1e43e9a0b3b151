<?php
/**
 * Which objects of an offload record may be used. A record is post meta: it
 * may come from a copy of the database, a restore, an import or a forged
 * row, so it is checked before any key in it is used.
 *
 * To read (serve, presign, read back) an object: its bucket is one this
 * site was configured with and has a valid name, and its key is a key this
 * plugin writes for that very file (`<prefix>wp-content/uploads/<file>`,
 * plain or versioned; no `..`, no leading slash).
 *
 * To change or delete it, also: this site wrote the record (Site_Identity),
 * the object was written, not found (`adopted`), the file is one of the
 * attachment's own (listed in its metadata, or in its folder under its own
 * name: a size or an edit that metadata no longer lists), and no other
 * attachment records the same file (File_Index: attachments that share
 * files, as translation plugins make).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Recorded_Objects {

	public function __construct( private readonly Known_Buckets $buckets ) {}

	public function readable( string $bucket, string $file, string $key ): bool {
		return $this->buckets->knows( $bucket ) && Object_Keys::key_matches( $key, $file );
	}

	/**
	 * Every object of the record that may be read, current bucket first.
	 *
	 * @return list<array{bucket: string, file: string, key: string, md5: string, writer: string}>
	 */
	public function readable_objects( Offload_State $state ): array {
		$objects = array();
		$groups  = array_merge(
			array(
				array(
					'bucket' => $state->bucket,
					'keys'   => $state->keys,
					'md5'    => $state->md5,
					'writer' => $state->writer,
				),
			),
			$state->others
		);
		foreach ( $groups as $group ) {
			foreach ( $group['keys'] as $file => $key ) {
				if ( $this->readable( $group['bucket'], (string) $file, $key ) ) {
					$objects[] = array(
						'bucket' => $group['bucket'],
						'file'   => (string) $file,
						'key'    => $key,
						'md5'    => (string) ( $group['md5'][ $file ] ?? '' ),
						'writer' => (string) ( $group['writer'] ?? '' ),
					);
				}
			}
		}
		return $objects;
	}

	/**
	 * The objects of the record this site may change or delete.
	 *
	 * @return list<array{bucket: string, file: string, key: string, md5: string, writer: string}>
	 */
	public function writable_objects( int $attachment_id, Offload_State $state ): array {
		$own = new Own_Files( $attachment_id );
		return array_values(
			array_filter(
				$this->readable_objects( $state ),
				fn( array $object ): bool => Site_Identity::is_current( $object['writer'] )
					&& ! ( $object['bucket'] === $state->bucket && in_array( $object['file'], $state->adopted, true ) )
					&& $this->owns( $attachment_id, $own, $object['file'] )
			)
		);
	}

	/** Whether the file is the attachment's own, and no other attachment records it. */
	public function owns( int $attachment_id, Own_Files $own, string $file ): bool {
		return $own->includes( $file ) && array() === File_Index::other_owners( $file, $attachment_id );
	}
}
