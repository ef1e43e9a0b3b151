/**
 * The guide's promise after saving: a "Test S3 Access" button, a success or
 * error message, and here also the checklist and the policy to fix it with.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { AccessChecklist } from './AccessChecklist';
import { PolicyBlock } from './PolicyBlock';
import type { TestResult } from './types';
import type { AccessTestState } from './useAccessTest';

/** Which key the test signed with, and where it came from (docs/credentials.md). */
export function credentialLine(
	credentials: NonNullable< TestResult[ 'credentials' ] >
): string {
	const where = {
		/* translators: %s: an access key ID. */
		'wp-config': __(
			'Key: %s, from the constants in wp-config.php.',
			's3-media-sync'
		),
		/* translators: %s: an access key ID. */
		environment: __(
			'Key: %s, from the AWS_ACCESS_KEY_ID environment variable.',
			's3-media-sync'
		),
		/* translators: %s: an access key ID. */
		settings: __( 'Key: %s, saved on this page.', 's3-media-sync' ),
	}[ credentials.source ];
	const line = sprintf( where, credentials.access_key_id );
	return credentials.temporary
		? `${ line } ${ __(
				'Temporary credentials (with a session token): they expire.',
				's3-media-sync'
			) }`
		: line;
}

/** In the admin's language (wp-admin sets <html lang>), with a time zone shown by the time. */
export function formatTestedAt( iso: string ): string {
	const date = new Date( iso );
	if ( Number.isNaN( date.getTime() ) ) {
		return iso;
	}
	return date.toLocaleString( document.documentElement.lang || undefined, {
		dateStyle: 'long',
		timeStyle: 'short',
	} );
}

/**
 * The policy is for the bucket in the settings: where S3 said that bucket
 * does not exist, or could not be reached, it would be filled in with a name
 * that is likely mistyped.
 */
const NO_POLICY_FOR = [ 'bucket_not_found', 'endpoint_unreachable' ];

/** The summary says the result's message unless a failed row says it. */
function summaryMessage( result: TestResult ): string | null {
	return result.checks.some(
		( check ) => check.status === 'fail' && check.message === result.message
	)
		? null
		: result.message;
}

interface AccessTestProps {
	test: AccessTestState;
	/** Why the button is not offered, or null when it is. */
	unavailableReason: string | null;
}

export function AccessTest( { test, unavailableReason }: AccessTestProps ) {
	const { result, error, isRunning } = test;
	return (
		<div className="s3-media-sync-access-test">
			<p>
				{ __(
					'Checks, with the saved settings, every permission the setup guide’s policy grants, and says what is wrong and how to fix it.',
					's3-media-sync'
				) }
			</p>
			{ unavailableReason === null ? (
				<p className="s3-media-sync-actions">
					<Button
						variant="secondary"
						onClick={ test.run }
						isBusy={ isRunning }
						disabled={ isRunning }
						accessibleWhenDisabled
					>
						{ __( 'Test S3 Access', 's3-media-sync' ) }
					</Button>
					{ isRunning && (
						<span className="s3-media-sync-actions__status">
							<Spinner />
							{ __(
								'Checking each permission…',
								's3-media-sync'
							) }
						</span>
					) }
				</p>
			) : (
				<p className="description">{ unavailableReason }</p>
			) }
			{ error && (
				<Notice
					status="error"
					isDismissible={ false }
					spokenMessage={ null }
				>
					{ error }
				</Notice>
			) }
			{ result && (
				<>
					<Notice
						status={ result.ok ? 'success' : 'error' }
						isDismissible={ false }
						spokenMessage={ null }
					>
						<p>
							<strong>{ result.title }</strong>
						</p>
						{ summaryMessage( result ) && (
							<p>{ summaryMessage( result ) }</p>
						) }
					</Notice>
					<p className="description">
						{ __( 'Last tested:', 's3-media-sync' ) }{ ' ' }
						<time dateTime={ result.tested_at }>
							{ formatTestedAt( result.tested_at ) }
						</time>
					</p>
					{ result.credentials && (
						<p>{ credentialLine( result.credentials ) }</p>
					) }
					{ result.leftover_key && (
						<Notice
							status="warning"
							isDismissible={ false }
							spokenMessage={ null }
						>
							{ sprintf(
								/* translators: %s: an S3 object key. */
								__(
									'The test file %s could not be deleted. Remove it from the bucket by hand.',
									's3-media-sync'
								),
								result.leftover_key
							) }
						</Notice>
					) }
					<AccessChecklist checks={ result.checks } />
					{ result.policy &&
						! NO_POLICY_FOR.includes( result.category ) && (
							<PolicyBlock policy={ result.policy } />
						) }
				</>
			) }
		</div>
	);
}
