<?php
/**
 * Plugin Name:       S3 Media Sync
 * Description:       Keeps the media library in Amazon S3 (or an S3-compatible store) using only the permissions of a least-privilege IAM policy.
 * Version:           0.1.0
 * Requires at least: 6.8
 * Requires PHP:      8.2
 * Author:            S3 Media Sync contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       s3-media-sync
 * Domain Path:       /languages
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync;

defined( 'ABSPATH' ) || exit;

const VERSION     = '0.1.0';
const PLUGIN_FILE = __FILE__;
const TEXT_DOMAIN = 's3-media-sync';

require_once __DIR__ . '/includes/autoload.php';

Plugin::boot();
