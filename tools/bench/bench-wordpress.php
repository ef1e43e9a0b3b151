<?php
/**
 * The start of every benchmark script that works on a site: WordPress
 * loaded from the docroot given first on the command line, wp-admin's media
 * functions, the administrator (user 1) as the current user, and no WP-Cron
 * at the end of the process (it would add S3 requests of its own to what
 * is measured).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( (string) ( $argv[1] ?? '' ), '/' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
remove_action( 'shutdown', '_wp_cron' );
wp_set_current_user( 1 );
