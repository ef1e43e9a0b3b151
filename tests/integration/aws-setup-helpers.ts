/**
 * What aws-setup.spec.ts needs: the "Set up AWS for me" panel read in
 * Chromium (the text the copy button copies, the template it downloads),
 * and the AWS CLI run against moto as the bucket owner.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, type Page } from '@playwright/test';

import { readRunState, type S3Credentials } from '../../tools/lib/run-state';
import { AWS_CLI } from '../../tools/s3/python-venv';
import { logIn } from '../e2e/login';

const SETTINGS_PATH = '/wp-admin/options-general.php?page=s3-media-sync';

export interface PanelChoice {
	names: { policy: string; group: string; user: string };
	createBucket?: boolean;
	publicPolicy?: boolean;
}

export interface Generated {
	script: string;
	template: string;
}

/** Opens the settings page as the admin; every copy is kept in window.s3msCopied. */
export async function openSettings( page: Page ): Promise< void > {
	const { site } = readRunState();
	await page.addInitScript( () => {
		Object.defineProperty( navigator, 'clipboard', {
			value: {
				writeText: async ( text: string ) => {
					( window as unknown as { s3msCopied: string } ).s3msCopied =
						text;
				},
			},
		} );
	} );
	await logIn( page, site.url, site.admin.user, site.admin.password );
	await page.goto( `${ site.url }${ SETTINGS_PATH }` );
}

/** Fills the panel, then takes the script as "Copy script" copies it and the downloaded template. */
export async function generate(
	page: Page,
	choice: PanelChoice
): Promise< Generated > {
	await expect( page.getByText( 'Set up AWS for me' ) ).toBeVisible();
	await page.getByLabel( 'Policy name' ).fill( choice.names.policy );
	await page.getByLabel( 'Group name' ).fill( choice.names.group );
	await page.getByLabel( 'User name' ).fill( choice.names.user );
	if ( choice.createBucket ) {
		await page.getByLabel( /^Also create the bucket/ ).check();
	}
	if ( choice.publicPolicy ) {
		await page.getByLabel( 'Anyone (public, ACLs disabled)' ).check();
	}
	const shown = ( await page
		.getByLabel( 'Setup script' )
		.textContent() ) as string;
	await page.getByRole( 'button', { name: 'Copy script' } ).click();
	const script = await page.evaluate(
		() => ( window as unknown as { s3msCopied: string } ).s3msCopied
	);
	expect( script ).toBe( shown );
	const [ download ] = await Promise.all( [
		page.waitForEvent( 'download' ),
		page
			.getByRole( 'button', { name: 'Download template (.json)' } )
			.click(),
	] );
	expect( download.suggestedFilename() ).toBe( 's3-media-sync-aws.json' );
	const template = readFileSync(
		( await download.path() ) as string,
		'utf8'
	);
	return { script, template };
}

export interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
}

/** The environment CloudShell gives, pointed at moto, signed in as `who` (the bucket owner by default). */
function cliEnvironment(
	who: S3Credentials,
	extra: Record< string, string >
): NodeJS.ProcessEnv {
	const { s3 } = readRunState();
	const environment: NodeJS.ProcessEnv = {
		PATH: `${ dirname( AWS_CLI ) }:${ process.env.PATH ?? '' }`,
		HOME: mkdtempSync( join( tmpdir(), 's3ms-aws-home-' ) ),
		AWS_ENDPOINT_URL: s3.motoUrl,
		AWS_ACCESS_KEY_ID: who.accessKeyId,
		AWS_SECRET_ACCESS_KEY: who.secretAccessKey,
		AWS_DEFAULT_REGION: s3.region,
		...extra,
	};
	return environment;
}

/** Runs a script with bash, as pasted into CloudShell. */
export function runScript(
	script: string,
	extra: Record< string, string > = {},
	who: S3Credentials = readRunState().s3.admin
): Promise< CliRun > {
	const file = join(
		mkdtempSync( join( tmpdir(), 's3ms-setup-' ) ),
		'setup.sh'
	);
	writeFileSync( file, script );
	return new Promise( ( resolve ) => {
		execFile(
			'bash',
			[ file ],
			{ env: cliEnvironment( who, extra ), timeout: 120_000 },
			( error, stdout, stderr ) => {
				const code =
					error && typeof error.code === 'number' ? error.code : 0;
				// The output, not the key: what the owner saw.
				console.log(
					stdout.replace(
						/(S3 Secret Access Key:\s+)\S+/,
						'$1(secret)'
					) + stderr
				);
				resolve( { code: error && ! code ? 1 : code, stdout, stderr } );
			}
		);
	} );
}

/** The AWS CLI as the bucket owner, JSON out. */
export async function aws( ...args: string[] ): Promise< unknown > {
	const run = await runScript(
		`set -e\naws ${ args
			.map( ( arg ) => `'${ arg.replace( /'/g, `'\\''` ) }'` )
			.join( ' ' ) } --output json\n`
	);
	expect( run.code, run.stderr ).toBe( 0 );
	return run.stdout.trim() === '' ? null : JSON.parse( run.stdout );
}

/** The key the script printed for pasting. */
export function printedKey( stdout: string ): S3Credentials {
	const id = /S3 Access Key ID:\s+(\S+)/.exec( stdout )?.[ 1 ];
	const secret = /S3 Secret Access Key:\s+(\S+)/.exec( stdout )?.[ 1 ];
	if ( ! id || ! secret ) {
		throw new Error( 'The script printed no access key' );
	}
	return { accessKeyId: id, secretAccessKey: secret };
}

/** The policy JSON inside the script (POLICY_DOCUMENT='…'). */
export function scriptPolicy( script: string ): unknown {
	const json = /^POLICY_DOCUMENT='(.*)'$/m.exec( script )?.[ 1 ];
	if ( ! json ) {
		throw new Error( 'No POLICY_DOCUMENT in the script' );
	}
	return JSON.parse( json );
}
