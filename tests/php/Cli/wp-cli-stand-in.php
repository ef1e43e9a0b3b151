<?php
/**
 * WP-CLI cannot be installed here (no Composer registry, no phar download),
 * so the command adapters are tested against this minimal stand-in of the
 * parts they call: WP_CLI::log/line/success/warning/error and
 * WP_CLI\Utils\make_progress_bar. error() throws, as the real one exits.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace {
	if ( ! class_exists( 'WP_CLI' ) ) {
		// phpcs:ignore Generic.Files.OneObjectStructurePerFile.MultipleFound
		final class WP_CLI {
			/** @var list<array{0: string, 1: string}> */
			public static array $lines = array();

			public static function log( string $message ): void {
				self::$lines[] = array( 'log', $message );
			}

			public static function line( string $message ): void {
				self::$lines[] = array( 'line', $message );
			}

			public static function success( string $message ): void {
				self::$lines[] = array( 'success', $message );
			}

			public static function warning( string $message ): void {
				self::$lines[] = array( 'warning', $message );
			}

			/** @return never */
			public static function error( string $message ): void {
				self::$lines[] = array( 'error', $message );
				throw new \S3MediaSync\Tests\Cli\Cli_Error( $message );
			}
		}
	}
}

namespace S3MediaSync\Tests\Cli {
	// phpcs:ignore Generic.Files.OneObjectStructurePerFile.MultipleFound
	final class Cli_Error extends \RuntimeException {}

	// phpcs:ignore Generic.Files.OneObjectStructurePerFile.MultipleFound
	final class Progress_Stand_In {
		public int $ticks    = 0;
		public bool $finished = false;

		public function __construct( public readonly string $label, public readonly int $total ) {}

		public function tick(): void {
			++$this->ticks;
		}

		public function finish(): void {
			$this->finished = true;
		}
	}
}

namespace WP_CLI\Utils {
	if ( ! function_exists( 'WP_CLI\Utils\make_progress_bar' ) ) {
		function make_progress_bar( string $label, int $total ): \S3MediaSync\Tests\Cli\Progress_Stand_In {
			$bar                                         = new \S3MediaSync\Tests\Cli\Progress_Stand_In( $label, $total );
			$GLOBALS['s3ms_progress_bars'][] = $bar;
			return $bar;
		}
	}
}
