/**
 * What `npm test` runs, from its arguments: which suites, which files of
 * each, a PHPUnit filter, a Playwright grep; and whether the PHP tests so
 * chosen need the S3 side (moto and the S3 front) at all. Pure functions, so
 * tests/js/test-selection.test.ts can check them without starting anything.
 *
 *   npm test                                       every suite
 *   npm test -- --only=php,js                      some suites
 *   npm test -- --only=php --filter SignerTest     PHPUnit's --filter
 *   npm test -- tests/php/S3/SignerTest.php        one file; its suite from its folder
 *   npm test -- tests/integration/x.spec.ts -g y   Playwright's --grep
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

export type Suite =
	| 'js'
	| 'php'
	| 's3'
	| 'integration'
	| 'e2e'
	| 'stress'
	| 'servers'
	| 'multisite';
export const SUITES: readonly Suite[] = [
	'js',
	'php',
	's3',
	'integration',
	'e2e',
	'stress',
	// Several web servers behind one address (tools/servers/).
	'servers',
	// A network beside the test site (tools/multisite-site.ts).
	'multisite',
];
export type PlaywrightSuite =
	's3' | 'integration' | 'e2e' | 'stress' | 'servers' | 'multisite';
export const PLAYWRIGHT_SUITES: readonly PlaywrightSuite[] = [
	's3',
	'integration',
	'e2e',
	'stress',
	'servers',
	'multisite',
];

export interface Selection {
	/** In the order they run (SUITES' order). */
	suites: Suite[];
	/** Paths relative to the repository, per suite; a suite absent here runs whole. */
	files: Partial< Record< Suite, string[] > >;
	/** PHPUnit's --filter. */
	filter?: string;
	/** Playwright's --grep. */
	grep?: string;
}

export const USAGE = [
	'npm test -- [--only=<suite>[,<suite>]] [--filter <PHPUnit pattern>] [--grep|-g <Playwright pattern>] [<test file or folder>...]',
	`  suites: ${ SUITES.join( ', ' ) }; a file's suite comes from its folder (tests/js, tests/php, tests/s3, tests/integration, tests/e2e, tests/stress, tests/servers, tests/multisite)`,
].join( '\n' );

/**
 * The suite a test file or folder belongs to, from its path relative to the
 * repository (`tests/<folder>/…`), or null when it is in none.
 */
export function suiteOfPath( path: string ): Suite | null {
	const parts = path.split( /[\\/]+/ ).filter( ( part ) => part !== '.' );
	if ( parts[ 0 ] !== 'tests' || parts.length < 2 ) {
		return null;
	}
	const folder = parts[ 1 ] as Suite;
	return SUITES.includes( folder ) ? folder : null;
}

function optionValue(
	argv: readonly string[],
	index: number,
	name: string
): string {
	const value = argv[ index + 1 ];
	if ( value === undefined || value === '' ) {
		throw new Error( `${ name } needs a value.\n${ USAGE }` );
	}
	return value;
}

/**
 * Reads `npm test`'s arguments.
 *
 * @param argv The arguments after the script's name.
 * @param root The repository.
 * @param cwd  Where relative file arguments are resolved: npm runs scripts
 *             from the repository but says in INIT_CWD where it was called.
 */
export function parseTestArgs(
	argv: readonly string[],
	root: string,
	cwd: string = root
): Selection {
	const only: string[] = [];
	const paths: string[] = [];
	let filter: string | undefined;
	let grep: string | undefined;
	for ( let i = 0; i < argv.length; i++ ) {
		const arg = argv[ i ] as string;
		if ( arg.startsWith( '--only=' ) ) {
			only.push(
				...arg
					.slice( '--only='.length )
					.split( ',' )
					.filter( ( name ) => name !== '' )
			);
		} else if ( arg === '--only' ) {
			only.push( ...optionValue( argv, i++, arg ).split( ',' ) );
		} else if ( arg.startsWith( '--filter=' ) ) {
			filter = arg.slice( '--filter='.length );
		} else if ( arg === '--filter' ) {
			filter = optionValue( argv, i++, arg );
		} else if ( arg.startsWith( '--grep=' ) ) {
			grep = arg.slice( '--grep='.length );
		} else if ( arg === '--grep' || arg === '-g' ) {
			grep = optionValue( argv, i++, arg );
		} else if ( arg.startsWith( '-' ) ) {
			throw new Error( `Unknown option "${ arg }".\n${ USAGE }` );
		} else {
			paths.push( arg );
		}
	}
	for ( const name of only ) {
		if ( ! SUITES.includes( name as Suite ) ) {
			throw new Error(
				`Unknown suite "${ name }": choose from ${ SUITES.join( ', ' ) }.`
			);
		}
	}

	const files: Partial< Record< Suite, string[] > > = {};
	for ( const path of paths ) {
		const absolute = resolve( cwd, path );
		const inRepo = relative( root, absolute );
		const suite =
			inRepo.startsWith( '..' ) || isAbsolute( inRepo )
				? null
				: suiteOfPath( inRepo );
		if ( suite === null ) {
			throw new Error(
				`"${ path }" is not under tests/js, tests/php, tests/s3, tests/integration, tests/e2e, tests/stress, tests/servers or tests/multisite: its suite is unknown.\n${ USAGE }`
			);
		}
		if ( only.length && ! only.includes( suite ) ) {
			throw new Error(
				`"${ path }" belongs to the ${ suite } suite, which --only=${ only.join( ',' ) } leaves out.`
			);
		}
		( files[ suite ] ??= [] ).push( inRepo.split( sep ).join( '/' ) );
	}

	let chosen: Suite[];
	if ( only.length ) {
		chosen = only as Suite[];
	} else if ( paths.length ) {
		chosen = Object.keys( files ) as Suite[];
	} else if ( filter !== undefined || grep !== undefined ) {
		// A filter alone names tests of the suites it applies to.
		chosen = [
			...( filter !== undefined ? [ 'php' as const ] : [] ),
			...( grep !== undefined ? PLAYWRIGHT_SUITES : [] ),
		];
	} else {
		chosen = [ ...SUITES ];
	}
	const suites = SUITES.filter( ( suite ) => chosen.includes( suite ) );

	if ( filter !== undefined && ! suites.includes( 'php' ) ) {
		throw new Error(
			"--filter is PHPUnit's: it needs the php suite (--only=php or a tests/php file)."
		);
	}
	if (
		grep !== undefined &&
		! suites.some( ( suite ) =>
			PLAYWRIGHT_SUITES.includes( suite as PlaywrightSuite )
		)
	) {
		throw new Error(
			"--grep is Playwright's: it needs one of the suites " +
				`${ PLAYWRIGHT_SUITES.join( ', ' ) }.`
		);
	}
	return {
		suites,
		files,
		...( filter !== undefined ? { filter } : {} ),
		...( grep !== undefined ? { grep } : {} ),
	};
}

/** A PHPUnit test class, as far as a look at its source tells. */
export interface PhpTestClass {
	/** Repository-relative path. */
	path: string;
	/** With its namespace, as PHPUnit names it. */
	className: string;
	/** Every method the file declares (tests, helpers: more can only widen a match). */
	methods: string[];
	/** `@group` names anywhere in the file (class or method docblocks). */
	groups: string[];
	/** Data-provider keys become part of test names: a filter may match them only. */
	hasDataProvider: boolean;
	source: string;
}

/** Reads a *Test.php file's class name, methods and groups from its source. */
export function readPhpTestClass( path: string, source: string ): PhpTestClass {
	const namespace = /^\s*namespace\s+([\w\\]+)\s*;/m.exec( source )?.[ 1 ];
	const name =
		/^\s*(?:(?:abstract|final|readonly)\s+)*class\s+(\w+)/m.exec(
			source
		)?.[ 1 ] ??
		path
			.split( '/' )
			.pop()
			?.replace( /\.php$/, '' ) ??
		path;
	return {
		path,
		className: namespace ? `${ namespace }\\${ name }` : name,
		methods: [ ...source.matchAll( /function\s+(\w+)\s*\(/g ) ].map(
			( match ) => match[ 1 ] as string
		),
		groups: [ ...source.matchAll( /@group\s+([\w-]+)/g ) ].map(
			( match ) => match[ 1 ] as string
		),
		hasDataProvider: /@dataProvider\b|#\[DataProvider/.test( source ),
		source,
	};
}

/**
 * PHPUnit 9's --filter as a JavaScript RegExp, following its NameFilterIterator:
 * a delimited pattern (`/…/i`) is used as it is, anything else is matched
 * case-insensitively; `name#3` and `name@key` (data sets) match `name`.
 * Null when it cannot be translated (then the caller assumes the worst).
 */
export function phpFilterRegExp( filter: string ): RegExp | null {
	const delimited = /^([/#~!%@|])(.*)\1([a-zA-Z]*)$/s.exec( filter );
	try {
		if ( delimited ) {
			const flags = ( delimited[ 3 ] ?? '' ).replace( /[^ims]/g, '' );
			return new RegExp( delimited[ 2 ] as string, flags );
		}
		const dataSet = /^(.*?)(?:#\d+(?:-\d+)?|@.+)$/s.exec( filter );
		return new RegExp( dataSet ? ( dataSet[ 1 ] as string ) : filter, 'i' );
	} catch {
		return null;
	}
}

/** The PHPUnit group of tests that need the S3 side (moto and the S3 front). */
export const S3_GROUP = 's3';

/**
 * Whether any test the filter selects from these classes is in the `s3`
 * group. PHPUnit matches its filter against `Class::method` (plus ` with
 * data set …`); when a filter might match only a data set's name, or cannot
 * be read, the answer is yes: starting S3 needlessly costs seconds, not
 * starting it fails the test.
 */
export function phpTestsNeedS3(
	classes: readonly PhpTestClass[],
	filter?: string
): boolean {
	const s3Classes = classes.filter( ( test ) =>
		test.groups.includes( S3_GROUP )
	);
	if ( filter === undefined || s3Classes.length === 0 ) {
		return s3Classes.length > 0;
	}
	const pattern = phpFilterRegExp( filter );
	if ( pattern === null ) {
		return true;
	}
	return s3Classes.some(
		( test ) =>
			test.methods.some( ( method ) =>
				pattern.test( `${ test.className }::${ method }` )
			) ||
			( test.hasDataProvider &&
				test.source
					.split( '\n' )
					.some( ( line ) => pattern.test( line ) ) )
	);
}

/**
 * Whether a PHP test file's source uses the S3 side through TestCase's
 * helpers, directly or through the shared helpers that do (ServingTestCase,
 * Creates_Attachments). Such a class must be in the `s3` group.
 */
export function phpSourceUsesS3( source: string ): boolean {
	return (
		/configure_guide_settings\s*\(|::front\s*\(|front_requests\s*\(|run_state\(\)\s*\[\s*'s3'\s*\]/.test(
			source
		) ||
		/extends\s+ServingTestCase\b|use\s+Creates_Attachments\b/.test( source )
	);
}

/**
 * A PHPUnit configuration running just these files and folders: the
 * project's own (its attributes, its bootstrap made absolute) with its
 * test suite replaced. PHPUnit 9 takes only one path on its command line.
 */
export function phpunitConfigFor(
	config: string,
	configDir: string,
	paths: readonly string[],
	root: string
): string {
	const escape = ( text: string ) =>
		text
			.replace( /&/g, '&amp;' )
			.replace( /</g, '&lt;' )
			.replace( /"/g, '&quot;' );
	const entries = paths.map( ( path ) => {
		const absolute = escape( resolve( root, path ) );
		return path.endsWith( '.php' )
			? `<file>${ absolute }</file>`
			: `<directory suffix="Test.php">${ absolute }</directory>`;
	} );
	const replaced = config
		.replace(
			/bootstrap="([^"]+)"/,
			( _match, bootstrap: string ) =>
				`bootstrap="${ escape( resolve( configDir, bootstrap ) ) }"`
		)
		.replace(
			/<testsuites>[\s\S]*<\/testsuites>/,
			`<testsuites>\n\t\t<testsuite name="selected">\n\t\t\t${ entries.join(
				'\n\t\t\t'
			) }\n\t\t</testsuite>\n\t</testsuites>`
		);
	if ( ! replaced.includes( '<testsuite name="selected">' ) ) {
		throw new Error(
			'tests/php/phpunit.xml has no <testsuites> block to replace.'
		);
	}
	return replaced;
}

/** The screenshot captures (docs/screenshots/): a Playwright project of their own, never counted. */
export const SCREENSHOTS_FILE = 'tests/e2e/screenshots.ts';

/**
 * Whether this run captures the screenshots — after a whole e2e suite, or
 * when their file is named — and the e2e files left to run as tests
 * (undefined: the whole suite; []: none, only the captures were named).
 */
export function screenshotPlan( selection: Selection ): {
	capture: boolean;
	e2eFiles: string[] | undefined;
} {
	if ( ! selection.suites.includes( 'e2e' ) ) {
		return { capture: false, e2eFiles: undefined };
	}
	const files = selection.files.e2e;
	if ( files === undefined ) {
		return {
			capture: selection.grep === undefined,
			e2eFiles: undefined,
		};
	}
	const tests = files.filter( ( file ) => file !== SCREENSHOTS_FILE );
	return { capture: tests.length < files.length, e2eFiles: tests };
}
