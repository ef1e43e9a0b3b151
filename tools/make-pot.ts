/**
 * `npm run make-pot`: languages/s3-media-sync.pot from the PHP (plugin.php,
 * includes/) and TypeScript (src/) sources, with @wp-blocks/make-pot (WP-CLI's
 * make-pot is not available here). The header strings come from plugin.php.
 * tests/js/pot.test.ts fails when the committed file is out of date.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from './lib/paths';

export const POT_FILE = join( ROOT, 'languages', 's3-media-sync.pot' );

function header( name: string ): string {
	const source = readFileSync( join( ROOT, 'plugin.php' ), 'utf8' );
	const match = new RegExp( `^\\s*\\*\\s*${ name }:\\s*(.+)$`, 'm' ).exec(
		source
	);
	return match?.[ 1 ]?.trim() ?? '';
}

/**
 * Writes the template into `directory` (relative to the repository: the tool
 * resolves even absolute destinations against its working directory) and
 * returns its absolute path.
 */
export function makePot( directory: string ): string {
	execFileSync(
		join( ROOT, 'node_modules', '.bin', 'make-pot' ),
		[
			'.',
			directory,
			'--slug=s3-media-sync',
			'--domain=plugin',
			'--exclude=tests/**,tools/**,build/**,node_modules/**,.cache/**,artifacts/**,languages/**',
			'--charset=utf-8',
			'--silent',
			`--headers=author:${ header( 'Author' ) }`,
			`--headers=version:${ header( 'Version' ) }`,
			'--headers=email:translations@s3-media-sync.invalid',
		],
		{ cwd: ROOT, stdio: 'pipe' }
	);
	const file = join( ROOT, directory, 's3-media-sync.pot' );
	writeFileSync( file, withPluginHeader( readFileSync( file, 'utf8' ) ) );
	return file;
}

/**
 * The tool reads the plugin header from <slug>.php; ours is plugin.php, so
 * put its Name and Description where the tool put placeholders.
 */
function withPluginHeader( pot: string ): string {
	const quote = ( text: string ): string => JSON.stringify( text );
	const fixed = pot
		.replace( /#: s3-media-sync\.php/g, '#: plugin.php' )
		.replace(
			/(#\. Name of the plugin\n)msgid (?:"[^\n]*"\n)+/,
			`$1msgid ${ quote( header( 'Plugin Name' ) ) }\n`
		)
		.replace(
			/(#\. Description of the plugin\n)msgid (?:"[^\n]*"\n)+/,
			`$1msgid ${ quote( header( 'Description' ) ) }\n`
		);
	// A header string the code translates too must appear once (msgfmt refuses duplicates).
	const name = `msgid ${ quote( header( 'Plugin Name' ) ) }\n`;
	return fixed.split( name ).length > 2
		? fixed.replace(
				/#: plugin\.php\n#\. Name of the plugin\nmsgid [^\n]*\nmsgstr ""\n\n/,
				''
			)
		: fixed;
}

/** The msgids of a template, sorted: what a translator needs, without dates. */
export function msgids( pot: string ): string[] {
	const ids: string[] = [];
	const pattern = /^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)/gm;
	for ( const match of pot.matchAll( pattern ) ) {
		const id = ( match[ 1 ] ?? '' )
			.split( /\n/ )
			.map( ( line ) => line.trim().replace( /^"|"$/g, '' ) )
			.join( '' );
		if ( id !== '' ) {
			ids.push( id );
		}
	}
	return ids.sort();
}

if ( require.main === module ) {
	renameSync( makePot( '.cache/pot' ), POT_FILE );
	const count = msgids( readFileSync( POT_FILE, 'utf8' ) ).length;
	console.log( `${ POT_FILE }: ${ count } strings` );
}
