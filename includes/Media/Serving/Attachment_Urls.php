<?php
/**
 * The URL a visitor is given for one file of an attachment: its S3 URL when
 * that file is among the keys recorded for it (in the current bucket, else
 * in a bucket used before), else nothing (the caller keeps the local URL).
 * Only recorded keys that Recorded_Objects trusts are served (a bucket this
 * site was configured with, the key of that very file), so a size that
 * never reached S3 keeps loading from this server, and a forged record
 * cannot point a page anywhere else.
 *
 * Offload states are read from post meta (which WordPress caches and primes
 * for content images) and parsed once a request per attachment.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Recorded_Objects;

final class Attachment_Urls {

	/** @var array<int, Offload_State|false> Attachment => its state, false when it records no object. */
	private array $states = array();

	public function __construct(
		private readonly Serving_Settings $settings,
		private readonly Local_Uploads $local,
		private readonly Object_Urls $objects,
		private readonly Recorded_Objects $recorded
	) {}

	public function local(): Local_Uploads {
		return $this->local;
	}

	/** The served URL for a local upload URL of the attachment, or null to keep the local one. */
	public function for_local_url( int $attachment_id, string $url ): ?string {
		$state = $attachment_id > 0 ? $this->recorded_state( $attachment_id ) : null;
		if ( null === $state ) {
			return null;
		}
		$relative = $this->local->relative_of( $url );
		return null === $relative ? null : $this->url_of( $attachment_id, $state, $relative );
	}

	/** The served URL of a file (relative to the uploads root) the attachment records, or null. */
	public function for_file( int $attachment_id, string $relative ): ?string {
		$state = $attachment_id > 0 ? $this->recorded_state( $attachment_id ) : null;
		return null === $state ? null : $this->url_of( $attachment_id, $state, $relative );
	}

	/** Whether the attachment's objects are served through presigned URLs (private media). */
	public function presigns( int $attachment_id ): bool {
		$state = $this->recorded_state( $attachment_id );
		return null !== $state && $this->settings->presigns( $state->acl );
	}

	private function url_of( int $attachment_id, Offload_State $state, string $relative ): ?string {
		list( $bucket, $key ) = $this->object_of( $state, $relative );
		if ( null === $key || ! $this->recorded->readable( $bucket, $relative, $key ) ) {
			return null;
		}
		$presigned = $this->settings->presigns( $state->acl );
		$expires   = null;
		if ( $presigned && has_filter( 's3_media_sync_presign_expiry' ) ) {
			/**
			 * Filters how long a presigned URL of an attachment stays valid
			 * once a page hands it out, in seconds (60 to 604800; the
			 * setting by default). URLs are signed for a time window, so
			 * one page view after another gets the same URL.
			 *
			 * @param int    $seconds       The presign_expiry setting.
			 * @param int    $attachment_id The attachment.
			 * @param string $file          The file, relative to the uploads folder.
			 */
			$expires = max( 60, min( 604800, (int) apply_filters( 's3_media_sync_presign_expiry', $this->objects->presigner()->expiry(), $attachment_id, $relative ) ) );
		}
		$url = $this->objects->url( $bucket, $key, $presigned, $expires );
		if ( null === $url || ! has_filter( 's3_media_sync_served_url' ) ) {
			return $url;
		}
		/**
		 * Filters the URL a visitor is given for a file of an attachment
		 * that is in S3 (the bucket's URL, the delivery URL, or a presigned
		 * URL). Return a string URL; anything else keeps the plugin's.
		 *
		 * @param string $url           The URL.
		 * @param int    $attachment_id The attachment.
		 * @param string $file          The file, relative to the uploads folder.
		 * @param string $key           The object key.
		 * @param bool   $presigned     Whether it is a presigned URL.
		 */
		$filtered = apply_filters( 's3_media_sync_served_url', $url, $attachment_id, $relative, $key, $presigned );
		return is_string( $filtered ) && '' !== $filtered ? $filtered : $url;
	}

	/**
	 * @return array{0: string, 1: string|null} Bucket and key of the file, current bucket first.
	 */
	private function object_of( Offload_State $state, string $relative ): array {
		if ( isset( $state->keys[ $relative ] ) ) {
			return array( $state->bucket, $state->keys[ $relative ] );
		}
		foreach ( $state->others as $other ) {
			if ( isset( $other['keys'][ $relative ] ) ) {
				return array( $other['bucket'], $other['keys'][ $relative ] );
			}
		}
		return array( '', null );
	}

	public function is_synced( int $attachment_id ): bool {
		return Offload_State::SYNCED === $this->recorded_state( $attachment_id )?->status;
	}

	/** Drops what was read for an attachment whose state changed. */
	public function forget( int $attachment_id ): void {
		unset( $this->states[ $attachment_id ] );
	}

	/** The state when it records any object (synced, or pending with some files already in S3). */
	private function recorded_state( int $attachment_id ): ?Offload_State {
		if ( ! isset( $this->states[ $attachment_id ] ) ) {
			$state                          = Offload_State::of( $attachment_id );
			$this->states[ $attachment_id ] = null !== $state && ( array() !== $state->keys || array() !== $state->others ) ? $state : false;
		}
		return false === $this->states[ $attachment_id ] ? null : $this->states[ $attachment_id ];
	}
}
