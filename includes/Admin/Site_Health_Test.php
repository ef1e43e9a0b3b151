<?php
/**
 * Tools → Site Health runs Test S3 Access asynchronously (through REST, as
 * core's own async tests do) and reports the same category and message.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Access\Access_Check;
use S3MediaSync\Access\Last_Result;

final class Site_Health_Test {

	public const ID = 's3_media_sync_access';

	public function __construct(
		private readonly Access_Check $check,
		private readonly Last_Result $last
	) {}

	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_test' ) );
	}

	/**
	 * @param array<string, mixed> $tests Site Health tests.
	 * @return array<string, mixed>
	 */
	public function add_test( array $tests ): array {
		$tests['async'][ self::ID ] = array(
			'label'             => __( 'S3 Media Sync can use its bucket', 's3-media-sync' ),
			'test'              => rest_url( 's3-media-sync/v1/site-health' ),
			'has_rest'          => true,
			'async_direct_test' => array( $this, 'result' ),
		);
		return $tests;
	}

	/** @return array<string, mixed> A Site Health result. */
	public function result(): array {
		$result = $this->check->run();
		$this->last->save( $result );

		$status = match ( true ) {
			'ok' === $result['category']             => 'good',
			'not_configured' === $result['category'],
			(bool) $result['ok']                     => 'recommended',
			default                                  => 'critical',
		};
		$items = '';
		foreach ( $result['checks'] as $check ) {
			if ( 'pass' !== $check['status'] ) {
				$items .= sprintf( '<li><strong>%s</strong>: %s</li>', esc_html( (string) $check['permission'] ), esc_html( (string) $check['message'] ) );
			}
		}
		return array(
			'label'       => 'good' === $status
				? __( 'S3 Media Sync can use its bucket', 's3-media-sync' )
				/* translators: %s: the problem's title, such as "Access Denied". */
				: sprintf( __( 'S3 Media Sync: %s', 's3-media-sync' ), (string) $result['title'] ),
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'Media', 's3-media-sync' ),
				'color' => 'good' === $status ? 'blue' : ( 'critical' === $status ? 'red' : 'orange' ),
			),
			'description' => '<p>' . esc_html( (string) $result['message'] ) . '</p>' . ( '' !== $items ? '<ul>' . $items . '</ul>' : '' ),
			'actions'     => sprintf(
				'<p><a href="%s">%s</a></p>',
				esc_url( admin_url( 'options-general.php?page=' . Settings_Page::SLUG ) ),
				esc_html__( 'Open S3 Media Sync settings', 's3-media-sync' )
			),
			'test'        => self::ID,
		);
	}
}
