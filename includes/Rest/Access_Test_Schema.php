<?php
/**
 * The JSON schema of a Test S3 Access answer (POST /test, GET /test, the
 * Site Health screen's run of it), published by OPTIONS like core's routes:
 * the check ids come from Check_Ids and the categories from Diagnosis, so
 * the schema cannot drift from what the code sends.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\Access\Check_Result;
use S3MediaSync\Access\Diagnosis;
use S3MediaSync\S3\Credential_Source;

final class Access_Test_Schema {

	/** @return array<string, mixed> */
	public static function schema(): array {
		$nullable_string = array( 'type' => array( 'string', 'null' ) );
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 's3-media-sync-test',
			'type'       => 'object',
			'properties' => array(
				'ok'              => array(
					'description' => __( 'Whether no check failed (warnings and skipped checks allowed).', 's3-media-sync' ),
					'type'        => 'boolean',
				),
				'category'        => array(
					'description' => __( 'What the first failure was, or ok.', 's3-media-sync' ),
					'type'        => 'string',
					'enum'        => Diagnosis::CATEGORIES,
				),
				'title'           => array( 'type' => 'string' ),
				'message'         => array( 'type' => 'string' ),
				'tested_at'       => array(
					'type'   => 'string',
					'format' => 'date-time',
				),
				'checks'          => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'id'          => array(
								'type' => 'string',
								'enum' => Check_Ids::ORDER,
							),
							'permission'  => array( 'type' => 'string' ),
							'status'      => array(
								'type' => 'string',
								'enum' => array( Check_Result::PASS, Check_Result::FAIL, Check_Result::WARN, Check_Result::SKIP ),
							),
							'code'        => $nullable_string,
							'message'     => array( 'type' => 'string' ),
							'hints'       => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
							'duration_ms' => array(
								'type'    => 'integer',
								'minimum' => 0,
							),
						),
					),
				),
				'credentials'     => array(
					'description' => __( 'Where the access key the test signed with came from, or null when there was none.', 's3-media-sync' ),
					'type'        => array( 'object', 'null' ),
					'properties'  => array(
						'source'        => array(
							'type' => 'string',
							'enum' => Credential_Source::SOURCES,
						),
						'access_key_id' => array( 'type' => 'string' ),
						'temporary'     => array(
							'description' => __( 'Whether the key came with a session token (temporary credentials from AWS STS).', 's3-media-sync' ),
							'type'        => 'boolean',
						),
					),
				),
				'region_detected' => $nullable_string,
				'leftover_key'    => $nullable_string,
				'policy'          => array(
					'description' => __( 'The least-privilege IAM policy for these settings, ready to paste.', 's3-media-sync' ),
					'type'        => 'object',
				),
				'requests'        => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
				'duration_ms'     => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
			),
		);
	}
}
