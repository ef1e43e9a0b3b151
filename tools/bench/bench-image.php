<?php
/**
 * Benchmark helper: a JPEG photo stand-in (diagonal lines of changing
 * colour, so it compresses like a photo rather than a flat fill), written
 * to a temporary file.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

/** @return string The temporary file's path. */
function s3ms_bench_jpeg( int $width, int $height, string $name ): string {
	$image = imagecreatetruecolor( $width, $height );
	for ( $x = 0; $x < $width; $x += 6 ) {
		imageline( $image, $x, 0, $width - $x, $height, (int) imagecolorallocate( $image, $x % 256, ( $x * 3 ) % 256, ( $x * 7 ) % 256 ) );
	}
	$path = wp_tempnam( $name );
	imagejpeg( $image, $path, 85 );
	imagedestroy( $image );
	return $path;
}
