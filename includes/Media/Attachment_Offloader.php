<?php
/**
 * Puts every file of an attachment in S3, in parallel: the original and every
 * size as soon as WordPress has generated them, and the files an image edit
 * or a regeneration adds, at the end of that request. Only files not yet in
 * S3 are sent. If S3 fails, the upload still succeeds locally: the attachment
 * is marked pending (or failed, for errors that need the admin) with the
 * error, and the retry job tries again later.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\Retry_Policy;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\S3\Upload_Job;
use S3MediaSync\Settings\Settings_Store;

final class Attachment_Offloader {

	public const IMMUTABLE = 'max-age=31536000, immutable';

	/** @var array<int, true> Attachments whose metadata changed in this request. */
	private array $changed = array();

	/** @var array<int, list<string>> Files offloaded right after generation, by attachment. */
	private array $generated = array();

	public function __construct(
		private readonly Settings_Store $settings,
		private readonly Client_Factory $factory,
		private readonly Retry_Scheduler $scheduler,
		private readonly Local_Copies $local_copies
	) {}

	public function register(): void {
		add_filter( 'wp_generate_attachment_metadata', array( $this, 'after_generate' ), 100, 2 );
		add_filter( 'wp_update_attachment_metadata', array( $this, 'after_update' ), 100, 2 );
		add_action( 'shutdown', array( $this, 'offload_changed' ) );
	}

	/**
	 * A new upload's sizes are all made: send them now, so the upload's
	 * answer already reflects S3.
	 *
	 * @param mixed $metadata Attachment metadata.
	 * @param mixed $attachment_id Attachment ID.
	 * @return mixed The metadata, unchanged.
	 */
	public function after_generate( mixed $metadata, mixed $attachment_id ): mixed {
		if ( is_array( $metadata ) && is_numeric( $attachment_id ) ) {
			$this->offload( (int) $attachment_id, $metadata );
			$this->generated[ (int) $attachment_id ] = ( new Attachment_Files() )->of( (int) $attachment_id, $metadata );
			unset( $this->changed[ (int) $attachment_id ] );
		}
		return $metadata;
	}

	/**
	 * @param mixed $metadata Attachment metadata.
	 * @param mixed $attachment_id Attachment ID.
	 * @return mixed The metadata, unchanged.
	 */
	public function after_update( mixed $metadata, mixed $attachment_id ): mixed {
		if ( ! is_numeric( $attachment_id ) || ! $this->settings->is_configured() ) {
			return $metadata;
		}
		$id = (int) $attachment_id;
		// WordPress saves the metadata it just generated: those files were just tried, once is enough.
		if ( isset( $this->generated[ $id ] ) && is_array( $metadata ) && ( new Attachment_Files() )->of( $id, $metadata ) === $this->generated[ $id ] ) {
			return $metadata;
		}
		$this->changed[ $id ] = true;
		return $metadata;
	}

	public function offload_changed(): void {
		$ids           = array_keys( $this->changed );
		$this->changed = array();
		foreach ( $ids as $attachment_id ) {
			if ( null !== get_post( $attachment_id ) ) {
				$this->offload( $attachment_id );
			}
		}
	}

	/**
	 * Uploads the attachment's files that S3 does not hold yet and records
	 * the outcome. Returns null when the plugin is not configured.
	 *
	 * @param array<string, mixed>|null $metadata Metadata being generated, or null to read the saved one.
	 */
	public function offload( int $attachment_id, ?array $metadata = null ): ?Offload_State {
		$uploader = $this->factory->uploader();
		if ( null === $uploader ) {
			return null;
		}
		$plan    = $this->plan( $attachment_id, $metadata );
		$results = array() === $plan->jobs ? array() : $uploader->put( $plan->jobs );
		return $this->record( $plan, $results );
	}

	/**
	 * Offloads several attachments with one pool of parallel PUTs, so a batch
	 * of small attachments goes up as fast as one large one.
	 *
	 * @param list<int>                                                $attachment_ids Attachments.
	 * @param null|callable(list<Upload_Job>): array<string, S3_Response> $already_there Which jobs' objects S3 already holds, identical.
	 * @return array<int, Offload_State> Attachment ID => new state (none when not configured).
	 */
	public function offload_many( array $attachment_ids, ?callable $already_there = null, int $concurrency = 16 ): array {
		$uploader = $this->factory->uploader( $concurrency );
		if ( null === $uploader ) {
			return array();
		}
		// One query each for the posts and their meta, instead of several per attachment.
		_prime_post_caches( $attachment_ids, false, true );
		$plans = array_map( fn( int $id ): Offload_Plan => $this->plan( $id, null ), $attachment_ids );
		$jobs  = array();
		foreach ( $plans as $plan ) {
			array_push( $jobs, ...$plan->jobs );
		}
		$found   = null === $already_there || array() === $jobs ? array() : $already_there( $jobs );
		$left    = array_values( array_filter( $jobs, static fn( Upload_Job $job ): bool => ! isset( $found[ $job->key ] ) ) );
		$results = $found + ( array() === $left ? array() : $uploader->put( $left ) );
		$states = array();
		foreach ( $plans as $plan ) {
			$states[ $plan->attachment_id ] = $this->outcome( $plan, $results );
		}
		// One transaction (SQLite syncs each to disk). Should it not commit,
		// the objects are in S3 and the next run finds them identical.
		global $wpdb;
		$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		Offload_State::save_many( $states );
		$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$retries = array_filter( array_map( static fn( Offload_State $state ): int => Offload_State::SYNCED === $state->status ? 0 : $state->next_attempt, $states ) );
		if ( array() !== $retries ) {
			$this->scheduler->schedule( min( $retries ) );
		}
		return $states;
	}

	/** @param array<string, mixed>|null $metadata Metadata being generated, or null to read the saved one. */
	public function plan( int $attachment_id, ?array $metadata ): Offload_Plan {
		$values   = $this->settings->values();
		$bucket   = (string) $values['bucket'];
		$previous = Offload_State::of( $attachment_id );
		// Keys already in this bucket count as uploaded; after a bucket change everything goes again.
		$known = null !== $previous && $previous->bucket === $bucket ? $previous->keys : array();
		$acl   = null !== $previous && '' !== $previous->acl && $previous->bucket === $bucket ? $previous->acl : (string) $values['object_acl'];

		$finder = new Attachment_Files();
		$files  = $finder->of( $attachment_id, $metadata );
		$keys   = Object_Keys::for_site( (string) $values['key_prefix'] );
		$root   = Object_Keys::network_uploads_root();
		$jobs   = array();
		$wanted = array();
		foreach ( $files as $path ) {
			$key = $keys->for_file( $path );
			if ( null === $key ) {
				continue;
			}
			$relative            = substr( wp_normalize_path( $path ), strlen( $root ) + 1 );
			$wanted[ $relative ] = $key;
			if ( ! isset( $known[ $relative ] ) ) {
				$jobs[] = new Upload_Job( $key, $path, $this->content_type( $path ), 'bucket-default' === $acl ? '' : $acl, ( 'private' === $acl ? 'private, ' : 'public, ' ) . self::IMMUTABLE );
			}
		}
		return new Offload_Plan( $attachment_id, $previous, $bucket, $acl, $wanted, $known, $jobs, $finder->refused );
	}

	/**
	 * Records what S3 answered for a plan's uploads.
	 *
	 * @param array<string, S3_Response|S3_Error> $results Object key => outcome.
	 */
	private function record( Offload_Plan $plan, array $results ): Offload_State {
		$state = $this->outcome( $plan, $results );
		$state->save( $plan->attachment_id );
		if ( Offload_State::SYNCED !== $state->status ) {
			$this->scheduler->schedule( $state->next_attempt );
		}
		return $state;
	}

	/**
	 * The attachment's new state after its uploads (local copies S3 confirmed
	 * are removed here, when the setting says so); not saved yet.
	 *
	 * @param array<string, S3_Response|S3_Error> $results Object key => outcome.
	 */
	private function outcome( Offload_Plan $plan, array $results ): Offload_State {
		$uploaded = $plan->known;
		$error    = null;
		$policy   = new Retry_Policy();
		$status   = Offload_State::SYNCED;
		foreach ( $plan->wanted as $relative => $key ) {
			$outcome = $results[ $key ] ?? null;
			if ( null === $outcome || ! $outcome instanceof S3_Error ) {
				if ( null !== $outcome || isset( $plan->known[ $relative ] ) ) {
					$uploaded[ $relative ] = $key;
				}
				continue;
			}
			$error ??= array(
				'code'    => $outcome->code,
				/* translators: 1: file name, 2: S3's error message. */
				'message' => sprintf( __( '%1$s: %2$s', 's3-media-sync' ), wp_basename( $key ), $outcome->message ),
			);
			$status = Offload_State::FAILED === $status || ! $policy->is_transient( $outcome ) ? Offload_State::FAILED : Offload_State::PENDING;
		}
		if ( array() !== $plan->refused && null === $error ) {
			$error = array(
				'code'    => 'InvalidMetadata',
				/* translators: %s: comma-separated file names. */
				'message' => sprintf( __( 'The attachment metadata names files that are not plain file names, which were not uploaded: %s', 's3-media-sync' ), implode( ', ', $plan->refused ) ),
			);
		}
		if ( array() === $plan->wanted ) {
			$status = Offload_State::FAILED;
			$error ??= array(
				'code'    => 'LocalFileMissing',
				'message' => __( 'The attachment has no file inside the uploads folder to upload.', 's3-media-sync' ),
			);
		}

		$now      = time();
		$attempts = Offload_State::SYNCED === $status ? 0 : ( $plan->previous?->attempts ?? 0 ) + 1;
		$state    = new Offload_State(
			$status,
			$plan->bucket,
			$plan->acl,
			$uploaded,
			Offload_State::SYNCED === $status && 'InvalidMetadata' !== ( $error['code'] ?? '' ) ? null : $error,
			$attempts,
			Offload_State::SYNCED === $status ? 0 : Backoff::next_attempt( $attempts, $now ),
			$now,
			$plan->previous?->local_removed ?? array()
		);
		$removed = $this->local_copies->remove_confirmed( $plan->attachment_id, $state );
		if ( array() !== $removed ) {
			$state = new Offload_State( $state->status, $state->bucket, $state->acl, $state->keys, $state->error, $state->attempts, $state->next_attempt, $state->updated, array_values( array_unique( array_merge( $state->local_removed, $removed ) ) ) );
		}
		return $state;
	}

	private function content_type( string $path ): string {
		$type = wp_check_filetype( $path )['type'];
		return is_string( $type ) && '' !== $type ? $type : 'application/octet-stream';
	}
}
