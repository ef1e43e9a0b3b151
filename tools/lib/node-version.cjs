/**
 * Is this Node one that package.json's `engines.node` allows? Plain
 * CommonJS with no dependencies, because `.ci/run` asks before `npm ci` has
 * installed anything:
 *
 *   node tools/lib/node-version.cjs   exit 1, saying why, when it is not
 *
 * Understands what that field uses: `||` between alternatives, space between
 * conditions, and `^x.y.z`, `>=x.y.z`, `<x.y.z`, `x.y.z`.
 */
'use strict';

/** @param {string} version "20.19.0" or "v20.19.0" */
function parse( version ) {
	const parts = version.replace( /^v/, '' ).split( '.' ).map( Number );
	return [ parts[ 0 ] || 0, parts[ 1 ] || 0, parts[ 2 ] || 0 ];
}

/** @param {number[]} a @param {number[]} b */
function compare( a, b ) {
	for ( let i = 0; i < 3; i++ ) {
		if ( a[ i ] !== b[ i ] ) {
			return a[ i ] < b[ i ] ? -1 : 1;
		}
	}
	return 0;
}

/**
 * @param {string}   condition One comparator, e.g. "^20.19.0".
 * @param {number[]} version
 */
function meets( condition, version ) {
	const match = /^(\^|>=|<=|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})$/.exec(
		condition
	);
	if ( ! match ) {
		throw new Error(
			`Cannot read the engines condition "${ condition }".`
		);
	}
	const wanted = parse( match[ 2 ] );
	const order = compare( version, wanted );
	switch ( match[ 1 ] ) {
		case '^':
			return version[ 0 ] === wanted[ 0 ] && order >= 0;
		case '>=':
			return order >= 0;
		case '>':
			return order > 0;
		case '<=':
			return order <= 0;
		case '<':
			return order < 0;
		default:
			return order === 0;
	}
}

/**
 * @param {string} range   package.json's engines.node.
 * @param {string} version process.versions.node.
 * @return {boolean} Whether the version is in the range.
 */
function satisfies( range, version ) {
	const parsed = parse( version );
	return range.split( '||' ).some( ( alternative ) =>
		alternative
			.trim()
			.replace( /(\^|>=|<=|>|<|=)\s+/g, '$1' )
			.split( /\s+/ )
			.every( ( condition ) => meets( condition, parsed ) )
	);
}

module.exports = { satisfies };

if ( require.main === module ) {
	const range = require( '../../package.json' ).engines.node;
	if ( ! satisfies( range, process.versions.node ) ) {
		process.stderr.write(
			`Node ${ process.versions.node } is not supported: this project needs Node ${ range } (package.json "engines"; see README.md, "Node").\n`
		);
		process.exit( 1 );
	}
	process.stdout.write(
		`Node ${ process.versions.node } (needs ${ range })\n`
	);
}
