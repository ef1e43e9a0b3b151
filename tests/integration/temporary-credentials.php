<?php
/**
 * The site's WordPress from the command line, with whatever AWS_* environment
 * variables the spec gives this process: what a web server started with
 * temporary credentials in its environment does (the site's saved key is
 * still in the database; the environment wins over it). Media is private
 * here, so it is served through presigned URLs. Prints one line of JSON.
 *
 *   php temporary-credentials.php <docroot> test
 *   php temporary-credentials.php <docroot> upload <file> <name>
 *   php temporary-credentials.php <docroot> delete <id>
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

require __DIR__ . '/load-site.php';

// Private media, in this process only: the spec shares the site with others.
add_filter(
	'option_s3_media_sync_settings',
	static fn( mixed $settings ): array => array_merge( (array) $settings, array( 'object_acl' => 'private' ) )
);

$s3ms_state = static function ( int $id ): ?array {
	$state = \S3MediaSync\Media\Offload_State::of( $id );
	return null === $state ? null : $state->to_rest();
};

switch ( $argv[2] ) {
	case 'test':
		$s3ms_answer = \S3MediaSync\Plugin::access_check()->run();
		break;
	case 'upload':
		$s3ms_copy = wp_tempnam( $argv[4] );
		copy( $argv[3], $s3ms_copy );
		$s3ms_id     = media_handle_sideload(
			array(
				'name'     => $argv[4],
				'tmp_name' => $s3ms_copy,
			),
			0
		);
		$s3ms_answer = is_wp_error( $s3ms_id )
			? array( 'error' => $s3ms_id->get_error_message() )
			: array(
				'id'    => $s3ms_id,
				'state' => $s3ms_state( $s3ms_id ),
				'url'   => wp_get_attachment_url( $s3ms_id ),
			);
		break;
	case 'delete':
		$s3ms_id     = (int) $argv[3];
		$s3ms_answer = array(
			'deleted' => false !== wp_delete_attachment( $s3ms_id, true ),
			'state'   => $s3ms_state( $s3ms_id ),
		);
		break;
	default:
		fwrite( STDERR, "unknown command\n" );
		exit( 2 );
}
echo wp_json_encode( $s3ms_answer ), "\n";
