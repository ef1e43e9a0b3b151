<?php
/**
 * What the media tests that talk to S3 share: an administrator, the S3
 * front back to normal before and after each test, and the attachments and
 * settings a test made removed after it.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

// The bootstrap loads helper files in directory order: the trait must be there first.
require_once __DIR__ . '/Creates_Attachments.php';

abstract class Media_Test_Case extends TestCase {

	use Creates_Attachments;

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}
}
