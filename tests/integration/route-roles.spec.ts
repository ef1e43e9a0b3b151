/**
 * Only administrators get through. Every route and method of the plugin, as
 * a visitor (no cookie), a subscriber, a contributor, an author, an editor
 * and an administrator — users made for the test, logged in with a cookie
 * and a REST nonce — and as the administrator's cookie without a valid nonce
 * (none, a made-up one, another user's), which WordPress must treat as not
 * logged in. A refused request changes nothing the plugin stores (read from
 * the database, not through the plugin) and makes no S3 request, even with
 * a body that is garbage: the permission comes before the body is read.
 *
 * The plugin is configured and holds a synced attachment, so a request that
 * got through would show: Test S3 Access, Site Health, a batch, a retry or
 * an ACL change all call S3, and a save changes the stored option.
 *
 * The attachment field `s3_media_sync` on wp/v2/media is only in the edit
 * context, which core serves to users who may edit the attachment.
 */
import {
	expect,
	request,
	test,
	type APIRequestContext,
	type APIResponse,
} from '@playwright/test';

import { readRunState } from '../../tools/lib/run-state';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import {
	frontClient,
	guideSettings,
	requestsSince,
	resetEnvironment,
	runAccessTest,
	saveSettings,
	uniqueName,
} from './access-helpers';
import {
	createUser,
	deleteUser,
	expectRefusal,
	NAMESPACE,
	PhpLogWatch,
	quietRetries,
	registeredRouteMethods,
	restPath,
	ROUTE_METHODS,
	routeMethodName,
	snapshot,
	type Role,
	type SiteSnapshot,
	type TestUser,
} from './hostile-helpers';
import { deleteAttachment, png, uploadOk } from './media-helpers';

const { site } = readRunState();

type Send = (
	method: string,
	path: string,
	body?: string
) => Promise< APIResponse >;

/** Someone who must be refused, and how. */
interface Refused {
	name: string;
	status: 401 | 403;
	code: string;
	send: Send;
	/** What GET wp/v2/media/{id} answers (view context): 200, or a refusal for a bad nonce. */
	mediaView: number;
	/** What GET wp/v2/media/{id}?context=edit answers. */
	mediaEdit: number;
}

const NON_ADMIN_ROLES: Role[] = [
	'subscriber',
	'contributor',
	'author',
	'editor',
];

let admin: WpSession;
let visitor: APIRequestContext;
const users: TestUser[] = [];
const sessions = new Map< Role, WpSession >();
let attachmentId = 0;
let before: SiteSnapshot;

/** A Buffer goes as it is: Playwright would JSON-encode a string that is not JSON. */
function withBody( body: string | undefined ): {
	headers: Record< string, string >;
	data?: Buffer;
} {
	return body === undefined
		? { headers: {} }
		: {
				headers: { 'Content-Type': 'application/json' },
				data: Buffer.from( body ),
			};
}

/** Sends with `http`'s cookies (if any) and the given nonce (if any). */
function sender(
	http: () => APIRequestContext,
	nonce: () => string | null
): Send {
	return ( method, path, body ) => {
		const { headers, ...data } = withBody( body );
		const value = nonce();
		return http().fetch( path, {
			method,
			headers:
				value === null ? headers : { ...headers, 'X-WP-Nonce': value },
			...data,
			timeout: 60_000,
		} );
	};
}

function session( role: Role ): WpSession {
	const found = sessions.get( role );
	if ( ! found ) {
		throw new Error( `No ${ role } session: beforeAll failed` );
	}
	return found;
}

const REFUSED: Refused[] = [
	{
		name: 'a visitor',
		status: 401,
		code: 'rest_forbidden',
		send: sender(
			() => visitor,
			() => null
		),
		mediaView: 200,
		mediaEdit: 401,
	},
	...NON_ADMIN_ROLES.map( ( role ): Refused => ( {
		name: `an ${ role }`.replace( /^an ([^aeiou])/, 'a $1' ),
		status: 403,
		code: 'rest_forbidden',
		send: sender(
			() => session( role ).http,
			() => session( role ).nonce
		),
		mediaView: 200,
		// Editors may edit anyone's media; authors only their own.
		mediaEdit: role === 'editor' ? 200 : 403,
	} ) ),
	{
		name: "the administrator's cookie without a nonce",
		status: 401,
		code: 'rest_forbidden',
		send: sender(
			() => session( 'administrator' ).http,
			() => null
		),
		mediaView: 200,
		mediaEdit: 401,
	},
	{
		name: "the administrator's cookie with a made-up nonce",
		status: 403,
		code: 'rest_cookie_invalid_nonce',
		send: sender(
			() => session( 'administrator' ).http,
			() => '0123456789'
		),
		mediaView: 403,
		mediaEdit: 403,
	},
	{
		name: "the administrator's cookie with a subscriber's nonce",
		status: 403,
		code: 'rest_cookie_invalid_nonce',
		send: sender(
			() => session( 'administrator' ).http,
			() => session( 'subscriber' ).nonce
		),
		mediaView: 403,
		mediaEdit: 403,
	},
];

const asAdministrator = sender(
	() => session( 'administrator' ).http,
	() => session( 'administrator' ).nonce
);

test.beforeAll( async () => {
	test.setTimeout( 180_000 );
	admin = await logInOverHttp( site );
	await resetEnvironment();
	await saveSettings( admin, guideSettings() );
	const attachment = await uploadOk(
		admin,
		`${ uniqueName( 'roles' ) }.png`,
		'image/png',
		png( 300, 200 )
	);
	attachmentId = attachment.id;
	expect( attachment.s3_media_sync.status ).toBe( 'synced' );
	await runAccessTest( admin );

	for ( const role of [ ...NON_ADMIN_ROLES, 'administrator' as const ] ) {
		const user = await createUser( admin, role );
		users.push( user );
		sessions.set(
			role,
			await logInOverHttp( site, user.username, user.password )
		);
	}
	visitor = await request.newContext( { baseURL: site.url } );
	quietRetries();
	before = snapshot( [ attachmentId ] );
	expect( before.options.s3_media_sync_settings ).not.toBeNull();
	expect( before.options.s3_media_sync_last_test ).not.toBeNull();
} );

test.afterAll( async () => {
	await visitor?.dispose();
	for ( const open of sessions.values() ) {
		await open.dispose();
	}
	for ( const user of users ) {
		await deleteUser( admin, user );
	}
	if ( attachmentId ) {
		await deleteAttachment( admin, attachmentId );
	}
	await admin?.dispose();
} );

/** Nothing stored changed, no S3 request was made, no PHP warning was logged. */
async function expectNothingHappened(
	seq: number,
	logs: PhpLogWatch
): Promise< void > {
	expect( await requestsSince( seq ), 'S3 requests' ).toEqual( [] );
	expect(
		snapshot( [ attachmentId ] ),
		'what the plugin stores is unchanged'
	).toEqual( before );
	expect( logs.problems(), 'PHP warnings, notices or errors' ).toEqual( [] );
}

test( 'the table holds every route and method the plugin registers', async () => {
	// The namespace's index is public, as core serves it.
	const response = await visitor.get( `/wp-json/${ NAMESPACE }` );
	expect( response.status() ).toBe( 200 );
	expect( registeredRouteMethods( await response.json() ) ).toEqual(
		ROUTE_METHODS.map( routeMethodName ).sort()
	);
} );

for ( const who of REFUSED ) {
	for ( const routeMethod of ROUTE_METHODS ) {
		test( `${ routeMethodName( routeMethod ) } as ${ who.name }: ${ who.status } ${ who.code }, nothing happens`, async () => {
			const logs = new PhpLogWatch();
			const seq = await frontClient().lastSeq();
			const response = await who.send(
				routeMethod.method,
				restPath( routeMethod.route, attachmentId ),
				routeMethod.body === undefined
					? undefined
					: JSON.stringify( routeMethod.body )
			);
			const answer = await expectRefusal(
				response,
				`${ routeMethodName( routeMethod ) } as ${ who.name }`,
				who.status
			);
			expect( answer.code ).toBe( who.code );
			await expectNothingHappened( seq, logs );
		} );
	}

	test( `as ${ who.name }, a malformed body to any route is refused ${ who.status } before it is read`, async () => {
		const logs = new PhpLogWatch();
		const seq = await frontClient().lastSeq();
		const bodies = [ '"abc"', '{"bucket": ', '{"unknown": 1}', 'null' ];
		const seen: string[] = [];
		for ( const routeMethod of ROUTE_METHODS ) {
			for ( const body of bodies ) {
				const response = await who.send(
					routeMethod.method,
					restPath( routeMethod.route, attachmentId ),
					body
				);
				seen.push(
					`${ routeMethodName( routeMethod ) } ${ body } → ${ response.status() } ${
						( ( await response.json() ) as { code?: string } ).code
					}`
				);
			}
		}
		expect( seen ).toEqual(
			ROUTE_METHODS.flatMap( ( routeMethod ) =>
				bodies.map(
					( body ) =>
						`${ routeMethodName( routeMethod ) } ${ body } → ${ who.status } ${ who.code }`
				)
			)
		);
		await expectNothingHappened( seq, logs );
	} );
}

/* ---------- The s3_media_sync field of wp/v2/media ---------- */

interface MediaViewer {
	name: string;
	send: Send;
	view: number;
	edit: number;
}

const MEDIA_VIEWERS: MediaViewer[] = [
	...REFUSED.map( ( who ) => ( {
		name: who.name,
		send: who.send,
		view: who.mediaView,
		edit: who.mediaEdit,
	} ) ),
	{ name: 'an administrator', send: asAdministrator, view: 200, edit: 200 },
];

for ( const viewer of MEDIA_VIEWERS ) {
	test( `wp/v2/media/{id} as ${ viewer.name }: s3_media_sync only in the edit context, for who may edit it`, async () => {
		const logs = new PhpLogWatch();
		const seq = await frontClient().lastSeq();
		const path = `/wp-json/wp/v2/media/${ attachmentId }`;

		const view = await viewer.send( 'GET', path );
		const viewText = await view.text();
		expect( view.status(), viewText.slice( 0, 300 ) ).toBe( viewer.view );
		if ( viewer.view === 200 ) {
			expect(
				Object.keys( JSON.parse( viewText ) as object ),
				'the view context'
			).not.toContain( 's3_media_sync' );
		}

		const edit = await viewer.send( 'GET', `${ path }?context=edit` );
		if ( viewer.edit === 200 ) {
			const text = await edit.text();
			expect( edit.status(), text.slice( 0, 300 ) ).toBe( 200 );
			const attachment = JSON.parse( text ) as {
				s3_media_sync?: { status: string };
			};
			expect( attachment.s3_media_sync?.status ).toBe( 'synced' );
		} else {
			await expectRefusal(
				edit,
				`edit context as ${ viewer.name }`,
				viewer.edit
			);
		}
		await expectNothingHappened( seq, logs );
	} );
}

/* ---------- Administrators (last: what they do changes the site) ---------- */

for ( const routeMethod of ROUTE_METHODS ) {
	test( `${ routeMethodName( routeMethod ) } as an administrator: gets through`, async () => {
		const logs = new PhpLogWatch();
		const response = await asAdministrator(
			routeMethod.method,
			restPath( routeMethod.route, attachmentId ),
			routeMethod.body === undefined
				? undefined
				: JSON.stringify( routeMethod.body )
		);
		const text = await response.text();
		expect( routeMethod.adminStatuses, text.slice( 0, 400 ) ).toContain(
			response.status()
		);
		expect( logs.problems(), 'PHP warnings, notices or errors' ).toEqual(
			[]
		);
	} );
}
