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

use S3MediaSync\Settings\Settings_Store;

final class Serving_Hooks {

	public readonly Served_Urls $served;

	public function __construct( Settings_Store $settings ) {
		$this->served = new Served_Urls( $settings );
	}

	public function register(): void {
		$this->served->register();
		( new Attachment_Url_Filters( $this->served ) )->register();
		( new Content_Url_Filters( $this->served ) )->register();
		$reverter = new Saved_Url_Reverter( $this->served );
		$reverter->register();
		( new Remaining_Url_Filters( $this->served, $reverter ) )->register();
		( new Missing_Upload_Redirect( $this->served ) )->register();
	}
}
