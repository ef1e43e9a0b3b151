/**
 * The fault configuration of the S3 front (`POST /faults`): its type, its
 * defaults, and the validation that rejects a bad one whole, so a typo never
 * leaves half a configuration in force.
 */

export type FaultName = 'error500' | 'slowDown' | 'reset' | 'stall' | 'skewed';

export const FAULT_NAMES: readonly FaultName[] = [
	'error500',
	'slowDown',
	'reset',
	'stall',
	'skewed',
];

/** What `POST /faults` takes: every field optional, `{}` turns all faults off. */
export interface FaultConfig {
	/** Seeds the PRNG that draws the rates (default 1); reseeded on every POST. */
	seed?: number;
	/** Only requests signed or presigned with this key are faulted (null = any key). */
	accessKeyId?: string | null;
	/** Only these methods are faulted (null = any method). */
	methods?: string[] | null;
	/** Share of matching requests answered 500 InternalError. */
	errorRate?: number;
	/** Chance that a matching request starts a burst of 503 SlowDown. */
	slowDownRate?: number;
	/** Requests in each SlowDown burst, the first included (default 1). */
	slowDownBurst?: number;
	/** Share of matching requests whose connection is reset mid-body. */
	resetRate?: number;
	/** Share of matching requests held stallMs before being handled. */
	stallRate?: number;
	/** Length of a stall (default 3000). */
	stallMs?: number;
	/** The front's clock is real time plus this; 0 = no clock checks (moto has none). */
	clockOffsetMs?: number;
}

/** The configuration in force, defaults filled (`GET /faults` → `config`). */
export type ActiveFaultConfig = {
	[ Field in keyof FaultConfig ]-?: Exclude<
		FaultConfig[ Field ],
		undefined
	>;
};

export type FaultCounts = Record< FaultName, number >;

/** `GET /faults`. */
export interface FaultsState {
	config: ActiveFaultConfig;
	/** Faults injected since the last POST /faults or POST /reset. */
	injected: FaultCounts;
}

export const NO_FAULTS: Readonly< ActiveFaultConfig > = Object.freeze( {
	seed: 1,
	accessKeyId: null,
	methods: null,
	errorRate: 0,
	slowDownRate: 0,
	slowDownBurst: 1,
	resetRate: 0,
	stallRate: 0,
	stallMs: 3000,
	clockOffsetMs: 0,
} );

export class FaultConfigError extends Error {}

const MAX_STALL_MS = 2 ** 31 - 1;
/** About three centuries: far enough for any test, near enough for Date. */
const MAX_CLOCK_OFFSET_MS = 1e13;
const RATES = [
	'errorRate',
	'slowDownRate',
	'resetRate',
	'stallRate',
] as const;

function integer(
	input: Record< string, unknown >,
	name: string
): number | undefined {
	const value = input[ name ];
	if ( value === undefined ) {
		return undefined;
	}
	if ( typeof value !== 'number' || ! Number.isSafeInteger( value ) ) {
		throw new FaultConfigError( `"${ name }" must be an integer` );
	}
	return value;
}

function methodsOf( value: unknown ): string[] | null {
	if ( value === undefined || value === null ) {
		return null;
	}
	if (
		! Array.isArray( value ) ||
		! value.every(
			( method ) =>
				typeof method === 'string' && /^[A-Za-z]+$/.test( method )
		)
	) {
		throw new FaultConfigError(
			'"methods" must be an array of HTTP method names, like ["PUT","DELETE"]'
		);
	}
	return [
		...new Set( ( value as string[] ).map( ( m ) => m.toUpperCase() ) ),
	];
}

/**
 * Validates a `POST /faults` body; throws FaultConfigError naming the first
 * bad field. `null` is accepted for accessKeyId and methods, so the config
 * `GET /faults` returns can be posted back as it is.
 */
export function parseFaultConfig(
	input: Record< string, unknown >
): ActiveFaultConfig {
	const known = new Set< string >( Object.keys( NO_FAULTS ) );
	const unknown = Object.keys( input ).filter(
		( name ) => ! known.has( name )
	);
	if ( unknown.length > 0 ) {
		throw new FaultConfigError(
			`Unknown field${ unknown.length > 1 ? 's' : '' } ${ unknown
				.map( ( name ) => `"${ name }"` )
				.join(
					', '
				) }: POST /faults takes ${ [ ...known ].join( ', ' ) }`
		);
	}
	const config: ActiveFaultConfig = { ...NO_FAULTS };
	config.seed = integer( input, 'seed' ) ?? config.seed;

	const accessKeyId = input.accessKeyId;
	if ( accessKeyId !== undefined && accessKeyId !== null ) {
		if ( typeof accessKeyId !== 'string' || accessKeyId === '' ) {
			throw new FaultConfigError(
				'"accessKeyId" must be a non-empty string (or null for every key)'
			);
		}
		config.accessKeyId = accessKeyId;
	}
	config.methods = methodsOf( input.methods );

	for ( const name of RATES ) {
		const value = input[ name ];
		if ( value === undefined ) {
			continue;
		}
		if (
			typeof value !== 'number' ||
			! Number.isFinite( value ) ||
			value < 0 ||
			value > 1
		) {
			throw new FaultConfigError(
				`"${ name }" must be a number from 0 to 1`
			);
		}
		config[ name ] = value;
	}

	const burst = integer( input, 'slowDownBurst' );
	if ( burst !== undefined ) {
		if ( burst < 1 ) {
			throw new FaultConfigError( '"slowDownBurst" must be at least 1' );
		}
		config.slowDownBurst = burst;
	}
	const stallMs = integer( input, 'stallMs' );
	if ( stallMs !== undefined ) {
		// Beyond 2^31-1 ms Node's timers fire at once instead.
		if ( stallMs < 0 || stallMs > MAX_STALL_MS ) {
			throw new FaultConfigError(
				`"stallMs" must be from 0 to ${ MAX_STALL_MS }`
			);
		}
		config.stallMs = stallMs;
	}
	const offset = integer( input, 'clockOffsetMs' ) ?? 0;
	if ( Math.abs( offset ) > MAX_CLOCK_OFFSET_MS ) {
		throw new FaultConfigError(
			`"clockOffsetMs" must be within ±${ MAX_CLOCK_OFFSET_MS } (the clock would leave the calendar)`
		);
	}
	config.clockOffsetMs = offset;
	return config;
}
