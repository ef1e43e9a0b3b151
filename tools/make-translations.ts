/**
 * `npx tsx tools/make-translations.ts`: from each
 * languages/s3-media-sync-<locale>.po, writes
 *
 * - languages/s3-media-sync-<locale>.mo, which load_plugin_textdomain() reads
 *   for the PHP strings;
 * - languages/s3-media-sync-<locale>-<md5>.json for the settings page's
 *   script, where <md5> is md5('build/settings.js'): WordPress's
 *   load_script_textdomain() looks a script's translations up as
 *   `{domain}-{locale}-{md5 of the script's path relative to the plugin}.json`.
 *   It holds the strings the template (languages/s3-media-sync.pot) finds
 *   in src/, in the Jed 1.x shape wp.i18n reads.
 *
 * No dependency: a .po parser and a .mo writer of a few dozen lines each.
 * (WP-CLI's make-json is not available here; @wp-blocks/make-pot's
 * make-json makes no .mo, stamps the file with the time it ran, and finds a
 * script's strings by parsing the minified build again.)
 *
 * Output is deterministic (dates come from the .po's PO-Revision-Date), so
 * tests/js/release.test.ts can check that the committed files are current.
 *
 *   npx tsx tools/make-translations.ts [--check]
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './lib/paths';

export const TEXT_DOMAIN = 's3-media-sync';
/** Built scripts that get a JSON translation file, by the source folder of their strings. */
export const SCRIPTS: ReadonlyArray< { script: string; sources: string } > = [
	{ script: 'build/settings.js', sources: 'src/settings/' },
];

export interface PoEntry {
	context?: string;
	id: string;
	plural?: string;
	/** One string, or one per plural form. */
	strings: string[];
	references: string[];
	flags: string[];
}

export interface PoFile {
	headers: Record< string, string >;
	entries: PoEntry[];
}

/** A .po string literal's value (C escapes). */
function unquote( literal: string, where: string ): string {
	if ( ! /^".*"$/.test( literal ) ) {
		throw new Error(
			`${ where }: expected a quoted string, got ${ literal }`
		);
	}
	return literal
		.slice( 1, -1 )
		.replace( /\\(["\\abfnrtv]|[0-7]{1,3})/g, ( _match, code: string ) => {
			const simple: Record< string, string > = {
				'"': '"',
				'\\': '\\',
				a: '\x07',
				b: '\b',
				f: '\f',
				n: '\n',
				r: '\r',
				t: '\t',
				v: '\v',
			};
			return simple[ code ] ?? String.fromCharCode( parseInt( code, 8 ) );
		} );
}

/**
 * Parses a .po file: entries (the header entry excluded) and the header's
 * fields. An entry defined twice is an error, unless `mergeDuplicates` (the
 * template lists "S3 Media Sync" twice: as the plugin's name and from
 * Settings_Page.php), which keeps the first with both entries' references.
 */
export function parsePo(
	text: string,
	name = 'po',
	mergeDuplicates = false
): PoFile {
	const entries: PoEntry[] = [];
	let headers: Record< string, string > = {};
	const blocks = text.replace( /\r\n/g, '\n' ).split( /\n\s*\n/ );
	for ( const block of blocks ) {
		const references: string[] = [];
		const flags: string[] = [];
		const fields = new Map< string, string >();
		let current: string | null = null;
		let obsolete = false;
		for ( const [ index, raw ] of block.split( '\n' ).entries() ) {
			const line = raw.trim();
			const where = `${ name }: "${ line.slice( 0, 40 ) }" (block line ${ index + 1 })`;
			if ( line === '' ) {
				continue;
			}
			if ( line.startsWith( '#~' ) ) {
				obsolete = true;
				continue;
			}
			if ( line.startsWith( '#:' ) ) {
				references.push( ...line.slice( 2 ).trim().split( /\s+/ ) );
				continue;
			}
			if ( line.startsWith( '#,' ) ) {
				flags.push(
					...line
						.slice( 2 )
						.split( ',' )
						.map( ( flag ) => flag.trim() )
				);
				continue;
			}
			if ( line.startsWith( '#' ) ) {
				continue;
			}
			const keyword =
				/^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$/.exec(
					line
				);
			if ( keyword ) {
				current = keyword[ 1 ] ?? '';
				if ( fields.has( current ) ) {
					throw new Error(
						`${ where }: ${ current } twice in one entry`
					);
				}
				fields.set( current, unquote( keyword[ 2 ] ?? '', where ) );
			} else if ( line.startsWith( '"' ) && current !== null ) {
				fields.set(
					current,
					( fields.get( current ) ?? '' ) + unquote( line, where )
				);
			} else {
				throw new Error( `${ where }: cannot read this line` );
			}
		}
		if ( obsolete || ! fields.has( 'msgid' ) ) {
			continue;
		}
		const id = fields.get( 'msgid' ) ?? '';
		const plural = fields.get( 'msgid_plural' );
		const strings =
			plural === undefined
				? [ fields.get( 'msgstr' ) ?? '' ]
				: [ ...fields.keys() ]
						.filter( ( key ) => key.startsWith( 'msgstr[' ) )
						.sort(
							( a, b ) =>
								Number( /\d+/.exec( a )?.[ 0 ] ) -
								Number( /\d+/.exec( b )?.[ 0 ] )
						)
						.map( ( key ) => fields.get( key ) ?? '' );
		const context = fields.get( 'msgctxt' );
		if ( id === '' && context === undefined ) {
			headers = Object.fromEntries(
				( strings[ 0 ] ?? '' )
					.split( '\n' )
					.filter( ( line ) => line.includes( ':' ) )
					.map( ( line ) => [
						line.slice( 0, line.indexOf( ':' ) ).trim(),
						line.slice( line.indexOf( ':' ) + 1 ).trim(),
					] )
			);
			continue;
		}
		entries.push( {
			...( context !== undefined ? { context } : {} ),
			id,
			...( plural !== undefined ? { plural } : {} ),
			strings,
			references,
			flags,
		} );
	}
	const unique = new Map< string, PoEntry >();
	for ( const entry of entries ) {
		const key = `${ entry.context ?? '' }\u0004${ entry.id }`;
		const first = unique.get( key );
		if ( first && ! mergeDuplicates ) {
			throw new Error( `${ name }: "${ entry.id }" is defined twice` );
		}
		if ( first ) {
			first.references.push( ...entry.references );
		} else {
			unique.set( key, entry );
		}
	}
	return { headers, entries: [ ...unique.values() ] };
}

/** Whether an entry has a translation worth shipping (not fuzzy, no empty form). */
function translated( entry: PoEntry ): boolean {
	return (
		! entry.flags.includes( 'fuzzy' ) &&
		entry.strings.length > 0 &&
		entry.strings.every( ( text ) => text !== '' )
	);
}

function headerText( headers: Record< string, string > ): string {
	return Object.entries( headers )
		.map( ( [ name, value ] ) => `${ name }: ${ value }\n` )
		.join( '' );
}

/**
 * A GNU .mo file (little-endian, revision 0, no hash table): the header
 * entry and every translated entry, sorted by original as gettext expects.
 */
export function compileMo( po: PoFile ): Buffer {
	const pairs: Array< [ Buffer, Buffer ] > = [
		[ Buffer.alloc( 0 ), Buffer.from( headerText( po.headers ), 'utf8' ) ],
	];
	for ( const entry of po.entries.filter( translated ) ) {
		const original =
			( entry.context !== undefined ? `${ entry.context }\u0004` : '' ) +
			entry.id +
			( entry.plural !== undefined ? `\u0000${ entry.plural }` : '' );
		pairs.push( [
			Buffer.from( original, 'utf8' ),
			Buffer.from( entry.strings.join( '\u0000' ), 'utf8' ),
		] );
	}
	pairs.sort( ( a, b ) => Buffer.compare( a[ 0 ], b[ 0 ] ) );

	const count = pairs.length;
	const headerSize = 28;
	const originalsTable = headerSize;
	const translationsTable = originalsTable + count * 8;
	let offset = translationsTable + count * 8;
	const tables = Buffer.alloc( count * 16 );
	const strings: Buffer[] = [];
	const place = ( text: Buffer, tableAt: number ): void => {
		tables.writeUInt32LE( text.length, tableAt );
		tables.writeUInt32LE( offset, tableAt + 4 );
		strings.push( text, Buffer.alloc( 1 ) );
		offset += text.length + 1;
	};
	pairs.forEach( ( [ original ], index ) => place( original, index * 8 ) );
	pairs.forEach( ( [ , translation ], index ) =>
		place( translation, count * 8 + index * 8 )
	);
	const header = Buffer.alloc( headerSize );
	header.writeUInt32LE( 0x950412de, 0 );
	header.writeUInt32LE( 0, 4 ); // revision
	header.writeUInt32LE( count, 8 );
	header.writeUInt32LE( originalsTable, 12 );
	header.writeUInt32LE( translationsTable, 16 );
	header.writeUInt32LE( 0, 20 ); // hash table size
	header.writeUInt32LE( translationsTable + count * 8, 24 ); // hash table offset (unused)
	return Buffer.concat( [ header, tables, ...strings ] );
}

/** Reads a .mo back into original → translation (for tests). */
export function readMo( mo: Buffer ): Map< string, string > {
	if ( mo.readUInt32LE( 0 ) !== 0x950412de ) {
		throw new Error( 'Not a little-endian .mo file.' );
	}
	const count = mo.readUInt32LE( 8 );
	const originals = mo.readUInt32LE( 12 );
	const translations = mo.readUInt32LE( 16 );
	const text = ( table: number, index: number ): string => {
		const length = mo.readUInt32LE( table + index * 8 );
		const at = mo.readUInt32LE( table + index * 8 + 4 );
		return mo.toString( 'utf8', at, at + length );
	};
	const map = new Map< string, string >();
	for ( let index = 0; index < count; index++ ) {
		map.set( text( originals, index ), text( translations, index ) );
	}
	return map;
}

/** The msgids of the template whose references include a file under `sources`. */
export function scriptStrings( pot: PoFile, sources: string ): Set< string > {
	return new Set(
		pot.entries
			.filter( ( entry ) =>
				entry.references.some( ( reference ) =>
					reference.startsWith( sources )
				)
			)
			.map( ( entry ) => `${ entry.context ?? '' }\u0004${ entry.id }` )
	);
}

export interface JedFile {
	'translation-revision-date': string;
	generator: string;
	source: string;
	domain: string;
	locale_data: {
		messages: Record< string, unknown >;
	};
}

/** What WP-CLI's make-json writes for one script, from the translated entries it uses. */
export function scriptJson(
	po: PoFile,
	locale: string,
	script: string,
	used: Set< string >
): JedFile {
	const messages: Record< string, unknown > = {
		'': {
			domain: 'messages',
			lang: po.headers.Language ?? locale,
			'plural-forms':
				po.headers[ 'Plural-Forms' ] ?? 'nplurals=2; plural=(n != 1);',
		},
	};
	for ( const entry of po.entries.filter( translated ) ) {
		const key = `${ entry.context ?? '' }\u0004${ entry.id }`;
		if ( used.has( key ) ) {
			messages[
				entry.context !== undefined
					? `${ entry.context }\u0004${ entry.id }`
					: entry.id
			] = entry.strings;
		}
	}
	return {
		'translation-revision-date': po.headers[ 'PO-Revision-Date' ] ?? '',
		generator: 's3-media-sync tools/make-translations.ts',
		source: script,
		domain: 'messages',
		locale_data: { messages },
	};
}

/** The JSON file name WordPress looks for: {domain}-{locale}-{md5(script path)}.json. */
export function scriptJsonName( locale: string, script: string ): string {
	const hash = createHash( 'md5' ).update( script ).digest( 'hex' );
	return `${ TEXT_DOMAIN }-${ locale }-${ hash }.json`;
}

/** The .mo and the scripts' .json of one locale's translation, name → contents. */
export function localeOutputs(
	po: PoFile,
	locale: string,
	pot: PoFile
): Map< string, Buffer > {
	const outputs = new Map< string, Buffer >();
	outputs.set( `${ TEXT_DOMAIN }-${ locale }.mo`, compileMo( po ) );
	for ( const { script, sources } of SCRIPTS ) {
		const json = scriptJson(
			po,
			locale,
			script,
			scriptStrings( pot, sources )
		);
		if ( Object.keys( json.locale_data.messages ).length > 1 ) {
			outputs.set(
				scriptJsonName( locale, script ),
				Buffer.from( `${ JSON.stringify( json ) }\n`, 'utf8' )
			);
		}
	}
	return outputs;
}

/** The markers of the pseudo locale: every translated string is wrapped in them. */
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

/**
 * A pseudo translation of the template: every msgstr is its msgid (or
 * plural) wrapped as ⟦…⟧, placeholders untouched. Text on a screen without
 * the markers was not translated (tests/e2e/i18n-pseudo.spec.ts).
 */
export function pseudoPo( pot: PoFile, locale: string ): PoFile {
	const wrap = ( text: string ): string =>
		`${ PSEUDO_OPEN }${ text }${ PSEUDO_CLOSE }`;
	return {
		headers: {
			'Content-Type': 'text/plain; charset=UTF-8',
			Language: locale,
			'Plural-Forms': 'nplurals=2; plural=(n != 1);',
			'PO-Revision-Date': '2026-01-01T00:00:00+00:00',
		},
		entries: pot.entries.map( ( entry ) => ( {
			...entry,
			strings:
				entry.plural === undefined
					? [ wrap( entry.id ) ]
					: [ wrap( entry.id ), wrap( entry.plural ) ],
			flags: entry.flags.filter( ( flag ) => flag !== 'fuzzy' ),
		} ) ),
	};
}

/** The template, parsed (its duplicate "S3 Media Sync" merged). */
export function readPot( root = ROOT ): PoFile {
	return parsePo(
		readFileSync(
			join( root, 'languages', `${ TEXT_DOMAIN }.pot` ),
			'utf8'
		),
		`${ TEXT_DOMAIN }.pot`,
		true
	);
}

/** Every file this script writes, name → contents, from the .po files in `languages/`. */
export function translationOutputs( root = ROOT ): Map< string, Buffer > {
	const languages = join( root, 'languages' );
	const pot = readPot( root );
	const outputs = new Map< string, Buffer >();
	const pattern = new RegExp(
		`^${ TEXT_DOMAIN }-([a-z]{2,3}(?:_[A-Z]{2})?(?:_\\w+)?)\\.po$`
	);
	for ( const file of existsSync( languages )
		? readdirSync( languages ).sort()
		: [] ) {
		const locale = pattern.exec( file )?.[ 1 ];
		if ( ! locale ) {
			continue;
		}
		const po = parsePo(
			readFileSync( join( languages, file ), 'utf8' ),
			file
		);
		for ( const [ name, contents ] of localeOutputs( po, locale, pot ) ) {
			outputs.set( name, contents );
		}
	}
	return outputs;
}

if ( require.main === module ) {
	const check = process.argv.includes( '--check' );
	const stale: string[] = [];
	for ( const [ name, contents ] of translationOutputs() ) {
		const file = join( ROOT, 'languages', name );
		const current = existsSync( file ) ? readFileSync( file ) : null;
		if ( current?.equals( contents ) ) {
			continue;
		}
		if ( check ) {
			stale.push( name );
		} else {
			writeFileSync( file, contents );
			console.log( `languages/${ name }` );
		}
	}
	if ( stale.length > 0 ) {
		console.error(
			`Out of date (run npx tsx tools/make-translations.ts): ${ stale.join( ', ' ) }`
		);
		process.exit( 1 );
	}
}
