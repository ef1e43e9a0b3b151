<?php
/**
 * Router for PHP's built-in web server (tools/wp/server.ts), doing what
 * WordPress's .htaccess does under Apache: existing files are served as they
 * are, everything else goes to index.php, so pretty permalinks, /wp-json/
 * and WordPress's own 404 page work. It also refuses dot paths (.git, .cache,
 * .ht.*): the plugin folder is a link to the repository, whose .cache holds
 * the sites themselves.
 *
 * For a subdirectory network (S3MS_ROUTER_MULTISITE=1, set by server.ts) it
 * also does the rewrites of WordPress's multisite .htaccess: a site's
 * /site/wp-admin/..., /site/wp-content/..., /site/wp-includes/... and
 * /site/*.php are core's own files, with REQUEST_URI left as it came so
 * WordPress still knows which site was asked for.
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
} elseif ( '1' === getenv( 'S3MS_ROUTER_MULTISITE' ) && preg_match( '#^/[_0-9a-zA-Z-]+(/wp-(?:content|admin|includes)(?:/.*)?|/[^/]+\.php)$#', $s3ms_path, $s3ms_match ) ) {
	$s3ms_target = $s3ms_match[1];
	if ( '/wp-admin' === $s3ms_target ) {
		header( 'Location: ' . $s3ms_path . '/', true, 301 );
		return true;
	}
	if ( is_dir( $s3ms_root . $s3ms_target ) ) {
		$s3ms_target = rtrim( $s3ms_target, '/' ) . '/index.php';
	}
	$s3ms_real = realpath( $s3ms_root . $s3ms_target );
	if ( false !== $s3ms_real && is_file( $s3ms_real ) ) {
		if ( str_ends_with( $s3ms_real, '.php' ) ) {
			$_SERVER['SCRIPT_NAME']     = $s3ms_target;
			$_SERVER['PHP_SELF']        = $s3ms_target;
			$_SERVER['SCRIPT_FILENAME'] = $s3ms_real;
			chdir( dirname( $s3ms_real ) );
			require $s3ms_real;
			return true;
		}
		$s3ms_types = array(
			'css'   => 'text/css',
			'js'    => 'text/javascript',
			'json'  => 'application/json',
			'svg'   => 'image/svg+xml',
			'png'   => 'image/png',
			'jpg'   => 'image/jpeg',
			'jpeg'  => 'image/jpeg',
			'gif'   => 'image/gif',
			'webp'  => 'image/webp',
			'avif'  => 'image/avif',
			'pdf'   => 'application/pdf',
			'mp4'   => 'video/mp4',
			'woff2' => 'font/woff2',
		);
		header( 'Content-Type: ' . ( $s3ms_types[ strtolower( pathinfo( $s3ms_real, PATHINFO_EXTENSION ) ) ] ?? 'application/octet-stream' ) );
		header( 'Content-Length: ' . filesize( $s3ms_real ) );
		readfile( $s3ms_real );
		return true;
	}
}

// The front controller, as if requested itself.
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $s3ms_root . '/index.php';
chdir( $s3ms_root );
require $s3ms_root . '/index.php';
