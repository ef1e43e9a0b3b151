/**
 * @jest-environment node
 */
/**
 * The German translation is complete: every string of the template
 * (languages/s3-media-sync.pot, the PHP and the scripts) has a German
 * translation in languages/s3-media-sync-de_DE.po, not fuzzy, with every
 * plural form, keeping the placeholders of the original. A string added
 * to the code without its German fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from '../../tools/lib/paths';
import { parsePo, type PoEntry } from '../../tools/make-translations';

const languages = join( ROOT, 'languages' );
const pot = parsePo(
	readFileSync( join( languages, 's3-media-sync.pot' ), 'utf8' ),
	'pot',
	true
);
const german = parsePo(
	readFileSync( join( languages, 's3-media-sync-de_DE.po' ), 'utf8' ),
	'de_DE.po'
);
const key = ( entry: PoEntry ): string =>
	`${ entry.context ?? '' }\u0004${ entry.id }`;
const byKey = new Map(
	german.entries.map( ( entry ) => [ key( entry ), entry ] )
);

/** printf placeholders (%s, %1$d, %%), sorted: the translation must use the same ones. */
function placeholders( text: string ): string[] {
	return ( text.match( /%(?:\d+\$)?[sdf%]/g ) ?? [] ).sort();
}

describe( 'the German translation', () => {
	it( 'covers every string of the template', () => {
		expect( pot.entries.length ).toBeGreaterThan( 400 );
		const missing = pot.entries
			.filter( ( entry ) => {
				const translated = byKey.get( key( entry ) );
				return (
					! translated ||
					translated.flags.includes( 'fuzzy' ) ||
					translated.strings.length !==
						( entry.plural === undefined ? 1 : 2 ) ||
					translated.strings.some( ( text ) => text.trim() === '' )
				);
			} )
			.map( ( entry ) => entry.id );
		expect( missing ).toEqual( [] );
	} );

	it( 'keeps the placeholders of each original', () => {
		const wrong = pot.entries.flatMap( ( entry ) => {
			const translated = byKey.get( key( entry ) );
			if ( ! translated ) {
				return [];
			}
			return translated.strings
				.map( ( text, form ) => ( { text, form } ) )
				.filter( ( { text, form } ) => {
					const original =
						form === 0 ? entry.id : ( entry.plural ?? entry.id );
					return (
						placeholders( text ).join() !==
						placeholders( original ).join()
					);
				} )
				.map( ( { text } ) => `${ entry.id } → ${ text }` );
		} );
		expect( wrong ).toEqual( [] );
	} );

	it( 'holds no string the template no longer has', () => {
		const known = new Set( pot.entries.map( key ) );
		expect(
			german.entries
				.filter( ( entry ) => ! known.has( key( entry ) ) )
				.map( ( entry ) => entry.id )
		).toEqual( [] );
	} );
} );
