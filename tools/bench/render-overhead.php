<?php
/**
 * Benchmark: what URL rewriting adds to rendering the 100-image post, in one
 * process, serving switched on and off render by render (the same filter the
 * setting goes through), so machine noise touches both alike. Prints JSON
 * with the medians in milliseconds. A listener on core's
 * `wp_get_attachment_url` at priority 20 stands for another plugin reading
 * the served URLs, on both sides, and one on the plugin's own
 * `s3_media_sync_served_url` for a plugin changing them (called only when
 * serving is on, so its cost counts against the budget).
 *
 *   php render-overhead.php <docroot> <rounds>
 */

declare(strict_types=1);

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

$rounds = max( 5, (int) ( $argv[2] ?? 41 ) );
$posts  = get_posts(
	array(
		'post_type'   => 'post',
		'title'       => 'Render benchmark',
		'numberposts' => 1,
	)
);
$post   = $posts[0] ?? null;
if ( ! $post instanceof WP_Post ) {
	fwrite( STDERR, "run render-setup.php first\n" );
	exit( 1 );
}
// Another plugin listening to core's served URLs (as a CDN or image plugin would).
$listener_calls = 0;
add_filter(
	'wp_get_attachment_url',
	static function ( $url ) use ( &$listener_calls ) {
		++$listener_calls;
		return is_string( $url ) ? str_replace( '#never-there', '', $url ) : $url;
	},
	20
);
$served_calls = 0;
add_filter(
	's3_media_sync_served_url',
	static function ( $url ) use ( &$served_calls ) {
		++$served_calls;
		return is_string( $url ) ? str_replace( '#never-there', '', $url ) : $url;
	}
);
$GLOBALS['post'] = $post;
setup_postdata( $post );

$render = static function ( bool $serve ) use ( $post ): array {
	$switch = static fn( $value ): array => array_merge( (array) $value, array( 'serve_from_s3' => $serve ) );
	add_filter( 'option_' . S3MediaSync\Settings\Settings_Fields::OPTION, $switch );
	do_action( 's3_media_sync_settings_updated', array( 'serve_from_s3' ) ); // Serving reads its settings afresh.
	$start = hrtime( true );
	$html  = apply_filters( 'the_content', $post->post_content );
	$ms    = ( hrtime( true ) - $start ) / 1e6;
	remove_filter( 'option_' . S3MediaSync\Settings\Settings_Fields::OPTION, $switch );
	return array( $ms, $html );
};
$render( true );
$render( false );
$on  = array();
$off = array();
for ( $i = 0; $i < $rounds; $i++ ) {
	foreach ( $i % 2 ? array( true, false ) : array( false, true ) as $serve ) {
		list( $ms, $html ) = $render( $serve );
		if ( $serve ) {
			$on[]   = $ms;
			$endpoint = (string) S3MediaSync\Plugin::settings()->get( 'endpoint' );
			$s3_urls  = substr_count( $html, $endpoint . '/' );
			$local    = substr_count( $html, (string) wp_get_upload_dir()['baseurl'] );
		} else {
			$off[] = $ms;
		}
	}
}
sort( $on );
sort( $off );
echo wp_json_encode(
	array(
		'on_ms'     => $on[ intdiv( count( $on ), 2 ) ],
		'off_ms'    => $off[ intdiv( count( $off ), 2 ) ],
		's3_urls'   => $s3_urls ?? 0,
		'local_urls' => $local ?? 0,
		'listener_calls_per_render' => intdiv( $listener_calls, 2 * $rounds + 2 ),
		'served_url_calls_per_render' => intdiv( $served_calls, $rounds + 1 ),
	)
), "\n";
