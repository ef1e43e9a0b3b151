/**
 * The "Set up AWS for me" panel, loaded only when it is shown (sites that
 * have no key yet), so the settings page script stays within its budget
 * (docs/performance-budgets.md): the generators are most of the panel.
 */
import { Spinner } from '@wordpress/components';
import { lazy, Suspense } from '@wordpress/element';

import type { Draft } from '../settings-draft';
// In the page's own stylesheet (build/settings.css, enqueued by Asset_Loader), not the chunk's.
import './aws-setup.css';

const Panel = lazy( () =>
	import( /* webpackChunkName: "aws-setup" */ './AwsSetupPanel' ).then(
		( module ) => ( { default: module.AwsSetupPanel } )
	)
);

export function LazyAwsSetupPanel( { draft }: { draft: Draft } ) {
	return (
		<Suspense fallback={ <Spinner /> }>
			<Panel draft={ draft } />
		</Suspense>
	);
}
