/**
 * What the language, accessibility and screenshot specs share: locales
 * installed on the test site (core's German and Hebrew from Debian's
 * wordpress-l10n, tools/wp/l10n.ts; the pseudo locale made from the
 * template, tools/make-translations.ts), the administrator's own language
 * switched over REST (Users → Profile → Language, what a person would do;
 * wp-admin follows the user's locale), and the check that every visible
 * text of the plugin's DOM (plugin-screens.ts PLUGIN_ROOTS) is translated.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from '@playwright/test';

import {
	compileMo,
	localeOutputs,
	pseudoPo,
	readPot,
	PSEUDO_CLOSE,
	PSEUDO_OPEN,
} from '../../tools/make-translations';
import { fetchCoreTranslations, installCoreLocale } from '../../tools/wp/l10n';
import { expect } from './fixtures';
import { asAdmin, site } from './support';

/** The pseudo locale's code (the usual pseudo-English one). */
export const PSEUDO = 'en_XA';

/** Core's strings that @wordpress/components draws inside the plugin's DOM by itself. */
export const CORE_COMPONENT_STRINGS = [
	'Notice',
	'(opens in a new tab)',
	'Close',
];

/** The language files of the site: wp-content/languages/. */
function languagesDir(): string {
	return join( site.dir, 'wp-content', 'languages' );
}

/**
 * Core's translations of these locales, from the wordpress-l10n package of
 * the run's Debian suite, into the site (so the profile offers them).
 */
export async function installCoreLocales(
	locales: readonly string[]
): Promise< void > {
	const translations = await fetchCoreTranslations( site.wordpressRelease );
	for ( const locale of locales ) {
		installCoreLocale( translations, site.dir, locale );
	}
}

/**
 * The pseudo locale, made now from the committed template: a core file
 * with a header only (WordPress lists a locale when its core .mo exists;
 * core's own strings stay English) and the plugin's .mo and script .json
 * in wp-content/languages/plugins/, where WordPress looks before the
 * plugin's own folder.
 */
export function installPseudoLocale(): void {
	const pot = readPot();
	mkdirSync( join( languagesDir(), 'plugins' ), { recursive: true } );
	writeFileSync(
		join( languagesDir(), `${ PSEUDO }.mo` ),
		compileMo( {
			headers: {
				'Content-Type': 'text/plain; charset=UTF-8',
				Language: PSEUDO,
			},
			entries: [],
		} )
	);
	for ( const [ name, contents ] of localeOutputs(
		pseudoPo( pot, PSEUDO ),
		PSEUDO,
		pot
	) ) {
		writeFileSync( join( languagesDir(), 'plugins', name ), contents );
	}
}

/** The administrator's own language ('' = the site's, English here). */
export async function setAdminLocale( locale: string ): Promise< void > {
	await asAdmin( async ( session ) => {
		const response = await session.rest( 'POST', 'wp/v2/users/me', {
			locale,
		} );
		expect(
			response.status(),
			`POST users/me locale=${ locale }: ${ await response.text() }`
		).toBe( 200 );
	} );
}

/**
 * The visible text inside `selectors` that is not translated: text nodes
 * (and the options of visible selects) in document order, read as one
 * stream, with ⟦…⟧ nesting tracked across nodes (a translated string may be
 * split by markup). Outside the markers only these may appear — the narrow
 * rule for what is not the plugin's to translate:
 * - whitespace, digits, punctuation and symbols (numbers, "—", "%", "/");
 * - text of `pre`, `code`, `kbd`, `input`, `textarea` (the policy JSON, the
 *   setup script, commands, keys: code and user input, never prose), and of
 *   `time` (a date in the site's date format), and of `.notice-dismiss`
 *   (the button core's common.js adds to every dismissible notice, with
 *   core's "Dismiss this notice.");
 * - a text node that is exactly an AWS identifier: an IAM action
 *   (`s3:PutObject`) or a canned ACL name (`public-read`, `private`), which
 *   AWS's own screens show untranslated;
 * - a text node that is exactly one of core's strings that
 *   `@wordpress/components` draws by itself (CORE_COMPONENT_STRINGS: core's
 *   translations, not the plugin's);
 * - a text node that is exactly one of `userData` (a bucket name, a file
 *   name or title the test made).
 * Returns each offending text node as `<element>: "<text>"`.
 */
export async function unmarkedText(
	page: Page,
	selectors: readonly string[],
	userData: readonly string[] = []
): Promise< string[] > {
	return page.evaluate(
		( { selectors: roots, userData: data, core, open, close } ) => {
			const exempt =
				'pre, code, kbd, input, textarea, time, script, style, .notice-dismiss';
			const identifier = /^(s3:[A-Za-z]+|public-read|private)$/;
			const visible = ( element: Element ): boolean => {
				const select = element.closest( 'select' );
				if ( select ) {
					return select.checkVisibility();
				}
				return element.checkVisibility( {
					visibilityProperty: true,
				} );
			};
			const found: string[] = [];
			const seen = new Set< Node >();
			for ( const root of roots.flatMap( ( selector ) => [
				...document.querySelectorAll( selector ),
			] ) ) {
				let depth = 0;
				const walker = document.createTreeWalker(
					root,
					NodeFilter.SHOW_TEXT
				);
				for (
					let node = walker.nextNode();
					node;
					node = walker.nextNode()
				) {
					const parent = node.parentElement;
					const text = node.textContent ?? '';
					if (
						seen.has( node ) ||
						! parent ||
						text.trim() === '' ||
						parent.closest( exempt ) ||
						! visible( parent )
					) {
						continue;
					}
					seen.add( node );
					if (
						depth === 0 &&
						( data.includes( text.trim() ) ||
							core.includes( text.trim() ) ||
							identifier.test( text.trim() ) )
					) {
						continue;
					}
					let outside = '';
					for ( const character of text ) {
						if ( character === open ) {
							depth++;
						} else if ( character === close ) {
							depth = Math.max( 0, depth - 1 );
						} else if ( depth === 0 ) {
							outside += character;
						}
					}
					if ( /[^\s\p{N}\p{P}\p{S}]/u.test( outside ) ) {
						const where =
							parent.tagName.toLowerCase() +
							( parent.className &&
							typeof parent.className === 'string'
								? `.${ parent.className.trim().split( /\s+/ ).join( '.' ) }`
								: '' );
						found.push( `${ where }: "${ text.trim() }"` );
					}
				}
			}
			return found;
		},
		{
			selectors: [ ...selectors ],
			userData: [ ...userData ],
			core: CORE_COMPONENT_STRINGS,
			open: PSEUDO_OPEN,
			close: PSEUDO_CLOSE,
		}
	);
}
