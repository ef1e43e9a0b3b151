<?php
/**
 * Puts every file of an attachment in S3, in parallel: the original and every
 * size as soon as WordPress has generated them, and the files an image edit
 * or a regeneration adds or rewrites, at the end of that request.
 * Offload_Planner decides what goes up under which key; this class takes
 * the attachment's lock, sends, records what S3 confirmed, and only then
 * removes keys the new ones replace. If S3 fails, the upload still succeeds
 * locally: the attachment is marked pending (or failed, for errors that
 * need the admin) with the error, and the retry job tries again later.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Bucket_Listing;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\Retry_Policy;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;

final class Attachment_Offloader {

	/** A later offload of one attachment, when its lock was busy. */
	public const LATER_HOOK = 's3_media_sync_offload_later';

	/** How long the upload hook waits for another writer of the same attachment. */
	private const WAIT = 20.0;

	/** @var array<int, true> Attachments whose metadata changed in this request. */
	private array $changed = array();

	/** @var array<int, list<string>> Files offloaded right after generation, by attachment. */
	private array $generated = array();

	public function __construct(
		private readonly Offload_Planner $planner,
		private readonly Client_Factory $factory,
		private readonly Retry_Scheduler $scheduler,
		private readonly Local_Copies $local_copies,
		private readonly Replaced_Objects $replaced
	) {}

	public function register(): void {
		add_filter( 'wp_generate_attachment_metadata', array( $this, 'after_generate' ), 100, 2 );
		add_filter( 'wp_update_attachment_metadata', array( $this, 'after_update' ), 100, 2 );
		add_action( 'shutdown', array( $this, 'offload_changed' ) );
		add_action( self::LATER_HOOK, fn( mixed $id ) => is_numeric( $id ) ? $this->offload( (int) $id ) : null );
	}

	public function planner(): Offload_Planner {
		return $this->planner;
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
		if ( ! is_numeric( $attachment_id ) || null === $this->factory->client() ) {
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
	 * Uploads what the attachment's files need and records the outcome.
	 * Returns null when the plugin is not configured, or when another writer
	 * held the attachment for too long (the offload is then scheduled).
	 *
	 * @param array<string, mixed>|null $metadata Metadata being generated, or null to read the saved one.
	 */
	public function offload( int $attachment_id, ?array $metadata = null ): ?Offload_State {
		$uploader = $this->factory->uploader();
		if ( null === $uploader || ! self::wanted( $attachment_id ) ) {
			return null;
		}
		if ( ! Attachment_Lock::acquire( $attachment_id, self::WAIT ) ) {
			wp_schedule_single_event( time() + 60, self::LATER_HOOK, array( $attachment_id ) );
			return null;
		}
		try {
			$plan    = $this->planner->plan( $attachment_id, $metadata );
			$results = array() === $plan->jobs ? array() : $uploader->put( $plan->jobs );
			$state   = $this->outcome( $plan, $results );
			$state->save( $attachment_id );
			$this->replaced->remove( $plan, $state );
			if ( Offload_State::SYNCED !== $state->status ) {
				$this->scheduler->schedule( $state->next_attempt );
			}
			self::announce( $plan, $state, $results );
			return $state;
		} finally {
			Attachment_Lock::release( $attachment_id );
			Bucket_Listing::flush();
		}
	}

	/**
	 * Offloads several attachments with one pool of parallel PUTs, so a batch
	 * of small attachments goes up as fast as one large one. Attachments
	 * another writer holds are left to it (no state for them here).
	 *
	 * @param list<int> $attachment_ids Attachments.
	 * @param bool      $list_folders   List each folder once first (bulk copy: objects already there are found, not sent).
	 * @param list<int> $next           Attachments the caller claimed for its next call: their folders are listed along with these PUTs.
	 * @return array<int, Offload_State> Attachment ID => new state.
	 */
	public function offload_many( array $attachment_ids, bool $list_folders = false, int $concurrency = 16, array $next = array() ): array {
		$uploader = $this->factory->uploader( $concurrency );
		if ( null === $uploader ) {
			return array();
		}
		// Claims the caller took (a bulk worker's) stay the caller's to release, after it recorded its run.
		$claimed = array_values( array_filter( $attachment_ids, array( Attachment_Lock::class, 'is_held_here' ) ) );
		$mine    = array_values( array_filter( $attachment_ids, static fn( int $id ): bool => self::wanted( $id ) && Attachment_Lock::acquire( $id ) ) );
		try {
			// One query each for the posts and their meta, instead of several per attachment.
			_prime_post_caches( $mine, false, true );
			if ( $list_folders ) {
				$this->planner->list_folders( $mine );
			}
			$plans = $this->planner->plan_many( $mine );
			$jobs  = array();
			foreach ( $plans as $plan ) {
				array_push( $jobs, ...$plan->jobs );
			}
			$ahead = $list_folders ? $this->planner->ahead( $next ) : array();
			list( $results, $listed ) = array() === $jobs && array() === $ahead ? array( array(), array() ) : $uploader->put_along( $jobs, array_values( $ahead ) );
			$states  = array();
			foreach ( $plans as $plan ) {
				$states[ $plan->attachment_id ] = $this->outcome( $plan, $results );
			}
			// One transaction (SQLite syncs each to disk). Should it not commit,
			// the objects are in S3 and the next run finds them identical.
			global $wpdb;
			$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			Offload_State::save_many( $states );
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			foreach ( $plans as $plan ) {
				$this->replaced->remove( $plan, $states[ $plan->attachment_id ] );
				self::announce( $plan, $states[ $plan->attachment_id ], $results );
			}
			$retries = array_filter( array_map( static fn( Offload_State $state ): int => Offload_State::SYNCED === $state->status ? 0 : $state->next_attempt, $states ) );
			if ( array() !== $retries ) {
				$this->scheduler->schedule( min( $retries ) );
			}
			return $states;
		} finally {
			foreach ( array_diff( $mine, $claimed ) as $id ) {
				Attachment_Lock::release( $id );
			}
			Bucket_Listing::flush();
			if ( isset( $ahead, $listed ) ) {
				$this->planner->keep_ahead( $ahead, $listed );
			}
		}
	}

	/** The `s3_media_sync_should_offload` filter: whether this attachment goes to S3 at all. */
	private static function wanted( int $attachment_id ): bool {
		/**
		 * Filters whether an attachment is offloaded to S3. Return false to
		 * keep it on this server only (it is then served locally, and the
		 * bulk copy leaves it alone).
		 *
		 * @param bool $offload       Default true.
		 * @param int  $attachment_id The attachment.
		 */
		return (bool) apply_filters( 's3_media_sync_should_offload', true, $attachment_id );
	}

	/**
	 * Tells other plugins what happened: `s3_media_sync_uploaded` when S3
	 * confirmed files sent now, `s3_media_sync_upload_failed` when any did
	 * not go up.
	 *
	 * @param array<string, S3_Response|S3_Error> $results Object key => outcome.
	 */
	private static function announce( Offload_Plan $plan, Offload_State $state, array $results ): void {
		$sent = array();
		foreach ( $plan->jobs as $job ) {
			if ( ( $results[ $job->key ] ?? null ) instanceof S3_Response ) {
				$sent[ $plan->job_files[ $job->key ] ] = $job->key;
			}
		}
		if ( array() !== $sent ) {
			/**
			 * Fires after S3 confirmed files of an attachment.
			 *
			 * @param int                   $attachment_id The attachment.
			 * @param array<string, string> $sent          Files sent now (relative to the uploads folder) => object keys.
			 * @param string                $bucket        The bucket.
			 * @param string                $acl           public-read, private or bucket-default.
			 */
			do_action( 's3_media_sync_uploaded', $plan->attachment_id, $sent, $plan->bucket, $state->acl );
		}
		if ( Offload_State::SYNCED !== $state->status ) {
			/**
			 * Fires when files of an attachment could not be put in S3. A
			 * pending one is retried by the retry job; a failed one needs
			 * the admin (its error says what).
			 *
			 * @param int                                $attachment_id The attachment.
			 * @param array{code: string, message: string} $error       What went wrong (AWS's code and message).
			 * @param string                             $status        pending or failed.
			 */
			do_action( 's3_media_sync_upload_failed', $plan->attachment_id, $state->error ?? array( 'code' => '', 'message' => '' ), $state->status );
		}
	}

	/**
	 * The attachment's new state after its uploads (local copies S3 confirmed
	 * are removed here, when the setting says so); not saved yet.
	 *
	 * @param array<string, S3_Response|S3_Error> $results Object key => outcome.
	 */
	private function outcome( Offload_Plan $plan, array $results ): Offload_State {
		$keys   = $plan->keys;
		$md5    = $plan->md5;
		$error  = null;
		$policy = new Retry_Policy();
		$status = Offload_State::SYNCED;
		if ( null !== $plan->blocked ) {
			$error  = $plan->blocked;
			$status = Offload_State::FAILED;
		}
		foreach ( $plan->jobs as $job ) {
			$file    = $plan->job_files[ $job->key ];
			$outcome = $results[ $job->key ] ?? null;
			if ( $outcome instanceof S3_Response ) {
				$keys[ $file ] = $job->key;
				$md5[ $file ]  = strtolower( trim( $outcome->header( 'etag' ), '"' ) );
				continue;
			}
			$outcome ??= new S3_Error( 'NotSent', __( 'The file was not sent.', 's3-media-sync' ) );
			$error   ??= array(
				'code'    => $outcome->code,
				/* translators: 1: file name, 2: S3's error message. */
				'message' => sprintf( __( '%1$s: %2$s', 's3-media-sync' ), wp_basename( $job->key ), $outcome->message ),
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
		if ( array() === $plan->files || array() !== $plan->missing ) {
			$status  = Offload_State::FAILED;
			$error ??= array(
				'code'    => 'LocalFileMissing',
				'message' => array() === $plan->files
					? __( 'The attachment has no file inside the uploads folder to upload.', 's3-media-sync' )
					/* translators: %s: comma-separated file names. */
					: sprintf( __( 'These files are neither on this server nor in S3: %s', 's3-media-sync' ), implode( ', ', array_map( 'wp_basename', $plan->missing ) ) ),
			);
		}

		$now      = time();
		$attempts = Offload_State::SYNCED === $status ? 0 : ( $plan->previous?->attempts ?? 0 ) + 1;
		$state    = new Offload_State(
			$status,
			$plan->bucket,
			$plan->acl,
			$keys,
			Offload_State::SYNCED === $status && 'InvalidMetadata' !== ( $error['code'] ?? '' ) ? null : $error,
			$attempts,
			Offload_State::SYNCED === $status ? 0 : Backoff::next_attempt( $attempts, $now ),
			$now,
			$plan->previous?->local_removed ?? array(),
			array_intersect_key( $md5, $keys ),
			Site_Identity::current(),
			$plan->others,
			array_values( array_intersect( $plan->adopted, array_keys( $keys ) ) )
		);
		$removed = $this->local_copies->remove_confirmed( $plan->attachment_id, $state );
		if ( array() !== $removed ) {
			$state = $state->with( array( 'local_removed' => array_values( array_unique( array_merge( $state->local_removed, $removed ) ) ) ) );
		}
		return $state;
	}
}
