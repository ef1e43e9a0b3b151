/**
 * Benchmark row "peer" (`npm run bench -- --peer=<path>`, outside CI): this
 * plugin beside WP Offload Media Lite (a checkout of
 * deliciousbrains/wp-amazon-s3-and-cloudfront, its AWS SDK bundled) on the
 * same site, bucket, IAM user and front latency. The site is a MariaDB one
 * (tools/mariadb-site.ts); the peer is linked into its plugins folder and a
 * must-use plugin picks, per PHP process, which of the two runs
 * (S3MS_BENCH_PLUGIN): for the peer, it defines `AS3CF_SETTINGS` (bucket,
 * region, keys, copy and serve on) and points the SDK at the S3 front with
 * the filters `as3cf_aws_init_client_args` and `as3cf_aws_s3_client_args`.
 *
 * Uploads alternate, ours then the peer's then the peer's then ours (so
 * drift touches both alike), each a fresh 2400×1800 JPEG through
 * media_handle_sideload() in its own process (tools/bench/peer-upload.php).
 * Per upload: the S3 phase, from the front's log (first request for the
 * image's files to the last answer), and the server-side time after the
 * sizes exist (wp_generate_attachment_metadata until shutdown is done).
 * Reported, not judged.
 */
import {
	existsSync,
	mkdirSync,
	readFileSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

import type { Environment } from '../environment';
import { ROOT } from '../lib/paths';
import { run } from '../lib/processes';
import type { FrontClient } from '../s3/front-client';
import { benchSite } from './bench-site';
import { median, type Row } from './row';

const ROUNDS = Number( process.env.S3MS_BENCH_PEER_ROUNDS ?? 6 );
const PEER_FOLDER = 'amazon-s3-and-cloudfront';

const MU_PLUGIN = `<?php
// Bench only (tools/bench/peer.ts): this process runs WP Offload Media Lite instead of S3 Media Sync.
if ( 'peer' === getenv( 'S3MS_BENCH_PLUGIN' ) ) {
	$s3ms_peer = json_decode( (string) getenv( 'S3MS_BENCH_PEER' ), true );
	define(
		'AS3CF_SETTINGS',
		serialize(
			array(
				'provider'          => 'aws',
				'access-key-id'     => $s3ms_peer['accessKeyId'],
				'secret-access-key' => $s3ms_peer['secretAccessKey'],
				'bucket'            => $s3ms_peer['bucket'],
				'region'            => $s3ms_peer['region'],
				'copy-to-s3'        => true,
				'serve-from-s3'     => true,
				'enable-object-prefix' => true,
				'object-prefix'     => 'wp-content/uploads/',
				'use-yearmonth-folders' => true,
				'object-versioning' => false,
				'remove-local-file' => false,
			)
		)
	);
	add_filter(
		'option_active_plugins',
		static fn( $plugins ) => array_merge(
			array_filter( (array) $plugins, static fn( $plugin ) => ! str_starts_with( (string) $plugin, 's3-media-sync/' ) ),
			array( '${ PEER_FOLDER }/wordpress-s3.php' )
		)
	);
	$s3ms_front = static fn( array $args ): array => array_merge(
		$args,
		array(
			'endpoint'                => $s3ms_peer['endpoint'],
			'use_path_style_endpoint' => true,
		)
	);
	add_filter( 'as3cf_aws_init_client_args', $s3ms_front );
	add_filter( 'as3cf_aws_s3_client_args', $s3ms_front );
}
`;

interface Upload {
	s3Ms: number;
	afterSizesMs: number;
	/** media_handle_sideload() start to shutdown done: the whole upload on the server. */
	totalMs: number;
	/** Sizes made to the first S3 request, and the last answer to the end. */
	beforeS3Ms: number;
	afterS3Ms: number;
	requests: number;
	files: number;
}

function peerVersion( path: string ): string {
	const header = readFileSync( join( path, 'wordpress-s3.php' ), 'utf8' );
	return /Version:\s*(\S+)/.exec( header )?.[ 1 ] ?? '?';
}

export async function benchPeer(
	env: Environment,
	binary: string,
	front: FrontClient,
	peerPath: string | null,
	log: ( line: string ) => void
): Promise< Row[] > {
	if ( peerPath === null ) {
		return [
			{
				budget: 'peer (WP Offload Media Lite): S3 phase and server-side time per upload',
				measured: 'not measured',
				limit: 'reported',
				pass: true,
				note: 'npm run bench -- --only=peer --peer=<path to a wp-amazon-s3-and-cloudfront checkout>',
			},
		];
	}
	const peer = resolve( peerPath );
	if ( ! existsSync( join( peer, 'wordpress-s3.php' ) ) ) {
		throw new Error( `--peer=${ peerPath }: no wordpress-s3.php there` );
	}
	const site = await benchSite( env, binary, 'bench-peer', 2 );
	const dir = site.site.dir;
	symlinkSync( peer, join( dir, 'wp-content', 'plugins', PEER_FOLDER ) );
	mkdirSync( join( dir, 'wp-content', 'mu-plugins' ), { recursive: true } );
	writeFileSync(
		join( dir, 'wp-content', 'mu-plugins', 's3ms-bench-peer.php' ),
		MU_PLUGIN
	);
	// Secrets reach PHP in the environment, never on the command line.
	const peerEnv = JSON.stringify( {
		...env.s3.user,
		bucket: env.s3.bucket,
		region: env.s3.region,
		endpoint: env.s3.endpoint,
	} );

	const upload = async (
		which: 'ours' | 'peer',
		n: number
	): Promise< Upload > => {
		const seq = await front.lastSeq();
		const name = `peer-bench-${ which }-${ n }`;
		const output = await run(
			binary,
			[
				'-d',
				'memory_limit=512M',
				join( ROOT, 'tools', 'bench', 'peer-upload.php' ),
				dir,
				name,
			],
			{
				env: {
					...process.env,
					S3MS_BENCH_PLUGIN: which,
					S3MS_BENCH_PEER: peerEnv,
				},
			}
		);
		const answer = JSON.parse(
			output.trim().split( '\n' ).pop() ?? '{}'
		) as {
			files: number;
			started_at: number;
			sizes_at: number;
			done_at: number;
		};
		const mine = ( await front.log( seq ) ).filter(
			( entry ) => entry.accessKeyId === env.s3.user.accessKeyId
		);
		const forImage = mine.filter( ( entry ) =>
			entry.path.includes( name )
		);
		const first = Math.min(
			...forImage.map( ( e ) => Date.parse( e.time ) )
		);
		const last = Math.max(
			...forImage.map( ( e ) => Date.parse( e.time ) + e.durationMs )
		);
		return {
			s3Ms: forImage.length > 0 ? last - first : NaN,
			afterSizesMs: ( answer.done_at - answer.sizes_at ) * 1000,
			totalMs: ( answer.done_at - answer.started_at ) * 1000,
			beforeS3Ms: first - answer.sizes_at * 1000,
			afterS3Ms: answer.done_at * 1000 - last,
			requests: mine.length,
			files: answer.files,
		};
	};

	const ours: Upload[] = [];
	const theirs: Upload[] = [];
	for ( let n = 0; n < ROUNDS; n++ ) {
		for ( const which of n % 2
			? ( [ 'peer', 'ours' ] as const )
			: ( [ 'ours', 'peer' ] as const ) ) {
			const result = await upload( which, n );
			( which === 'ours' ? ours : theirs ).push( result );
			log(
				`peer: ${ which } upload ${ n }: ${ JSON.stringify( result ) }`
			);
		}
	}
	// The first upload of each pays one-time set-up (the peer checks its bucket and makes its table).
	const steady = ( uploads: Upload[] ): Upload[] => uploads.slice( 1 );
	const s3 = ( uploads: Upload[] ): number =>
		median( steady( uploads ).map( ( u ) => u.s3Ms ) );
	const after = ( uploads: Upload[] ): number =>
		median( steady( uploads ).map( ( u ) => u.afterSizesMs ) );
	const requests = ( uploads: Upload[] ): number =>
		median( steady( uploads ).map( ( u ) => u.requests ) );
	const of = (
		uploads: Upload[],
		field: 'totalMs' | 'beforeS3Ms' | 'afterS3Ms'
	): string =>
		median( steady( uploads ).map( ( u ) => u[ field ] ) ).toFixed( 0 );
	const version = peerVersion( peer );
	return [
		{
			budget: `peer: S3 phase of an upload (${ ours[ 0 ]?.files ?? '?' } files: first request to last answer, front log), ours ÷ WP Offload Media Lite ${ version }`,
			measured: `${ ( s3( ours ) / s3( theirs ) ).toFixed( 2 ) } (${ s3( ours ).toFixed( 0 ) } ÷ ${ s3( theirs ).toFixed( 0 ) } ms)`,
			limit: 'reported',
			pass: true,
			note: `S3 requests an upload: ours ${ requests( ours ) }, peer ${ requests( theirs ) }; medians of ${ ROUNDS - 1 } uploads each after the first, interleaved; same MariaDB site, bucket, IAM user and front latency`,
		},
		{
			budget: `peer: server-side time after the sizes exist (until shutdown is done), ours ÷ WP Offload Media Lite ${ version }`,
			measured: `${ ( after( ours ) / after( theirs ) ).toFixed( 2 ) } (${ after( ours ).toFixed( 0 ) } ÷ ${ after( theirs ).toFixed( 0 ) } ms)`,
			limit: 'reported',
			pass: true,
			note: `sizes made → first S3 request: ours ${ of( ours, 'beforeS3Ms' ) } ms, peer ${ of( theirs, 'beforeS3Ms' ) } ms (negative: the peer sends while WordPress still makes sizes); last S3 answer → done: ours ${ of( ours, 'afterS3Ms' ) } ms, peer ${ of( theirs, 'afterS3Ms' ) } ms; first uploads (one-time set-up): ours ${ ours[ 0 ]?.afterSizesMs.toFixed( 0 ) } ms, peer ${ theirs[ 0 ]?.afterSizesMs.toFixed( 0 ) } ms`,
		},
		{
			budget: `peer: the whole upload on the server (media_handle_sideload() to shutdown done), ours ÷ WP Offload Media Lite ${ version }`,
			measured: `${ ( Number( of( ours, 'totalMs' ) ) / Number( of( theirs, 'totalMs' ) ) ).toFixed( 2 ) } (${ of( ours, 'totalMs' ) } ÷ ${ of( theirs, 'totalMs' ) } ms)`,
			limit: 'reported',
			pass: true,
			note: 'the fair comparison when one plugin sends during size generation and the other after it',
		},
	];
}
