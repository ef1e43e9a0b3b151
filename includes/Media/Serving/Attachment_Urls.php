<?php
/**
 * The URL a visitor is given for one file of an attachment: its S3 URL when
 * the attachment is synced and that file is among the keys recorded for it,
 * else nothing (the caller keeps the local URL). Only recorded keys are
 * served, so a size that never reached S3 keeps loading from this server.
 *
 * Offload states are read from post meta (which WordPress caches and primes
 * for content images) and parsed once a request per attachment.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\Media\Offload_State;

final class Attachment_Urls {

	/** @var array<int, Offload_State|false> Attachment => its synced state, false when not synced. */
	private array $states = array();

	public function __construct(
		private readonly Serving_Settings $settings,
		private readonly Local_Uploads $local,
		private readonly Object_Urls $objects
	) {}

	public function local(): Local_Uploads {
		return $this->local;
	}

	/** The served URL for a local upload URL of the attachment, or null to keep the local one. */
	public function for_local_url( int $attachment_id, string $url ): ?string {
		$state = $attachment_id > 0 ? $this->synced_state( $attachment_id ) : null;
		if ( null === $state ) {
			return null;
		}
		$relative = $this->local->relative_of( $url );
		if ( null === $relative || ! isset( $state->keys[ $relative ] ) ) {
			return null;
		}
		return $this->objects->url( $state->bucket, $state->keys[ $relative ], $this->settings->presigns( $state->acl ) );
	}

	public function is_synced( int $attachment_id ): bool {
		return null !== $this->synced_state( $attachment_id );
	}

	/** Drops what was read for an attachment whose state changed. */
	public function forget( int $attachment_id ): void {
		unset( $this->states[ $attachment_id ] );
	}

	private function synced_state( int $attachment_id ): ?Offload_State {
		if ( ! isset( $this->states[ $attachment_id ] ) ) {
			$state                            = Offload_State::of( $attachment_id );
			$this->states[ $attachment_id ] = null !== $state && Offload_State::SYNCED === $state->status && array() !== $state->keys ? $state : false;
		}
		return false === $this->states[ $attachment_id ] ? null : $this->states[ $attachment_id ];
	}
}
