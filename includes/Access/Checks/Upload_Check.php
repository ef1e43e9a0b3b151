<?php
/**
 * Checks 4 and 5: a small test object under the uploads prefix, PUT with the
 * configured ACL (s3:PutObject), then that ACL set on it (s3:PutObjectAcl).
 * On AWS a PUT carrying an ACL needs both permissions, so a refused PUT is
 * tried again without the ACL to tell which is missing — or whether the
 * bucket refuses ACLs (Object Ownership) or public ones (Block Public Access).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\Access\Check_Result;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;

final class Upload_Check implements Check {

	public function run( Check_Run $run ): bool {
		$acl   = $run->setting( 'object_acl' );
		$clock = microtime( true );
		$put   = $run->client->put_object( $run->key, $run->body, 'text/plain', 'bucket-default' === $acl ? '' : $acl );
		if ( $put instanceof S3_Error && 'bucket-default' !== $acl && in_array( $put->code, array( 'AccessDenied', 'AccessControlListNotSupported' ), true ) ) {
			$this->acl_refused( $run, $put, $clock );
			return true;
		}
		$run->stored      = $put instanceof S3_Response;
		$run->acl_applied = true;
		$run->add( $run->outcome( Check_Ids::PUT_OBJECT, $put, $clock, __( 'A test object was uploaded.', 's3-media-sync' ) ) );
		$run->add( $this->acl_check( $run ) );
		return true;
	}

	private function acl_check( Check_Run $run ): Check_Result {
		$acl = $run->setting( 'object_acl' );
		if ( 'bucket-default' === $acl ) {
			return $run->skip( Check_Ids::PUT_OBJECT_ACL, __( 'Not needed: objects take the bucket\'s default access.', 's3-media-sync' ) );
		}
		if ( ! $run->stored ) {
			return $run->skip( Check_Ids::PUT_OBJECT_ACL );
		}
		$clock = microtime( true );
		/* translators: %s: canned ACL. */
		return $run->outcome( Check_Ids::PUT_OBJECT_ACL, $run->client->put_object_acl( $run->key, $acl ), $clock, sprintf( __( 'The ACL "%s" can be set on objects.', 's3-media-sync' ), $acl ) );
	}

	/** The PUT with the ACL was refused: without one, is it the ACL or s3:PutObject? */
	private function acl_refused( Check_Run $run, S3_Error $refusal, float $clock ): void {
		$plain = $run->client->put_object( $run->key, $run->body, 'text/plain' );
		if ( $plain instanceof S3_Error ) {
			$run->add( $run->outcome( Check_Ids::PUT_OBJECT, $plain, $clock, '' ) );
			$run->add( $run->skip( Check_Ids::PUT_OBJECT_ACL ) );
			return;
		}
		$run->stored = true;
		$acl         = $run->setting( 'object_acl' );
		$run->add(
			new Check_Result(
				Check_Ids::PUT_OBJECT,
				Check_Ids::permission( Check_Ids::PUT_OBJECT ),
				Check_Result::PASS,
				/* translators: %s: canned ACL. */
				sprintf( __( 'Uploads work, but not with the ACL "%s": see the next line.', 's3-media-sync' ), $acl ),
				$refusal->code,
				array(),
				Check_Run::ms( $clock )
			)
		);
		$clock = microtime( true );
		if ( 'AccessControlListNotSupported' === $refusal->code ) {
			$run->add( $this->acls_disabled( $run, $refusal->code, $clock ) );
			return;
		}
		// Block Public Access refuses public ACLs only: a private ACL tells whether the permission itself is there.
		$probe = $run->client->put_object_acl( $run->key, 'private' );
		if ( $probe instanceof S3_Response && 'public-read' === $acl ) {
			$run->add( $run->failure( Check_Ids::PUT_OBJECT_ACL, __( 'Objects can have ACLs, but S3 refuses public-read ones: Block Public Access is on.', 's3-media-sync' ), $refusal->code, $run->diagnosis->public_access_blocked(), $clock, 'public_access_blocked' ) );
			return;
		}
		if ( $probe instanceof S3_Error && 'AccessControlListNotSupported' === $probe->code ) {
			$run->add( $this->acls_disabled( $run, $probe->code, $clock ) );
			return;
		}
		$run->add( $run->failure( Check_Ids::PUT_OBJECT_ACL, __( 'S3 refused to set the object ACL: the policy does not allow s3:PutObjectAcl.', 's3-media-sync' ), $refusal->code, $run->diagnosis->access_denied( 's3:PutObjectAcl', false ), $clock, 'access_denied' ) );
	}

	private function acls_disabled( Check_Run $run, string $code, float $clock ): Check_Result {
		return $run->failure( Check_Ids::PUT_OBJECT_ACL, __( 'The bucket refuses ACLs: its Object Ownership setting disables them.', 's3-media-sync' ), $code, $run->diagnosis->acl_not_supported(), $clock, 'acl_not_supported' );
	}
}
