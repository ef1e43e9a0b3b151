<?php
/**
 * Hooks serving into WordPress: S3 URLs on the way out (attachment URLs,
 * sizes, srcset, content, blocks, REST, the media modal), local URLs on the
 * way in (saved posts). All of it shares one per-request Served_Urls.
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
		( new Saved_Url_Reverter( $this->served ) )->register();
	}
}
