<?php
/**
 * Installs a local WordPress site for the development environment and tests.
 * Run by tools/wp/site.ts with the php CLI (there is no WP-CLI here):
 *
 *   php install.php <step> <docroot> <json options>
 *
 * Steps, each in its own process so that each sees WordPress as a request
 * would:
 *   check     prints {"installed":true|false}
 *   install   empties the database tables of the prefix (MariaDB; SQLite
 *             sites start from a new file), runs wp_install(), pretty
 *             permalinks, the block theme
 *   activate  activates the given plugins as an administrator in wp-admin
 *             would, and fails on any output, PHP notice/warning/deprecation,
 *             debug.log line or WP_Error: a plugin that is noisy on
 *             activation is a bug the environment must show, not hide.
 *
 * Prints one JSON line on success; on failure prints the reasons to stderr
 * and exits 1.
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 4 ) {
	fwrite( STDERR, "usage: php install.php check|install|activate <docroot> <json>\n" );
	exit( 2 );
}

$s3ms_step    = $argv[1];
$s3ms_docroot = rtrim( $argv[2], '/' );
$s3ms_options = json_decode( $argv[3], true, 16, JSON_THROW_ON_ERROR );

/** Everything PHP reported while the step ran (kept by the handler below). */
$s3ms_problems = array();

function s3ms_fail( array $problems ): void {
	fwrite( STDERR, implode( "\n", $problems ) . "\n" );
	exit( 1 );
}

// Records each PHP error and lets PHP's own handler log it too (debug.log).
set_error_handler(
	static function ( int $level, string $message, string $file, int $line ) use ( &$s3ms_problems ): bool {
		if ( error_reporting() & $level ) {
			$s3ms_problems[] = sprintf( 'PHP error %d: %s in %s:%d', $level, $message, $file, $line );
		}
		return false;
	}
);

/** What is running, for the shutdown function: set while code we call may exit. */
$s3ms_doing = '';

// A fatal error bypasses the handler, and a plugin may call exit (a redirect
// after activation): either way, say what was running and fail.
register_shutdown_function(
	static function () use ( &$s3ms_doing ): void {
		$error = error_get_last();
		if ( null !== $error && in_array( $error['type'], array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR ), true ) ) {
			fwrite( STDERR, sprintf( "PHP fatal error: %s in %s:%d\n", $error['message'], $error['file'], $error['line'] ) );
		}
		if ( '' !== $s3ms_doing ) {
			while ( ob_get_level() > 0 ) {
				fwrite( STDERR, (string) ob_get_clean() );
			}
			fwrite( STDERR, "Stopped (exit or fatal error) while {$s3ms_doing}.\n" );
			exit( 1 );
		}
	}
);

// What a request to the site would carry; wp_guess_url() and the like read it.
$s3ms_url                 = parse_url( (string) $s3ms_options['url'] );
$_SERVER['HTTP_HOST']     = $s3ms_url['host'] . ( isset( $s3ms_url['port'] ) ? ':' . $s3ms_url['port'] : '' );
$_SERVER['SERVER_NAME']   = $s3ms_url['host'];
$_SERVER['SERVER_PORT']   = (string) ( $s3ms_url['port'] ?? 80 );
$_SERVER['REQUEST_URI']   = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR']   = '127.0.0.1';

switch ( $s3ms_step ) {
	case 'check':
		require $s3ms_docroot . '/wp-load.php';
		echo wp_json_encode( array( 'installed' => is_blog_installed() ) ), "\n";
		exit( 0 );

	case 'install':
		if ( 'mariadb' === ( $s3ms_options['database']['kind'] ?? '' ) ) {
			s3ms_empty_mariadb( $s3ms_options['database'], (string) $s3ms_options['tablePrefix'] );
		}
		define( 'WP_INSTALLING', true );
		require $s3ms_docroot . '/wp-load.php';
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		// No mail server here: the "new site" email would only fail.
		add_filter( 'pre_wp_mail', '__return_true' );

		$s3ms_admin  = $s3ms_options['admin'];
		$s3ms_doing  = 'installing WordPress';
		$s3ms_result = wp_install(
			(string) $s3ms_options['title'],
			(string) $s3ms_admin['user'],
			(string) $s3ms_admin['email'],
			true,
			'',
			wp_slash( (string) $s3ms_admin['password'] ),
			'en_US'
		);
		$s3ms_doing = '';
		if ( empty( $s3ms_result['user_id'] ) || is_wp_error( $s3ms_result['user_id'] ) ) {
			s3ms_fail( array( 'wp_install() did not create the administrator.' ) );
		}

		// Pretty permalinks, as on a real site: URL handling is tested with them.
		update_option( 'permalink_structure', '/%postname%/' );
		$GLOBALS['wp_rewrite']->init();
		flush_rewrite_rules( false );

		$s3ms_theme = wp_get_theme( (string) $s3ms_options['theme'] );
		if ( ! $s3ms_theme->exists() || ! $s3ms_theme->is_allowed() ) {
			s3ms_fail( array( "Theme {$s3ms_options['theme']} is not installed." ) );
		}
		switch_theme( $s3ms_theme->get_stylesheet() );

		if ( $s3ms_problems ) {
			s3ms_fail( array_merge( array( 'WordPress installed, but PHP reported:' ), $s3ms_problems ) );
		}
		echo wp_json_encode(
			array(
				'installed' => true,
				'version'   => $GLOBALS['wp_version'],
				'theme'     => get_stylesheet(),
				'home'      => home_url( '/' ),
			)
		), "\n";
		exit( 0 );

	case 'activate':
		// As in wp-admin/plugins.php: admin context, an administrator acting.
		define( 'WP_ADMIN', true );
		require $s3ms_docroot . '/wp-load.php';
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( 1 );

		$s3ms_log      = (string) $s3ms_options['debugLog'];
		$s3ms_log_size = is_file( $s3ms_log ) ? filesize( $s3ms_log ) : 0;
		$s3ms_messages = array();
		// Helpers such as the SQLite integration: activated without their
		// hooks, as its drop-in does (its own hook redirects and exits).
		foreach ( (array) ( $s3ms_options['silentPlugins'] ?? array() ) as $s3ms_plugin ) {
			$s3ms_result = activate_plugin( (string) $s3ms_plugin, '', false, true );
			if ( is_wp_error( $s3ms_result ) ) {
				s3ms_fail( array( "Activating {$s3ms_plugin} failed: " . $s3ms_result->get_error_message() ) );
			}
		}
		foreach ( (array) $s3ms_options['plugins'] as $s3ms_plugin ) {
			$s3ms_problems = array();
			$s3ms_doing    = "activating {$s3ms_plugin}";
			ob_start();
			$s3ms_result = activate_plugin( (string) $s3ms_plugin );
			$s3ms_output = (string) ob_get_clean();
			$s3ms_doing  = '';
			clearstatcache();
			$s3ms_new_log = is_file( $s3ms_log ) && filesize( $s3ms_log ) > $s3ms_log_size
				? (string) file_get_contents( $s3ms_log, false, null, (int) $s3ms_log_size )
				: '';
			$s3ms_log_size = is_file( $s3ms_log ) ? filesize( $s3ms_log ) : 0;

			$s3ms_reasons = array();
			if ( is_wp_error( $s3ms_result ) ) {
				$s3ms_reasons[] = 'WP_Error ' . $s3ms_result->get_error_code() . ': ' . wp_strip_all_tags( $s3ms_result->get_error_message() );
				$s3ms_data      = $s3ms_result->get_error_data();
				if ( is_string( $s3ms_data ) && '' !== $s3ms_data ) {
					$s3ms_reasons[] = 'output: ' . $s3ms_data;
				}
			}
			if ( '' !== $s3ms_output ) {
				$s3ms_reasons[] = 'output: ' . $s3ms_output;
			}
			foreach ( $s3ms_problems as $s3ms_problem ) {
				$s3ms_reasons[] = $s3ms_problem;
			}
			if ( '' !== trim( $s3ms_new_log ) ) {
				$s3ms_reasons[] = "debug.log:\n" . trim( $s3ms_new_log );
			}
			if ( ! is_wp_error( $s3ms_result ) && ! is_plugin_active( (string) $s3ms_plugin ) ) {
				$s3ms_reasons[] = 'the plugin is not active after activate_plugin().';
			}
			if ( $s3ms_reasons ) {
				s3ms_fail( array_merge( array( "Activating {$s3ms_plugin} failed:" ), $s3ms_reasons ) );
			}
			$s3ms_messages[] = $s3ms_plugin;
		}
		echo wp_json_encode( array( 'activated' => $s3ms_messages ) ), "\n";
		exit( 0 );

	default:
		s3ms_fail( array( "Unknown step {$s3ms_step}" ) );
}

/**
 * A fresh MariaDB site reuses its database: drop the prefix's tables before
 * WordPress connects, so wp_install() starts from nothing. Other prefixes
 * (other sites in the same database) are left alone.
 */
function s3ms_empty_mariadb( array $database, string $prefix ): void {
	mysqli_report( MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT );
	$db     = new mysqli( (string) $database['host'], (string) $database['user'], (string) $database['password'], (string) $database['name'], (int) $database['port'] );
	$like   = $db->real_escape_string( addcslashes( $prefix, '_%\\' ) ) . '%';
	$tables = $db->query( "SHOW TABLES LIKE '{$like}'" )->fetch_all();
	foreach ( $tables as $table ) {
		$db->query( 'DROP TABLE `' . str_replace( '`', '``', (string) $table[0] ) . '`' );
	}
	$db->close();
}
