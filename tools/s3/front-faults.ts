/**
 * Fault injection for the S3 front: which requests a fault configuration
 * applies to, the seeded draws that pick their faults, the front's clock and
 * its 15-minute judgement, and the real AWS answers (500 InternalError, 503
 * SlowDown) given instead of moto's. The connection cuts are in
 * front-reset.ts; the order they run in is S3Front's.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { findAwsResponse } from './aws-responses';
import {
	NO_FAULTS,
	type ActiveFaultConfig,
	type FaultCounts,
	type FaultName,
	type FaultsState,
} from './front-fault-config';
import { firstValue, parseAmzDate, type Query } from './front-presign';
import { parseRawResponse, type ParsedResponse } from './front-replay';

/** S3's limit on the distance between a request's date and its own clock. */
export const MAX_SKEW_MS = 900_000;

export type CannedFault = 'error500' | 'slowDown';

/**
 * The recorded AWS answers (tests/fixtures/aws-responses, found through
 * aws-responses.ts), and the same text should no folder hold them.
 */
const CANNED: Record< CannedFault, { file: string; fallback: string } > = {
	error500: {
		file: 'internal-error.http',
		fallback:
			'HTTP/1.1 500 Internal Server Error\nx-amz-request-id: 0\nx-amz-id-2: 0\nContent-Type: application/xml\nServer: AmazonS3\n\n' +
			'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>0</RequestId><HostId>0</HostId></Error>',
	},
	slowDown: {
		file: 'slow-down.http',
		fallback:
			'HTTP/1.1 503 Slow Down\nx-amz-request-id: 0\nx-amz-id-2: 0\nContent-Type: application/xml\nServer: AmazonS3\n\n' +
			'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>0</RequestId><HostId>0</HostId></Error>',
	},
};

function cannedText( which: CannedFault ): string {
	const { file, fallback } = CANNED[ which ];
	return findAwsResponse( file ) ?? fallback;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
/* eslint-disable no-bitwise -- a 32-bit PRNG is bit arithmetic. */
function seededRandom( seed: number ): () => number {
	let state = seed >>> 0;
	return () => {
		state = ( state + 0x6d2b79f5 ) >>> 0;
		let t = state;
		t = Math.imul( t ^ ( t >>> 15 ), t | 1 );
		t ^= t + Math.imul( t ^ ( t >>> 7 ), t | 61 );
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	};
}
/* eslint-enable no-bitwise */

function noCounts(): FaultCounts {
	return { error500: 0, slowDown: 0, reset: 0, stall: 0, skewed: 0 };
}

/** `2026-11-27T12:00:03Z`: S3 writes ServerTime without milliseconds. */
export function s3Time( date: Date ): string {
	return date.toISOString().replace( /\.\d{3}Z$/, 'Z' );
}

export interface FaultTarget {
	kind: string;
	accessKeyId: string | null;
	method: string;
}

/** What the draws decided for one matching request, applied in this order. */
export interface FaultPlan {
	/** 0 = no stall. */
	stallMs: number;
	answer: CannedFault | null;
	reset: boolean;
}

export interface ClockVerdict {
	status: number;
	code: string;
	message: string;
	extra: Record< string, string >;
}

function queryValue( query: Query, name: string ): string | undefined {
	const lower = name.toLowerCase();
	const key = Object.keys( query ).find( ( k ) => k.toLowerCase() === lower );
	return key === undefined ? undefined : firstValue( query[ key ] );
}

export class FaultInjector {
	private active: ActiveFaultConfig = { ...NO_FAULTS };
	private random = seededRandom( NO_FAULTS.seed );
	/** SlowDown answers still owed by the burst in progress. */
	private burstLeft = 0;
	private counts = noCounts();
	private readonly canned = new Map< CannedFault, ParsedResponse >();

	/** Replaces the whole configuration: PRNG reseeded, burst and counters cleared. */
	configure( config: ActiveFaultConfig ): void {
		this.active = { ...config };
		this.random = seededRandom( config.seed );
		this.burstLeft = 0;
		this.counts = noCounts();
	}

	clear(): void {
		this.configure( NO_FAULTS );
	}

	state(): FaultsState {
		const { methods } = this.active;
		return {
			config: { ...this.active, methods: methods && [ ...methods ] },
			injected: { ...this.counts },
		};
	}

	/** The front's clock: real time plus clockOffsetMs. */
	now(): Date {
		return new Date( Date.now() + this.active.clockOffsetMs );
	}

	get clockOffsetMs(): number {
		return this.active.clockOffsetMs;
	}

	/** Whether the configuration touches this request at all. */
	applies( target: FaultTarget ): boolean {
		const c = this.active;
		const anything =
			c.clockOffsetMs !== 0 ||
			c.errorRate > 0 ||
			c.slowDownRate > 0 ||
			c.resetRate > 0 ||
			c.stallRate > 0;
		return (
			anything &&
			( target.kind === 'signed' || target.kind === 'presigned' ) &&
			( c.accessKeyId === null ||
				c.accessKeyId === target.accessKeyId ) &&
			( c.methods === null ||
				c.methods.includes( target.method.toUpperCase() ) )
		);
	}

	count( fault: FaultName ): void {
		this.counts[ fault ]++;
	}

	/**
	 * S3's time check, with the front's clock (only when clockOffsetMs is
	 * set: moto never checks time, and without a fault the front does not
	 * either). A header-signed request more than 15 minutes off either way is
	 * RequestTimeTooSkewed. A presigned URL is judged as S3 judges one: its
	 * age is the expiry check's business (verifyPresigned, same clock), and
	 * only a date more than 15 minutes ahead is refused, "not yet valid".
	 */
	judgeClock(
		headers: IncomingHttpHeaders,
		query: Query,
		presigned: boolean
	): ClockVerdict | null {
		if ( this.active.clockOffsetMs === 0 ) {
			return null;
		}
		const now = this.now();
		if ( presigned ) {
			const raw = queryValue( query, 'X-Amz-Date' ) ?? '';
			const date = parseAmzDate( raw );
			if ( ! date || date.getTime() - now.getTime() <= MAX_SKEW_MS ) {
				return null;
			}
			const expires = Number( queryValue( query, 'X-Amz-Expires' ) ?? 0 );
			return {
				status: 403,
				code: 'AccessDenied',
				message: 'Request is not yet valid',
				// S3 really writes this one in epoch milliseconds.
				extra: {
					'X-Amz-Date': String( date.getTime() ),
					Expires: s3Time(
						new Date(
							date.getTime() +
								( Number.isFinite( expires ) ? expires : 0 ) *
									1000
						)
					),
					ServerTime: s3Time( now ),
				},
			};
		}
		// SigV4 takes the Date header when X-Amz-Date is absent.
		const amzDate = firstValue( headers[ 'x-amz-date' ] );
		const httpDate = firstValue( headers.date );
		let date: Date | null = null;
		if ( amzDate ) {
			date = parseAmzDate( amzDate );
		} else if ( httpDate && ! Number.isNaN( Date.parse( httpDate ) ) ) {
			date = new Date( Date.parse( httpDate ) );
		}
		if (
			! date ||
			Math.abs( date.getTime() - now.getTime() ) <= MAX_SKEW_MS
		) {
			return null;
		}
		return {
			status: 403,
			code: 'RequestTimeTooSkewed',
			message:
				'The difference between the request time and the current time is too large.',
			extra: {
				RequestTime: amzDate ?? httpDate ?? '',
				ServerTime: s3Time( now ),
				MaxAllowedSkewMilliseconds: String( MAX_SKEW_MS ),
			},
		};
	}

	/**
	 * Four draws a matching request, always in this order (stall, error,
	 * SlowDown, reset), so a seed gives the same faults to the same sequence
	 * of requests whatever the rates. A burst in progress answers SlowDown
	 * before anything is drawn for it; an error wins over a new burst; a reset
	 * only hits a request that is not answered here.
	 */
	plan(): FaultPlan {
		const c = this.active;
		const stallDraw = this.random();
		const errorDraw = this.random();
		const slowDownDraw = this.random();
		const resetDraw = this.random();
		let answer: CannedFault | null = null;
		if ( this.burstLeft > 0 ) {
			this.burstLeft--;
			answer = 'slowDown';
		} else if ( errorDraw < c.errorRate ) {
			answer = 'error500';
		} else if ( slowDownDraw < c.slowDownRate ) {
			answer = 'slowDown';
			this.burstLeft = c.slowDownBurst - 1;
		}
		return {
			stallMs: stallDraw < c.stallRate ? c.stallMs : 0,
			answer,
			reset: answer === null && resetDraw < c.resetRate,
		};
	}

	/** The recorded AWS answer, with a fresh request id and the front's Date. */
	answer( which: CannedFault ): ParsedResponse {
		let canned = this.canned.get( which );
		if ( ! canned ) {
			canned = parseRawResponse( cannedText( which ) );
			this.canned.set( which, canned );
		}
		const requestId = randomBytes( 8 ).toString( 'hex' ).toUpperCase();
		const hostId = randomBytes( 32 ).toString( 'base64' );
		const body = Buffer.from(
			canned.body
				.toString( 'utf8' )
				.replace(
					/<RequestId>[^<]*<\/RequestId>/,
					`<RequestId>${ requestId }</RequestId>`
				)
				.replace(
					/<HostId>[^<]*<\/HostId>/,
					`<HostId>${ hostId }</HostId>`
				)
		);
		const headers: Array< [ string, string ] > = [];
		for ( const [ name, value ] of canned.headers ) {
			const lower = name.toLowerCase();
			if ( lower === 'date' || lower === 'content-length' ) {
				continue;
			}
			const fresh: Record< string, string > = {
				'x-amz-request-id': requestId,
				'x-amz-id-2': hostId,
			};
			headers.push( [ name, fresh[ lower ] ?? value ] );
		}
		headers.push(
			[ 'Date', this.now().toUTCString() ],
			[ 'Content-Length', String( body.length ) ]
		);
		return { ...canned, headers, body };
	}
}
