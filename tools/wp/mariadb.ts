/**
 * A private MariaDB server for the tests that write concurrently (SQLite
 * allows one writer at a time). It is Debian's mariadb-server binaries run
 * with --no-defaults on our own data folder, so the system's my.cnf, its
 * service and its data are never touched. SQLite stays the default.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST, assertPortFree } from '../lib/network';
import { run, startService } from '../lib/processes';

export interface MariaDB {
	host: string;
	port: number;
	socket: string;
	/** A password user for WordPress (over TCP); root stays socket-only. */
	user: string;
	password: string;
	/**
	 * Creates the database if it does not exist and grants it to `user`.
	 * It never drops one: createSite( { fresh: true } ) empties its tables.
	 */
	createDatabase: ( name: string ) => Promise< void >;
}

const USER = 'wordpress';
const PASSWORD = 'wordpress';

function binary( ...names: string[] ): string {
	for ( const name of names ) {
		for ( const dir of [
			'/usr/sbin',
			'/usr/bin',
			'/usr/local/sbin',
			'/usr/local/bin',
		] ) {
			if ( existsSync( join( dir, name ) ) ) {
				return join( dir, name );
			}
		}
	}
	throw new Error(
		`MariaDB is not installed (no ${ names.join( ' or ' ) }). On Debian/Ubuntu: sudo apt-get install -y mariadb-server`
	);
}

/** Backticks quote an identifier; only plain names are accepted anyway. */
function identifier( name: string ): string {
	if ( ! /^[A-Za-z0-9_]{1,64}$/.test( name ) ) {
		throw new Error(
			`Invalid database name "${ name }": use letters, digits and _.`
		);
	}
	return `\`${ name }\``;
}

export async function startMariaDB( opts: {
	port: number;
	dataDir: string;
	logFile: string;
} ): Promise< MariaDB > {
	const server = binary( 'mariadbd', 'mysqld' );
	const client = binary( 'mariadb', 'mysql' );
	await assertPortFree( opts.port, 'MariaDB' );
	mkdirSync( opts.dataDir, { recursive: true } );
	// A Unix socket path is limited to 107 bytes; deep CI checkouts exceed it.
	let socket = join( opts.dataDir, 'mariadb.sock' );
	if ( socket.length > 100 ) {
		socket = join( tmpdir(), `s3ms-mariadb-${ opts.port }.sock` );
	}

	if ( ! existsSync( join( opts.dataDir, 'mysql' ) ) ) {
		await run( binary( 'mariadb-install-db', 'mysql_install_db' ), [
			'--no-defaults',
			`--datadir=${ opts.dataDir }`,
			'--user=root',
			'--auth-root-authentication-method=normal',
			'--skip-test-db',
		] );
	}

	const child = startService(
		'MariaDB',
		server,
		[
			'--no-defaults',
			`--datadir=${ opts.dataDir }`,
			`--socket=${ socket }`,
			`--port=${ opts.port }`,
			`--bind-address=${ HOST }`,
			'--user=root',
			`--pid-file=${ join( opts.dataDir, 'mariadbd.pid' ) }`,
			'--skip-name-resolve',
			// WordPress sites and tests are small: keep memory low on a 2-core CI box.
			'--innodb-buffer-pool-size=64M',
			'--max-connections=200',
			'--character-set-server=utf8mb4',
			'--collation-server=utf8mb4_unicode_ci',
		],
		{ logFile: opts.logFile }
	);

	const sql = ( statement: string ): Promise< string > =>
		run( client, [
			'--no-defaults',
			`--socket=${ socket }`,
			'-uroot',
			'-e',
			statement,
		] );

	// Ready when root can run a statement through the socket.
	const deadline = Date.now() + 30_000;
	for (;;) {
		if ( child.exitCode !== null || child.signalCode !== null ) {
			throw new Error(
				`MariaDB exited while starting (log: ${ opts.logFile })`
			);
		}
		try {
			await sql( 'SELECT 1' );
			break;
		} catch ( error ) {
			if ( Date.now() > deadline ) {
				throw new Error(
					`MariaDB did not become ready within 30 s (log: ${ opts.logFile }): ${
						error instanceof Error ? error.message : String( error )
					}`
				);
			}
			await new Promise( ( resolve ) => setTimeout( resolve, 200 ) );
		}
	}

	// skip-name-resolve: the client's address is matched as 127.0.0.1, not localhost.
	await sql(
		`CREATE USER IF NOT EXISTS '${ USER }'@'127.0.0.1' IDENTIFIED BY '${ PASSWORD }';` +
			`CREATE USER IF NOT EXISTS '${ USER }'@'localhost' IDENTIFIED BY '${ PASSWORD }';`
	);

	return {
		host: HOST,
		port: opts.port,
		socket,
		user: USER,
		password: PASSWORD,
		async createDatabase( name: string ): Promise< void > {
			const db = identifier( name );
			await sql(
				`CREATE DATABASE IF NOT EXISTS ${ db } CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;` +
					`GRANT ALL PRIVILEGES ON ${ db }.* TO '${ USER }'@'127.0.0.1';` +
					`GRANT ALL PRIVILEGES ON ${ db }.* TO '${ USER }'@'localhost';`
			);
		},
	};
}
