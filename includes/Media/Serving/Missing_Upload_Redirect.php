<?php
/**
 * A request for a file under the uploads URL that reaches WordPress (the
 * web server found no such file: "Remove local copies" is on, or this is a
 * web server that never held it) is answered with a redirect to its object
 * in S3. Stored content keeps local URLs (docs/README.md, Serving), and the
 * block editor, links in content, themes and feeds load them as they are:
 * this is what keeps them working.
 *
 * - The file is looked up in the file index (one query): any file an
 *   attachment records, every size and edit, not only the main file that
 *   attachment_url_to_postid() knows.
 * - Public objects: a 302 to the S3 (or delivery) URL, for anyone.
 * - Private objects: a 302 to a presigned URL only for a user who may read
 *   the attachment (`read_post`); anyone else gets the 404 a missing file
 *   gets, so a file name alone never buys a presigned URL.
 * - A file no attachment records, or whose object is not trusted
 *   (Recorded_Objects), gets a 404 too. The 404 is answered here rather than
 *   left to WordPress, whose 404 handling would guess a post from the file
 *   name and redirect there.
 *
 * It runs on `do_parse_request`, before WordPress matches rewrite rules.
 * With nginx's `try_files $uri $uri/ /index.php?$args`, Apache's
 * WordPress rules or tools/wp/php/router.php, a missing file reaches
 * index.php and so this hook.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

final class Missing_Upload_Redirect {

	public function __construct( private readonly Served_Urls $served ) {}

	public function register(): void {
		add_filter( 'do_parse_request', array( $this, 'maybe_answer' ), 1 );
	}

	/**
	 * @param mixed $parse Whether WordPress should parse the request.
	 * @return mixed
	 */
	public function maybe_answer( mixed $parse ): mixed {
		$method = isset( $_SERVER['REQUEST_METHOD'] ) ? strtoupper( sanitize_text_field( wp_unslash( (string) $_SERVER['REQUEST_METHOD'] ) ) ) : 'GET';
		$uri    = isset( $_SERVER['REQUEST_URI'] ) ? wp_unslash( (string) $_SERVER['REQUEST_URI'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- only compared and decoded below.
		if ( ! in_array( $method, array( 'GET', 'HEAD' ), true ) ) {
			return $parse;
		}
		$answer = $this->answer_for( (string) wp_parse_url( $uri, PHP_URL_PATH ) );
		if ( null === $answer ) {
			return $parse;
		}
		$this->send( $answer );
		exit;
	}

	/**
	 * What a request for this path gets: null when it is not under the
	 * uploads URL (WordPress goes on), else a redirect or a 404.
	 *
	 * @param string $path The request's path, as sent (percent-encoded).
	 */
	public function answer_for( string $path ): ?Upload_Answer {
		$without_ids = $this->served->without_ids();
		if ( null === $without_ids ) {
			return null;
		}
		$relative = $this->served->attachments()?->local()->relative_of_path( $path );
		if ( null === $relative ) {
			return null;
		}
		$attachments = $this->served->attachments();
		foreach ( $without_ids->owners_of_file( $relative ) as $id ) {
			$url = $attachments?->for_file( $id, $relative );
			if ( null === $url ) {
				continue;
			}
			if ( ! $attachments->presigns( $id ) ) {
				return Upload_Answer::redirect( $url, false );
			}
			if ( current_user_can( 'read_post', $id ) ) {
				return Upload_Answer::redirect( $url, true );
			}
		}
		return Upload_Answer::not_found();
	}

	private function send( Upload_Answer $answer ): void {
		if ( null === $answer->location ) {
			status_header( 404 );
			nocache_headers();
			header( 'Content-Type: text/plain; charset=utf-8' );
			echo "Not Found\n";
			return;
		}
		if ( $answer->private ) {
			// Only this user may follow it: no shared cache may keep the presigned URL.
			header( 'Cache-Control: private, no-store' );
			header( 'Vary: Cookie' );
		}
		// wp_redirect() would run the URL through wp_sanitize_redirect(), which keeps it; it also sends X-Redirect-By.
		wp_redirect( $answer->location, 302, 'S3 Media Sync' ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect -- the bucket's or delivery URL, never the request's.
	}
}
