<?php
/**
 * What every REST controller of the plugin shares: its routes live in the
 * plugin's namespace under one base, each method is open to administrators
 * (`manage_options`) unless the controller says otherwise, and a route
 * answers with a schema when the controller has one.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use WP_REST_Controller;

abstract class Rest_Controller extends WP_REST_Controller {

	/** The base every route of this controller starts with (after the namespace). */
	protected function serve_under( string $rest_base ): void {
		$this->namespace = Permissions::NAMESPACE;
		$this->rest_base = $rest_base;
	}

	/**
	 * Registers `/<rest_base><path>`.
	 *
	 * @param list<array<string, mixed>> $endpoints Its methods, each made by endpoint().
	 * @param callable|false|null        $schema    The answer's schema: the controller's own (null) or none (false).
	 */
	protected function route( string $path, array $endpoints, callable|false|null $schema = null ): void {
		$this->route_at( '/' . $this->rest_base . $path, $endpoints, $schema );
	}

	/**
	 * Registers a route of the namespace outside the controller's base.
	 *
	 * @param list<array<string, mixed>> $endpoints Its methods, each made by endpoint().
	 * @param callable|false|null        $schema    As for route().
	 */
	protected function route_at( string $route, array $endpoints, callable|false|null $schema = null ): void {
		if ( false !== $schema ) {
			$endpoints['schema'] = $schema ?? array( $this, 'get_public_item_schema' );
		}
		register_rest_route( $this->namespace, $route, $endpoints );
	}

	/**
	 * One method of a route.
	 *
	 * @param array<string, array<string, mixed>> $args       Its arguments' schemas.
	 * @param callable|null                       $permission Who may call it: administrators by default.
	 * @return array<string, mixed>
	 */
	protected static function endpoint( string $methods, callable $callback, array $args = array(), ?callable $permission = null ): array {
		$endpoint = array(
			'methods'             => $methods,
			'callback'            => $callback,
			'permission_callback' => $permission ?? array( Permissions::class, 'manage_options' ),
		);
		if ( array() !== $args ) {
			$endpoint['args'] = $args;
		}
		return $endpoint;
	}

	/** @return array<string, mixed> The `{id}` of a route about one attachment. */
	protected static function attachment_id_arg(): array {
		return array(
			'description' => __( 'Attachment ID.', 's3-media-sync' ),
			'type'        => 'integer',
			'minimum'     => 1,
		);
	}

	/** @return array<string, mixed> A batch's size: 1 to 100, 20 when not given. */
	protected static function limit_arg( string $description ): array {
		return array(
			'description' => $description,
			'type'        => 'integer',
			'minimum'     => 1,
			'maximum'     => 100,
			'default'     => 20,
		);
	}
}
