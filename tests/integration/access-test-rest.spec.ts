/**
 * The REST contract of Test S3 Access around the checks themselves: GET /test
 * gives back the last result until settings are saved, the check never runs
 * on incomplete settings, and only administrators may run or read it.
 */
import { expect, request, test } from '@playwright/test';

import { readRunState } from '../../tools/lib/run-state';
import { logInOverHttp } from '../support/wp-session';
import {
	adminSession,
	frontClient,
	guideSettings,
	requestsSince,
	resetEnvironment,
	runAccessTest,
	saveSettings,
	TEST_ROUTE,
	uniqueName,
	type AccessResult,
} from './access-helpers';

const { site } = readRunState();
const session = adminSession();

test.beforeEach( async () => {
	await resetEnvironment();
} );

test( 'incomplete settings are "not_configured", and no S3 request is made', async () => {
	await saveSettings( session(), guideSettings( { access_key_id: '' } ) );
	const seq = await frontClient().lastSeq();

	const result = await runAccessTest( session() );

	expect( result.ok ).toBe( false );
	expect( result.category ).toBe( 'not_configured' );
	expect( result.checks ).toEqual( [] );
	expect( result.requests ).toBe( 0 );
	expect( await requestsSince( seq ) ).toEqual( [] );
} );

test( 'GET /test returns the last result of POST /test', async () => {
	await saveSettings( session(), guideSettings() );
	const posted = await runAccessTest( session() );
	expect( posted.category ).toBe( 'ok' );

	const response = await session().rest( 'GET', TEST_ROUTE );
	expect( response.status() ).toBe( 200 );
	const last = ( await response.json() ) as AccessResult;
	expect( last ).toEqual( posted );
	expect( Date.parse( last.tested_at ) ).not.toBeNaN();
} );

test( 'saving settings forgets the last result: GET /test is 404', async () => {
	await saveSettings( session(), guideSettings() );
	await runAccessTest( session() );
	expect( ( await session().rest( 'GET', TEST_ROUTE ) ).status() ).toBe(
		200
	);

	await saveSettings( session(), guideSettings( { object_acl: 'private' } ) );

	const response = await session().rest( 'GET', TEST_ROUTE );
	expect( response.status() ).toBe( 404 );
	// The secret is never in an answer, not even an error.
	expect( await response.text() ).not.toContain(
		readRunState().s3.user.secretAccessKey
	);
	await saveSettings( session(), guideSettings() );
} );

test( 'no answer of /test carries the secret', async () => {
	const { secretAccessKey } = readRunState().s3.user;
	await saveSettings( session(), guideSettings() );
	const posted = await session().rest( 'POST', TEST_ROUTE );
	expect( await posted.text() ).not.toContain( secretAccessKey );
	const got = await session().rest( 'GET', TEST_ROUTE );
	expect( await got.text() ).not.toContain( secretAccessKey );
} );

test( 'a subscriber gets 403 and a visitor 401, and neither runs the check', async () => {
	await saveSettings( session(), guideSettings() );
	const username = uniqueName( 'subscriber' );
	const password = `pw-${ uniqueName( 'x' ) }-Aa1!`;
	const created = await session().rest( 'POST', 'wp/v2/users', {
		username,
		password,
		email: `${ username }@example.org`,
		roles: [ 'subscriber' ],
	} );
	expect( created.status(), await created.text() ).toBe( 201 );
	const { id } = ( await created.json() ) as { id: number };

	const subscriber = await logInOverHttp( site, username, password );
	const visitor = await request.newContext( { baseURL: site.url } );
	try {
		const seq = await frontClient().lastSeq();

		const asSubscriber = await subscriber.rest( 'POST', TEST_ROUTE );
		expect( asSubscriber.status() ).toBe( 403 );
		expect(
			( ( await asSubscriber.json() ) as { code: string } ).code
		).toBe( 'rest_forbidden' );
		expect( ( await subscriber.rest( 'GET', TEST_ROUTE ) ).status() ).toBe(
			403
		);

		const asVisitor = await visitor.post( `/wp-json/${ TEST_ROUTE }` );
		expect( asVisitor.status() ).toBe( 401 );
		expect(
			( await visitor.get( `/wp-json/${ TEST_ROUTE }` ) ).status()
		).toBe( 401 );

		// Refused before any S3 request.
		expect( await requestsSince( seq ) ).toEqual( [] );
	} finally {
		await subscriber.dispose();
		await visitor.dispose();
		await session().rest(
			'DELETE',
			`wp/v2/users/${ id }?force=true&reassign=1`
		);
	}
} );
