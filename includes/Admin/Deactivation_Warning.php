<?php
/**
 * The plugins screen warns, under this plugin's row, while attachments have
 * files only in S3 (Remove local copies deleted them here): deactivating
 * would break every post that shows them, although readme.txt promises that
 * deactivation never does. The warning says how many and links to the
 * settings page, whose "Bring files back" puts the files back first.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Sync\Bring_Back;

use const S3MediaSync\PLUGIN_FILE;

final class Deactivation_Warning {

	/** The id the Deactivate link is described by. */
	public const ID = 's3-media-sync-deactivation-warning';

	/** @var int|null The count, taken once per page (the row and the link both need it). */
	private ?int $missing = null;

	public function register(): void {
		$basename = plugin_basename( PLUGIN_FILE );
		add_action( "after_plugin_row_{$basename}", array( $this, 'row' ), 10, 1 );
		add_filter( "plugin_action_links_{$basename}", array( $this, 'describe_deactivate' ) );
	}

	/**
	 * Screen readers reach the warning from the link it is about.
	 *
	 * @param mixed $links Action name => link HTML.
	 * @return mixed The links, the Deactivate one described by the warning.
	 */
	public function describe_deactivate( mixed $links ): mixed {
		if ( ! is_array( $links ) || ! isset( $links['deactivate'] ) || ! is_string( $links['deactivate'] ) || 0 === $this->missing() ) {
			return $links;
		}
		$links['deactivate'] = (string) preg_replace( '/^<a /', '<a aria-describedby="' . self::ID . '" ', $links['deactivate'], 1 );
		return $links;
	}

	/** @param mixed $plugin_file The row's plugin, relative to the plugins folder. */
	public function row( mixed $plugin_file ): void {
		if ( ! is_string( $plugin_file ) || ! current_user_can( 'manage_options' ) || ! is_plugin_active( $plugin_file ) ) {
			return;
		}
		$missing = $this->missing();
		if ( 0 === $missing ) {
			return;
		}
		$message = sprintf(
			/* translators: %d: number of attachments. */
			_n(
				'%d attachment has files only in S3 (Remove local copies deleted them from this server). Deactivating S3 Media Sync now would break it wherever it is shown.',
				'%d attachments have files only in S3 (Remove local copies deleted them from this server). Deactivating S3 Media Sync now would break them wherever they are shown.',
				$missing,
				's3-media-sync'
			),
			$missing
		);
		$list_table = $GLOBALS['wp_list_table'] ?? null;
		$columns    = $list_table instanceof \WP_List_Table ? $list_table->get_column_count() : 4;
		printf(
			'<tr class="plugin-update-tr active"><td colspan="%1$d" class="plugin-update colspanchange"><div id="%2$s" class="notice inline notice-warning notice-alt"><p>%3$s <a href="%4$s">%5$s</a></p></div></td></tr>',
			(int) $columns,
			esc_attr( self::ID ),
			esc_html( $message ),
			esc_url( admin_url( 'options-general.php?page=' . Settings_Page::SLUG ) ),
			esc_html__( 'Bring files back first', 's3-media-sync' )
		);
	}

	private function missing(): int {
		return $this->missing ??= Bring_Back::missing();
	}
}
