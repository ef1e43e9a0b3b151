/**
 * nginx and PHP-FPM from Debian, for the `servers` suite (several web
 * servers behind one address). Like ensurePhp(): when a binary is missing
 * and we are root with apt-get, Debian's package is installed; elsewhere the
 * error names it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../lib/processes';

const DIRS = [ '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin' ];

function findNginx(): string | undefined {
	return DIRS.map( ( dir ) => join( dir, 'nginx' ) ).find( existsSync );
}

/** php-fpm8.2 (Debian's name), or the newest php-fpm<version> there is. */
function findPhpFpm(): string | undefined {
	for ( const dir of DIRS ) {
		if ( ! existsSync( dir ) ) {
			continue;
		}
		const found = readdirSync( dir )
			.filter( ( name ) => /^php-fpm(\d+\.\d+)?$/.test( name ) )
			.sort()
			.reverse();
		if ( found[ 0 ] ) {
			return join( dir, found[ 0 ] );
		}
	}
	return undefined;
}

export interface WebServerBinaries {
	nginx: string;
	phpFpm: string;
}

let found: Promise< WebServerBinaries > | undefined;

/** nginx and php-fpm, installed with apt-get if we may. */
export function ensureWebServers(): Promise< WebServerBinaries > {
	found ??= findOrInstall();
	return found;
}

async function findOrInstall(): Promise< WebServerBinaries > {
	let nginx = findNginx();
	let phpFpm = findPhpFpm();
	const missing = [
		...( nginx ? [] : [ 'nginx' ] ),
		...( phpFpm ? [] : [ 'php-fpm' ] ),
	];
	if ( missing.length > 0 && process.getuid?.() === 0 ) {
		process.stdout.write(
			`Installing ${ missing.join( ' and ' ) } with apt-get…\n`
		);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		await run( 'apt-get', [ 'update' ], { env } );
		await run( 'apt-get', [ 'install', '-y', ...missing ], { env } );
		nginx = findNginx();
		phpFpm = findPhpFpm();
	}
	if ( ! nginx || ! phpFpm ) {
		throw new Error(
			`${ missing.join(
				' and '
			) } not installed. On Debian/Ubuntu: sudo apt-get install -y ${ missing.join( ' ' ) }`
		);
	}
	return { nginx, phpFpm };
}
