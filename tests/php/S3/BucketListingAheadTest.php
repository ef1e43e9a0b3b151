<?php
/**
 * Listings fetched ahead (the bulk copy sends the next chunk's folder
 * listings along with this chunk's PUTs): under() starts from the kept
 * first page and fetches only what follows it; an error keeps nothing; a
 * flush of the step keeps them, the end of the batch does not.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\S3;

use S3MediaSync\Plugin;
use S3MediaSync\S3\Bucket_Listing;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Client;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front).
 *
 * @group s3
 */
final class BucketListingAheadTest extends TestCase {

	private S3_Client $client;

	private string $folder;

	protected function setUp(): void {
		parent::setUp();
		self::configure_guide_settings();
		self::front( 'POST', '/reset' );
		$client = ( new Client_Factory( Plugin::settings() ) )->client();
		$this->assertInstanceOf( S3_Client::class, $client );
		$this->client = $client;
		$this->folder = 'wp-content/uploads/ahead-' . strtolower( wp_generate_password( 6, false ) ) . '/';
		foreach ( array( 'a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg' ) as $name ) {
			$this->assertInstanceOf( S3_Response::class, $this->client->put_object( $this->folder . $name, $name, 'image/jpeg' ) );
		}
		Bucket_Listing::flush( true );
	}

	protected function tearDown(): void {
		Bucket_Listing::flush( true );
		self::front( 'POST', '/reset' );
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	private function listing(): Bucket_Listing {
		return new Bucket_Listing( $this->client, (string) Plugin::settings()->values()['bucket'] );
	}

	/** @return list<string> Query strings of the listings the front saw since `$since`. */
	private function listings_since( int $since ): array {
		$entries = self::front( 'GET', '/log?since=' . $since )['entries'];
		return array_values( array_map( static fn( array $entry ): string => (string) $entry['query'], array_filter( $entries, static fn( array $entry ): bool => str_contains( (string) $entry['query'], 'list-type' ) ) ) );
	}

	public function test_a_first_page_kept_ahead_is_completed_from_its_token_not_listed_again(): void {
		$listing = $this->listing();
		// Two keys a page, so the kept page says there is more.
		$first = $this->client->send( 'GET', $listing->request_for( $this->folder, '/', 2 )->url );
		$this->assertInstanceOf( S3_Response::class, $first );
		$listing->keep( $this->folder, '/', $first );
		Bucket_Listing::flush(); // The chunk that fetched it ends: kept for the next.

		$since   = (int) self::front( 'GET', '/state' )['lastSeq'];
		$objects = $this->listing()->under( $this->folder, '/' );

		$this->assertSame( array( 'a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg' ), array_map( 'wp_basename', array_keys( (array) $objects ) ) );
		$asked = $this->listings_since( $since );
		$this->assertCount( 1, $asked, 'only the rest was fetched' );
		$this->assertStringContainsString( 'continuation-token=', $asked[0] );

		$since = (int) self::front( 'GET', '/state' )['lastSeq'];
		$this->listing()->under( $this->folder, '/' );
		$this->assertSame( array(), $this->listings_since( $since ), 'then held for the step, as any listing' );
	}

	public function test_a_complete_first_page_needs_no_request_and_an_error_keeps_nothing(): void {
		$listing = $this->listing();
		$page    = $this->client->send( 'GET', $listing->request_for( $this->folder, '/' )->url );
		$this->assertInstanceOf( S3_Response::class, $page );
		$listing->keep( $this->folder, '/', $page );
		$listing->keep( 'wp-content/uploads/elsewhere/', '/', new S3_Error( 'AccessDenied', 'refused' ) );

		$since = (int) self::front( 'GET', '/state' )['lastSeq'];
		$this->assertCount( 5, (array) $this->listing()->under( $this->folder, '/' ) );
		$this->assertSame( array(), $this->listings_since( $since ) );
		$this->listing()->under( 'wp-content/uploads/elsewhere/', '/' );
		$this->assertCount( 1, $this->listings_since( $since ), 'the refused one is listed as usual' );
	}

	public function test_the_end_of_a_batch_forgets_what_was_fetched_ahead(): void {
		$listing = $this->listing();
		$page    = $this->client->send( 'GET', $listing->request_for( $this->folder, '/' )->url );
		$this->assertInstanceOf( S3_Response::class, $page );
		$listing->keep( $this->folder, '/', $page );
		// Meanwhile the bucket changed: a listing kept past its batch would not show it.
		$this->client->put_object( $this->folder . 'f.jpg', 'f', 'image/jpeg' );
		Bucket_Listing::flush( true );

		$objects = $this->listing()->under( $this->folder, '/' );
		$this->assertArrayHasKey( $this->folder . 'f.jpg', (array) $objects );
	}
}
