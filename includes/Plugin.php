<?php
/**
 * Wires the plugin's parts to WordPress. Nothing here runs before `init`
 * that translates a string (WordPress 6.7+ warns about early translation).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync;

use S3MediaSync\Access\Access_Check;
use S3MediaSync\Access\Last_Result;
use S3MediaSync\Admin\Media_Library_Acl_Action;
use S3MediaSync\Admin\Media_Library_Status;
use S3MediaSync\Cli\Command;
use S3MediaSync\Admin\Settings_Page;
use S3MediaSync\Admin\Deactivation_Warning;
use S3MediaSync\Media\Acl_Changer;
use S3MediaSync\Media\Attachment_Deleter;
use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\Media\Deletion_Queue;
use S3MediaSync\Media\Export_Import_Guard;
use S3MediaSync\Media\File_Index;
use S3MediaSync\Media\Known_Buckets;
use S3MediaSync\Media\Md5_Backfill;
use S3MediaSync\Media\Offload_Planner;
use S3MediaSync\Media\Recorded_Objects;
use S3MediaSync\Media\Replaced_Objects;
use S3MediaSync\Media\Unique_Names;
use S3MediaSync\Media\Local_Copies;
use S3MediaSync\Media\Retry_Scheduler;
use S3MediaSync\Media\Serving\Serving_Hooks;
use S3MediaSync\Rest\Attachment_Field;
use S3MediaSync\Admin\Attention_Health_Test;
use S3MediaSync\Admin\Site_Health_Test;
use S3MediaSync\Rest\Access_Test_Controller;
use S3MediaSync\Rest\Attachment_Acl_Controller;
use S3MediaSync\Rest\Site_Health_Controller;
use S3MediaSync\Rest\Attention_Controller;
use S3MediaSync\Rest\Audit_Controller;
use S3MediaSync\Rest\Local_Copies_Controller;
use S3MediaSync\Rest\Sync_Controller;
use S3MediaSync\Sync\Attention_List;
use S3MediaSync\Sync\Bucket_Audit;
use S3MediaSync\Sync\Bring_Back;
use S3MediaSync\Sync\Bulk_Sync;
use S3MediaSync\Sync\Sync_Status;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Rest\Json_Body_Guard;
use S3MediaSync\Rest\Permission_Gate;
use S3MediaSync\Rest\Unknown_Params_Guard;
use S3MediaSync\Rest\Settings_Controller;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Settings\Settings_Store;

final class Plugin {

	private static bool $booted = false;

	private static ?Settings_Store $settings = null;

	private static ?Attachment_Offloader $offloader = null;

	private static ?Recorded_Objects $recorded = null;

	/** The retry job, connected to the offloader and the deleter (set by register_media). */
	private static ?Retry_Scheduler $scheduler = null;

	public static function boot(): void {
		if ( self::$booted ) {
			return;
		}
		self::$booted = true;

		add_action( 'init', array( self::class, 'init' ) );
		// Deactivated, nothing should wake up to retry, on any site it stopped on (see Network\Deactivation).
		register_deactivation_hook( PLUGIN_FILE, array( new \S3MediaSync\Network\Deactivation( plugin_basename( PLUGIN_FILE ) ), 'deactivate' ) );
		if ( is_multisite() ) {
			// A deleted site's objects are listed for the super admin, never silently left (Network\Deleted_Sites).
			( new \S3MediaSync\Network\Deleted_Sites() )->register();
		}
		add_action( 'rest_api_init', array( self::class, 'register_routes' ) );
		( new Permission_Gate() )->register();
		( new Json_Body_Guard() )->register();
		( new Unknown_Params_Guard() )->register();

		// A test result for settings that have since changed would mislead.
		add_action( 's3_media_sync_settings_updated', array( new Last_Result(), 'forget' ) );

		if ( is_admin() ) {
			( new Settings_Page() )->register();
			( new Media_Library_Acl_Action( self::acl_changer() ) )->register();
			// Deactivating while files are only in S3 would break them: say so where the link is.
			( new Deactivation_Warning() )->register();
		}
		self::site_health()->register();
		( new Attention_Health_Test( self::attention() ) )->register();
		self::register_media();
		// Front end, admin, REST and the editor all show media: not behind is_admin().
		( new Serving_Hooks( self::settings() ) )->register();
	}

	public static function init(): void {
		load_plugin_textdomain( TEXT_DOMAIN, false, dirname( plugin_basename( PLUGIN_FILE ) ) . '/languages' );
		// Not in REST: core's /wp/v2/settings would hand the secret to the browser.
		register_setting(
			's3_media_sync',
			Settings_Fields::OPTION,
			array(
				'type'         => 'object',
				'default'      => Settings_Fields::defaults(),
				'show_in_rest' => false,
			)
		);
	}

	public static function register_routes(): void {
		( new Settings_Controller( self::settings() ) )->register_routes();
		( new Access_Test_Controller( self::access_check(), new Last_Result() ) )->register_routes();
		( new Site_Health_Controller( self::site_health() ) )->register_routes();
		( new Attachment_Acl_Controller( self::acl_changer() ) )->register_routes();
		( new Local_Copies_Controller( self::bring_back() ) )->register_routes();
		( new Attention_Controller( self::attention() ) )->register_routes();
		( new Audit_Controller( self::audit(), new Client_Factory( self::settings() ) ) )->register_routes();
		$offloader = self::offloader();
		if ( null !== $offloader ) {
			( new Sync_Controller( self::bulk_sync( $offloader ), new Sync_Status(), $offloader, new Client_Factory( self::settings() ) ) )->register_routes();
		}
	}

	/** Uploads, deletion and their retry job. */
	private static function register_media(): void {
		$factory   = new Client_Factory( self::settings() );
		$scheduler = new Retry_Scheduler();
		$buckets   = new Known_Buckets( self::settings() );
		$recorded  = self::recorded();
		$queue     = new Deletion_Queue();
		$local     = new Local_Copies( self::settings(), $factory, $recorded );
		$offloader = new Attachment_Offloader(
			new Offload_Planner( self::settings(), $factory, $recorded ),
			$factory,
			$scheduler,
			$local,
			new Replaced_Objects( $factory, $queue, $scheduler, $recorded )
		);
		$deleter   = new Attachment_Deleter( $factory, $queue, $scheduler, $recorded );
		$buckets->register();
		( new Unique_Names( self::settings(), $factory ) )->register();
		( new Export_Import_Guard() )->register();
		( new Md5_Backfill( $factory, $recorded ) )->register();
		// Records older than the file index get their rows a few hundred at a time, in the background or the admin.
		if ( is_admin() || wp_doing_cron() ) {
			add_action( 'init', static fn() => File_Index::migrate() );
		}
		$scheduler->connect(
			static fn( int $attachment_id ): mixed => $offloader->offload( $attachment_id ),
			static fn(): int => $deleter->retry_due()
		);
		$offloader->register();
		$local->register();
		$deleter->register();
		$scheduler->register();
		self::$scheduler = $scheduler;
		self::$offloader = $offloader;
		if ( is_admin() ) {
			( new Media_Library_Status( $offloader ) )->register();
		}
		if ( defined( 'WP_CLI' ) && WP_CLI && class_exists( 'WP_CLI' ) ) {
			\WP_CLI::add_command( 's3-media-sync', self::cli_command( $offloader ) );
			if ( is_multisite() ) {
				\WP_CLI::add_command( 's3-media-sync deleted-sites', new \S3MediaSync\Cli\Deleted_Sites_Command() );
			}
		}
		add_action( 'rest_api_init', array( new Attachment_Field(), 'register' ) );
	}

	/** The offloader the hooks use (for WP-CLI and the bulk copy). */
	public static function offloader(): ?Attachment_Offloader {
		return self::$offloader;
	}

	public static function cli_command( Attachment_Offloader $offloader ): Command {
		return new Command(
			$offloader,
			static fn( int $concurrency ): Bulk_Sync => self::bulk_sync( $offloader, $concurrency ),
			self::access_check(),
			new Client_Factory( self::settings() ),
			self::attention(),
			self::audit(),
			self::bring_back()
		);
	}

	/** "Bring files back": the settings page's panel and `wp s3-media-sync download-all`. */
	public static function bring_back(): Bring_Back {
		$factory = new Client_Factory( self::settings() );
		return new Bring_Back( self::settings(), $factory, new Local_Copies( self::settings(), $factory, self::recorded() ) );
	}

	public static function bulk_sync( Attachment_Offloader $offloader, int $concurrency = 16 ): Bulk_Sync {
		return new Bulk_Sync( $offloader, new Client_Factory( self::settings() ), $concurrency );
	}

	private static function acl_changer(): Acl_Changer {
		return new Acl_Changer( self::settings(), new Client_Factory( self::settings() ), self::recorded() );
	}

	public static function access_check(): Access_Check {
		return new Access_Check( self::settings(), new Client_Factory( self::settings() ) );
	}

	/** The comparison of every record with the bucket (WP-CLI verify, the settings page). */
	public static function audit(): Bucket_Audit {
		return new Bucket_Audit( new Client_Factory( self::settings() ), self::recorded() );
	}

	/** What keeps failing and needs the admin (settings page, Site Health, WP-CLI). */
	public static function attention(): Attention_List {
		return new Attention_List( new Deletion_Queue(), self::$scheduler ?? new Retry_Scheduler() );
	}

	private static function site_health(): Site_Health_Test {
		return new Site_Health_Test( self::access_check(), new Last_Result() );
	}

	/** The one check of which recorded objects may be read, changed or deleted. */
	public static function recorded(): Recorded_Objects {
		return self::$recorded ??= new Recorded_Objects( new Known_Buckets( self::settings() ) );
	}

	public static function settings(): Settings_Store {
		return self::$settings ??= new Settings_Store();
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
