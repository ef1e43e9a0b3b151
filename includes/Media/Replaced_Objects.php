<?php
/**
 * Removes the objects that new uploads replaced (a size regenerated with new
 * bytes went up under a new key), and only after S3 confirmed the new one
 * and the record naming it was saved: until then the old object is what
 * the record serves. Only objects this site may delete are touched
 * (Recorded_Objects); a deletion S3 refuses is queued and retried.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Replaced_Objects {

	public function __construct(
		private readonly Object_Deletions $deletions,
		private readonly Recorded_Objects $recorded
	) {}

	public function remove( Offload_Plan $plan, Offload_State $saved ): void {
		if ( array() === $plan->superseded || null === $plan->previous || ! Site_Identity::wrote( $plan->previous ) ) {
			return;
		}
		$own  = new Own_Files( $plan->attachment_id );
		$keys = array();
		foreach ( $plan->superseded as $file => $old ) {
			$file = (string) $file;
			if ( ( $saved->keys[ $file ] ?? $old ) === $old || in_array( $file, $plan->previous->adopted, true ) || ! $this->recorded->owns( $plan->attachment_id, $own, $file ) ) {
				continue; // Not replaced after all, or not this site's to delete.
			}
			$keys[] = $old;
		}
		$this->deletions->delete( $plan->bucket, $keys );
	}
}
