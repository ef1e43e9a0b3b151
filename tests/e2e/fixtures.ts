/**
 * The secret scan (issues 3 and 8): every e2e test runs under a recorder that
 * keeps every response of every page of every browser context the test
 * opens — documents, scripts, styles, REST and XHR answers, headers with
 * their Set-Cookie —, the contexts' cookies, and what the pages said in
 * the console or threw as uncaught exceptions, and after the test asserts
 * that none of them holds the guide user's secret or any secret the test
 * typed. Each test's tally goes to a file that the last spec
 * (zz-secret-scan.spec.ts) sums up, beside its scan of the PHP logs.
 *
 * A leak is reported by which secret, where and in what form — never by the
 * secret itself, so a failure does not print it.
 */
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import {
	test as base,
	expect,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Response,
} from '@playwright/test';

import { RUN_STATE_VARIABLE } from '../../tools/lib/run-state';
import { runDir, s3, site, SETTINGS_ROUTE, TEST_ROUTE } from './support';

export { expect };

/** Bodies worth reading as text: what a secret could be printed into. */
const TEXT_TYPE =
	/^(text\/|application\/(json|[\w.+-]*\+json|javascript|ecmascript|x-javascript|xml|[\w.+-]*\+xml|x-www-form-urlencoded))/i;
/** A window this long of a 40-character secret is still unmistakably it. */
const WINDOW = 16;

export interface RecordedResponse {
	url: string;
	method: string;
	status: number;
	contentType: string;
	/** Headers as `name: value` lines, Set-Cookie included. */
	headers: string;
	/** The body, for text-like types; empty otherwise. */
	body: string;
	text: boolean;
	/**
	 * The browser dropped the body when its page navigated away before it
	 * could be read; a GET was then asked again with the context's cookies
	 * and that answer scanned instead.
	 */
	refetched?: boolean;
}

export interface Leak {
	/** Which secret, by its label: never its value. */
	secret: string;
	/** raw, json-escaped, url-encoded, base64 or a 16-character part of one. */
	form: string;
	where: string;
}

/** The ways a secret can be written down: as is, escaped, encoded, or in part. */
export function secretForms( secret: string ): Map< string, string > {
	const forms = new Map< string, string >();
	const whole: Array< [ string, string ] > = [
		[ 'raw', secret ],
		[ 'json-escaped', JSON.stringify( secret ).slice( 1, -1 ) ],
		[ 'json-escaped-slashes', secret.replace( /\//g, '\\/' ) ],
		[ 'url-encoded', encodeURIComponent( secret ) ],
		[ 'form-encoded', encodeURIComponent( secret ).replace( /%20/g, '+' ) ],
		[ 'base64', Buffer.from( secret ).toString( 'base64' ) ],
	];
	for ( const [ name, value ] of whole ) {
		if ( ! forms.has( value ) ) {
			forms.set( value, name );
		}
	}
	for ( const [ name, value ] of whole.slice( 0, 4 ) ) {
		for ( let start = 0; start + WINDOW <= value.length; start++ ) {
			const part = value.slice( start, start + WINDOW );
			if ( ! forms.has( part ) ) {
				forms.set( part, `${ name } part` );
			}
		}
	}
	return forms;
}

/** Every place in `text` where one of the secrets shows, by label. */
export function findSecrets(
	text: string,
	secrets: ReadonlyMap< string, string >,
	where: string
): Leak[] {
	const leaks: Leak[] = [];
	for ( const [ label, secret ] of secrets ) {
		for ( const [ value, form ] of secretForms( secret ) ) {
			if ( text.includes( value ) ) {
				leaks.push( { secret: label, form, where } );
				break;
			}
		}
	}
	return leaks;
}

/** One line per test in the run's tally file, for zz-secret-scan.spec.ts. */
export interface ScanTally {
	test: string;
	responses: number;
	textResponses: number;
	bytes: number;
	cookies: number;
	/** Console messages and uncaught exceptions of the pages. */
	messages?: number;
	/** Answers of the settings and test routes (GET and POST) that were scanned. */
	restAnswers: number;
	/** Of those, answers that describe a stored secret (has_secret_access_key true). */
	withStoredSecret: number;
	/** Text responses whose body the browser dropped (page navigated away): GETs asked again. */
	refetched: number;
	/** Dropped and not asked again (not a GET). */
	unread: string[];
	leaks: number;
}

/**
 * Files of the scan, beside the run's state, named by the environment (its
 * site's port and when its state was written) so that runs never mix.
 */
export function scanFiles() {
	const port = new URL( site.url ).port;
	const started = Math.round(
		statSync( process.env[ RUN_STATE_VARIABLE ] ?? '' ).mtimeMs
	);
	const run = `${ port }-${ started }`;
	return {
		tally: join( runDir(), `e2e-secret-scan-${ run }.jsonl` ),
		typedSecrets: join( runDir(), `e2e-typed-secrets-${ run }.jsonl` ),
	};
}

/** The secrets typed in earlier tests of this run (never the guide's: that is in the state). */
export function typedSecrets(): string[] {
	const file = scanFiles().typedSecrets;
	if ( ! existsSync( file ) ) {
		return [];
	}
	return readFileSync( file, 'utf8' )
		.split( '\n' )
		.filter( ( line ) => line !== '' )
		.map( ( line ) => JSON.parse( line ) as string );
}

export function readTallies(): ScanTally[] {
	const file = scanFiles().tally;
	if ( ! existsSync( file ) ) {
		return [];
	}
	return readFileSync( file, 'utf8' )
		.split( '\n' )
		.filter( ( line ) => line !== '' )
		.map( ( line ) => JSON.parse( line ) as ScanTally );
}

export class SecretRecorder {
	readonly responses: RecordedResponse[] = [];
	/** Cookies of every context, taken just before it closed. */
	readonly cookies: Array< { name: string; text: string } > = [];
	/** Console messages and uncaught exceptions of every page. */
	readonly messages: Array< { where: string; text: string } > = [];
	/** Label → secret. */
	private readonly secrets = new Map< string, string >( [
		[
			'the guide user’s secret (s3.user.secretAccessKey)',
			s3.user.secretAccessKey,
		],
	] );
	private readonly pending = new Set< Promise< void > >();
	private readonly contexts = new Set< BrowserContext >();
	/** Text responses whose body the browser had dropped, by the context they came from. */
	private readonly unreadable: Array< {
		context: BrowserContext;
		recorded: RecordedResponse;
	} > = [];

	/** Records every response of every page of the context from now on. */
	watch( context: BrowserContext ): void {
		this.contexts.add( context );
		context.on( 'response', ( response ) => {
			const recording = this.record( context, response );
			this.pending.add( recording );
			void recording.finally( () => this.pending.delete( recording ) );
		} );
		context.on( 'console', ( message ) =>
			this.messages.push( {
				where: `console.${ message.type() } on ${ message.location().url }`,
				text: message.text(),
			} )
		);
		context.on( 'weberror', ( error ) =>
			this.messages.push( {
				where: `uncaught exception on ${ error.page()?.url() ?? 'a page' }`,
				text: `${ error.error().message }\n${ error.error().stack ?? '' }`,
			} )
		);
		context.on( 'close', () => this.contexts.delete( context ) );
	}

	/** A secret the test typed into a page: scanned for from now on, here and in the logs. */
	addSecret(
		secret: string,
		label = 'a secret the test typed',
		{ scanLogs = true } = {}
	): void {
		const numbered = `${ label } #${ this.secrets.size }`;
		this.secrets.set( numbered, secret );
		if ( ! scanLogs ) {
			return;
		}
		appendFileSync(
			scanFiles().typedSecrets,
			`${ JSON.stringify( secret ) }\n`
		);
	}

	/** Stops scanning for a secret (the scan's own self-test plants one). */
	forgetSecret( secret: string ): void {
		for ( const [ label, value ] of this.secrets ) {
			if ( value === secret ) {
				this.secrets.delete( label );
			}
		}
	}

	private async record(
		context: BrowserContext,
		response: Response
	): Promise< void > {
		const request = response.request();
		const headers = await response.headersArray().catch( () => [] );
		const contentType =
			headers.find( ( h ) => h.name.toLowerCase() === 'content-type' )
				?.value ?? '';
		const status = response.status();
		const url = response.url();
		const text =
			/^https?:/.test( url ) &&
			( status < 300 || status >= 400 ) &&
			( contentType === '' || TEXT_TYPE.test( contentType ) );
		const recorded: RecordedResponse = {
			url,
			method: request.method(),
			status,
			contentType,
			headers: headers
				.map( ( { name, value } ) => `${ name }: ${ value }` )
				.join( '\n' ),
			body: '',
			text,
		};
		if ( text ) {
			try {
				recorded.body = ( await response.body() ).toString( 'utf8' );
			} catch {
				// The page went away before the body was read.
				this.unreadable.push( { context, recorded } );
			}
		}
		this.responses.push( recorded );
	}

	/** Asks again, with the context's cookies, for the GETs whose bodies were dropped. */
	private async refetch( context: BrowserContext ): Promise< void > {
		for ( const { context: from, recorded } of this.unreadable ) {
			if (
				from !== context ||
				recorded.method !== 'GET' ||
				recorded.refetched
			) {
				continue;
			}
			const again = await context.request.get( recorded.url, {
				maxRedirects: 0,
				failOnStatusCode: false,
				// WordPress's compression test answers raw deflate, which the client cannot decode.
				headers: { 'Accept-Encoding': 'identity' },
			} );
			recorded.body = await again.text();
			recorded.refetched = true;
		}
	}

	/** Bodies never read: dropped and not a GET, so not asked again. */
	unread(): RecordedResponse[] {
		return this.unreadable
			.map( ( { recorded } ) => recorded )
			.filter( ( recorded ) => ! recorded.refetched );
	}

	/**
	 * Waits for the bodies still being read, at most 15 s: an open block
	 * editor keeps one response streaming forever, and would otherwise hang
	 * the test's teardown. A body still streaming after that is not scanned
	 * (the specs leave the editor before they end, so none is today).
	 */
	async settle(): Promise< void > {
		const deadline = Date.now() + 15_000;
		while ( this.pending.size > 0 && Date.now() < deadline ) {
			await Promise.race( [
				Promise.allSettled( [ ...this.pending ] ),
				new Promise( ( resolve ) =>
					setTimeout( resolve, Math.max( 0, deadline - Date.now() ) )
				),
			] );
		}
	}

	/**
	 * Before a context closes: reads the plugin's settings and last test
	 * result through it, as pages (so the scan always holds the answers that
	 * would carry the secret if the plugin echoed it), then takes its cookies.
	 */
	async finish( context: BrowserContext ): Promise< void > {
		if ( ! this.contexts.has( context ) ) {
			return;
		}
		try {
			const loggedIn = ( await context.cookies( site.url ) ).some(
				( cookie ) => cookie.name.startsWith( 'wordpress_logged_in' )
			);
			if ( loggedIn ) {
				const probe = await context.newPage();
				const nonce = await probe.goto(
					`${ site.url }/wp-admin/admin-ajax.php?action=rest-nonce`
				);
				const value = nonce ? ( await nonce.text() ).trim() : '';
				for ( const route of [ SETTINGS_ROUTE, TEST_ROUTE ] ) {
					await probe.goto(
						`${ site.url }/?rest_route=/${ route }&_wpnonce=${ value }`
					);
				}
				await probe.close();
			}
			await this.settle();
			await this.refetch( context );
			for ( const cookie of await context.cookies() ) {
				this.cookies.push( {
					name: cookie.name,
					text: `${ cookie.domain } ${ cookie.name }=${ cookie.value }`,
				} );
			}
		} finally {
			this.contexts.delete( context );
		}
	}

	leaks(): Leak[] {
		const leaks: Leak[] = [];
		for ( const response of this.responses ) {
			const where = `${ response.method } ${ response.url } (${ response.status } ${ response.contentType })`;
			leaks.push(
				...findSecrets(
					response.headers,
					this.secrets,
					`headers of ${ where }`
				),
				...findSecrets(
					response.body,
					this.secrets,
					`body of ${ where }`
				)
			);
		}
		for ( const cookie of this.cookies ) {
			leaks.push(
				...findSecrets(
					cookie.text,
					this.secrets,
					`cookie ${ cookie.name }`
				)
			);
		}
		for ( const message of this.messages ) {
			leaks.push(
				...findSecrets( message.text, this.secrets, message.where )
			);
		}
		return leaks;
	}

	/** Answers of the plugin's settings and test routes that were scanned. */
	restAnswers(): RecordedResponse[] {
		return this.responses.filter(
			( response ) =>
				response.text &&
				[ SETTINGS_ROUTE, TEST_ROUTE ].some( ( route ) =>
					decodeURIComponent( response.url ).includes( `/${ route }` )
				)
		);
	}

	tally( test: string ): ScanTally {
		const rest = this.restAnswers();
		return {
			test,
			responses: this.responses.length,
			textResponses: this.responses.filter( ( r ) => r.text ).length,
			bytes: this.responses.reduce(
				( sum, r ) => sum + r.body.length + r.headers.length,
				0
			),
			cookies: this.cookies.length,
			messages: this.messages.length,
			restAnswers: rest.length,
			withStoredSecret: rest.filter( ( r ) =>
				r.body.includes( '"has_secret_access_key":true' )
			).length,
			refetched: this.responses.filter( ( r ) => r.refetched ).length,
			unread: this.unread().map( ( r ) => `${ r.method } ${ r.url }` ),
			leaks: this.leaks().length,
		};
	}
}

/** Fewer responses than this and a test's scan would prove nothing. */
export const MIN_RESPONSES_PER_TEST = 10;

interface ScanFixtures {
	recorder: SecretRecorder;
	/** A further browser context (another user, other permissions), scanned too. */
	newContext: (
		options?: BrowserContextOptions
	) => Promise< BrowserContext >;
}

export const test = base.extend< ScanFixtures >( {
	recorder: [
		async ( {}, provide, testInfo ) => {
			const recorder = new SecretRecorder();
			await provide( recorder );
			// Every context has been finished by now: they depend on the recorder.
			await recorder.settle();
			const tally = recorder.tally( testInfo.titlePath.join( ' › ' ) );
			appendFileSync(
				scanFiles().tally,
				`${ JSON.stringify( tally ) }\n`
			);
			testInfo.annotations.push( {
				type: 'secret-scan',
				description: `${ tally.responses } responses (${ tally.textResponses } text, ${ tally.bytes } bytes), ${ tally.cookies } cookies, ${ tally.restAnswers } settings/test REST answers scanned`,
			} );
			expect(
				recorder.leaks(),
				'a secret appeared in a response or cookie'
			).toEqual( [] );
			expect(
				tally.responses,
				'the scan recorded too few responses to mean anything'
			).toBeGreaterThan( MIN_RESPONSES_PER_TEST );
			// A POST whose page left before its body was read cannot be asked
			// again (core's admin-ajax.php heartbeat, now and then); the
			// plugin's own answers must all have been read.
			expect(
				tally.unread.filter( ( entry ) =>
					decodeURIComponent( entry ).includes( '/s3-media-sync/' )
				),
				'answers of the plugin whose body was never scanned'
			).toEqual( [] );
		},
		{ auto: true },
	],

	context: async ( { context, recorder }, provide ) => {
		recorder.watch( context );
		await provide( context );
		await recorder.finish( context );
	},

	newContext: async (
		{ browser, recorder }: { browser: Browser; recorder: SecretRecorder },
		provide
	) => {
		const opened: BrowserContext[] = [];
		await provide( async ( options = {} ) => {
			const context = await browser.newContext( options );
			recorder.watch( context );
			opened.push( context );
			return context;
		} );
		for ( const context of opened ) {
			await recorder.finish( context );
			await context.close();
		}
	},
} );
