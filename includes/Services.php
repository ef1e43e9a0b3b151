<?php
/**
 * The plugin's object graph, built once per request: one settings store, one
 * client factory, one check of recorded objects, one retry job, and every
 * service that uses them. Hooks wires these to WordPress; tests, WP-CLI and
 * the benchmarks reach them through Plugin::services().
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync;

use S3MediaSync\Access\Access_Check;
use S3MediaSync\Access\Last_Result;
use S3MediaSync\Media\Acl_Changer;
use S3MediaSync\Media\Attachment_Deleter;
use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\Media\Deletion_Queue;
use S3MediaSync\Media\Known_Buckets;
use S3MediaSync\Media\Local_Copies;
use S3MediaSync\Media\Object_Deletions;
use S3MediaSync\Media\Offload_Planner;
use S3MediaSync\Media\Recorded_Objects;
use S3MediaSync\Media\Replaced_Objects;
use S3MediaSync\Media\Retry_Scheduler;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Settings\Settings_Store;
use S3MediaSync\Sync\Attention_List;
use S3MediaSync\Sync\Bring_Back;
use S3MediaSync\Sync\Bucket_Audit;
use S3MediaSync\Sync\Bulk_Sync;
use S3MediaSync\Sync\Job_Loopback;
use S3MediaSync\Sync\Job_Tickets;
use S3MediaSync\Sync\Sync_Job;

final class Services {

	public readonly Settings_Store $settings;
	public readonly Client_Factory $factory;
	public readonly Known_Buckets $buckets;
	public readonly Recorded_Objects $recorded;
	public readonly Deletion_Queue $queue;
	public readonly Retry_Scheduler $scheduler;
	public readonly Local_Copies $local_copies;
	public readonly Attachment_Offloader $offloader;
	public readonly Attachment_Deleter $deleter;
	public readonly Acl_Changer $acl_changer;
	public readonly Access_Check $access_check;
	public readonly Last_Result $last_result;
	public readonly Bucket_Audit $audit;
	public readonly Attention_List $attention;
	public readonly Bring_Back $bring_back;
	public readonly Sync_Job $sync_job;

	public function __construct() {
		$this->settings     = new Settings_Store();
		$this->factory      = new Client_Factory( $this->settings );
		$this->buckets      = new Known_Buckets( $this->settings );
		$this->recorded     = new Recorded_Objects( $this->buckets );
		$this->queue        = new Deletion_Queue();
		// The job calls back into the offloader and the deleter, which it is handed to: resolved when it runs.
		$this->scheduler    = new Retry_Scheduler(
			fn( int $attachment_id ): mixed => $this->offloader->offload( $attachment_id ),
			fn(): int => $this->deleter->retry_due()
		);
		$this->local_copies = new Local_Copies( $this->settings, $this->factory, $this->recorded );
		$deletions          = new Object_Deletions( $this->factory, $this->queue, $this->scheduler );
		$this->offloader    = new Attachment_Offloader(
			new Offload_Planner( $this->settings, $this->factory, $this->recorded ),
			$this->factory,
			$this->scheduler,
			$this->local_copies,
			new Replaced_Objects( $deletions, $this->recorded )
		);
		$this->deleter      = new Attachment_Deleter( $deletions, $this->queue, $this->recorded );
		$this->acl_changer  = new Acl_Changer( $this->settings, $this->factory, $this->recorded );
		$this->access_check = new Access_Check( $this->settings, $this->factory );
		$this->last_result  = new Last_Result();
		$this->audit        = new Bucket_Audit( $this->factory, $this->recorded );
		$this->attention    = new Attention_List( $this->queue, $this->scheduler );
		$this->bring_back   = new Bring_Back( $this->settings, $this->factory, $this->local_copies );
		$this->sync_job     = new Sync_Job( $this->bulk_sync( Sync_Job::CONCURRENCY ), new Job_Loopback( new Job_Tickets() ), $this->factory );
	}

	/** The bulk copy, with as many parallel uploads as asked (WP-CLI's --concurrency). */
	public function bulk_sync( int $concurrency = 16 ): Bulk_Sync {
		return new Bulk_Sync( $this->offloader, $this->factory, $concurrency );
	}
}
