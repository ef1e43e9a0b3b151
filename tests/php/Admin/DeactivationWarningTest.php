<?php
/**
 * The plugins screen warns under this plugin's row while attachments have
 * files only in S3, with their number and a link to the settings page, and
 * says nothing once every file is back; the count it uses (Bring_Back::
 * missing) counts attachments whose record lists removed files, and nothing
 * else.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Admin;

use S3MediaSync\Admin\Deactivation_Warning;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Sync\Bring_Back;
use S3MediaSync\Tests\TestCase;

use const S3MediaSync\PLUGIN_FILE;

final class DeactivationWarningTest extends TestCase {

	/** @var list<int> */
	private array $posts = array();

	protected function tearDown(): void {
		foreach ( $this->posts as $id ) {
			Offload_State::forget( $id );
			wp_delete_post( $id, true );
		}
		parent::tearDown();
	}

	/** An attachment record, as an upload with Remove local copies on leaves it. */
	private function recorded( array $local_removed, string $type = 'attachment' ): int {
		$id = wp_insert_post(
			array(
				'post_type'   => $type,
				'post_status' => 'attachment' === $type ? 'inherit' : 'publish',
				'post_title'  => 'warning',
			)
		);
		$this->assertIsInt( $id );
		$this->posts[] = $id;
		( new Offload_State( Offload_State::SYNCED, 'bucket', 'public-read', array( '2026/11/a.jpg' => 'wp-content/uploads/2026/11/a.jpg' ), null, 0, 0, 0, $local_removed ) )->save( $id );
		return $id;
	}

	private function row( Deactivation_Warning $warning ): string {
		ob_start();
		$warning->row( plugin_basename( PLUGIN_FILE ) );
		return (string) ob_get_clean();
	}

	public function test_the_row_warns_with_the_count_and_a_link_while_files_are_missing(): void {
		$this->act_as( 'administrator' );
		$this->assertTrue( is_plugin_active( plugin_basename( PLUGIN_FILE ) ), 'the plugin is active on the test site' );
		$before = Bring_Back::missing();
		$this->recorded( array() );
		$this->recorded( array( '2026/11/a.jpg' ), 'post' );
		$this->assertSame( $before, Bring_Back::missing(), 'an empty list, or a record on another post type, is not counted' );
		if ( 0 === $before ) {
			$this->assertSame( '', $this->row( new Deactivation_Warning() ) );
		}

		$this->recorded( array( '2026/11/a.jpg', '2026/11/a-300x200.jpg' ) );
		$this->recorded( array( '2026/11/b.jpg' ) );
		$this->assertSame( $before + 2, Bring_Back::missing() );

		$warning = new Deactivation_Warning();
		$html    = $this->row( $warning );
		$this->assertStringContainsString( sprintf( '%d attachments have files only in S3', $before + 2 ), $html );
		$this->assertStringContainsString( 'Deactivating S3 Media Sync now would break them', $html );
		$this->assertStringContainsString( 'href="' . esc_url( admin_url( 'options-general.php?page=s3-media-sync' ) ) . '"', $html );
		$this->assertStringContainsString( 'id="' . Deactivation_Warning::ID . '"', $html );

		$links = $warning->describe_deactivate( array( 'deactivate' => '<a href="plugins.php?action=deactivate">Deactivate</a>' ) );
		$this->assertSame( '<a aria-describedby="' . Deactivation_Warning::ID . '" href="plugins.php?action=deactivate">Deactivate</a>', $links['deactivate'] );
	}

	public function test_nothing_is_said_once_every_file_is_back_or_to_someone_who_cannot_act(): void {
		$this->act_as( 'administrator' );
		$id = $this->recorded( array( '2026/11/a.jpg' ) );
		$this->assertNotSame( '', $this->row( new Deactivation_Warning() ) );
		Offload_State::of( $id )?->with( array( 'local_removed' => array() ) )->save( $id );
		if ( 0 === Bring_Back::missing() ) {
			$this->assertSame( '', $this->row( new Deactivation_Warning() ) );
			$links = array( 'deactivate' => '<a href="x">Deactivate</a>' );
			$this->assertSame( $links, ( new Deactivation_Warning() )->describe_deactivate( $links ) );
		}

		$this->recorded( array( '2026/11/c.jpg' ) );
		$this->act_as( 'editor' );
		$this->assertSame( '', $this->row( new Deactivation_Warning() ) );
	}

	public function test_the_hooks_are_those_of_this_plugins_row(): void {
		$warning  = new Deactivation_Warning();
		$basename = plugin_basename( PLUGIN_FILE );
		$warning->register();
		$this->assertSame( 10, has_action( "after_plugin_row_{$basename}", array( $warning, 'row' ) ) );
		$this->assertSame( 10, has_filter( "plugin_action_links_{$basename}", array( $warning, 'describe_deactivate' ) ) );
		remove_action( "after_plugin_row_{$basename}", array( $warning, 'row' ) );
		remove_filter( "plugin_action_links_{$basename}", array( $warning, 'describe_deactivate' ) );
	}
}
