/**
 * A small zip writer and reader on Node's zlib, so the release zip needs no
 * dependency and no `zip` binary (Debian's is not among CI's packages).
 *
 * Writes what PHP's ZipArchive (WordPress's unzip_file()) and Info-ZIP read:
 * deflated files, stored directory entries, UTF-8 names (flag bit 11), Unix
 * permissions in the external attributes. No zip64: the plugin is a few
 * hundred kilobytes, and a zip over 4 GB or 65,535 entries is refused.
 */
/* eslint-disable no-bitwise -- zip headers, MS-DOS dates and CRC-32 are bit fields. */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipInput {
	/** Path inside the zip, with `/` separators; a directory ends with `/`. */
	name: string;
	/** File contents; absent for a directory. */
	data?: Buffer;
	/** Unix permission bits (0o644 for files, 0o755 for directories by default). */
	mode?: number;
}

export interface ZipEntry {
	name: string;
	directory: boolean;
	method: number;
	crc: number;
	compressedSize: number;
	size: number;
	/** Unix mode from the external attributes (0 when the zip was not made on Unix). */
	mode: number;
	/** Offset of the entry's local header. */
	offset: number;
}

/** CRC-32 (IEEE), table-driven: zlib.crc32 only exists from Node 20.15. */
const CRC_TABLE = Array.from( { length: 256 }, ( _, index ) => {
	let value = index;
	for ( let bit = 0; bit < 8; bit++ ) {
		value = value & 1 ? 0xedb88320 ^ ( value >>> 1 ) : value >>> 1;
	}
	return value >>> 0;
} );

export function crc32( data: Buffer ): number {
	let crc = 0xffffffff;
	for ( const byte of data ) {
		crc = ( CRC_TABLE[ ( crc ^ byte ) & 0xff ] ?? 0 ) ^ ( crc >>> 8 );
	}
	return ( crc ^ 0xffffffff ) >>> 0;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
/** Made by Unix (3), spec version 3.0: external attributes hold the mode. */
const MADE_BY_UNIX = ( 3 << 8 ) | 30;
const VERSION_NEEDED = 20;

/** MS-DOS date and time (local fields, two-second resolution, from 1980). */
function dosDateTime( date: Date ): { time: number; date: number } {
	const year = Math.max( 1980, date.getUTCFullYear() );
	return {
		time:
			( date.getUTCHours() << 11 ) |
			( date.getUTCMinutes() << 5 ) |
			Math.floor( date.getUTCSeconds() / 2 ),
		date:
			( ( year - 1980 ) << 9 ) |
			( ( date.getUTCMonth() + 1 ) << 5 ) |
			date.getUTCDate(),
	};
}

/**
 * The zip of `inputs`, in the order given, every entry stamped with `modified`
 * (pass a fixed date for a reproducible archive).
 */
export function createZip(
	inputs: readonly ZipInput[],
	modified: Date = new Date()
): Buffer {
	if ( inputs.length > 0xffff ) {
		throw new Error( 'Too many entries for a zip without zip64.' );
	}
	const stamp = dosDateTime( modified );
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	const seen = new Set< string >();
	for ( const input of inputs ) {
		const directory = input.name.endsWith( '/' );
		if (
			input.name === '' ||
			input.name.startsWith( '/' ) ||
			input.name.includes( '\\' ) ||
			input.name.split( '/' ).includes( '..' )
		) {
			throw new Error( `Unsafe name in zip: "${ input.name }"` );
		}
		if ( seen.has( input.name ) ) {
			throw new Error( `Duplicate name in zip: "${ input.name }"` );
		}
		seen.add( input.name );
		if ( directory === ( input.data !== undefined ) ) {
			throw new Error(
				`"${ input.name }": directories end with "/" and have no data; files have data.`
			);
		}
		const name = Buffer.from( input.name, 'utf8' );
		const raw = input.data ?? Buffer.alloc( 0 );
		const deflated = directory ? raw : deflateRawSync( raw, { level: 9 } );
		// Tiny or incompressible files are smaller stored.
		const method =
			directory || deflated.length >= raw.length ? STORED : DEFLATED;
		const body = method === DEFLATED ? deflated : raw;
		const crc = directory ? 0 : crc32( raw );
		const mode = input.mode ?? ( directory ? 0o755 : 0o644 );
		const fileType = directory ? 0o040000 : 0o100000;
		// High 16 bits: Unix mode; low bit 0x10: MS-DOS directory attribute.
		const external =
			( ( ( fileType | mode ) << 16 ) | ( directory ? 0x10 : 0 ) ) >>> 0;

		const local = Buffer.alloc( 30 );
		local.writeUInt32LE( LOCAL_HEADER, 0 );
		local.writeUInt16LE( VERSION_NEEDED, 4 );
		local.writeUInt16LE( UTF8_NAMES, 6 );
		local.writeUInt16LE( method, 8 );
		local.writeUInt16LE( stamp.time, 10 );
		local.writeUInt16LE( stamp.date, 12 );
		local.writeUInt32LE( crc, 14 );
		local.writeUInt32LE( body.length, 18 );
		local.writeUInt32LE( raw.length, 22 );
		local.writeUInt16LE( name.length, 26 );
		local.writeUInt16LE( 0, 28 );

		const central = Buffer.alloc( 46 );
		central.writeUInt32LE( CENTRAL_HEADER, 0 );
		central.writeUInt16LE( MADE_BY_UNIX, 4 );
		central.writeUInt16LE( VERSION_NEEDED, 6 );
		central.writeUInt16LE( UTF8_NAMES, 8 );
		central.writeUInt16LE( method, 10 );
		central.writeUInt16LE( stamp.time, 12 );
		central.writeUInt16LE( stamp.date, 14 );
		central.writeUInt32LE( crc, 16 );
		central.writeUInt32LE( body.length, 20 );
		central.writeUInt32LE( raw.length, 24 );
		central.writeUInt16LE( name.length, 28 );
		central.writeUInt16LE( 0, 30 ); // extra field
		central.writeUInt16LE( 0, 32 ); // comment
		central.writeUInt16LE( 0, 34 ); // disk
		central.writeUInt16LE( 0, 36 ); // internal attributes
		central.writeUInt32LE( external, 38 );
		central.writeUInt32LE( offset, 42 );

		locals.push( local, name, body );
		centrals.push( central, name );
		offset += local.length + name.length + body.length;
		if ( offset > 0xffffffff ) {
			throw new Error( 'Zip over 4 GB: zip64 is not supported.' );
		}
	}
	const directory = Buffer.concat( centrals );
	const end = Buffer.alloc( 22 );
	end.writeUInt32LE( END_OF_CENTRAL_DIRECTORY, 0 );
	end.writeUInt16LE( 0, 4 );
	end.writeUInt16LE( 0, 6 );
	end.writeUInt16LE( inputs.length, 8 );
	end.writeUInt16LE( inputs.length, 10 );
	end.writeUInt32LE( directory.length, 12 );
	end.writeUInt32LE( offset, 16 );
	end.writeUInt16LE( 0, 20 );
	return Buffer.concat( [ ...locals, directory, end ] );
}

/** The entries of a zip, from its central directory. */
export function listZip( zip: Buffer ): ZipEntry[] {
	let end = -1;
	// The end record is the last 22 bytes plus a comment of up to 65,535.
	for (
		let at = zip.length - 22;
		at >= Math.max( 0, zip.length - 22 - 0xffff );
		at--
	) {
		if ( zip.readUInt32LE( at ) === END_OF_CENTRAL_DIRECTORY ) {
			end = at;
			break;
		}
	}
	if ( end < 0 ) {
		throw new Error( 'Not a zip: no end of central directory record.' );
	}
	const count = zip.readUInt16LE( end + 10 );
	let at = zip.readUInt32LE( end + 16 );
	const entries: ZipEntry[] = [];
	for ( let index = 0; index < count; index++ ) {
		if ( zip.readUInt32LE( at ) !== CENTRAL_HEADER ) {
			throw new Error( `Bad central directory entry at ${ at }.` );
		}
		const nameLength = zip.readUInt16LE( at + 28 );
		const extraLength = zip.readUInt16LE( at + 30 );
		const commentLength = zip.readUInt16LE( at + 32 );
		const name = zip.toString( 'utf8', at + 46, at + 46 + nameLength );
		const madeBy = zip.readUInt16LE( at + 4 ) >> 8;
		entries.push( {
			name,
			directory: name.endsWith( '/' ),
			method: zip.readUInt16LE( at + 10 ),
			crc: zip.readUInt32LE( at + 16 ),
			compressedSize: zip.readUInt32LE( at + 20 ),
			size: zip.readUInt32LE( at + 24 ),
			mode: madeBy === 3 ? zip.readUInt32LE( at + 38 ) >>> 16 : 0,
			offset: zip.readUInt32LE( at + 42 ),
		} );
		at += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** The contents of one file entry, checked against its CRC. */
export function readZipEntry( zip: Buffer, entry: ZipEntry ): Buffer {
	const at = entry.offset;
	if ( zip.readUInt32LE( at ) !== LOCAL_HEADER ) {
		throw new Error( `Bad local header for ${ entry.name }.` );
	}
	const start =
		at + 30 + zip.readUInt16LE( at + 26 ) + zip.readUInt16LE( at + 28 );
	const body = zip.subarray( start, start + entry.compressedSize );
	let data: Buffer;
	if ( entry.method === STORED ) {
		data = Buffer.from( body );
	} else if ( entry.method === DEFLATED ) {
		data = inflateRawSync( body );
	} else {
		throw new Error(
			`${ entry.name }: compression method ${ entry.method } is not supported.`
		);
	}
	if ( data.length !== entry.size || crc32( data ) !== entry.crc ) {
		throw new Error( `${ entry.name }: size or CRC does not match.` );
	}
	return data;
}
