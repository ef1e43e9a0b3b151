/**
 * @jest-environment node
 */
/**
 * The pseudo locale that tests/e2e/i18n-pseudo.spec.ts loads on the site:
 * made at test time from the template, every string wrapped as ⟦…⟧ with its
 * placeholders untouched, in the .mo the PHP reads and in the settings
 * script's .json. If a string escaped it here, the browser test could not
 * tell "not translatable" from "not in the pseudo locale".
 */
import {
	localeOutputs,
	PSEUDO_CLOSE,
	PSEUDO_OPEN,
	pseudoPo,
	readMo,
	readPot,
	scriptJsonName,
	SCRIPTS,
	type JedFile,
} from '../../tools/make-translations';

const LOCALE = 'en_XA';
const pot = readPot();
const pseudo = pseudoPo( pot, LOCALE );
const outputs = localeOutputs( pseudo, LOCALE, pot );

describe( 'the pseudo locale', () => {
	it( 'wraps every string of the template, placeholders kept', () => {
		expect( pseudo.entries ).toHaveLength( pot.entries.length );
		for ( const [ index, entry ] of pseudo.entries.entries() ) {
			const original = pot.entries[ index ];
			expect( entry.id ).toBe( original?.id );
			expect( entry.strings ).toEqual(
				[ original?.id, original?.plural ]
					.filter( ( text ) => text !== undefined )
					.map(
						( text ) => `${ PSEUDO_OPEN }${ text }${ PSEUDO_CLOSE }`
					)
			);
		}
	} );

	it( 'reaches the PHP strings through its .mo', () => {
		const mo = readMo( outputs.get( `s3-media-sync-${ LOCALE }.mo` )! );
		expect(
			mo.get( 'Only administrators can manage S3 Media Sync.' )
		).toBe( '⟦Only administrators can manage S3 Media Sync.⟧' );
		// Every entry, and the header.
		expect( mo.size ).toBe( pot.entries.length + 1 );
		expect(
			mo.get(
				'%d attachment is now private in S3.\u0000%d attachments are now private in S3.'
			)
		).toBe(
			'⟦%d attachment is now private in S3.⟧\u0000⟦%d attachments are now private in S3.⟧'
		);
	} );

	it( 'reaches every string of the settings script through its .json', () => {
		const script = SCRIPTS[ 0 ]!.script;
		const json = JSON.parse(
			outputs.get( scriptJsonName( LOCALE, script ) )!.toString( 'utf8' )
		) as JedFile;
		const messages = json.locale_data.messages as Record<
			string,
			string[]
		>;
		const fromScripts = pot.entries.filter( ( entry ) =>
			entry.references.some( ( reference ) =>
				reference.startsWith( SCRIPTS[ 0 ]!.sources )
			)
		);
		expect( fromScripts.length ).toBeGreaterThan( 100 );
		for ( const entry of fromScripts ) {
			// Jed keys a string with a context as "context\u0004string".
			const key =
				entry.context !== undefined
					? `${ entry.context }\u0004${ entry.id }`
					: entry.id;
			expect( messages[ key ]?.[ 0 ] ).toBe(
				`${ PSEUDO_OPEN }${ entry.id }${ PSEUDO_CLOSE }`
			);
		}
		expect( messages[ 'Save Changes' ] ).toEqual( [ '⟦Save Changes⟧' ] );
	} );
} );
