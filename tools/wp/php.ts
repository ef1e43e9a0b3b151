/**
 * PHP for the local environment: the machine's own php CLI (Debian's 8.2
 * here), checked for every extension WordPress and the plugin use. CI starts
 * from a fresh machine, so when we are root with apt-get the missing
 * packages are installed; elsewhere the error names them.
 */
import { execFileSync } from 'node:child_process';
import { run } from '../lib/processes';

/** Extension → Debian package that provides it. */
const EXTENSIONS: Record< string, string > = {
	curl: 'php-curl',
	gd: 'php-gd',
	pdo_sqlite: 'php-sqlite3',
	mysqli: 'php-mysql',
	mbstring: 'php-mbstring',
	xml: 'php-xml',
	intl: 'php-intl',
	zip: 'php-zip',
	// Part of php-cli on Debian; the plugin seals the secret with it.
	sodium: 'php-cli',
};

const APT_PACKAGES = [
	'php-cli',
	'php-sqlite3',
	'php-mysql',
	'php-curl',
	'php-xml',
	'php-mbstring',
	'php-gd',
	'php-intl',
	'php-zip',
];

export interface Php {
	binary: string;
	version: string;
}

function which( command: string ): string | undefined {
	try {
		return (
			execFileSync( 'sh', [ '-c', `command -v ${ command }` ], {
				encoding: 'utf8',
			} ).trim() || undefined
		);
	} catch {
		return undefined;
	}
}

/** Version and missing extensions of a php binary, or undefined when it does not run. */
async function inspect(
	binary: string
): Promise< { version: string; missing: string[] } | undefined > {
	const code =
		'echo PHP_VERSION, "\\n", implode( ",", array_map( "strtolower", get_loaded_extensions() ) );';
	try {
		const output = await run( binary, [ '-r', code ] );
		const [ version = '', list = '' ] = output.trim().split( '\n' );
		const loaded = new Set( list.split( ',' ) );
		return {
			version: version.trim(),
			missing: Object.keys( EXTENSIONS ).filter(
				( name ) => ! loaded.has( name )
			),
		};
	} catch {
		return undefined;
	}
}

function canInstallWithApt(): boolean {
	return process.getuid?.() === 0 && which( 'apt-get' ) !== undefined;
}

async function aptInstall(): Promise< void > {
	process.stdout.write(
		`Installing PHP with apt-get (${ APT_PACKAGES.join( ' ' ) })…\n`
	);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run( 'apt-get', [ 'update' ], { env } );
	await run( 'apt-get', [ 'install', '-y', ...APT_PACKAGES ], {
		env,
	} );
}

let found: Promise< Php > | undefined;

/** The php CLI with every extension the environment needs (installed if we may). */
export function ensurePhp(): Promise< Php > {
	found ??= findOrInstall();
	return found;
}

async function findOrInstall(): Promise< Php > {
	// PHP_BINARY lets a developer point at another build (e.g. a newer PHP).
	let binary = process.env.PHP_BINARY ?? which( 'php' ) ?? 'php';
	let seen = await inspect( binary );
	// A php named by PHP_BINARY is the developer's choice: report, don't replace it.
	if (
		( ! seen || seen.missing.length > 0 ) &&
		process.env.PHP_BINARY === undefined &&
		canInstallWithApt()
	) {
		await aptInstall();
		binary = which( 'php' ) ?? binary;
		seen = await inspect( binary );
	}
	if ( ! seen ) {
		throw new Error(
			`PHP was not found (tried "${ binary }"). Install PHP 8.2+ with its extensions, on Debian/Ubuntu:\n` +
				`  sudo apt-get install -y ${ APT_PACKAGES.join( ' ' ) }\n` +
				'or set PHP_BINARY to a php CLI.'
		);
	}
	// The plugin's header says "Requires PHP: 8.2".
	const [ major = 0, minor = 0 ] = seen.version.split( '.' ).map( Number );
	if ( major < 8 || ( major === 8 && minor < 2 ) ) {
		throw new Error(
			`PHP ${ seen.version } (${ binary }) is too old: the plugin needs PHP 8.2 or later.`
		);
	}
	if ( seen.missing.length > 0 ) {
		const packages = [
			...new Set(
				seen.missing.map(
					( name ) => EXTENSIONS[ name ] ?? `php-${ name }`
				)
			),
		];
		throw new Error(
			`PHP ${ seen.version } (${ binary }) lacks the extensions ${ seen.missing.join(
				', '
			) }. On Debian/Ubuntu: sudo apt-get install -y ${ packages.join( ' ' ) }`
		);
	}
	return { binary, version: seen.version };
}
