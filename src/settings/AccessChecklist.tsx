/**
 * One row per check of Test S3 Access, in the order the server ran them:
 * what was seen for each permission of the policy, and what to do about it.
 */
import { Dashicon, VisuallyHidden } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { CheckStatus, TestCheck } from './types';

const STATUS: Record<
	CheckStatus,
	{ icon: 'yes-alt' | 'dismiss' | 'warning' | 'minus'; color: string }
> = {
	pass: { icon: 'yes-alt', color: '#008a20' },
	fail: { icon: 'dismiss', color: '#d63638' },
	warn: { icon: 'warning', color: '#996800' },
	skip: { icon: 'minus', color: '#646970' },
};

function statusText( status: CheckStatus ): string {
	switch ( status ) {
		case 'pass':
			return __( 'Passed', 's3-media-sync' );
		case 'fail':
			return __( 'Failed', 's3-media-sync' );
		case 'warn':
			return __( 'Warning', 's3-media-sync' );
		case 'skip':
			return __( 'Skipped', 's3-media-sync' );
	}
}

/** Two checks are not a permission of the policy: name them instead. */
function checkName( check: TestCheck ): string {
	if ( check.permission ) {
		return check.permission;
	}
	switch ( check.id ) {
		case 'credentials':
			return __( 'Credentials', 's3-media-sync' );
		case 'public_url':
			return __( 'Public URL', 's3-media-sync' );
		default:
			return check.id;
	}
}

const ROW_STYLE = {
	display: 'grid',
	gridTemplateColumns: '24px 1fr',
	columnGap: '8px',
	padding: '8px 0',
	borderTop: '1px solid #f0f0f1',
	margin: 0,
} as const;

export function AccessChecklist( { checks }: { checks: TestCheck[] } ) {
	return (
		<ul
			className="s3-media-sync-checklist"
			aria-label={ __( 'Test S3 Access results', 's3-media-sync' ) }
			style={ { listStyle: 'none', margin: '16px 0', padding: 0 } }
		>
			{ checks.map( ( check ) => {
				const { icon, color } = STATUS[ check.status ] ?? STATUS.skip;
				const hints = check.hints ?? [];
				return (
					<li
						key={ check.id }
						className={ `s3-media-sync-check is-${ check.status }` }
						style={ ROW_STYLE }
					>
						<span aria-hidden="true" style={ { color } }>
							<Dashicon icon={ icon } />
						</span>
						<div>
							<VisuallyHidden>
								{ statusText( check.status ) }:{ ' ' }
							</VisuallyHidden>
							<strong>{ checkName( check ) }</strong>
							{ check.code && (
								<code style={ { marginLeft: '8px' } }>
									{ check.code }
								</code>
							) }
							{ check.message && (
								<p style={ { margin: '4px 0 0' } }>
									{ check.message }
								</p>
							) }
							{ hints.length > 0 && (
								<ul
									aria-label={ __(
										'What to check',
										's3-media-sync'
									) }
									style={ {
										listStyle: 'disc',
										margin: '4px 0 0 20px',
									} }
								>
									{ hints.map( ( hint ) => (
										<li key={ hint }>{ hint }</li>
									) ) }
								</ul>
							) }
						</div>
					</li>
				);
			} ) }
		</ul>
	);
}
