<?php
/**
 * The one reader of S3's XML answers. S3 answers with small, flat documents
 * (an error, a listing page, a bucket location) whose element names are
 * known: the text of an element is read directly, entities decoded, rather
 * than through an XML parser that would need libxml's entity handling made
 * safe first. Used by S3_Error, S3_Client and Bucket_Listing.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Xml_Reader {

	/** The text of the first `<element>` (attributes allowed), decoded; '' when there is none. */
	public static function value( string $xml, string $element ): string {
		$tag = preg_quote( $element, '#' );
		if ( 1 === preg_match( '#<' . $tag . '(?:\s[^>]*)?>([^<]*)</' . $tag . '>#', $xml, $match ) ) {
			return html_entity_decode( $match[1], ENT_QUOTES | ENT_XML1, 'UTF-8' );
		}
		return '';
	}

	/** @return list<string> The inner XML of every `<element>…</element>`, in order. */
	public static function blocks( string $xml, string $element ): array {
		$tag = preg_quote( $element, '#' );
		preg_match_all( '#<' . $tag . '>(.*?)</' . $tag . '>#s', $xml, $matches );
		return $matches[1];
	}

	/** Whether the element holds `true` (S3 writes booleans as text). */
	public static function is_true( string $xml, string $element ): bool {
		return 'true' === strtolower( trim( self::value( $xml, $element ) ) );
	}
}
