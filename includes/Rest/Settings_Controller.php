<?php
/**
 * GET/POST /s3-media-sync/v1/settings. The secret is write-only: accepted on
 * POST, never in any answer; an empty one keeps the stored secret, so removing
 * it is its own write-only field, remove_secret_access_key. One invalid field
 * rejects the whole request with a message per field, and nothing is saved.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Settings\Settings_Store;
use S3MediaSync\Settings\Settings_Validator;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class Settings_Controller extends Rest_Controller {

	/** The action that removes the stored secret: write-only, never in an answer. */
	public const REMOVE_SECRET = 'remove_secret_access_key';

	public function __construct( private readonly Settings_Store $store ) {
		$this->serve_under( 'settings' );
	}

	public function register_routes(): void {
		$this->route(
			'',
			array(
				self::endpoint( WP_REST_Server::READABLE, array( $this, 'get_item' ), array(), array( $this, 'get_item_permissions_check' ) ),
				self::endpoint( WP_REST_Server::EDITABLE, array( $this, 'update_item' ), $this->update_args(), array( $this, 'update_item_permissions_check' ) ),
			)
		);
	}

	/** @param WP_REST_Request $request Request. */
	public function get_item_permissions_check( $request ): bool|WP_Error {
		return Permissions::manage_options();
	}

	/** @param WP_REST_Request $request Request. */
	public function update_item_permissions_check( $request ): bool|WP_Error {
		return Permissions::manage_options();
	}

	/** @param WP_REST_Request $request Request. */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( $this->view() );
	}

	/** @param WP_REST_Request $request Request. */
	public function update_item( $request ): WP_REST_Response|WP_Error {
		$body = $request->get_json_params();
		if ( null === $body ) {
			$body = $request->get_body_params();
		}
		if ( ! is_array( $body ) || ( array() !== $body && array_is_list( $body ) ) ) {
			return new WP_Error(
				'rest_invalid_body',
				__( 'Send the settings as a JSON object, such as {"bucket": "my-bucket"}.', 's3-media-sync' ),
				array( 'status' => 400 )
			);
		}

		$errors        = array();
		$changes       = array();
		$remove_secret = false;
		$locked        = $this->store->locked();
		foreach ( array_keys( $body ) as $field ) {
			$field = (string) $field;
			if ( in_array( $field, Unknown_Params_Guard::CORE_PARAMS, true ) ) {
				continue;
			}
			if ( self::REMOVE_SECRET === $field ) {
				$remove_secret = true === $request->get_param( $field );
				if ( $remove_secret && in_array( 'secret_access_key', $locked, true ) ) {
					$errors[ $field ] = $this->locked_message( 'secret_access_key' );
				}
				continue;
			}
			if ( ! array_key_exists( $field, Settings_Fields::schema() ) ) {
				$errors[ $field ] = __( 'This is not a setting of S3 Media Sync.', 's3-media-sync' );
				continue;
			}
			if ( in_array( $field, $locked, true ) ) {
				$errors[ $field ] = $this->locked_message( $field );
				continue;
			}
			$changes[ $field ] = $request->get_param( $field );
		}
		if ( $remove_secret && '' !== (string) ( $changes['secret_access_key'] ?? '' ) ) {
			$errors[ self::REMOVE_SECRET ] = __( 'Send either a new secret access key or the removal of the stored one, not both.', 's3-media-sync' );
		}
		if ( array_key_exists( 'region', $changes ) || array_key_exists( 'endpoint', $changes ) ) {
			$errors += Settings_Validator::cross_field_problems( array_merge( $this->store->values(), $changes ) );
		}
		if ( array() !== $errors ) {
			return new WP_Error(
				'rest_invalid_param',
				/* translators: %s: comma-separated setting names. */
				sprintf( __( 'Invalid parameter(s): %s', 's3-media-sync' ), implode( ', ', array_keys( $errors ) ) ),
				array(
					'status' => 400,
					'params' => $errors,
				)
			);
		}

		$this->store->update( $changes, $remove_secret );
		return rest_ensure_response( $this->view() );
	}

	private function locked_message( string $field ): string {
		return sprintf(
			/* translators: %s: constant name, such as S3_MEDIA_SYNC_BUCKET. */
			__( 'This setting is set in wp-config.php by %s, so it cannot be changed here.', 's3-media-sync' ),
			Settings_Fields::constant_name( $field )
		);
	}

	/**
	 * What the settings page sees: every field but the secret, which is only
	 * ever reported as present or unreadable.
	 *
	 * @return array<string, mixed>
	 */
	private function view(): array {
		$values = $this->store->values();
		return array_merge(
			$values,
			array(
				'has_secret_access_key' => $this->store->has_secret(),
				'secret_unreadable'     => $this->store->secret_unreadable(),
				'locked'                => $this->store->locked(),
				'configured'            => $this->store->is_configured(),
				'warnings'              => (object) Settings_Validator::warnings( $values ),
				'constant_errors'       => (object) $this->store->constant_errors(),
			)
		);
	}

	/** @return array<string, array<string, mixed>> */
	private function update_args(): array {
		$args = array();
		foreach ( Settings_Fields::schema() as $field => $schema ) {
			unset( $schema['default'], $schema['context'] ); // A default would overwrite fields the request left out.
			$args[ $field ] = array_merge(
				$schema,
				array(
					'description'       => Settings_Fields::description( $field ),
					'validate_callback' => static function ( #[\SensitiveParameter] mixed $value ) use ( $field ): bool|WP_Error {
						$result = Settings_Validator::validate( $field, $value );
						return is_wp_error( $result ) ? $result : true;
					},
					'sanitize_callback' => static fn( #[\SensitiveParameter] mixed $value ): mixed => Settings_Validator::validate( $field, $value ),
				)
			);
		}
		$args[ self::REMOVE_SECRET ] = array(
			'type'              => 'boolean',
			'description'       => __( 'true removes the stored secret access key (an empty secret_access_key keeps it). Write-only, never sent back; not together with a new secret.', 's3-media-sync' ),
			'validate_callback' => 'rest_validate_request_arg',
			'sanitize_callback' => 'rest_sanitize_request_arg',
		);
		return $args;
	}

	/** @return array<string, mixed> */
	public function get_item_schema(): array {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$properties = array();
		foreach ( Settings_Fields::schema() as $field => $schema ) {
			$properties[ $field ] = array_merge(
				$schema,
				array(
					'description' => Settings_Fields::description( $field ),
					'context'     => 'secret_access_key' === $field ? array() : array( 'view', 'edit' ),
				)
			);
		}
		$read_only     = array(
			'readonly' => true,
			'context'  => array( 'view', 'edit' ),
		);
		$this->schema  = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 's3-media-sync-settings',
			'type'       => 'object',
			'properties' => array_merge(
				$properties,
				array(
					'has_secret_access_key' => array( 'type' => 'boolean' ) + $read_only,
					'secret_unreadable'     => array( 'type' => 'boolean' ) + $read_only,
					'locked'                => array(
						'type'  => 'array',
						'items' => array( 'type' => 'string' ),
					) + $read_only,
					'configured'            => array( 'type' => 'boolean' ) + $read_only,
					'warnings'              => array( 'type' => 'object' ) + $read_only,
					'constant_errors'       => array( 'type' => 'object' ) + $read_only,
				)
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
