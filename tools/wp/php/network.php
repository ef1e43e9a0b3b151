<?php
/**
 * Turns a local single site (installed by install.php, the plugin active)
 * into the multisite the `multisite` tests run against. Run by
 * tools/multisite-site.ts with the php CLI, one step per process:
 *
 *   php network.php convert <docroot> <json>   network tables, populate_network()
 *   php network.php sites <docroot> <json>     (MULTISITE now on) the other sites,
 *                                              a second network, network activation
 *
 * The network (json: url, host, port, email, plugin, sites):
 *   network 1, subdirectory, at <host>:<port>/  — site 1 (primary), /site-a/, /site-b/,
 *             and blog.localhost:<port>/ (a site of its own host name: core
 *             lets any site have any domain, and *.localhost is loopback);
 *   network 2 at net2.localhost:<port>/        — its main site, which core gives
 *             an uploads folder sites/N/ although it is a main site.
 * Prints one JSON line: every site's id, network, URL and uploads folder.
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 4 ) {
	fwrite( STDERR, "usage: php network.php convert|sites <docroot> <json>\n" );
	exit( 2 );
}

$s3ms_step    = $argv[1];
$s3ms_docroot = rtrim( $argv[2], '/' );
$s3ms_options = json_decode( $argv[3], true, 16, JSON_THROW_ON_ERROR );
$s3ms_host    = (string) $s3ms_options['host'] . ':' . (int) $s3ms_options['port'];

$_SERVER['HTTP_HOST']      = $s3ms_host;
$_SERVER['SERVER_NAME']    = (string) $s3ms_options['host'];
$_SERVER['SERVER_PORT']    = (string) $s3ms_options['port'];
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR']    = '127.0.0.1';

/** Stops with the reasons on stderr. */
function s3ms_network_fail( string $message ): never {
	fwrite( STDERR, $message . "\n" );
	exit( 1 );
}

/** A WP_Error or false becomes a failure naming what was being done. */
function s3ms_network_check( mixed $result, string $doing ): mixed {
	if ( is_wp_error( $result ) ) {
		s3ms_network_fail( "{$doing}: " . $result->get_error_message() );
	}
	if ( false === $result ) {
		s3ms_network_fail( "{$doing} failed." );
	}
	return $result;
}

if ( 'convert' === $s3ms_step ) {
	define( 'WP_INSTALLING_NETWORK', true );
	require $s3ms_docroot . '/wp-load.php';
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	require_once ABSPATH . 'wp-admin/includes/plugin.php';
	// The single site was installed without WP_HOME (a network must not have it): say where it lives.
	update_option( 'home', (string) $s3ms_options['url'] );
	update_option( 'siteurl', (string) $s3ms_options['url'] );
	// As wp-admin/network.php does: a single site's $wpdb has no names for the network tables yet.
	foreach ( $wpdb->tables( 'ms_global' ) as $s3ms_table => $s3ms_prefixed ) {
		$wpdb->$s3ms_table = $s3ms_prefixed;
	}
	install_network();
	s3ms_network_check(
		populate_network( 1, $s3ms_host, (string) $s3ms_options['email'], 'S3 Media Sync network', '/', false ),
		'populate_network'
	);
	echo wp_json_encode( array( 'network' => 1 ) ), "\n";
	exit( 0 );
}

if ( 'sites' !== $s3ms_step ) {
	s3ms_network_fail( "Unknown step {$s3ms_step}" );
}

define( 'WP_ADMIN', true );
require $s3ms_docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/ms.php';
add_filter( 'pre_wp_mail', '__return_true' );
wp_set_current_user( 1 );
grant_super_admin( 1 );

$s3ms_port   = (int) $s3ms_options['port'];
$s3ms_plugin = (string) $s3ms_options['plugin'];
foreach ( array( 'site-a', 'site-b' ) as $s3ms_slug ) {
	s3ms_network_check(
		wp_insert_site(
			array(
				'domain'  => $s3ms_host,
				'path'    => "/{$s3ms_slug}/",
				'title'   => $s3ms_slug,
				'user_id' => 1,
			)
		),
		"creating /{$s3ms_slug}/"
	);
}
s3ms_network_check(
	wp_insert_site(
		array(
			'domain'  => "blog.localhost:{$s3ms_port}",
			'path'    => '/',
			'title'   => 'blog.localhost',
			'user_id' => 1,
		)
	),
	'creating blog.localhost'
);

// A second network on the same install, as a network-management plugin or WP-CLI makes one.
s3ms_network_check( populate_network( 2, "net2.localhost:{$s3ms_port}", (string) $s3ms_options['email'], 'Second network', '/', false ), 'populate_network( 2 )' );
$s3ms_net2_main = (int) s3ms_network_check(
	wp_insert_site(
		array(
			'domain'     => "net2.localhost:{$s3ms_port}",
			'path'       => '/',
			'title'      => 'net2.localhost',
			'user_id'    => 1,
			'network_id' => 2,
		)
	),
	'creating the second network\'s main site'
);
update_network_option( 2, 'main_site', $s3ms_net2_main );
update_network_option( 2, 'site_admins', array( get_userdata( 1 )->user_login ) );
clean_network_cache( 2 );

// Network-activated on both networks, as a super admin does from each network's Plugins screen.
s3ms_network_check( activate_plugin( $s3ms_plugin, '', true ) ?? true, 'network activation' );
// Active network-wide now, not also on the primary site on its own (as before the network existed).
update_option( 'active_plugins', array_values( array_diff( (array) get_option( 'active_plugins', array() ), array( $s3ms_plugin ) ) ) );
$s3ms_sitewide = (array) get_network_option( 2, 'active_sitewide_plugins', array() );
$s3ms_sitewide[ $s3ms_plugin ] = time();
update_network_option( 2, 'active_sitewide_plugins', $s3ms_sitewide );

$s3ms_sites = array();
foreach ( get_sites( array( 'number' => 100 ) ) as $s3ms_site ) {
	switch_to_blog( (int) $s3ms_site->blog_id );
	// As core's network setup does: a subdirectory network's main site keeps /blog/ before its posts, so they never take a site's path.
	update_option( 'permalink_structure', ( is_main_site() && ! is_subdomain_install() && '/' === $s3ms_site->path && str_starts_with( (string) $s3ms_site->domain, '127.0.0.1' ) ? '/blog' : '' ) . '/%postname%/' );
	delete_option( 'rewrite_rules' ); // Made again, for this structure, on the site's next request.
	$s3ms_sites[] = array(
		'id'      => (int) $s3ms_site->blog_id,
		'network' => (int) $s3ms_site->network_id,
		'domain'  => $s3ms_site->domain,
		'path'    => $s3ms_site->path,
		'url'     => untrailingslashit( home_url() ),
		'uploads' => wp_normalize_path( wp_get_upload_dir()['basedir'] ),
	);
	restore_current_blog();
}
echo wp_json_encode( array( 'sites' => $s3ms_sites ) ), "\n";
exit( 0 );
