<?php
/**
 * Site Health: media that needs the admin's attention (Attention_List) —
 * uploads that failed or keep failing, deletions S3 keeps refusing — with a
 * link to the settings page, where they are listed and can be retried now.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Sync\Attention_List;

final class Attention_Health_Test {

	public const ID = 's3_media_sync_attention';

	public function __construct( private readonly Attention_List $attention ) {}

	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_test' ) );
	}

	/**
	 * @param array<string, mixed> $tests Site Health tests.
	 * @return array<string, mixed>
	 */
	public function add_test( array $tests ): array {
		$tests['direct'][ self::ID ] = array(
			'label' => __( 'S3 Media Sync has no media waiting for you', 's3-media-sync' ),
			'test'  => array( $this, 'result' ),
		);
		return $tests;
	}

	/** @return array<string, mixed> A Site Health result. */
	public function result(): array {
		$summary = $this->attention->summary();
		$waiting = $summary['uploads'] + $summary['deletions'];
		$items   = '';
		foreach ( array_slice( $summary['deletion_failures'], 0, 10 ) as $entry ) {
			$items .= sprintf( '<li><code>%s</code>: %s</li>', esc_html( $entry['bucket'] . '/' . $entry['key'] ), esc_html( $entry['error'] ) );
		}
		return array(
			'label'       => 0 === $waiting
				? __( 'S3 Media Sync has no media waiting for you', 's3-media-sync' )
				/* translators: %d: number of uploads and deletions. */
				: sprintf( _n( 'S3 Media Sync: %d upload or deletion keeps failing', 'S3 Media Sync: %d uploads and deletions keep failing', $waiting, 's3-media-sync' ), $waiting ),
			'status'      => 0 === $waiting ? 'good' : 'recommended',
			'badge'       => array(
				'label' => __( 'Media', 's3-media-sync' ),
				'color' => 0 === $waiting ? 'blue' : 'orange',
			),
			'description' => '<p>' . esc_html(
				0 === $waiting
					? __( 'Every upload is in S3, and every deleted file is gone from it.', 's3-media-sync' )
					/* translators: 1: uploads, 2: deletions. */
					: sprintf( __( '%1$d uploads failed or keep failing, and S3 keeps refusing %2$d deletions. Files stay on this server and are retried at least daily; nothing is given up.', 's3-media-sync' ), $summary['uploads'], $summary['deletions'] )
			) . '</p>' . ( '' !== $items ? '<ul>' . $items . '</ul>' : '' ),
			'actions'     => sprintf(
				'<p><a href="%s">%s</a></p>',
				esc_url( admin_url( 'options-general.php?page=' . Settings_Page::SLUG ) ),
				esc_html__( 'See the list and retry now', 's3-media-sync' )
			),
			'test'        => self::ID,
		);
	}
}
