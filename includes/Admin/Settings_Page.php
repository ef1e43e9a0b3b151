<?php
/**
 * Settings → S3 Media Sync: a container for the React app built from src/.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Rest\Permissions;

use const S3MediaSync\TEXT_DOMAIN;

final class Settings_Page {

	public const SLUG = 's3-media-sync';

	/** The DOM id the React app mounts on. */
	public const ROOT_ID = 's3-media-sync-settings';

	private string $hook_suffix = '';

	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	public function add_page(): void {
		$hook = add_options_page(
			__( 'S3 Media Sync', 's3-media-sync' ),
			__( 'S3 Media Sync', 's3-media-sync' ),
			'manage_options',
			self::SLUG,
			array( $this, 'render' )
		);
		$this->hook_suffix = is_string( $hook ) ? $hook : '';
	}

	public function enqueue( string $hook_suffix ): void {
		if ( '' === $this->hook_suffix || $hook_suffix !== $this->hook_suffix ) {
			return;
		}
		if ( ( new Asset_Loader( 'settings', TEXT_DOMAIN ) )->enqueue() ) {
			$this->preload();
		}
	}

	/**
	 * Answers the page's first REST reads from the HTML it already loads, so
	 * it paints the form without a spinner. The settings view holds no secret.
	 * WordPress preloads only answers of 200: a test that never ran (GET /test
	 * answers 404) is preloaded as an empty answer, so the page does not ask
	 * and log the 404 in the browser's console.
	 */
	private function preload(): void {
		$test_path = '/' . Permissions::NAMESPACE . '/test';
		$preloaded = array_reduce(
			array( '/' . Permissions::NAMESPACE . '/settings', $test_path, '/' . Permissions::NAMESPACE . '/sync' ),
			'rest_preload_api_request',
			array()
		);
		if ( ! isset( $preloaded[ $test_path ] ) ) {
			$preloaded[ $test_path ] = array(
				'body'    => null,
				'headers' => array(),
			);
		}
		wp_add_inline_script(
			'wp-api-fetch',
			sprintf( 'wp.apiFetch.use( wp.apiFetch.createPreloadingMiddleware( %s ) );', wp_json_encode( $preloaded, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT ) ),
			'after'
		);
	}

	public function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		printf(
			'<div class="wrap"><h1>%1$s</h1><div id="%2$s"></div></div>',
			esc_html__( 'S3 Media Sync', 's3-media-sync' ),
			esc_attr( self::ROOT_ID )
		);
	}
}
