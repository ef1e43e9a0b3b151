/**
 * `npm test`: every suite against the real stack, each printing its counts,
 * then one line of totals (`N passed, N failed`) that CI reads.
 *
 *   --only=js|php|s3|integration|e2e|stress|servers|multisite   run some suites (comma list, repeatable)
 *   --filter <pattern>                        PHPUnit's --filter (implies php)
 *   --grep|-g <pattern>                       Playwright's --grep
 *   <test file or folder>...                  just those; each one's suite from its path
 *   --wp=current|previous|<Debian suite>      the WordPress release (default current; S3MS_WORDPRESS)
 *
 * The S3 side (moto, the S3 front) starts only when a chosen test needs it:
 * every Playwright suite does, PHP tests do when they are in `@group s3`.
 * See tools/lib/test-selection.ts.
 */
import { spawn } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';

import {
	hasS3Side,
	startEnvironment,
	type SiteEnvironment,
} from './environment';
import { freePort } from './lib/network';
import { ROOT, SITES } from './lib/paths';
import { removeZipSite, startZipSite, type ZipSiteState } from './zip-site';
import { startMariaDBSite, type MariaDBSite } from './mariadb-site';
import { startMultisiteNetwork, type MultisiteNetwork } from './multisite-site';
import {
	removeServersSites,
	startServers,
	type ServersSite,
} from './servers/servers';
import { run, stopAll, stopAllOnExit } from './lib/processes';
import { RUN_STATE_VARIABLE } from './lib/run-state';
import { RELEASE_VARIABLE, takeReleaseArg } from './lib/wordpress-release';
import {
	PLAYWRIGHT_SUITES,
	parseTestArgs,
	phpTestsNeedS3,
	phpunitConfigFor,
	readPhpTestClass,
	screenshotPlan,
	type PhpTestClass,
	type Selection,
	type Suite,
} from './lib/test-selection';
import {
	countJest,
	countJunit,
	countPlaywright,
	type Counts,
} from './test-counts';

const PHP_TESTS = join( ROOT, 'tests', 'php' );
const PHPUNIT_CONFIG = join( PHP_TESTS, 'phpunit.xml' );

/** The *Test.php files under these paths (files or folders). */
function phpTestFiles( paths: readonly string[] ): string[] {
	const found: string[] = [];
	const walk = ( path: string ) => {
		if ( path.endsWith( 'Test.php' ) ) {
			found.push( path );
		} else if ( ! path.endsWith( '.php' ) && existsSync( path ) ) {
			for ( const entry of readdirSync( path, {
				withFileTypes: true,
			} ) ) {
				if (
					entry.isDirectory() ||
					entry.name.endsWith( 'Test.php' )
				) {
					walk( join( path, entry.name ) );
				}
			}
		}
	};
	paths.forEach( ( path ) => walk( resolvePath( ROOT, path ) ) );
	return found;
}

/** Whether the PHP tests this run selects need the S3 side. */
function phpNeedsS3( selection: Selection ): boolean {
	const classes: PhpTestClass[] = phpTestFiles(
		selection.files.php ?? [ 'tests/php' ]
	).map( ( file ) =>
		readPhpTestClass( relative( ROOT, file ), readFileSync( file, 'utf8' ) )
	);
	return phpTestsNeedS3( classes, selection.filter );
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
	// --wp reaches every site of the run, and PHPUnit, through S3MS_WORDPRESS.
	const { release, rest: args } = takeReleaseArg( process.argv.slice( 2 ) );
	if ( release !== undefined ) {
		process.env[ RELEASE_VARIABLE ] = release;
	}
	const selection = parseTestArgs(
		args,
		ROOT,
		process.env.INIT_CWD ?? process.cwd()
	);
	const { suites } = selection;
	const results = new Map< Suite, Counts >();
	// Each run has its own site, database, logs and artifacts, so two runs
	// (say, a developer's and a helper's) never touch each other's files.
	const runName = `test-${ process.pid }`;
	const artifacts = join( ROOT, 'artifacts', runName );
	mkdirSync( artifacts, { recursive: true } );
	const needsS3 =
		suites.some( ( suite ) =>
			PLAYWRIGHT_SUITES.includes(
				suite as ( typeof PLAYWRIGHT_SUITES )[ number ]
			)
		) ||
		( suites.includes( 'php' ) && phpNeedsS3( selection ) );

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
				...( selection.files.js ?? [] ),
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

	let env: SiteEnvironment | null = null;
	if ( suites.some( ( suite ) => suite !== 'js' ) ) {
		env = await startEnvironment( {
			name: runName,
			fresh: true,
			bucket: 'media-sync-test',
			configurePlugin: false,
			s3: needsS3,
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
	if ( env && hasS3Side( env ) && suites.includes( 'stress' ) ) {
		stressSite = await startMariaDBSite( env, {
			name: `${ runName }-mariadb`,
			sitePort: await freePort(),
			databasePort: await freePort(),
			workers: 6,
		} );
	}

	// The servers suite: a load balancer in front of web servers A and B
	// (nginx + PHP-FPM, MariaDB), sharing the S3 side (tools/servers/).
	let serversSite: ServersSite | null = null;
	if ( env && hasS3Side( env ) && suites.includes( 'servers' ) ) {
		serversSite = await startServers( env, {
			name: `${ runName }-servers`,
		} );
	}

	// The multisite suite runs on a network of its own, sharing the S3 side.
	let network: MultisiteNetwork | null = null;
	if ( env && hasS3Side( env ) && suites.includes( 'multisite' ) ) {
		network = await startMultisiteNetwork( env, {
			name: `${ runName }-network`,
			port: await freePort(),
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
		let config = PHPUNIT_CONFIG;
		if ( selection.files.php ) {
			config = join( artifacts, 'phpunit-selected.xml' );
			writeFileSync(
				config,
				phpunitConfigFor(
					readFileSync( PHPUNIT_CONFIG, 'utf8' ),
					PHP_TESTS,
					selection.files.php,
					ROOT
				)
			);
		}
		const code = await runSuite(
			'phpunit',
			[
				'-c',
				relative( ROOT, config ),
				'--log-junit',
				report,
				...( selection.filter !== undefined
					? [ '--filter', selection.filter ]
					: [] ),
			],
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

	const screenshots = screenshotPlan( selection );
	for ( const project of PLAYWRIGHT_SUITES ) {
		if ( ! env || ! suites.includes( project ) ) {
			continue;
		}
		const projectFiles =
			project === 'e2e'
				? screenshots.e2eFiles
				: selection.files[ project ];
		if ( projectFiles?.length === 0 ) {
			continue; // Only the screenshots were named.
		}
		// Suites with a site of their own read its state, not the test site's.
		const ownSite = {
			stress: stressSite,
			servers: serversSite,
			multisite: network,
		}[ project as string ];
		const siteEnv = ownSite
			? {
					[ RUN_STATE_VARIABLE ]: ownSite.stateFile,
					S3MS_WP_DIR: ownSite.site.dir,
				}
			: {};
		const report = join( artifacts, `playwright-${ project }.json` );
		const code = await runSuite(
			'npx',
			[
				'playwright',
				'test',
				// One argument: `--project` alone would take the files after it as projects.
				`--project=${ project }`,
				'--reporter=list,json',
				...( selection.grep !== undefined
					? // A pattern may match nothing in one of several suites.
						[ '--grep', selection.grep, '--pass-with-no-tests' ]
					: [] ),
				...( projectFiles ?? [] ),
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

	// Screenshots for docs/screenshots/ (tests/e2e/screenshots.ts): captures,
	// not tests, so their outcome is printed on its own and never counted.
	if ( env && screenshots.capture ) {
		const report = join( artifacts, 'playwright-screenshots.json' );
		await runSuite(
			'npx',
			[
				'playwright',
				'test',
				'--project=screenshots',
				'--reporter=list,json',
			],
			{ ...stateEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: report }
		);
		const counts = existsSync( report )
			? countPlaywright( readFileSync( report, 'utf8' ) )
			: null;
		process.stdout.write(
			`Screenshots (not tests, not counted): ${ counts?.passed ?? 0 } captured, ${ counts?.failed ?? 'all' } failed, in docs/screenshots/\n`
		);
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
	if ( serversSite && ! failed ) {
		removeServersSites( serversSite );
	}
	if ( network && ! failed ) {
		rmSync( dirname( network.site.dir ), {
			recursive: true,
			force: true,
		} );
		rmSync( join( SITES, `${ runName }-network` ), { force: true } );
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
	if ( env ) {
		process.stdout.write(
			`  WordPress ${ env.site.wordpressVersion } (${ env.site.wordpressRelease ?? 'current' } release), PHP ${ env.site.phpVersion }\n`
		);
	}
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
