/**
 * `npm test`: every suite against the real stack, each printing its counts,
 * then one line of totals (`N passed, N failed`) that CI reads.
 *
 *   --only=js|php|s3|integration|e2e|stress   run one suite (repeatable)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { startEnvironment, type Environment } from './environment';
import { freePort } from './lib/network';
import { ROOT, SITES } from './lib/paths';
import { removeZipSite, startZipSite, type ZipSiteState } from './zip-site';
import { startMariaDBSite, type MariaDBSite } from './mariadb-site';
import { run, stopAll, stopAllOnExit } from './lib/processes';
import { RUN_STATE_VARIABLE } from './lib/run-state';
import {
	countJest,
	countJunit,
	countPlaywright,
	type Counts,
} from './test-counts';

type Suite = 'js' | 'php' | 's3' | 'integration' | 'e2e' | 'stress';
const ALL: Suite[] = [ 'js', 'php', 's3', 'integration', 'e2e', 'stress' ];

function selectedSuites(): Suite[] {
	const chosen = process.argv
		.filter( ( arg ) => arg.startsWith( '--only=' ) )
		.flatMap( ( arg ) => arg.slice( '--only='.length ).split( ',' ) );
	for ( const name of chosen ) {
		if ( ! ALL.includes( name as Suite ) ) {
			throw new Error(
				`Unknown suite "${ name }": choose from ${ ALL.join( ', ' ) }.`
			);
		}
	}
	return chosen.length ? ( chosen as Suite[] ) : ALL;
}

/**
 * Runs a suite's command with its output streamed; resolves with its exit code.
 * @param command
 * @param args
 * @param env
 */
function runSuite(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv
): Promise< number > {
	return new Promise( ( resolve ) => {
		const child = spawn( command, args, {
			cwd: ROOT,
			stdio: 'inherit',
			env: { ...process.env, ...env },
		} );
		child.on( 'exit', ( code ) => resolve( code ?? 1 ) );
		child.on( 'error', () => resolve( 127 ) );
	} );
}

/**
 * A suite that crashed before reporting still counts as a failure.
 * @param counts
 * @param exitCode
 */
function atLeastOneFailure( counts: Counts | null, exitCode: number ): Counts {
	if ( counts === null ) {
		return { passed: 0, failed: 1, skipped: 0 };
	}
	if ( exitCode !== 0 && counts.failed === 0 ) {
		return { ...counts, failed: 1 };
	}
	return counts;
}

async function main(): Promise< number > {
	stopAllOnExit();
	const suites = selectedSuites();
	const results = new Map< Suite, Counts >();
	// Each run has its own site, database, logs and artifacts, so two runs
	// (say, a developer's and a helper's) never touch each other's files.
	const runName = `test-${ process.pid }`;
	const artifacts = join( ROOT, 'artifacts', runName );
	mkdirSync( artifacts, { recursive: true } );

	process.stdout.write( 'Building the settings page (wp-scripts build)…\n' );
	await run( 'npx', [ 'wp-scripts', 'build' ], { cwd: ROOT } );

	if ( suites.includes( 'js' ) ) {
		const report = join( artifacts, 'jest.json' );
		const code = await runSuite(
			'npx',
			[
				'wp-scripts',
				'test-unit-js',
				'--config',
				'tests/js/jest.config.js',
				'--json',
				`--outputFile=${ report }`,
			],
			{}
		);
		results.set(
			'js',
			atLeastOneFailure(
				existsSync( report )
					? countJest( readFileSync( report, 'utf8' ) )
					: null,
				code
			)
		);
		printSuite( 'js', results.get( 'js' ) );
	}

	let env: Environment | null = null;
	if ( suites.some( ( suite ) => suite !== 'js' ) ) {
		env = await startEnvironment( {
			name: runName,
			fresh: true,
			bucket: 'media-sync-test',
			configurePlugin: false,
			ports: {
				site: await freePort(),
				s3: await freePort(),
				s3Control: await freePort(),
				moto: await freePort(),
			},
		} );
	}
	// A second, plugin-free site for the install-from-zip e2e test.
	let zipSite: ZipSiteState | null = null;
	if ( env && suites.includes( 'e2e' ) ) {
		zipSite = await startZipSite( {
			name: `${ runName }-zip`,
			port: await freePort(),
			stateFile: env.stateFile,
			runDir: env.runDir,
		} );
	}

	// The stress suite (faults, concurrent uploads) runs on a MariaDB site
	// with more PHP workers, sharing the S3 side.
	let stressSite: MariaDBSite | null = null;
	if ( env && suites.includes( 'stress' ) ) {
		stressSite = await startMariaDBSite( env, {
			name: `${ runName }-mariadb`,
			sitePort: await freePort(),
			databasePort: await freePort(),
			workers: 6,
		} );
	}

	const stateEnv = {
		S3MS_ARTIFACTS: join( artifacts, 'playwright' ),
		...( env
			? {
					[ RUN_STATE_VARIABLE ]: env.stateFile,
					S3MS_WP_DIR: env.site.dir,
				}
			: {} ),
	};

	if ( env && suites.includes( 'php' ) ) {
		const report = join( artifacts, 'phpunit.xml' );
		const code = await runSuite(
			'phpunit',
			[ '-c', 'tests/php/phpunit.xml', '--log-junit', report ],
			stateEnv
		);
		results.set(
			'php',
			atLeastOneFailure(
				existsSync( report )
					? countJunit( readFileSync( report, 'utf8' ) )
					: null,
				code
			)
		);
		printSuite( 'php', results.get( 'php' ) );
	}

	for ( const project of [ 's3', 'integration', 'e2e', 'stress' ] as const ) {
		if ( ! env || ! suites.includes( project ) ) {
			continue;
		}
		const siteEnv =
			project === 'stress' && stressSite
				? {
						[ RUN_STATE_VARIABLE ]: stressSite.stateFile,
						S3MS_WP_DIR: stressSite.site.dir,
					}
				: {};
		const report = join( artifacts, `playwright-${ project }.json` );
		const code = await runSuite(
			'npx',
			[
				'playwright',
				'test',
				'--project',
				project,
				'--reporter=list,json',
			],
			{
				...stateEnv,
				...siteEnv,
				PLAYWRIGHT_JSON_OUTPUT_NAME: report,
			}
		);
		results.set(
			project,
			atLeastOneFailure(
				existsSync( report )
					? countPlaywright( readFileSync( report, 'utf8' ) )
					: null,
				code
			)
		);
		printSuite( project, results.get( project ) );
	}

	await stopAll();
	const failed = [ ...results.values() ].some(
		( counts ) => counts.failed > 0
	);
	if ( zipSite && ! failed ) {
		removeZipSite( zipSite );
	}
	if ( stressSite && ! failed ) {
		rmSync( dirname( stressSite.site.dir ), {
			recursive: true,
			force: true,
		} );
		rmSync( join( SITES, `${ runName }-mariadb` ), { force: true } );
	}
	if ( env && ! failed ) {
		// Kept when something failed, for its debug.log. The site folder is a
		// link to a folder outside the repository: remove both.
		rmSync( dirname( env.site.dir ), { recursive: true, force: true } );
		rmSync( join( SITES, runName ), { force: true } );
	}

	const totals = [ ...results.values() ].reduce(
		( sum, counts ) => ( {
			passed: sum.passed + counts.passed,
			failed: sum.failed + counts.failed,
			skipped: sum.skipped + counts.skipped,
		} ),
		{ passed: 0, failed: 0, skipped: 0 }
	);
	process.stdout.write( '\nSuites:\n' );
	for ( const [ suite, counts ] of results ) {
		printSuite( suite, counts );
	}
	process.stdout.write(
		`\n${ totals.passed } passed, ${ totals.failed } failed\n`
	);
	return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

/**
 * Per-suite lines avoid the "N passed, N failed" form, which CI reserves for the totals.
 * @param suite
 * @param counts
 */
function printSuite( suite: string, counts: Counts | undefined ): void {
	if ( counts ) {
		process.stdout.write(
			`  [${ suite }] passed=${ counts.passed } failed=${ counts.failed } skipped=${ counts.skipped }\n`
		);
	}
}

main().then(
	( code ) => process.exit( code ),
	async ( error: unknown ) => {
		process.stderr.write(
			`\n${ error instanceof Error ? ( error.stack ?? error.message ) : String( error ) }\n`
		);
		await stopAll();
		process.stdout.write( '\n0 passed, 1 failed\n' );
		process.exit( 1 );
	}
);
