<?php
/**
 * What every serving filter shares, worked out once per request on first use
 * (settings, bucket addresses, the site's uploads URL, offload states) and
 * dropped when what it was made from changes: the settings, the current site
 * (switch_to_blog), an attachment's offload state.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\Media\File_Index;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Settings\Settings_Store;

final class Served_Urls {

	private ?Serving_Settings $settings = null;

	private ?Attachment_Urls $attachments = null;

	private ?Urls_Without_Ids $without_ids = null;

	private File_Owners $owners;

	/** The site the above belong to: multisite pages switch sites in the middle of a request. */
	private int $site = 0;

	public function __construct(
		private readonly Settings_Store $store,
		private readonly Client_Factory $factory
	) {
		$this->owners = new File_Owners();
	}

	public function register(): void {
		add_action( 's3_media_sync_settings_updated', array( $this, 'reset' ) );
		// Direct option writes (tests, WP-CLI `option update`) bypass the store's action.
		add_action( 'add_option_' . Settings_Fields::OPTION, array( $this, 'reset' ) );
		add_action( 'update_option_' . Settings_Fields::OPTION, array( $this, 'reset' ) );
		add_action( 'delete_option_' . Settings_Fields::OPTION, array( $this, 'reset' ) );
		foreach ( array( 'added_post_meta', 'updated_post_meta', 'deleted_post_meta' ) as $action ) {
			add_action( $action, array( $this, 'forget_state' ), 10, 3 );
		}
		add_action( 's3_media_sync_states_saved', array( $this, 'forget_states' ) );
	}

	public function settings(): Serving_Settings {
		$this->follow_site();
		return $this->settings ??= Serving_Settings::from_store( $this->store, $this->factory );
	}

	/** URLs of synced attachments, or null when media is served from this server. */
	public function attachments(): ?Attachment_Urls {
		$settings = $this->settings();
		if ( ! $settings->is_serving() ) {
			return null;
		}
		return $this->attachments ??= new Attachment_Urls(
			$settings,
			Local_Uploads::for_current_site(),
			new Object_Urls( $settings, new Presigner( $this->factory, $settings->presign_expiry ) ),
			\S3MediaSync\Plugin::recorded()
		);
	}

	/** Served URLs for local upload URLs that name no attachment, or null when media is served from this server. */
	public function without_ids(): ?Urls_Without_Ids {
		$attachments = $this->attachments();
		if ( null === $attachments ) {
			return null;
		}
		return $this->without_ids ??= new Urls_Without_Ids( $attachments, $this->owners );
	}

	public function reset(): void {
		$this->settings    = null;
		$this->attachments = null;
		$this->without_ids = null;
		$this->owners->forget();
	}

	/**
	 * @param int|int[] $meta_ids  Unused.
	 * @param int       $object_id The post.
	 * @param string    $meta_key  Only the offload state matters.
	 */
	public function forget_state( int|array $meta_ids, int $object_id, string $meta_key ): void {
		if ( Offload_State::META === $meta_key && null !== $this->attachments ) {
			$this->attachments->forget( $object_id );
		}
		if ( File_Index::is_key( $meta_key ) ) {
			$this->owners->forget();
		}
	}

	/** @param list<int> $ids Attachments whose state Offload_State::save_many() wrote. */
	public function forget_states( array $ids ): void {
		foreach ( $ids as $id ) {
			$this->forget_state( 0, $id, Offload_State::META );
		}
		$this->owners->forget();
	}

	private function follow_site(): void {
		$site = get_current_blog_id();
		if ( $site !== $this->site ) {
			$this->reset();
			$this->site = $site;
		}
	}
}
