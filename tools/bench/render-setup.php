<?php
/**
 * Benchmark setup: ten synced images, each placed ten times in one post
 * (100 image blocks with srcset), published. Prints the post's URL.
 *
 *   php render-setup.php <docroot>
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';

$blocks = '';
$synced = 0;
for ( $n = 0; $n < 10; $n++ ) {
	$image = imagecreatetruecolor( 1600, 1200 );
	imagefilledrectangle( $image, 0, 0, 1600, 1200, (int) imagecolorallocate( $image, 20 * $n, 100, 200 - 10 * $n ) );
	$tmp = wp_tempnam( "render-$n.jpg" );
	imagejpeg( $image, $tmp, 80 );
	$id = media_handle_sideload(
		array(
			'name'     => "render-bench-$n.jpg",
			'tmp_name' => $tmp,
		),
		0
	);
	if ( ! is_int( $id ) ) {
		fwrite( STDERR, "upload failed\n" );
		exit( 1 );
	}
	$synced += S3MediaSync\Media\Offload_State::is_synced( $id ) ? 1 : 0;
	// The local URL of the large size, as the editor stores it (not the served S3 URL).
	$meta  = wp_get_attachment_metadata( $id );
	$local = '/' . dirname( (string) $meta['file'] ) . '/' . ( $meta['sizes']['large']['file'] ?? wp_basename( (string) $meta['file'] ) );
	for ( $copy = 0; $copy < 10; $copy++ ) {
		$blocks .= sprintf(
			"<!-- wp:image {\"id\":%1\$d,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"%2\$s\" alt=\"\" class=\"wp-image-%1\$d\"/></figure>\n<!-- /wp:image -->\n",
			$id,
			esc_url( wp_get_upload_dir()['baseurl'] . $local )
		);
	}
}
$post_id = wp_insert_post(
	array(
		'post_title'   => 'Render benchmark',
		'post_content' => $blocks,
		'post_status'  => 'publish',
	)
);
echo wp_json_encode(
	array(
		'url'    => get_permalink( $post_id ),
		'synced' => $synced,
	)
), "\n";
