/**
 * Panels most visits never open, loaded when they are drawn, so the
 * settings page script stays within its budget
 * (docs/performance-budgets.md): the bucket check, and Bring files back
 * (shown only while files are only in S3). Their strings are in the page
 * script's translations, which cover every file of src/settings/.
 */
import { Spinner } from '@wordpress/components';
import { lazy, Suspense } from '@wordpress/element';
import type { ComponentProps } from 'react';

import type { BringBackPanel } from './BringBackPanel';

const Audit = lazy( () =>
	import( /* webpackChunkName: "panels" */ './AuditPanel' ).then(
		( module ) => ( { default: module.AuditPanel } )
	)
);

const BringBack = lazy( () =>
	import( /* webpackChunkName: "panels" */ './BringBackPanel' ).then(
		( module ) => ( { default: module.BringBackPanel } )
	)
);

export function LazyAuditPanel() {
	return (
		<Suspense fallback={ <Spinner /> }>
			<Audit />
		</Suspense>
	);
}

export function LazyBringBackPanel(
	props: ComponentProps< typeof BringBackPanel >
) {
	return (
		<Suspense fallback={ <Spinner /> }>
			<BringBack { ...props } />
		</Suspense>
	);
}
