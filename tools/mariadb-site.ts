/**
 * A second site of a running environment, on MariaDB and served by more
 * PHP workers, for the tests that upload many files at once (SQLite allows
 * one writer at a time). It shares the environment's S3 side (moto, the
 * front, the bucket and the guide's IAM user), so the same front can inject
 * faults into its traffic; its RunState goes to its own state file.
 */
import { join } from 'node:path';

import { writeRunState, type RunState } from './lib/run-state';
import { startMariaDB } from './wp/mariadb';
import { ensurePhp } from './wp/php';
import { createSite } from './wp/site';
import { serveSite } from './wp/server';
import type { Environment } from './environment';

export interface MariaDBSite extends RunState {
	stateFile: string;
}

export async function startMariaDBSite(
	env: Environment,
	opts: {
		name: string;
		sitePort: number;
		databasePort: number;
		/** PHP_CLI_SERVER_WORKERS: how many requests the site serves at once. */
		workers: number;
	}
): Promise< MariaDBSite > {
	const runDir = join( env.runDir, opts.name );
	const database = await startMariaDB( {
		port: opts.databasePort,
		dataDir: join( runDir, 'mariadb' ),
		logFile: join( runDir, 'mariadb.log' ),
	} );
	const name = opts.name.replace( /[^A-Za-z0-9_]/g, '_' );
	await database.createDatabase( name );
	const site = await createSite( {
		name: opts.name,
		url: `http://127.0.0.1:${ opts.sitePort }`,
		database: {
			kind: 'mariadb',
			host: database.host,
			port: database.port,
			user: database.user,
			password: database.password,
			name,
		},
		fresh: true,
	} );
	await serveSite( {
		site,
		port: opts.sitePort,
		php: ( await ensurePhp() ).binary,
		logFile: join( runDir, 'php-server.log' ),
		workers: opts.workers,
	} );
	const state: RunState = { s3: env.s3, site };
	const stateFile = join( runDir, 'state.json' );
	writeRunState( stateFile, state );
	return { ...state, stateFile };
}
