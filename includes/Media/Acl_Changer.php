<?php
/**
 * Changes the ACL of every object of one attachment (s3:PutObjectAcl), for
 * the REST route and the media library's row action alike. Only where ACLs
 * are in use: with the bucket-default setting objects carry none.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\Settings\Settings_Store;
use WP_Error;

final class Acl_Changer {

	public const ACLS = array( 'private', 'public-read' );

	public function __construct(
		private readonly Settings_Store $settings,
		private readonly Client_Factory $factory,
		private readonly Recorded_Objects $recorded
	) {}

	/** Whether the media library should offer the action at all. */
	public function acls_in_use(): bool {
		return 'bucket-default' !== $this->settings->get( 'object_acl' ) && $this->settings->is_configured();
	}

	public function change( int $attachment_id, string $acl ): Offload_State|WP_Error {
		if ( ! in_array( $acl, self::ACLS, true ) ) {
			return new WP_Error( 'rest_invalid_param', __( 'The ACL must be "private" or "public-read".', 's3-media-sync' ), array( 'status' => 400 ) );
		}
		$post = get_post( $attachment_id );
		if ( null === $post || 'attachment' !== $post->post_type ) {
			return new WP_Error( 'rest_post_invalid_id', __( 'There is no attachment with this ID.', 's3-media-sync' ), array( 'status' => 404 ) );
		}
		if ( 'bucket-default' === $this->settings->get( 'object_acl' ) ) {
			return new WP_Error( 's3_media_sync_acls_not_used', __( 'The S3 Object ACL setting is "Bucket default": objects carry no ACL, so there is none to change.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		if ( null === $this->factory->client() ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		if ( ! Attachment_Lock::acquire( $attachment_id, 10.0 ) ) {
			return new WP_Error( 's3_media_sync_busy', __( 'This attachment is being uploaded or deleted right now. Try again in a minute.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		try {
			return $this->change_locked( $attachment_id, $acl );
		} finally {
			Attachment_Lock::release( $attachment_id );
		}
	}

	private function change_locked( int $attachment_id, string $acl ): Offload_State|WP_Error {
		$state = Offload_State::of( $attachment_id );
		if ( null === $state || Offload_State::SYNCED !== $state->status ) {
			return new WP_Error( 's3_media_sync_not_synced', __( 'This attachment is not in S3 yet: upload it first.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		// Only objects this site wrote, under the attachment's own names, in buckets it was configured with.
		$objects = array_filter( $this->recorded->writable_objects( $attachment_id, $state ), static fn( array $object ): bool => $object['bucket'] === $state->bucket );
		if ( array() === $objects ) {
			return new WP_Error( 's3_media_sync_not_ours', __( 'This site did not write this attachment\'s objects (its record comes from another copy of the site), so it does not change them.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$client = $this->factory->client( $state->bucket );
		if ( null === $client ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		foreach ( array_unique( array_column( $objects, 'key' ) ) as $key ) {
			$result = $client->put_object_acl( $key, $acl );
			if ( $result instanceof S3_Error ) {
				return new WP_Error(
					's3_media_sync_s3_error',
					/* translators: 1: object key, 2: S3 error code, 3: S3 message. */
					sprintf( __( 'S3 refused the ACL of %1$s (%2$s: %3$s). Objects changed before it keep the new ACL; the attachment keeps the old one on record. Try again.', 's3-media-sync' ), $key, $result->code, $result->message ),
					array(
						'status' => 502,
						'code'   => $result->code,
					)
				);
			}
		}
		$updated = $state->with(
			array(
				'acl'     => $acl,
				'updated' => time(),
			)
		);
		$updated->save( $attachment_id );
		return $updated;
	}
}
