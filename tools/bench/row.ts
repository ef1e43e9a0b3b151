/** One line of the bench's table (tools/bench.ts). */
export interface Row {
	budget: string;
	measured: string;
	limit: string;
	pass: boolean;
	note?: string;
}

export function median( values: number[] ): number {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] ?? NaN;
}
