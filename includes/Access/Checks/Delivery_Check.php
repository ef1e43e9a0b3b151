<?php
/**
 * Check 7, delivery: can a visitor's browser fetch media the way the plugin
 * will serve it? Public-read objects must load anonymously, private ones must
 * not, and a presigned URL must load whenever the plugin will serve those.
 * An answer that says nothing about the bucket (5xx, network) is a warning.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\Access\Check_Result;
use S3MediaSync\S3\Bucket_Address;
use S3MediaSync\S3\S3_Client;

final class Delivery_Check implements Check {

	private S3_Client $client;

	/** @var array<string, mixed> Effective settings. */
	private array $settings = array();

	public function run( Check_Run $run ): bool {
		if ( ! $run->stored ) {
			$run->add( $run->skip( Check_Ids::PUBLIC_URL ) );
			return true;
		}
		if ( ! $run->acl_applied ) {
			$run->add( $run->skip( Check_Ids::PUBLIC_URL, __( 'Not judged: the test object could not get the configured ACL (see above).', 's3-media-sync' ) ) );
			return true;
		}
		$this->client   = $run->client;
		$this->settings = $run->settings;
		$run->add( $this->judge( $run->key, $run->body, $run->extra_requests ) );
		return true;
	}

	/** @param int $requests Incremented by the requests made here. */
	private function judge( string $key, string $body, int &$requests ): Check_Result {
		$clock     = microtime( true );
		$acl       = (string) $this->settings['object_acl'];
		$presigned = 'private' === $acl || (bool) $this->settings['sign_urls'];
		$delivery  = rtrim( (string) $this->settings['delivery_url'], '/' );
		$url       = '' !== $delivery ? $delivery . '/' . Bucket_Address::encode_key( $key ) : $this->client->address->object_url( $key );
		$label     = Check_Ids::permission( Check_Ids::PUBLIC_URL );
		if ( $this->client->time_left() < 1.0 ) {
			return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::WARN, __( 'Not judged: S3 answered too slowly to try delivery within the time limit.', 's3-media-sync' ), '', array(), 0 );
		}

		$anonymous = $this->fetch( $url );
		++$requests;
		if ( null === $anonymous['status'] || $anonymous['status'] >= 500 ) {
			/* translators: 1: URL, 2: what happened. */
			return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::WARN, sprintf( __( 'Could not judge delivery: %1$s answered %2$s.', 's3-media-sync' ), $url, $anonymous['error'] ), '', array( __( 'Try again in a minute; if it persists, check the delivery URL setting.', 's3-media-sync' ) ), $this->ms( $clock ) );
		}
		$public = 200 === $anonymous['status'] && $anonymous['body'] === $body;

		if ( 'private' === $acl && $public ) {
			return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::FAIL, __( 'Private media can be read by anyone: something other than the object ACL makes it public.', 's3-media-sync' ), '', array( __( 'Look for a bucket policy that allows s3:GetObject to everyone, or a CDN at the delivery URL that does not pass presigned URLs through.', 's3-media-sync' ) ), $this->ms( $clock ), 'error' );
		}
		if ( ! $presigned ) {
			if ( $public ) {
				return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::PASS, __( 'Visitors can load media from its public URL.', 's3-media-sync' ), '', array(), $this->ms( $clock ) );
			}
			$hints = 'bucket-default' === $acl
				? array( __( 'The bucket keeps objects private. Turn on "Serve presigned URLs", or allow s3:GetObject to everyone on wp-content/uploads/* in a bucket policy.', 's3-media-sync' ) )
				: array( __( 'Block Public Access may ignore public ACLs on this bucket or account (IgnorePublicAcls), or a bucket policy may deny reads. Turn it off for this bucket, or choose "private" and serve presigned URLs.', 's3-media-sync' ) );
			if ( '' !== $delivery ) {
				/* translators: %s: delivery URL. */
				$hints[] = sprintf( __( 'Check that the delivery URL %s serves this bucket.', 's3-media-sync' ), $delivery );
			}
			/* translators: 1: URL, 2: HTTP status. */
			return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::FAIL, sprintf( __( 'Visitors cannot load media: %1$s answered HTTP %2$d.', 's3-media-sync' ), $url, (int) $anonymous['status'] ), 'HTTP' . $anonymous['status'], $hints, $this->ms( $clock ), 'public_access_blocked' );
		}

		$signed = $this->fetch( $this->client->presign_get( $key, 300 ) );
		++$requests;
		if ( 200 === $signed['status'] && $signed['body'] === $body ) {
			$message = 'private' === $acl
				? __( 'Private media is refused to anonymous visitors and served through presigned URLs.', 's3-media-sync' )
				: __( 'Media is served through presigned URLs.', 's3-media-sync' );
			return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::PASS, $message, '', array(), $this->ms( $clock ) );
		}
		if ( null === $signed['status'] || $signed['status'] >= 500 ) {
			/* translators: %s: what happened. */
			return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::WARN, sprintf( __( 'Could not judge presigned URLs: %s.', 's3-media-sync' ), $signed['error'] ), '', array(), $this->ms( $clock ) );
		}
		/* translators: %d: HTTP status. */
		return new Check_Result( Check_Ids::PUBLIC_URL, $label, Check_Result::FAIL, sprintf( __( 'A presigned URL was refused with HTTP %d.', 's3-media-sync' ), (int) $signed['status'] ), 'HTTP' . $signed['status'], array( __( 'Check that this server\'s clock is right and that the policy allows s3:GetObject.', 's3-media-sync' ) ), $this->ms( $clock ), 'access_denied' );
	}

	/** @return array{status: int|null, body: string, error: string} */
	private function fetch( string $url ): array {
		// Bounded by the check's time limit, like every request of the test.
		$response = wp_remote_get(
			$url,
			array(
				'timeout'     => max( 0.5, min( 10.0, $this->client->time_left() ) ),
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $response ) ) {
			return array(
				'status' => null,
				'body'   => '',
				'error'  => $response->get_error_message(),
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		return array(
			'status' => $status,
			'body'   => (string) wp_remote_retrieve_body( $response ),
			'error'  => 'HTTP ' . $status,
		);
	}

	private function ms( float $since ): int {
		return Check_Run::ms( $since );
	}
}
