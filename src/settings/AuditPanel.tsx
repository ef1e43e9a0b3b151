/**
 * "Check the bucket": every record compared with what the bucket holds
 * (POST /audit, as `wp s3-media-sync verify`). Says what was compared and
 * found identical, and lists what is missing, changed, lost or orphaned;
 * a file it could not compare is never called identical.
 */
import { Button, Notice } from '@wordpress/components';
import { useCallback, useState } from '@wordpress/element';
import { __, _x, sprintf } from '@wordpress/i18n';
import { speak } from '@wordpress/a11y';

import { runAudit } from './audit-api';
import type { AuditProblem, AuditResult } from './types';
import { useAction } from './useAction';

function problemLabel( problem: AuditProblem ): string {
	switch ( problem.kind ) {
		case 'missing':
			return __( 'recorded, but not in the bucket', 's3-media-sync' );
		case 'changed':
			return __( 'in the bucket with other bytes', 's3-media-sync' );
		case 'unverified':
			return __(
				'in the bucket, nothing to compare it with',
				's3-media-sync'
			);
		case 'unlisted':
			return __(
				'not checked: S3 did not list its folder',
				's3-media-sync'
			);
		case 'lost':
			return __( 'neither on this server nor in S3', 's3-media-sync' );
		case 'orphaned':
			return __(
				'in the bucket, named by no attachment (left alone)',
				's3-media-sync'
			);
	}
	return problem.kind;
}

function summary( result: AuditResult ): string {
	return sprintf(
		/* translators: 1: objects checked, 2: identical, 3: missing or changed, 4: unverified, 5: files lost, 6: orphaned objects. */
		__(
			'%1$d objects checked: %2$d identical, %3$d missing or changed, %4$d unverified; %5$d files lost; %6$d orphaned objects.',
			's3-media-sync'
		),
		result.checked,
		result.identical,
		result.missing + result.changed,
		result.unverified,
		result.lost,
		result.orphaned
	);
}

export function AuditPanel() {
	const [ result, setResult ] = useState< AuditResult | null >( null );
	const { busy, error, run } = useAction(
		useCallback( async () => {
			const answer = await runAudit();
			setResult( answer );
			speak( summary( answer ) );
		}, [] )
	);

	const clean =
		result !== null &&
		result.complete &&
		result.problems.length === 0 &&
		result.identical === result.checked;
	return (
		<div className="s3-media-sync-audit">
			<p>
				{ __(
					'Compares every file the plugin recorded with what the bucket holds. Nothing is changed.',
					's3-media-sync'
				) }
			</p>
			<Button
				variant="secondary"
				onClick={ run }
				isBusy={ busy }
				disabled={ busy }
			>
				{ __( 'Check the bucket', 's3-media-sync' ) }
			</Button>
			{ error !== null && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
			{ result !== null && (
				<Notice
					status={ clean ? 'success' : 'warning' }
					isDismissible={ false }
				>
					<p>{ summary( result ) }</p>
					{ ! result.complete && (
						<p>
							{ __(
								'The check ran out of time before the end of the library: run `wp s3-media-sync verify` for all of it.',
								's3-media-sync'
							) }
						</p>
					) }
					{ result.problems.length > 0 && (
						<ul>
							{ result.problems.map( ( problem ) => (
								<li
									key={ `${ problem.kind }:${ problem.what }` }
								>
									<code>{ problem.what }</code>
									{ _x(
										':',
										'between an object and what is wrong with it',
										's3-media-sync'
									) }{ ' ' }
									{ problemLabel( problem ) }
								</li>
							) ) }
						</ul>
					) }
				</Notice>
			) }
		</div>
	);
}
