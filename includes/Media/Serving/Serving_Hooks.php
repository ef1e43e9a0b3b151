<?php
/**
 * Hooks serving into WordPress: S3 URLs on the way out (attachment URLs,
 * sizes, srcset, content, blocks, REST, the media modal, links, shortcodes,
 * feeds, theme images), local URLs on the way in (saved posts, theme mods),
 * and a redirect to S3 for a request of a missing upload. All of it shares
 * one per-request Served_Urls.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Settings\Settings_Store;

final class Serving_Hooks {

	public readonly Served_Urls $served;

	public function __construct( Settings_Store $settings, Client_Factory $factory ) {
		$this->served = new Served_Urls( $settings, $factory );
	}

	public function register(): void {
		$this->served->register();                                 // s3_media_sync_settings_updated, add_option_ / update_option_ / delete_option_ (settings), added/updated/deleted_post_meta, s3_media_sync_states_saved.
		( new Attachment_Url_Filters( $this->served ) )->register(); // wp_get_attachment_url, image_downsize, wp_calculate_image_srcset, wp_get_original_image_url, wp_prepare_attachment_for_js, wp_get_attachment_image_attributes, rest_prepare_attachment.
		( new Content_Url_Filters( $this->served ) )->register(); // the_content, render_block, wp_content_img_tag.
		$reverter = new Saved_Url_Reverter( $this->served );
		$reverter->register();                                     // wp_insert_post_data, wp_insert_attachment_data.
		( new Remaining_Url_Filters( $this->served, $reverter ) )->register(); // the_content, the_excerpt, widget text, rss_enclosure, atom_enclosure, theme_mod_ / pre_set_theme_mod_ (header and background images), theme_mod_header_image_data, pre_set_theme_mod_header_image_data, attachment_url_to_postid.
		( new Missing_Upload_Redirect( $this->served ) )->register(); // do_parse_request.
	}
}
