<?php
/**
 * Router for PHP's built-in web server (tools/wp/server.ts), doing what
 * WordPress's .htaccess does under Apache: existing files are served as they
 * are, everything else goes to index.php, so pretty permalinks, /wp-json/
 * and WordPress's own 404 page work. It also refuses dot paths (.git, .cache,
 * .ht.*): the plugin folder is a link to the repository, whose .cache holds
 * the sites themselves.
 */

$s3ms_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH ) );
$s3ms_root = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );

if ( preg_match( '#/\.(?!well-known/)#', $s3ms_path ) || str_contains( $s3ms_path, "\0" ) ) {
	http_response_code( 403 );
	header( 'Content-Type: text/plain' );
	echo "Forbidden\n";
	return true;
}

$s3ms_file = $s3ms_root . $s3ms_path;

if ( is_dir( $s3ms_file ) ) {
	// Apache's DirectorySlash: /wp-admin → /wp-admin/, so relative links work.
	if ( ! str_ends_with( $s3ms_path, '/' ) ) {
		$s3ms_query = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_QUERY );
		header( 'Location: ' . $s3ms_path . '/' . ( $s3ms_query ? '?' . $s3ms_query : '' ), true, 301 );
		return true;
	}
	if ( is_file( $s3ms_file . 'index.php' ) && '/' !== $s3ms_path ) {
		return false;
	}
} elseif ( is_file( $s3ms_file ) ) {
	// Static files and PHP entry points (wp-login.php, wp-admin/*.php) as they are.
	return false;
}

// The front controller, as if requested itself.
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $s3ms_root . '/index.php';
chdir( $s3ms_root );
require $s3ms_root . '/index.php';
