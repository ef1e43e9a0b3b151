/**
 * "Bring files back": shown while attachments have files only in S3 (Remove
 * local copies deleted them here). One button puts every file back on this
 * server, verified against the MD5 S3 confirmed, a batch at a time with a
 * progress bar; files that could not come back are listed. The run needs
 * Remove local copies off and saved, or the next upload would delete the
 * files again: until then the button says so instead of running.
 */
import { _n, __, sprintf } from '@wordpress/i18n';

import {
	ErrorCell,
	FailureHead,
	ProgressMeter,
	RunButtons,
	RunNotice,
} from './RunControls';
import type { BringBackRun, BringBackState } from './useBringBack';

const PROGRESS_TEXT_ID = 's3-media-sync-bring-back-progress-text';
const BLOCKED_ID = 's3-media-sync-bring-back-blocked';

function percent( done: number, remaining: number | null ): number | null {
	if ( remaining === null ) {
		return null;
	}
	if ( remaining === 0 ) {
		return 100;
	}
	return Math.min( 99, Math.floor( ( done * 100 ) / ( done + remaining ) ) );
}

function progressText( run: BringBackRun, done: number | null ): string {
	if ( run.remaining === null ) {
		return __( 'Starting…', 's3-media-sync' );
	}
	if ( run.done + run.remaining === 0 ) {
		return __(
			'Nothing was left to bring back: every file is on this server.',
			's3-media-sync'
		);
	}
	return sprintf(
		/* translators: 1: percent done, 2: attachments checked, 3: attachments in the run, 4: files brought back. */
		__(
			'%1$d%% — %2$d of %3$d attachments checked, %4$d files brought back',
			's3-media-sync'
		),
		done ?? 0,
		run.done,
		run.done + run.remaining,
		run.restored
	);
}

export function BringBackPanel( {
	state,
	removeLocalCopiesOn,
}: {
	state: BringBackState;
	/** Remove local copies as saved on the server. */
	removeLocalCopiesOn: boolean;
} ) {
	const { missing, run, notice } = state;
	const done = run ? percent( run.done, run.remaining ) : null;
	return (
		<div className="s3-media-sync-bring-back">
			{ missing !== null && missing > 0 && (
				<p>
					{ sprintf(
						/* translators: %d: number of attachments. */
						_n(
							'%d attachment has files only in S3. Bring its files back to this server before you deactivate the plugin, or pages will show broken media.',
							'%d attachments have files only in S3. Bring their files back to this server before you deactivate the plugin, or pages will show broken media.',
							missing,
							's3-media-sync'
						),
						missing
					) }
				</p>
			) }
			{ removeLocalCopiesOn && (
				<p id={ BLOCKED_ID }>
					{ __(
						'Turn off Remove local copies (under Advanced) and save first: while it is on, the next upload would delete the files again.',
						's3-media-sync'
					) }
				</p>
			) }
			<RunButtons
				startLabel={ __( 'Bring files back', 's3-media-sync' ) }
				loop={ state }
				startDisabled={ removeLocalCopiesOn }
				describedBy={ removeLocalCopiesOn ? BLOCKED_ID : undefined }
			/>
			{ run && (
				<ProgressMeter
					label={ __( 'Bring back progress', 's3-media-sync' ) }
					percent={ done }
					textId={ PROGRESS_TEXT_ID }
					text={ progressText( run, done ) }
				/>
			) }
			<RunNotice notice={ notice } onDismiss={ state.dismissNotice } />
			{ run && run.failed.length > 0 && (
				<table className="widefat striped s3-media-sync-bring-back-failures">
					<caption>
						{ __( 'Files still only in S3', 's3-media-sync' ) }
					</caption>
					<FailureHead />
					<tbody>
						{ run.failed.map( ( failure ) => (
							<tr key={ `${ failure.id }:${ failure.file }` }>
								<td>{ failure.file || `#${ failure.id }` }</td>
								<ErrorCell { ...failure } />
							</tr>
						) ) }
					</tbody>
				</table>
			) }
		</div>
	);
}
