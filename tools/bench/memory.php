<?php
/**
 * Benchmark: the PHP worker's peak resident memory (VmHWM, which counts
 * curl's buffers too) above its idle size while offloading one large file.
 *
 *   php memory.php <docroot> <megabytes>
 */

declare(strict_types=1);

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

function s3ms_vmhwm_kb(): int {
	preg_match( '/^VmHWM:\s+(\d+) kB/m', (string) file_get_contents( '/proc/self/status' ), $match );
	return (int) ( $match[1] ?? 0 );
}

$megabytes = max( 1, (int) ( $argv[2] ?? 1024 ) );
$dir       = wp_get_upload_dir()['basedir'] . '/bench';
wp_mkdir_p( $dir );
$path = $dir . '/large-' . $megabytes . 'mb.bin';
// Written in 1 MB blocks, so making the file does not raise the peak itself.
$handle = fopen( $path, 'wb' );
$block  = random_bytes( 1048576 );
for ( $i = 0; $i < $megabytes; $i++ ) {
	fwrite( $handle, $block );
}
fclose( $handle );
unset( $block );

$factory = new S3MediaSync\S3\Client_Factory( S3MediaSync\Plugin::settings() );
$uploader = $factory->uploader();
$key     = 'wp-content/uploads/bench/large-' . $megabytes . 'mb.bin';
$idle    = s3ms_vmhwm_kb();
$start   = hrtime( true );
$result  = $uploader->put( array( new S3MediaSync\S3\Upload_Job( $key, $path, 'application/octet-stream', 'private' ) ) );
$seconds = ( hrtime( true ) - $start ) / 1e9;
$peak    = s3ms_vmhwm_kb();
$ok      = $result[ $key ] instanceof S3MediaSync\S3\S3_Response;
$factory->client()?->delete_object( $key );
unlink( $path );
echo wp_json_encode(
	array(
		'megabytes'  => $megabytes,
		'ok'         => $ok,
		'error'      => $ok ? null : $result[ $key ]->code . ' ' . $result[ $key ]->message,
		'idle_kb'    => $idle,
		'peak_kb'    => $peak,
		'above_mb'   => ( $peak - $idle ) / 1024,
		'seconds'    => $seconds,
	)
), "\n";
