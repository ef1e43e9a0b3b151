<?php
/**
 * Benchmark: Test S3 Access as the settings page runs it (POST /test calls
 * the same service), with the guide's settings. The caller counts the S3
 * requests at the front. Prints JSON.
 *
 *   php access-test.php <docroot>
 */

declare(strict_types=1);

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';
wp_set_current_user( 1 );

$result = S3MediaSync\Plugin::access_check()->run();
$checks = array_filter( (array) ( $result['checks'] ?? array() ), static fn( $check ): bool => is_array( $check ) && 'pass' === ( $check['status'] ?? '' ) );
echo wp_json_encode(
	array(
		'ok'       => 'ok' === ( $result['category'] ?? '' ),
		'category' => (string) ( $result['category'] ?? '' ),
		'checks'   => count( $checks ),
	)
), "\n";
