<?php
/**
 * Where the plugin may send requests: like wp_http_validate_url(), no
 * loopback, private, link-local or otherwise non-public address (checked on
 * the address the name resolves to, so a name pointing at 127.0.0.1 is
 * refused too), unless wp-config.php defines
 * S3_MEDIA_SYNC_ALLOW_PRIVATE_ENDPOINTS — for a store on the local network,
 * and the local test environment. Without this, a site admin of a network
 * could point the network's credentials, and the server, at any host inside
 * it. Ports are not limited (S3-compatible stores listen on 9000 and the
 * like). A name that does not resolve now is let through when saved (the
 * request is checked again, and fails anyway).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

final class Endpoint_Address {

	public const ALLOW_CONSTANT = 'S3_MEDIA_SYNC_ALLOW_PRIVATE_ENDPOINTS';

	/** @var array<string, bool> Host => allowed, for this request (a batch of PUTs asks once). */
	private static array $checked = array();

	public static function private_allowed(): bool {
		return defined( self::ALLOW_CONSTANT ) && true === constant( self::ALLOW_CONSTANT );
	}

	/** Why requests may not go to this URL's host, or null when they may. */
	public static function problem( string $url, ?bool $allow_private = null ): ?string {
		if ( $allow_private ?? self::private_allowed() ) {
			return null;
		}
		$host = strtolower( trim( (string) wp_parse_url( $url, PHP_URL_HOST ), '[]' ) );
		if ( '' === $host ) {
			return null; // The URL's shape is Settings_Validator's to judge.
		}
		if ( ! ( self::$checked[ $host ] ??= self::is_public( $host ) ) ) {
			return sprintf(
				/* translators: 1: host name, 2: constant name. */
				__( '%1$s is a loopback, private or local address: the plugin only talks to public hosts, unless wp-config.php defines %2$s as true.', 's3-media-sync' ),
				$host,
				self::ALLOW_CONSTANT
			);
		}
		return null;
	}

	private static function is_public( string $host ): bool {
		if ( 'localhost' === $host || str_ends_with( $host, '.localhost' ) ) {
			return false; // RFC 6761: always loopback, whatever DNS says.
		}
		$addresses = filter_var( $host, FILTER_VALIDATE_IP ) ? array( $host ) : self::resolve( $host );
		foreach ( $addresses as $address ) {
			if ( false === filter_var( $address, FILTER_VALIDATE_IP, FILTER_FLAG_GLOBAL_RANGE ) ) {
				return false;
			}
		}
		return true;
	}

	/** @return list<string> IPv4 and IPv6 addresses of the name (none when it does not resolve). */
	private static function resolve( string $host ): array {
		$addresses = gethostbynamel( $host );
		$addresses = is_array( $addresses ) ? $addresses : array();
		$records   = @dns_get_record( $host, DNS_AAAA ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- no AAAA record is an answer, not an error.
		foreach ( is_array( $records ) ? $records : array() as $record ) {
			if ( isset( $record['ipv6'] ) ) {
				$addresses[] = (string) $record['ipv6'];
			}
		}
		return $addresses;
	}
}
