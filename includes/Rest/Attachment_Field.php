<?php
/**
 * The `s3_media_sync` field of attachments in the REST API: where the
 * attachment stands with S3 (synced / pending / failed / not_synced), its
 * bucket, keys and last error. Read-only: core ignores it in a request.
 * Only in the edit context, which core serves only to users who may edit the
 * attachment (as the media library's S3 column); the last error only to
 * users who can manage the plugin (manage_options): S3's error messages name
 * the IAM user and the account, which authors have no business reading.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Media\Offload_State;

final class Attachment_Field {

	public const NAME = 's3_media_sync';

	public function register(): void {
		register_rest_field(
			'attachment',
			self::NAME,
			array(
				'get_callback' => static function ( array $attachment ): array {
					$state = Offload_State::of( (int) $attachment['id'] );
					if ( null === $state ) {
						return array( 'status' => 'not_synced' );
					}
					$field = $state->to_rest();
					if ( null !== $field['error'] && ! current_user_can( 'manage_options' ) ) {
						// An author may edit their upload, but S3's text names the IAM user and the account.
						$field['error'] = null;
					}
					return $field;
				},
				'schema'       => array(
					'description' => __( 'Where the attachment stands with S3 Media Sync.', 's3-media-sync' ),
					'type'        => 'object',
					'context'     => array( 'edit' ),
					'readonly'    => true,
					'properties'  => array(
						'status' => array(
							'type' => 'string',
							'enum' => array( 'synced', 'pending', 'failed', 'not_synced' ),
						),
					),
				),
			)
		);
	}
}
