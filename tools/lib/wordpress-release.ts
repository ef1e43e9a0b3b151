/**
 * Which WordPress release a run builds its sites from. The project tests two:
 * the current release and the previous major, each taken from a Debian suite
 * (this machine and CI reach Debian's archive, not wordpress.org's):
 *
 *   current   Debian sid (unstable), which packages the current release
 *   previous  Debian trixie (stable), which holds the previous major
 *
 * Any other Debian suite may be named directly (`bookworm`, say). The choice
 * is `npm test -- --wp=<release>` or S3MS_WORDPRESS=<release>; `current` when
 * neither is given. Pure functions, checked by tests/js/wordpress-release.test.ts.
 *
 * "Requires at least" is the previous release's major.minor (PluginHeaderTest
 * checks it on `--wp=previous`): when the next Debian stable ships a newer
 * major and `previous` moves to it, the header moves with it. Should
 * `previous` ever name a suite holding the current major, that test fails,
 * since "Tested up to" must be newer than the previous release.
 */

/** Environment variable naming the release; test.ts sets it from --wp. */
export const RELEASE_VARIABLE = 'S3MS_WORDPRESS';

export const RELEASES = {
	current: 'sid',
	previous: 'trixie',
} as const;

export type ReleaseName = keyof typeof RELEASES;

/** The suite whose release is the current one (wordpress.org's latest stands for it). */
export const CURRENT_SUITE: string = RELEASES.current;

/**
 * The Debian suite a release name means: `current`, `previous`, or a suite's
 * own name (lower-case letters, digits and dashes, as Debian spells them).
 * @param name A release or suite name; empty or undefined means `current`.
 */
export function debianSuiteOf( name: string | undefined ): string {
	const chosen = name === undefined || name === '' ? 'current' : name;
	if ( Object.hasOwn( RELEASES, chosen ) ) {
		return RELEASES[ chosen as ReleaseName ];
	}
	if ( /^[a-z][a-z0-9-]*$/.test( chosen ) ) {
		return chosen;
	}
	throw new Error(
		`Unknown WordPress release "${ chosen }": use current, previous or a Debian suite's name (sid, trixie, …).`
	);
}

/**
 * The release a run uses, for its output and its run state: `current`,
 * `previous`, or the suite named.
 * @param name A release or suite name; empty or undefined means `current`.
 */
export function releaseLabel( name: string | undefined ): string {
	const suite = debianSuiteOf( name );
	const release = (
		Object.entries( RELEASES ) as [ ReleaseName, string ][]
	 ).find( ( [ , releaseSuite ] ) => releaseSuite === suite )?.[ 0 ];
	return release ?? suite;
}

/**
 * Takes `--wp=<release>` (or `--wp <release>`) out of npm test's arguments.
 * @param argv The arguments after the script's name.
 * @return The release named (undefined when none) and the other arguments.
 */
export function takeReleaseArg( argv: readonly string[] ): {
	release: string | undefined;
	rest: string[];
} {
	let release: string | undefined;
	const rest: string[] = [];
	for ( let i = 0; i < argv.length; i++ ) {
		const arg = argv[ i ] as string;
		if ( arg.startsWith( '--wp=' ) ) {
			release = arg.slice( '--wp='.length );
		} else if ( arg === '--wp' ) {
			release = argv[ ++i ];
			if ( release === undefined || release.startsWith( '-' ) ) {
				throw new Error(
					'--wp needs a release: current, previous or a Debian suite.'
				);
			}
		} else {
			rest.push( arg );
		}
	}
	if ( release !== undefined ) {
		debianSuiteOf( release );
	}
	return { release, rest };
}
