/**
 * Playwright runs four kinds of test against the environment `npm test`
 * starts: `s3` (the S3 side is real), `integration` (the plugin over HTTP,
 * against that S3), `stress` (faults and concurrent uploads, on a MariaDB
 * site) — none needs a browser — and `e2e` (Chromium from Debian, since
 * Playwright cannot download its own browser here).
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export default defineConfig( {
	// tools/test.ts gives each run its own folder.
	outputDir: process.env.S3MS_ARTIFACTS ?? 'artifacts/playwright',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	forbidOnly: !! process.env.CI,
	reporter: [ [ 'list' ] ],
	use: {
		screenshot: 'only-on-failure',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: CHROMIUM_ARGS,
		},
	},
	projects: [
		{ name: 's3', testDir: 'tests/s3' },
		{ name: 'integration', testDir: 'tests/integration' },
		{ name: 'e2e', testDir: 'tests/e2e' },
		// Captures for docs/screenshots/, not tests: tools/test.ts runs them after e2e, uncounted.
		{
			name: 'screenshots',
			testDir: 'tests/e2e',
			testMatch: 'screenshots.ts',
		},
		// Faults and concurrent uploads, on the MariaDB site (tools/mariadb-site.ts).
		{ name: 'stress', testDir: 'tests/stress', timeout: 600_000 },
		// A network of sites sharing one bucket (tools/multisite-site.ts).
		{ name: 'multisite', testDir: 'tests/multisite', timeout: 120_000 },
		// Two web servers behind one load balancer, in Chromium (tools/servers/).
		{ name: 'servers', testDir: 'tests/servers', timeout: 120_000 },
	],
} );
