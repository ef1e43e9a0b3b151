<?php
/**
 * Every line the WP-CLI commands print goes through here. S3 keys, S3's
 * error messages and whatever a proxy on the way answers are text from
 * outside: a control character (ESC, BEL, the C1 range a terminal may read
 * as ESC [) or an invisible format character (a text-direction override)
 * could clear the screen, retitle the window or make a line read as
 * something else. Each becomes "?", so what was there still shows.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Cli;

use WP_CLI;

final class Terminal {

	public static function printable( string $text ): string {
		if ( 1 !== preg_match( '//u', $text ) ) {
			// Not UTF-8: a lone byte of 0x80-0x9F would be a C1 control to an 8-bit terminal.
			$text = (string) preg_replace( '/[\x80-\xFF]/', '?', $text );
		}
		return (string) preg_replace( '/[\p{Cc}\p{Cf}]/u', '?', $text );
	}

	public static function log( string $message ): void {
		WP_CLI::log( self::printable( $message ) );
	}

	/** A line of data (tab-separated fields stay tabs), for piping to other tools. */
	public static function line( string $message ): void {
		WP_CLI::line( implode( "\t", array_map( array( self::class, 'printable' ), explode( "\t", $message ) ) ) );
	}

	public static function success( string $message ): void {
		WP_CLI::success( self::printable( $message ) );
	}

	public static function warning( string $message ): void {
		WP_CLI::warning( self::printable( $message ) );
	}

	/** Prints the error and ends the command (WP-CLI exits). */
	public static function error( string $message ): void {
		WP_CLI::error( self::printable( $message ) );
	}
}
