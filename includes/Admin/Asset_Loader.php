<?php
/**
 * Enqueues one script built by `wp-scripts build` with the dependencies and
 * version from its .asset.php, its stylesheet when one was built, and its
 * translations. A missing build is reported, not silently ignored.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Plugin;

final class Asset_Loader {

	public function __construct(
		private readonly string $entry,
		private readonly string $text_domain
	) {}

	public function handle(): string {
		return 's3-media-sync-' . $this->entry;
	}

	public function enqueue(): bool {
		$asset_file = Plugin::path( "build/{$this->entry}.asset.php" );
		if ( ! is_readable( $asset_file ) ) {
			add_action( 'admin_notices', array( $this, 'missing_build_notice' ) );
			return false;
		}
		$asset = require $asset_file;
		if ( ! is_array( $asset ) ) {
			add_action( 'admin_notices', array( $this, 'missing_build_notice' ) );
			return false;
		}
		$dependencies = isset( $asset['dependencies'] ) && is_array( $asset['dependencies'] ) ? $asset['dependencies'] : array();
		$version      = isset( $asset['version'] ) && is_string( $asset['version'] ) ? $asset['version'] : false;

		wp_enqueue_script(
			$this->handle(),
			Plugin::url( "build/{$this->entry}.js" ),
			$dependencies,
			$version,
			array( 'in_footer' => true )
		);
		wp_set_script_translations( $this->handle(), $this->text_domain, Plugin::path( 'languages' ) );

		$style_dependencies = in_array( 'wp-components', $dependencies, true ) ? array( 'wp-components' ) : array();
		if ( is_readable( Plugin::path( "build/{$this->entry}.css" ) ) ) {
			wp_enqueue_style( $this->handle(), Plugin::url( "build/{$this->entry}.css" ), $style_dependencies, $version );
			// wp-scripts builds build/<entry>-rtl.css beside it: right-to-left languages get that one.
			wp_style_add_data( $this->handle(), 'rtl', 'replace' );
		} elseif ( array() !== $style_dependencies ) {
			wp_enqueue_style( 'wp-components' );
		}
		return true;
	}

	public function missing_build_notice(): void {
		printf(
			'<div class="notice notice-error"><p>%s</p></div>',
			esc_html(
				sprintf(
					/* translators: %s: file name of the missing build output. */
					__( 'S3 Media Sync cannot load its settings screen: %s is missing. Reinstall the plugin from its release zip, or run `npm run build` in a development copy.', 's3-media-sync' ),
					"build/{$this->entry}.asset.php"
				)
			)
		);
	}
}
