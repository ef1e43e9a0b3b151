/**
 * Child processes of the local environment: started in one place so that
 * Ctrl-C, a failed start or the end of a test run stops every one of them.
 */
import {
	spawn,
	type ChildProcess,
	type SpawnOptions,
} from 'node:child_process';
import { createWriteStream } from 'node:fs';

const running = new Set< ChildProcess >();

export interface ServiceOptions extends SpawnOptions {
	/** File that receives the process's stdout and stderr. */
	logFile?: string;
}

/**
 * Starts a long-running child. It is killed (with its process group) by
 * stopAll(), which start and test call on exit and on SIGINT/SIGTERM.
 * @param name
 * @param command
 * @param args
 * @param options
 */
export function startService(
	name: string,
	command: string,
	args: readonly string[],
	options: ServiceOptions = {}
): ChildProcess {
	const { logFile, ...spawnOptions } = options;
	const child = spawn( command, args, {
		stdio: [ 'ignore', 'pipe', 'pipe' ],
		detached: true, // own process group, so grandchildren die with it
		...spawnOptions,
	} );
	if ( logFile ) {
		const log = createWriteStream( logFile, { flags: 'a' } );
		child.stdout?.pipe( log );
		child.stderr?.pipe( log );
	}
	running.add( child );
	child.on( 'exit', ( code, signal ) => {
		running.delete( child );
		if ( ! stopping && code !== 0 && signal === null ) {
			process.stderr.write(
				`${ name } exited with code ${ String( code ) }` +
					( logFile ? ` (log: ${ logFile })` : '' ) +
					'\n'
			);
		}
	} );
	child.on( 'error', ( error ) => {
		process.stderr.write(
			`${ name } could not start: ${ error.message }\n`
		);
	} );
	return child;
}

let stopping = false;

function killGroup( child: ChildProcess, signal: NodeJS.Signals ): void {
	if ( child.pid === undefined || child.exitCode !== null ) {
		return;
	}
	try {
		process.kill( -child.pid, signal );
	} catch {
		// Already gone.
	}
}

/**
 * Stops every service started here: SIGTERM, then SIGKILL after a grace period.
 * @param graceMs
 */
export async function stopAll( graceMs = 3000 ): Promise< void > {
	stopping = true;
	const children = [ ...running ];
	const exited = children.map(
		( child ) =>
			new Promise< void >( ( resolve ) => {
				if ( child.exitCode !== null || child.signalCode !== null ) {
					resolve();
					return;
				}
				child.once( 'exit', () => resolve() );
			} )
	);
	children.forEach( ( child ) => killGroup( child, 'SIGTERM' ) );
	const timer = setTimeout(
		() => children.forEach( ( child ) => killGroup( child, 'SIGKILL' ) ),
		graceMs
	);
	await Promise.all( exited );
	clearTimeout( timer );
}

/** Makes Ctrl-C and termination stop every child before the process exits. */
export function stopAllOnExit(): void {
	const handler = ( signal: NodeJS.Signals ): void => {
		process.stderr.write(
			`\n${ signal }: stopping the local environment…\n`
		);
		void stopAll().then( () => process.exit( 130 ) );
	};
	process.once( 'SIGINT', handler );
	process.once( 'SIGTERM', handler );
	process.once( 'exit', () => {
		for ( const child of running ) {
			killGroup( child, 'SIGKILL' );
		}
	} );
}

/**
 * Runs a command to completion; rejects with its output when it fails.
 * @param command
 * @param args
 * @param options
 */
export function run(
	command: string,
	args: readonly string[],
	options: SpawnOptions & { quiet?: boolean } = {}
): Promise< string > {
	const { quiet = true, ...spawnOptions } = options;
	return new Promise( ( resolve, reject ) => {
		const child = spawn( command, args, {
			stdio: [ 'ignore', 'pipe', 'pipe' ],
			...spawnOptions,
		} );
		let output = '';
		const collect = ( chunk: Buffer ): void => {
			output += chunk.toString();
			if ( ! quiet ) {
				process.stdout.write( chunk );
			}
		};
		child.stdout?.on( 'data', collect );
		child.stderr?.on( 'data', collect );
		child.on( 'error', reject );
		child.on( 'exit', ( code ) => {
			if ( code === 0 ) {
				resolve( output );
			} else {
				reject(
					new Error(
						`${ command } ${ args.join( ' ' ) } failed with code ${ String(
							code
						) }\n${ output.slice( -4000 ) }`
					)
				);
			}
		} );
	} );
}
