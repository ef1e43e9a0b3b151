/**
 * The Python side of the local S3: a venv under .cache/ holding moto, made
 * by the project itself because CI and new machines start without it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { VENV } from '../lib/paths';
import { run } from '../lib/processes';

export const REQUIREMENTS = resolve( __dirname, 'requirements.txt' );

/** The AWS CLI (v1, from requirements.txt) that runs the settings page's setup script in tests. */
export const AWS_CLI = resolve( VENV, 'bin', 'aws' );

/** Hash of what was installed, so a changed requirements.txt reinstalls. */
const STAMP = resolve( VENV, '.s3-media-sync-requirements.sha256' );

function requirementsHash(): string {
	return createHash( 'sha256' )
		.update( readFileSync( REQUIREMENTS ) )
		.digest( 'hex' );
}

/**
 * Creates the venv and installs requirements.txt when missing or changed.
 *
 * @return Path of the moto_server executable.
 */
export async function ensureMotoVenv(): Promise< string > {
	const python = resolve( VENV, 'bin', 'python' );
	const motoServer = resolve( VENV, 'bin', 'moto_server' );
	const hash = requirementsHash();
	const stamp = existsSync( STAMP )
		? readFileSync( STAMP, 'utf8' ).trim()
		: '';
	if (
		stamp === hash &&
		existsSync( motoServer ) &&
		existsSync( python ) &&
		existsSync( AWS_CLI )
	) {
		return motoServer;
	}

	if ( ! existsSync( python ) ) {
		mkdirSync( VENV, { recursive: true } );
		try {
			await run( 'python3', [ '-m', 'venv', VENV ] );
		} catch ( error ) {
			// Debian splits ensurepip into python3-venv: say so rather than leave a stack trace.
			throw new Error(
				`Could not create the Python venv at ${ VENV } (on Debian: apt-get install -y python3-venv).\n${
					error instanceof Error ? error.message : String( error )
				}`
			);
		}
	}
	process.stdout.write(
		`Installing moto into ${ VENV } (${ REQUIREMENTS })…\n`
	);
	await run( python, [
		'-m',
		'pip',
		'install',
		'--disable-pip-version-check',
		'--no-input',
		'-r',
		REQUIREMENTS,
	] );
	if ( ! existsSync( motoServer ) ) {
		throw new Error(
			`pip installed ${ REQUIREMENTS } but ${ motoServer } is missing.`
		);
	}
	// Written last: an interrupted install is retried next time.
	writeFileSync( STAMP, `${ hash }\n` );
	return motoServer;
}
