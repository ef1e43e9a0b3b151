<?php
/**
 * Boots the plugin: on plugins_loaded, when the site has what it needs
 * (Requirements), builds the object graph once (Services) and hands it to
 * WordPress (Hooks: which class answers which hook, on one screen). The
 * static accessors below reach the same objects for WP-CLI, the tests and
 * the benchmarks.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync;

use S3MediaSync\Access\Access_Check;
use S3MediaSync\Cli\Command;
use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\Media\Recorded_Objects;
use S3MediaSync\Network\Deactivation;
use S3MediaSync\Settings\Settings_Store;
use S3MediaSync\Sync\Attention_List;
use S3MediaSync\Sync\Bring_Back;
use S3MediaSync\Sync\Bucket_Audit;
use S3MediaSync\Sync\Bulk_Sync;

final class Plugin {

	private static bool $booted = false;

	private static ?Services $services = null;

	public static function boot(): void {
		if ( self::$booted ) {
			return;
		}
		self::$booted = true;
		// Registered as the file loads, so deactivation finds it: nothing wakes up to retry on any site it stopped on.
		register_deactivation_hook( PLUGIN_FILE, array( new Deactivation( plugin_basename( PLUGIN_FILE ) ), 'deactivate' ) );
		add_action( 'plugins_loaded', array( self::class, 'start' ) );
	}

	public static function start(): void {
		$problems = Requirements::current_problems();
		if ( array() !== $problems ) {
			add_action( 'admin_notices', static fn() => Requirements::notice( $problems ) );
			return;
		}
		( new Hooks( self::services() ) )->register();
	}

	public static function services(): Services {
		return self::$services ??= new Services();
	}

	public static function settings(): Settings_Store {
		return self::services()->settings;
	}

	/** The offloader the hooks use (for WP-CLI and the bulk copy). */
	public static function offloader(): Attachment_Offloader {
		return self::services()->offloader;
	}

	/** The one check of which recorded objects may be read, changed or deleted. */
	public static function recorded(): Recorded_Objects {
		return self::services()->recorded;
	}

	/** What keeps failing and needs the admin (settings page, Site Health, WP-CLI). */
	public static function attention(): Attention_List {
		return self::services()->attention;
	}

	/** The comparison of every record with the bucket (WP-CLI verify, the settings page). */
	public static function audit(): Bucket_Audit {
		return self::services()->audit;
	}

	/** "Bring files back": the settings page's panel and `wp s3-media-sync download-all`. */
	public static function bring_back(): Bring_Back {
		return self::services()->bring_back;
	}

	public static function access_check(): Access_Check {
		return self::services()->access_check;
	}

	public static function bulk_sync( Attachment_Offloader $offloader, int $concurrency = 16 ): Bulk_Sync {
		return new Bulk_Sync( $offloader, self::services()->factory, $concurrency );
	}

	public static function cli_command( Attachment_Offloader $offloader ): Command {
		$services = self::services();
		return new Command(
			$offloader,
			static fn( int $concurrency ): Bulk_Sync => self::bulk_sync( $offloader, $concurrency ),
			$services->access_check,
			$services->factory,
			$services->attention,
			$services->audit,
			$services->bring_back,
			$services->sync_job
		);
	}

	/** Absolute path of a file inside the plugin. */
	public static function path( string $relative ): string {
		return plugin_dir_path( PLUGIN_FILE ) . ltrim( $relative, '/' );
	}

	/** Public URL of a file inside the plugin. */
	public static function url( string $relative ): string {
		return plugins_url( ltrim( $relative, '/' ), PLUGIN_FILE );
	}
}
