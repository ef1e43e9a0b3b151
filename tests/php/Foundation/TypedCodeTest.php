<?php
/**
 * What a static analyser would hold the plugin to, checked by Reflection
 * (PHPStan and Psalm are in no package registry these machines reach):
 * every PHP file declares strict_types; every property, parameter and
 * return of every class, interface, trait and enum in includes/ is typed;
 * and `mixed` appears only where the docblock says what the value is
 * (a WordPress hook hands over whatever another plugin returned).
 * Closures are not reached by Reflection here; lint and review cover them.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Foundation;

use S3MediaSync\Tests\TestCase;

final class TypedCodeTest extends TestCase {

	private static function root(): string {
		return dirname( __DIR__, 3 );
	}

	/** @return list<string> Every PHP file the plugin ships. */
	private static function shipped_files(): array {
		$files = array( self::root() . '/plugin.php', self::root() . '/uninstall.php' );
		$tree  = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( self::root() . '/includes', \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $tree as $file ) {
			if ( $file instanceof \SplFileInfo && 'php' === $file->getExtension() ) {
				$files[] = $file->getPathname();
			}
		}
		sort( $files );
		return $files;
	}

	/** @return list<class-string> Every class-like in includes/, loaded through the plugin's autoloader. */
	private static function class_names(): array {
		$names = array();
		foreach ( self::shipped_files() as $file ) {
			$relative = substr( $file, strlen( self::root() . '/includes/' ) );
			if ( ! str_starts_with( $file, self::root() . '/includes/' ) || 'autoload.php' === $relative ) {
				continue;
			}
			$name = 'S3MediaSync\\' . str_replace( '/', '\\', substr( $relative, 0, -4 ) );
			if ( class_exists( $name ) || interface_exists( $name ) || trait_exists( $name ) || enum_exists( $name ) ) {
				$names[] = $name;
			}
		}
		return $names;
	}

	/** The method of a parent class or interface that `$method` overrides, if any. */
	private static function overridden( \ReflectionMethod $method ): ?\ReflectionMethod {
		$class   = $method->getDeclaringClass();
		$parents = array_merge( false === $class->getParentClass() ? array() : array( $class->getParentClass() ), $class->getInterfaces() );
		foreach ( $parents as $parent ) {
			if ( $parent->hasMethod( $method->getName() ) ) {
				return $parent->getMethod( $method->getName() );
			}
		}
		return null;
	}

	public function test_every_php_file_declares_strict_types(): void {
		$missing = array();
		foreach ( self::shipped_files() as $file ) {
			if ( 1 !== preg_match( '/^<\?php\b.*?\bdeclare\(\s*strict_types\s*=\s*1\s*\);/s', (string) file_get_contents( $file ) ) ) {
				$missing[] = substr( $file, strlen( self::root() ) + 1 );
			}
		}
		$this->assertGreaterThan( 50, count( self::shipped_files() ) );
		$this->assertSame( array(), $missing );
	}

	public function test_every_class_in_includes_is_loaded_by_its_file_name(): void {
		$files = array_filter( self::shipped_files(), static fn( string $file ): bool => str_starts_with( $file, self::root() . '/includes/' ) && ! str_ends_with( $file, '/autoload.php' ) );
		$this->assertCount( count( $files ), self::class_names(), 'one class-like a file, named after it' );
	}

	public function test_every_property_parameter_and_return_is_typed_and_mixed_has_a_reason(): void {
		$problems = array();
		foreach ( self::class_names() as $name ) {
			$class = new \ReflectionClass( $name );
			foreach ( $class->getProperties() as $property ) {
				if ( $property->getDeclaringClass()->getName() === $name && ! $property->hasType() ) {
					$problems[] = "$name::\${$property->getName()} has no type";
				}
			}
			foreach ( $class->getMethods() as $method ) {
				if ( $method->getDeclaringClass()->getName() !== $name ) {
					continue;
				}
				$where = "$name::{$method->getName()}()";
				$doc   = (string) $method->getDocComment();
				if ( ! $method->isConstructor() && ! $method->hasReturnType() ) {
					$problems[] = "$where has no return type";
				}
				if ( 'mixed' === (string) $method->getReturnType() && 1 !== preg_match( '/@return\s+mixed\b/', $doc ) ) {
					$problems[] = "$where returns mixed without a @return line for it";
				}
				$overridden = self::overridden( $method );
				foreach ( $method->getParameters() as $parameter ) {
					// WordPress's own classes (WP_REST_Controller) leave parameters untyped; an override cannot add a type.
					$inherited = null !== $overridden && isset( $overridden->getParameters()[ $parameter->getPosition() ] ) && ! $overridden->getParameters()[ $parameter->getPosition() ]->hasType();
					if ( ! $parameter->hasType() && ! $inherited ) {
						$problems[] = "$where: \${$parameter->getName()} has no type";
					} elseif ( 'mixed' === (string) $parameter->getType() && 1 !== preg_match( '/@param\s+mixed\s+\$' . preg_quote( $parameter->getName(), '/' ) . '\s+\S/', $doc ) ) {
						$problems[] = "$where: \${$parameter->getName()} is mixed without saying what it is";
					}
				}
			}
		}
		$this->assertGreaterThan( 60, count( self::class_names() ) );
		$this->assertSame( array(), $problems );
	}
}
