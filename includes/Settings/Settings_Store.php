<?php
/**
 * Reads and writes the plugin's one option. Constants in wp-config.php
 * (S3_MEDIA_SYNC_<FIELD>) win over the database and are reported as locked.
 * The secret is sealed here, when it is written (and sealed again under
 * S3_MEDIA_SYNC_ENCRYPTION_KEY the first time it is read after that constant
 * appears), and only ever unsealed for signing: it is not part of any view
 * this class gives out.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

use S3MediaSync\S3\Credential_Source;

final class Settings_Store {

	/** @var array<string, string> Field => why its constant was ignored. */
	private array $constant_errors = array();

	/** The option as stored: every field, the secret sealed. */
	public function stored(): array {
		$stored = get_option( Settings_Fields::OPTION, array() );
		return array_merge( Settings_Fields::defaults(), is_array( $stored ) ? $stored : array() );
	}

	/** @return list<string> Fields set by wp-config.php constants. */
	public function locked(): array {
		return array_values(
			array_filter( Settings_Fields::names(), static fn( string $field ): bool => defined( Settings_Fields::constant_name( $field ) ) )
		);
	}

	/** @return array<string, string> */
	public function constant_errors(): array {
		$this->effective();
		return $this->constant_errors;
	}

	/**
	 * Effective values of every field but the secret.
	 *
	 * @return array<string, mixed>
	 */
	public function values(): array {
		$values = $this->effective();
		unset( $values['secret_access_key'] );
		return $values;
	}

	/** @return mixed The field's effective value: its type is the field's schema type. */
	public function get( string $field ): mixed {
		return $this->effective()[ $field ] ?? null;
	}

	/** The secret for signing, or null when none is stored or it cannot be unsealed. */
	public function secret(): ?string {
		$secret = (string) $this->effective()['secret_access_key'];
		if ( '' === $secret ) {
			return null;
		}
		if ( in_array( 'secret_access_key', $this->locked(), true ) ) {
			return $secret;
		}
		$plaintext = Secret_Box::unseal( $secret );
		if ( null !== $plaintext && Secret_Box::needs_migration( $secret ) ) {
			$this->reseal( $plaintext );
		}
		return $plaintext;
	}

	/** Seals the secret again under S3_MEDIA_SYNC_ENCRYPTION_KEY, once it is defined (no settings_updated: nothing the user sees changed). */
	private function reseal( #[\SensitiveParameter] string $plaintext ): void {
		$stored                      = $this->stored();
		$stored['secret_access_key'] = Secret_Box::seal( $plaintext );
		update_option( Settings_Fields::OPTION, $stored, false );
	}

	public function has_secret(): bool {
		return '' !== (string) $this->effective()['secret_access_key'];
	}

	public function secret_unreadable(): bool {
		return $this->has_secret() && null === $this->secret();
	}

	/** Everything needed to sign a request is there and readable: bucket, region, and credentials from any source (Credential_Source). */
	public function is_configured(): bool {
		$values = $this->values();
		return '' !== $values['bucket'] && '' !== $values['region'] && null !== ( new Credential_Source( $this ) )->credentials();
	}

	/**
	 * Writes validated changes in one update. A non-empty secret replaces the
	 * stored one (sealed); an empty or absent one keeps it; $remove_secret
	 * removes it.
	 *
	 * @param array<string, mixed> $changes       Already validated by Settings_Validator.
	 * @param bool                 $remove_secret Forget the stored secret.
	 */
	public function update( #[\SensitiveParameter] array $changes, bool $remove_secret = false ): void {
		$stored = $this->stored();
		if ( $remove_secret ) {
			$stored['secret_access_key'] = '';
			$changes                    += array( 'secret_access_key' => '' );
		}
		foreach ( $changes as $field => $value ) {
			if ( ! array_key_exists( $field, Settings_Fields::schema() ) ) {
				continue;
			}
			if ( 'secret_access_key' === $field ) {
				if ( '' !== (string) $value ) {
					$stored['secret_access_key'] = Secret_Box::seal( (string) $value );
				}
				continue;
			}
			$stored[ $field ] = $value;
		}
		update_option( Settings_Fields::OPTION, $stored, false );

		/**
		 * Fires after settings were saved.
		 *
		 * @param list<string> $fields The fields that were given.
		 */
		do_action( 's3_media_sync_settings_updated', array_keys( $changes ) );
	}

	/** @return array<string, mixed> Stored values with valid constants on top. */
	private function effective(): array {
		$values                = $this->stored();
		$this->constant_errors = array();
		foreach ( $this->locked() as $field ) {
			$value = Settings_Validator::validate( $field, constant( Settings_Fields::constant_name( $field ) ) );
			if ( is_wp_error( $value ) ) {
				$this->constant_errors[ $field ] = $value->get_error_message();
				$values[ $field ]                = Settings_Fields::defaults()[ $field ];
				continue;
			}
			$values[ $field ] = $value;
		}
		return $values;
	}
}
