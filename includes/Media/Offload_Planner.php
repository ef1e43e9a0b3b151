<?php
/**
 * Decides, for one attachment, which files go up and under which key.
 *
 * - A file already recorded in the current bucket stays, unless its bytes
 *   changed (a size regenerated, a file replaced): then the new bytes go
 *   up under a new, versioned key, and the old key is replaced only once
 *   S3 confirms the new one. So a key's bytes never change, and a cached
 *   copy is never stale.
 * - A new file gets its plain key (`wp-content/uploads/<file>`, behind the
 *   Key prefix or the folder the `s3_media_sync_object_key` filter chose) unless
 *   another attachment records the file, or the bucket already holds
 *   other bytes there (another site, a staging copy): then a versioned
 *   key. An object with the very same bytes is adopted, not sent again,
 *   and never deleted by this site.
 * - After a bucket change, what the old bucket holds stays recorded there
 *   (and served from there) until the file is uploaded to the new one.
 * - A record another site wrote (a copy of its database) is kept for
 *   reading only; this site uploads its own objects beside it.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Bucket_Listing;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\Request;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\S3\Upload_Job;
use S3MediaSync\Settings\Settings_Store;

final class Offload_Planner {

	public function __construct(
		private readonly Settings_Store $settings,
		private readonly Client_Factory $factory,
		private readonly Recorded_Objects $recorded
	) {}

	/**
	 * @param array<string, mixed>|null $metadata Metadata being generated, or null to read the saved one.
	 */
	public function plan( int $attachment_id, ?array $metadata ): Offload_Plan {
		$finder = new Attachment_Files();
		$paths  = $finder->of( $attachment_id, $metadata );
		return $this->plan_files( $attachment_id, $paths, $finder->refused, null );
	}

	/**
	 * The plans of a bulk-copy chunk: who records the chunk's files is asked
	 * once for all of them (File_Index::owners_of()), not once a file.
	 *
	 * @param list<int> $attachment_ids Attachments.
	 * @return list<Offload_Plan>
	 */
	public function plan_many( array $attachment_ids ): array {
		$finder = new Attachment_Files();
		$root   = Object_Keys::network_uploads_root();
		$found  = array();
		$files  = array();
		foreach ( $attachment_ids as $id ) {
			$paths        = $finder->of( $id, null );
			$found[ $id ] = array( $paths, $finder->refused );
			foreach ( $paths as $path ) {
				$file = self::relative( $path, $root );
				if ( null !== $file ) {
					$files[] = $file;
				}
			}
		}
		$owners = File_Index::owners_of( array_values( array_unique( $files ) ) );
		return array_map( fn( int $id ): Offload_Plan => $this->plan_files( $id, $found[ $id ][0], $found[ $id ][1], $owners ), $attachment_ids );
	}

	/** A path's file relative to the uploads root, or null when it is not below it. */
	private static function relative( string $path, string $root ): ?string {
		$path = Object_Keys::normalized( $path );
		return str_starts_with( $path, $root . '/' ) ? substr( $path, strlen( $root ) + 1 ) : null;
	}

	/**
	 * @param list<string>                    $paths   The attachment's files, the attached file first.
	 * @param list<string>                    $refused Metadata entries Attachment_Files refused.
	 * @param array<string, list<int>>|null   $owners  Who records each file, when looked up already (plan_many()).
	 */
	private function plan_files( int $attachment_id, array $paths, array $refused, ?array $owners ): Offload_Plan {
		$values   = $this->settings->values();
		$bucket   = (string) $values['bucket'];
		$previous = Offload_State::of( $attachment_id );
		list( $keys, $md5, $others, $adopted ) = $this->records_for( $bucket, $previous );
		$acl    = null !== $previous && '' !== $previous->acl && $previous->bucket === $bucket && Site_Identity::wrote( $previous ) ? $previous->acl : $this->acl_for_new( $attachment_id, $paths, (string) $values['object_acl'] );
		$headers = new Put_Headers( (string) ( $values['cache_control'] ?? '' ) );
		$layout  = Upload_Layout::current_problem( $this->settings );
		if ( null !== $layout ) {
			// Neither sent nor adopted: the plain key may be another site's object.
			$blocked = array(
				'code'    => Upload_Layout::ERROR_CODE,
				'message' => $layout,
			);
			return new Offload_Plan( $attachment_id, $previous, $bucket, $acl, array(), $keys, $md5, $others, $adopted, array(), array(), array(), array(), $refused, $blocked );
		}
		$names   = Object_Keys::for_site( (string) $values['key_prefix'] );
		$root    = Object_Keys::network_uploads_root();
		$listing = $this->listing();
		$family  = null;

		$files      = array();
		$jobs       = array();
		$job_files  = array();
		$superseded = array();
		$missing    = array();
		foreach ( $paths as $path ) {
			$plain = $names->for_file( $path );
			if ( null === $plain ) {
				continue;
			}
			$file    = (string) self::relative( $path, $root );
			$files[] = $file;
			$plain   = Object_Keys::filtered( $plain, $file, $attachment_id );
			// One listing for the attachment's family of names (photo, photo-300x200, photo-scaled…).
			$family ??= substr( $plain, 0, strlen( $plain ) - strlen( (string) pathinfo( $plain, PATHINFO_EXTENSION ) ) - 1 );
			$local    = is_file( $path );
			if ( isset( $keys[ $file ] ) ) {
				if ( ! $local ) {
					continue; // In S3 already, and nothing new on disk.
				}
				$sum      = (string) md5_file( $path );
				$recorded = $md5[ $file ] ?? $this->etag_in_bucket( $listing, $keys[ $file ], $family );
				if ( null === $recorded || $recorded === $sum ) {
					if ( null !== $recorded ) {
						$md5[ $file ] = $recorded;
					}
					continue;
				}
				// New bytes under an old name: a new key; the old one goes once this one is confirmed.
				$superseded[ $file ] = $keys[ $file ];
				$key                 = Object_Keys::beside( $plain, $sum );
			} elseif ( ! $local ) {
				if ( ! $this->in_other_bucket( $others, $file ) ) {
					$missing[] = $file;
				}
				continue;
			} else {
				$others_here = null === $owners ? File_Index::other_owners( $file, $attachment_id ) : array_diff( $owners[ $file ] ?? array(), array( $attachment_id ) );
				$key         = $this->key_for_new( $file, $path, $plain, $listing, $family, array() !== $others_here );
				if ( null === $key ) {
					// The bucket holds these very bytes already: adopted, not sent again.
					$keys[ $file ] = $plain;
					$md5[ $file ]  = (string) md5_file( $path );
					$adopted[]     = $file;
					continue;
				}
			}
			$jobs[]            = new Upload_Job( $key, $path, $this->content_type( $path ), 'bucket-default' === $acl ? '' : $acl, $headers->for_object( $attachment_id, $key, $file, $acl ) );
			$job_files[ $key ] = $file;
		}
		return new Offload_Plan( $attachment_id, $previous, $bucket, $acl, $files, $keys, $md5, $others, array_values( array_unique( $adopted ) ), $jobs, $job_files, $superseded, $missing, $refused );
	}

	/**
	 * The ACL of an attachment offloaded for the first time: the setting,
	 * then the `s3_media_sync_object_acl` filter; private whatever they say
	 * when its file is in a protected folder (unless the bucket has no ACLs).
	 *
	 * @param list<string> $paths The attachment's files, the attached file first.
	 */
	private function acl_for_new( int $attachment_id, array $paths, string $setting ): string {
		/**
		 * Filters the ACL an attachment's objects get when it is first
		 * offloaded (later changes go through the media library's access
		 * control). Anything but public-read, private or bucket-default is
		 * ignored.
		 *
		 * @param string $acl           The setting: public-read, private or bucket-default.
		 * @param int    $attachment_id The attachment.
		 */
		$acl = apply_filters( 's3_media_sync_object_acl', $setting, $attachment_id );
		$acl = is_string( $acl ) && in_array( $acl, \S3MediaSync\Settings\Settings_Fields::ACLS, true ) ? $acl : $setting;
		$root = Object_Keys::network_uploads_root();
		$main = isset( $paths[0] ) ? substr( Object_Keys::normalized( $paths[0] ), strlen( $root ) + 1 ) : '';
		if ( 'bucket-default' !== $acl && '' !== $main && ( new Protected_Folders() )->contains( $main ) ) {
			return 'private';
		}
		return $acl;
	}

	/**
	 * Lists, once for a whole batch, each folder the attachments' files are
	 * in (with a delimiter: uploads/ alone must not list the whole library),
	 * so plan() finds the objects already there without a request per file.
	 * A folder fetched ahead (ahead()) is not asked again.
	 *
	 * @param list<int> $attachment_ids Attachments.
	 */
	public function list_folders( array $attachment_ids ): void {
		$listing = $this->listing();
		foreach ( null === $listing ? array() : $this->folders( $attachment_ids ) as $folder ) {
			$listing->under( $folder, '/' );
		}
	}

	/**
	 * The listings of the folders a bulk copy's next chunk will ask
	 * list_folders() for, as requests to send along with this chunk's PUTs
	 * (their meta read in one query); keep_ahead() keeps the answers.
	 *
	 * @param list<int> $attachment_ids The next chunk, already claimed.
	 * @return array<string, Request> Folder => first-page request.
	 */
	public function ahead( array $attachment_ids ): array {
		$listing = $this->listing();
		if ( null === $listing || array() === $attachment_ids ) {
			return array();
		}
		update_meta_cache( 'post', $attachment_ids );
		$requests = array();
		foreach ( $this->folders( $attachment_ids ) as $folder ) {
			$requests[ $folder ] = $listing->request_for( $folder, '/' );
		}
		return $requests;
	}

	/**
	 * @param array<string, Request>              $requests What ahead() gave, in its order.
	 * @param array<int, S3_Response|S3_Error> $answers  Their answers, by position.
	 */
	public function keep_ahead( array $requests, array $answers ): void {
		$listing = $this->listing();
		foreach ( null === $listing ? array() : array_keys( $requests ) as $index => $folder ) {
			if ( isset( $answers[ $index ] ) ) {
				$listing->keep( (string) $folder, '/', $answers[ $index ] );
			}
		}
	}

	private function listing(): ?Bucket_Listing {
		$client = $this->factory->client();
		return null === $client ? null : new Bucket_Listing( $client, (string) $this->settings->values()['bucket'] );
	}

	/**
	 * The folders (object-key prefixes) of the attachments' main files.
	 *
	 * @param list<int> $attachment_ids Attachments.
	 * @return list<string>
	 */
	private function folders( array $attachment_ids ): array {
		$names   = Object_Keys::for_site( (string) $this->settings->values()['key_prefix'] );
		$folders = array();
		foreach ( $attachment_ids as $id ) {
			$file = get_attached_file( $id, true );
			$key  = is_string( $file ) ? $names->for_file( $file ) : null;
			if ( null !== $key ) {
				$folders[ substr( $key, 0, (int) strrpos( $key, '/' ) + 1 ) ] = true;
			}
		}
		return array_map( 'strval', array_keys( $folders ) );
	}

	/**
	 * What the record holds, seen from the current bucket: its keys there,
	 * their MD5s, what other buckets (or another site) hold, and adoptions.
	 *
	 * @return array{0: array<string, string>, 1: array<string, string>, 2: list<array{bucket: string, keys: array<string, string>, md5: array<string, string>, writer?: string}>, 3: list<string>}
	 */
	private function records_for( string $bucket, ?Offload_State $previous ): array {
		if ( null === $previous ) {
			return array( array(), array(), array(), array() );
		}
		$others = $previous->others;
		$keys   = $previous->keys;
		$md5    = $previous->md5;
		if ( ! Site_Identity::wrote( $previous ) || $previous->bucket !== $bucket ) {
			// Kept for reading (and, when this site wrote them, for deleting with the attachment).
			if ( array() !== $keys ) {
				$others[] = array(
					'bucket' => $previous->bucket,
					'keys'   => $keys,
					'md5'    => $md5,
					'writer' => $previous->writer,
				);
			}
			$keys = array();
			$md5  = array();
			// Back to a bucket used before by this site: its objects are current again.
			foreach ( $others as $index => $other ) {
				if ( $other['bucket'] === $bucket && Site_Identity::wrote_group( $other ) ) {
					$keys = $other['keys'];
					$md5  = $other['md5'];
					unset( $others[ $index ] );
					break;
				}
			}
		}
		$adopted = Site_Identity::wrote( $previous ) ? array_values( array_intersect( $previous->adopted, array_keys( $keys ) ) ) : array();
		// Only what this site can read counts as recorded.
		$keys = array_filter( $keys, fn( string $key, $file ): bool => $this->recorded->readable( $bucket, (string) $file, $key ), ARRAY_FILTER_USE_BOTH );
		return array( $keys, array_intersect_key( $md5, $keys ), array_values( $others ), $adopted );
	}

	/** @param list<array{bucket: string, keys: array<string, string>}> $others Objects in other buckets. */
	private function in_other_bucket( array $others, string $file ): bool {
		foreach ( $others as $other ) {
			if ( isset( $other['keys'][ $file ] ) && $this->recorded->readable( $other['bucket'], $file, $other['keys'][ $file ] ) ) {
				return true;
			}
		}
		return false;
	}

	/** The ETag S3 lists for a key (the MD5 of a single PUT), or null when unknown. */
	private function etag_in_bucket( ?Bucket_Listing $listing, string $key, string $family ): ?string {
		$object = null === $listing ? null : $listing->find( $key, $family );
		return is_array( $object ) ? $object['etag'] : null;
	}

	/**
	 * The key for a file not uploaded yet, or null to adopt the identical
	 * object at its plain key. The file is hashed only when the plain key is
	 * not free: on the usual path the PUT hashes it anyway (Content-MD5).
	 */
	private function key_for_new( string $file, string $path, string $plain, ?Bucket_Listing $listing, string $family, bool $shared ): ?string {
		if ( $shared ) {
			return Object_Keys::beside( $plain, (string) md5_file( $path ) );
		}
		$object = null === $listing ? null : $listing->find( $plain, $family );
		if ( false === $object ) {
			return $plain;
		}
		$sum = (string) md5_file( $path );
		if ( is_array( $object ) && $object['etag'] === $sum && $object['size'] === (int) filesize( $path ) ) {
			return null;
		}
		// Other bytes there, or unknown: never over an object this site may not own.
		return Object_Keys::beside( $plain, $sum );
	}

	private function content_type( string $path ): string {
		$type = wp_check_filetype( $path )['type'];
		return is_string( $type ) && '' !== $type ? $type : 'application/octet-stream';
	}
}
