<?php
/**
 * One step of Test S3 Access: it makes its requests, adds its result lines
 * to the run, and says whether the steps after it can still tell anything.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

interface Check {

	/** Adds this step's results; false when every later step would fail for the same reason. */
	public function run( Check_Run $run ): bool;
}
