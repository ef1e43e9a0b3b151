<?php
/**
 * Class autoloader: S3MediaSync\Admin\Settings_Page → includes/Admin/Settings_Page.php.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync;

spl_autoload_register(
	static function ( string $class_name ): void {
		$prefix = __NAMESPACE__ . '\\';
		if ( ! str_starts_with( $class_name, $prefix ) ) {
			return;
		}
		$relative = substr( $class_name, strlen( $prefix ) );
		$file     = __DIR__ . '/' . str_replace( '\\', '/', $relative ) . '.php';
		if ( is_readable( $file ) ) {
			require_once $file;
		}
	}
);
