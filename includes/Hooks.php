<?php
/**
 * Which class answers which WordPress hook, on one screen. Each line hands
 * a service from Services to WordPress; the comment beside it names the
 * hooks that class adds in its register() (a test keeps the two in step).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync;

use S3MediaSync\Admin\Attachment_Acl_Field;
use S3MediaSync\Admin\Attention_Health_Test;
use S3MediaSync\Admin\Encryption_Key_Health_Test;
use S3MediaSync\Admin\Deactivation_Warning;
use S3MediaSync\Admin\Media_Library_Acl_Action;
use S3MediaSync\Admin\Media_Library_Status;
use S3MediaSync\Admin\Settings_Page;
use S3MediaSync\Admin\Site_Health_Test;
use S3MediaSync\Cli\Deleted_Sites_Command;
use S3MediaSync\Media\Export_Import_Guard;
use S3MediaSync\Media\File_Index;
use S3MediaSync\Media\Md5_Backfill;
use S3MediaSync\Media\Retry_Scheduler;
use S3MediaSync\Media\Serving\Serving_Hooks;
use S3MediaSync\Media\Unique_Names;
use S3MediaSync\Network\Deleted_Sites;
use S3MediaSync\Rest\Access_Test_Controller;
use S3MediaSync\Rest\Attachment_Acl_Controller;
use S3MediaSync\Rest\Attachment_Field;
use S3MediaSync\Rest\Attention_Controller;
use S3MediaSync\Rest\Audit_Controller;
use S3MediaSync\Rest\Json_Body_Guard;
use S3MediaSync\Rest\Local_Copies_Controller;
use S3MediaSync\Rest\Permission_Gate;
use S3MediaSync\Rest\Settings_Controller;
use S3MediaSync\Rest\Site_Health_Controller;
use S3MediaSync\Rest\Sync_Controller;
use S3MediaSync\Rest\Unknown_Params_Guard;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Sync\Sync_Status;

final class Hooks {

	public function __construct( private readonly Services $services ) {}

	public function register(): void {
		$s = $this->services;

		// Settings: the option (init), and who saved what.
		add_action( 'init', array( $this, 'init' ) );
		$s->buckets->register();                                 // Known_Buckets: s3_media_sync_settings_updated, update_option_ / add_option_ (the settings), switch_blog.
		add_action( 's3_media_sync_settings_updated', array( $s->last_result, 'forget' ) ); // A result for old settings would mislead.

		// Uploads, names, edits and deletions.
		$s->offloader->register();                               // Attachment_Offloader: wp_generate_attachment_metadata, wp_update_attachment_metadata, shutdown, s3_media_sync_offload_later.
		( new Unique_Names( $s->settings, $s->factory ) )->register(); // wp_unique_filename.
		$s->local_copies->register();                            // Local_Copies: load_image_to_edit_path, wp_get_original_image_path.
		$s->deleter->register();                                 // Attachment_Deleter: delete_attachment.
		$s->scheduler->register();                               // Retry_Scheduler: s3_media_sync_retry.
		$s->sync_job->register();                                // Sync_Job: wp_ajax_nopriv_ and wp_ajax_ (its loopback workers), s3_media_sync_sync_job.
		( new Export_Import_Guard() )->register();              // wxr_export_skip_postmeta, import_post_meta_key.
		( new Md5_Backfill( $s->factory, $s->recorded ) )->register(); // s3_media_sync_md5_backfill, admin_init.
		if ( is_admin() || wp_doing_cron() ) {
			add_action( 'init', array( File_Index::class, 'migrate' ), 10, 0 ); // Records older than the file index, a few hundred a request.
			add_action( 'init', array( Retry_Scheduler::class, 'tidy' ), 10, 0 ); // Next-attempt rows synced attachments kept from before, a few hundred a request.
		}

		// Serving: front end, admin, REST and the editor all show media.
		( new Serving_Hooks( $s->settings, $s->factory ) )->register(); // See Media/Serving/Serving_Hooks.php for its filters.

		// REST: the guards every route passes first, then the routes.
		( new Permission_Gate() )->register();                  // rest_pre_dispatch.
		( new Json_Body_Guard() )->register();                  // rest_pre_dispatch.
		( new Unknown_Params_Guard() )->register();             // rest_request_before_callbacks.
		add_action( 'rest_api_init', array( $this, 'routes' ) );
		add_action( 'rest_api_init', array( new Attachment_Field(), 'register' ) );

		// The admin: settings page, media library, plugins screen, Site Health.
		if ( is_admin() ) {
			( new Settings_Page() )->register();                 // admin_menu, admin_enqueue_scripts; its Asset_Loader: admin_notices when the built script is missing.
			( new Media_Library_Acl_Action( $s->acl_changer ) )->register(); // media_row_actions, admin_post_, bulk_actions-upload, handle_bulk_actions-upload, admin_notices.
			( new Attachment_Acl_Field( $s->acl_changer ) )->register(); // attachment_fields_to_edit, attachment_fields_to_save, wp_enqueue_media.
			( new Media_Library_Status( $s->offloader ) )->register(); // manage_media_columns, manage_media_custom_column, media_row_actions, attachment_fields_to_edit, admin_post_.
			( new Deactivation_Warning() )->register();          // after_plugin_row_, plugin_action_links_.
		}
		( new Site_Health_Test( $s->access_check, $s->last_result ) )->register(); // site_status_tests.
		( new Attention_Health_Test( $s->attention ) )->register(); // site_status_tests.
		( new Encryption_Key_Health_Test( $s->settings ) )->register(); // site_status_tests.

		// A network: a deleted site's objects are listed for the super admin.
		if ( is_multisite() ) {
			( new Deleted_Sites() )->register();                 // wp_uninitialize_site, network_admin_notices.
		}

		if ( defined( 'WP_CLI' ) && WP_CLI && class_exists( 'WP_CLI' ) ) {
			\WP_CLI::add_command( 's3-media-sync', Plugin::cli_command( $s->offloader ) );
			if ( is_multisite() ) {
				\WP_CLI::add_command( 's3-media-sync deleted-sites', new Deleted_Sites_Command() );
			}
		}
	}

	/** No string is translated before this (WordPress 6.7+ warns about early translation). */
	public function init(): void {
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

	public function routes(): void {
		$s = $this->services;
		( new Settings_Controller( $s->settings ) )->register_routes();
		( new Access_Test_Controller( $s->access_check, $s->last_result ) )->register_routes();
		( new Site_Health_Controller( new Site_Health_Test( $s->access_check, $s->last_result ) ) )->register_routes();
		( new Attachment_Acl_Controller( $s->acl_changer ) )->register_routes();
		( new Local_Copies_Controller( $s->bring_back ) )->register_routes();
		( new Attention_Controller( $s->attention ) )->register_routes();
		( new Audit_Controller( $s->audit, $s->factory ) )->register_routes();
		( new Sync_Controller( $s->bulk_sync(), $s->sync_job, new Sync_Status(), $s->offloader, $s->factory ) )->register_routes();
	}
}
