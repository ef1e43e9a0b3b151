<?php
/**
 * Benchmark setup "private": twenty 800×600 JPEGs uploaded with the
 * plugin's object ACL set to private (so they are served by presigned
 * URLs), each placed once in one published post. Prints the post's URL and
 * how many of the images are synced.
 *
 *   php private-setup.php <docroot>
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';
require_once __DIR__ . '/bench-image.php';

use S3MediaSync\Media\Offload_State;

$blocks  = '';
$private = 0;
for ( $n = 0; $n < 20; $n++ ) {
	$id = media_handle_sideload(
		array(
			'name'     => "private-bench-$n.jpg",
			'tmp_name' => s3ms_bench_jpeg( 800 + $n, 600, "private-bench-$n.jpg" ),
		),
		0
	);
	if ( ! is_int( $id ) ) {
		fwrite( STDERR, "upload failed\n" );
		exit( 1 );
	}
	$state    = Offload_State::of( $id );
	$private += null !== $state && Offload_State::SYNCED === $state->status && 'private' === $state->acl ? 1 : 0;
	$blocks  .= sprintf(
		"<!-- wp:image {\"id\":%1\$d,\"sizeSlug\":\"medium\"} -->\n<figure class=\"wp-block-image size-medium\"><img src=\"%2\$s\" alt=\"\" class=\"wp-image-%1\$d\"/></figure>\n<!-- /wp:image -->\n",
		$id,
		esc_url( (string) wp_get_attachment_image_url( $id, 'medium' ) )
	);
}
$post_id = wp_insert_post(
	array(
		'post_title'   => 'Private images benchmark',
		'post_content' => $blocks,
		'post_status'  => 'publish',
	)
);
echo wp_json_encode(
	array(
		'url'     => get_permalink( $post_id ),
		'private' => $private,
	)
), "\n";
