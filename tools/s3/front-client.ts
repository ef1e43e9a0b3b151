/**
 * Typed client of the S3 front's control API, for tests and the benchmark.
 */
import type { S3Credentials } from '../lib/run-state';
import type { LogEntry } from './front';
import type {
	ActiveFaultConfig,
	FaultConfig,
	FaultCounts,
	FaultName,
	FaultsState,
} from './front-fault-config';
import type { ReplayMatch } from './front-replay';

export type {
	ActiveFaultConfig,
	FaultConfig,
	FaultCounts,
	FaultName,
	FaultsState,
	LogEntry,
	ReplayMatch,
};

export interface FrontState {
	up: boolean;
	port: number | null;
	latencyMs: number;
	noSuchBucket: boolean;
	replays: Array< {
		id: number;
		match: ReplayMatch;
		remaining: number | null;
		status: number;
		code: string | null;
	} >;
	credentials: string[];
	lastSeq: number;
	faults: FaultsState;
}

function isClosedConnection( error: unknown ): boolean {
	// Not `instanceof Error`: fetch's errors may come from another realm (Jest).
	const cause = ( error as { cause?: { code?: string } } | null )?.cause;
	return cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET';
}

export class FrontClient {
	constructor( readonly controlUrl: string ) {}

	private async call< T >(
		method: string,
		path: string,
		body?: unknown
	): Promise< T > {
		const request = (): Promise< Response > =>
			fetch( `${ this.controlUrl }${ path }`, {
				method,
				...( body === undefined
					? {}
					: {
							headers: { 'Content-Type': 'application/json' },
							body: JSON.stringify( body ),
						} ),
			} );
		let response: Response;
		try {
			response = await request();
		} catch ( error ) {
			// A kept-alive connection the control server closed while this
			// process was busy (a test's synchronous work blocks its timers):
			// the request never arrived, so it is sent once more, afresh.
			if ( ! isClosedConnection( error ) ) {
				throw error;
			}
			response = await request();
		}
		const text = await response.text();
		if ( ! response.ok ) {
			throw new Error(
				`S3 front control ${ method } ${ path } answered ${ response.status }: ${ text }`
			);
		}
		return JSON.parse( text ) as T;
	}

	state(): Promise< FrontState > {
		return this.call( 'GET', '/state' );
	}

	/** Closes the S3 port and drops open connections: clients see connection refused. */
	down(): Promise< FrontState > {
		return this.call( 'POST', '/down' );
	}

	up(): Promise< FrontState > {
		return this.call( 'POST', '/up' );
	}

	/** Delay added before every S3 request is handled. */
	latency( ms: number ): Promise< FrontState > {
		return this.call( 'POST', '/latency', { ms } );
	}

	/**
	 * Answers matching requests with `rawResponse` (the text of an
	 * aws-responses/*.http file), `times` times or until cleared.
	 */
	async replay(
		match: ReplayMatch,
		rawResponse: string,
		times?: number
	): Promise< number > {
		const { id } = await this.call< { id: number } >( 'POST', '/replay', {
			match,
			response: rawResponse,
			...( times === undefined ? {} : { times } ),
		} );
		return id;
	}

	async removeReplay( id: number ): Promise< void > {
		await this.call( 'DELETE', `/replay/${ id }` );
	}

	async clearReplays(): Promise< void > {
		await this.call( 'DELETE', '/replay' );
	}

	/** Requests with seq greater than `since`, oldest first. */
	async log( since = 0 ): Promise< LogEntry[] > {
		const { entries } = await this.call< { entries: LogEntry[] } >(
			'GET',
			`/log?since=${ since }`
		);
		return entries;
	}

	/** The seq of the latest request: pass it to log() to see only what follows. */
	async lastSeq(): Promise< number > {
		return ( await this.state() ).lastSeq;
	}

	async clearLog(): Promise< void > {
		await this.call( 'POST', '/log/clear' );
	}

	/** Lets the front verify presigned URLs made with this key. */
	async registerCredentials( credentials: S3Credentials ): Promise< void > {
		await this.call( 'POST', '/credentials', {
			accessKeyId: credentials.accessKeyId,
			secretAccessKey: credentials.secretAccessKey,
		} );
	}

	/** Whether a missing bucket answers 404 NoSuchBucket (as AWS) or moto's own 403. */
	noSuchBucket( enabled: boolean ): Promise< FrontState > {
		return this.call( 'POST', '/no-such-bucket', { enabled } );
	}

	/**
	 * Replaces the whole fault configuration (`{}` turns every fault off;
	 * counters restart, the PRNG is reseeded). Rejects a bad one (400) and
	 * leaves the previous one in force.
	 */
	faults( config: FaultConfig ): Promise< FaultsState > {
		return this.call( 'POST', '/faults', config );
	}

	/** The configuration in force, defaults filled, and what it injected so far. */
	getFaults(): Promise< FaultsState > {
		return this.call( 'GET', '/faults' );
	}

	/** How many of each fault were injected since the last faults() or reset(). */
	async faultCounts(): Promise< FaultCounts > {
		return ( await this.getFaults() ).injected;
	}

	/** Latency 0, up, no replays, NoSuchBucket on, no faults; credentials and log kept. */
	reset(): Promise< FrontState > {
		return this.call( 'POST', '/reset' );
	}
}
