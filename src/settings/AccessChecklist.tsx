/**
 * One row per check of Test S3 Access, in the order the server ran them:
 * what was seen for each permission of the policy, and what to do about it.
 * Each thing is said once: a hint already given on an earlier row is not
 * repeated; a failed row leads with what to do, and keeps S3's own words (its
 * error code, its message with the request id) behind "Details"; a skipped
 * row says why it was not judged, without the error code of the row that
 * stopped it.
 */
import { Dashicon, VisuallyHidden } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import type { CheckStatus, TestCheck } from './types';

const ICONS: Record<
	CheckStatus,
	'yes-alt' | 'dismiss' | 'warning' | 'minus'
> = {
	pass: 'yes-alt',
	fail: 'dismiss',
	warn: 'warning',
	skip: 'minus',
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

interface Row {
	check: TestCheck;
	name: string;
	/** Shown under the name; S3's words go to Details instead. */
	text: string;
	hints: string[];
	/** S3's code and words, for the Details disclosure; null when none. */
	details: { code: string; message: string } | null;
}

/** What each row shows, with hints and failures said once across rows. */
export function checklistRows( checks: TestCheck[] ): Row[] {
	const hintsShown = new Set< string >();
	let firstFailure: string | null = null;
	return checks.map( ( check ) => {
		const name = checkName( check );
		const hints = ( check.hints ?? [] ).filter(
			( hint ) => ! hintsShown.has( hint )
		);
		hints.forEach( ( hint ) => hintsShown.add( hint ) );
		const failed = check.status === 'fail';
		const judged = check.status !== 'skip';
		let text = check.message;
		if ( failed && ( check.hints ?? [] ).length > 0 ) {
			text =
				hints.length === 0 && firstFailure !== null
					? sprintf(
							/* translators: %s: the name of an earlier check, such as Credentials. */
							__(
								'Refused for the same reason as %s, above.',
								's3-media-sync'
							),
							firstFailure
						)
					: '';
		}
		if ( failed && firstFailure === null ) {
			firstFailure = name;
		}
		const hasWords = failed && text !== check.message;
		const details =
			judged && check.status !== 'pass' && ( check.code || hasWords )
				? {
						code: check.code ?? '',
						message: hasWords ? check.message : '',
					}
				: null;
		return { check, name, text, hints, details };
	} );
}

function Details( { code, message }: { code: string; message: string } ) {
	return (
		<details className="s3-media-sync-check__details">
			<summary>{ __( 'Details', 's3-media-sync' ) }</summary>
			<dl>
				{ code && (
					<>
						<dt>{ __( 'S3 error code', 's3-media-sync' ) }</dt>
						<dd>
							<code>{ code }</code>
						</dd>
					</>
				) }
				{ message && (
					<>
						<dt>{ __( 'What S3 answered', 's3-media-sync' ) }</dt>
						<dd>{ message }</dd>
					</>
				) }
			</dl>
		</details>
	);
}

export function AccessChecklist( { checks }: { checks: TestCheck[] } ) {
	return (
		<ul
			className="s3-media-sync-checklist"
			aria-label={ __( 'Test S3 Access results', 's3-media-sync' ) }
		>
			{ checklistRows( checks ).map(
				( { check, name, text, hints, details } ) => (
					<li
						key={ check.id }
						className={ `s3-media-sync-check is-${ check.status }` }
					>
						<span
							aria-hidden="true"
							className="s3-media-sync-check__icon"
						>
							<Dashicon icon={ ICONS[ check.status ] } />
						</span>
						<div className="s3-media-sync-check__body">
							<VisuallyHidden>
								{ sprintf(
									/* translators: %s: Passed, Failed, Warning or Skipped. */
									__( '%s:', 's3-media-sync' ),
									statusText( check.status )
								) }{ ' ' }
							</VisuallyHidden>
							<strong>{ name }</strong>
							{ text && <p>{ text }</p> }
							{ hints.length > 0 && (
								<ul
									className="s3-media-sync-check__hints"
									aria-label={ __(
										'What to check',
										's3-media-sync'
									) }
								>
									{ hints.map( ( hint ) => (
										<li key={ hint }>{ hint }</li>
									) ) }
								</ul>
							) }
							{ details && <Details { ...details } /> }
						</div>
					</li>
				)
			) }
		</ul>
	);
}
