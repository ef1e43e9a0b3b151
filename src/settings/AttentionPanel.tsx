/**
 * "Needs your attention": uploads that keep failing and deletions S3 keeps
 * refusing (GET /attention), with Retry now. Shown only when something is
 * waiting; nothing in it is given up — the retry job keeps trying daily.
 */
import { Button, Notice } from '@wordpress/components';
import { useCallback, useEffect, useState } from '@wordpress/element';
import { __, _n, _x, sprintf } from '@wordpress/i18n';
import { speak } from '@wordpress/a11y';

import { getAttention, retryAttention } from './attention-api';
import type { Attention } from './types';
import { useAction } from './useAction';

function objectName( entry: { bucket: string; key: string } ): string {
	return `${ entry.bucket }/${ entry.key }`;
}

export function AttentionPanel() {
	const [ attention, setAttention ] = useState< Attention | null >( null );
	const [ loadError, setLoadError ] = useState< string | null >( null );

	useEffect( () => {
		let live = true;
		getAttention().then(
			( answer ) => live && setAttention( answer ),
			( failure: Error ) => live && setLoadError( failure.message )
		);
		return () => {
			live = false;
		};
	}, [] );

	const retry = useAction(
		useCallback( async () => {
			const after = await retryAttention();
			setAttention( after );
			speak(
				after.uploads + after.deletions === 0
					? __( 'Everything waiting went through.', 's3-media-sync' )
					: __(
							'Retried. Some uploads or deletions still fail.',
							's3-media-sync'
						)
			);
		}, [] )
	);
	const error = loadError ?? retry.error;

	if ( error !== null ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error }
			</Notice>
		);
	}
	if ( ! attention || attention.uploads + attention.deletions === 0 ) {
		return null;
	}
	return (
		<Notice status="warning" isDismissible={ false }>
			<p>
				{ sprintf(
					/* translators: 1: number of uploads, 2: number of deletions. */
					__(
						'%1$d uploads failed or keep failing, and S3 keeps refusing %2$d deletions. The files stay on this server and are retried at least daily.',
						's3-media-sync'
					),
					attention.uploads,
					attention.deletions
				) }
			</p>
			{ attention.deletion_failures.length > 0 && (
				<ul className="s3-media-sync-attention-list">
					{ attention.deletion_failures.map( ( entry ) => (
						<li key={ `${ entry.bucket }/${ entry.key }` }>
							<code>{ objectName( entry ) }</code>
							{ _x(
								':',
								'between an object and its error',
								's3-media-sync'
							) }{ ' ' }
							{ entry.error }{ ' ' }
							{ sprintf(
								/* translators: %d: number of attempts. */
								_n(
									'(%d attempt)',
									'(%d attempts)',
									entry.attempts,
									's3-media-sync'
								),
								entry.attempts
							) }
						</li>
					) ) }
				</ul>
			) }
			<Button
				variant="secondary"
				onClick={ retry.run }
				isBusy={ retry.busy }
				disabled={ retry.busy }
			>
				{ __( 'Retry now', 's3-media-sync' ) }
			</Button>
		</Notice>
	);
}
