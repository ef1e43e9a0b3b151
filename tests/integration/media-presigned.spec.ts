/**
 * Private media is served through presigned URLs the AWS SDK's own presigner
 * agrees with: the URL the plugin hands out (REST source_url, rendered image
 * src) is recomputed with @smithy/signature-v4 for the same method, URL,
 * X-Amz-Date and expiry, and the signatures must be equal. The front then
 * serves it, and refuses the same URL without its signature.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { expect, test } from '@playwright/test';

import { readRunState } from '../../tools/lib/run-state';
import { logInOverHttp, type WpSession } from '../support/wp-session';
import { guideSettings, s3, saveSettings, uniqueName } from './access-helpers';
import { deleteAttachment, jpeg, uploadOk } from './media-helpers';

let session: WpSession;

test.beforeAll( async () => {
	session = await logInOverHttp( readRunState().site );
} );

test.afterAll( async () => {
	await saveSettings( session, guideSettings() );
	await session.dispose();
} );

/** What the SDK's presigner makes of the same request at the same moment. */
async function sdkSignature( url: URL ): Promise< string > {
	const amzDate = url.searchParams.get( 'X-Amz-Date' ) ?? '';
	const signingDate = new Date(
		`${ amzDate.slice( 0, 4 ) }-${ amzDate.slice( 4, 6 ) }-${ amzDate.slice( 6, 8 ) }T${ amzDate.slice( 9, 11 ) }:${ amzDate.slice( 11, 13 ) }:${ amzDate.slice( 13, 15 ) }Z`
	);
	const signer = new SignatureV4( {
		credentials: s3().user,
		region: s3().region,
		service: 's3',
		sha256: Sha256,
		uriEscapePath: false,
	} );
	const signed = await signer.presign(
		new HttpRequest( {
			method: 'GET',
			protocol: url.protocol,
			hostname: url.hostname,
			port: Number( url.port ),
			path: url.pathname,
			headers: {
				host: url.host,
				'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
			},
		} ),
		{
			signingDate,
			expiresIn: Number( url.searchParams.get( 'X-Amz-Expires' ) ),
			unsignableHeaders: new Set( [ 'x-amz-content-sha256' ] ),
			unhoistableHeaders: new Set( [ 'x-amz-content-sha256' ] ),
		}
	);
	return String( signed.query?.[ 'X-Amz-Signature' ] ?? '' );
}

test( 'a private image is served by presigned URLs equal to the AWS SDK presigner’s, and refused without', async () => {
	await saveSettings(
		session,
		guideSettings( { object_acl: 'private', presign_expiry: 600 } )
	);
	const attachment = await uploadOk(
		session,
		`${ uniqueName( 'private' ) }.jpg`,
		'image/jpeg',
		jpeg( 1200, 800 )
	);
	try {
		expect( attachment.s3_media_sync?.status ).toBe( 'synced' );
		const viewed = await session.rest(
			'GET',
			`wp/v2/media/${ attachment.id }`
		);
		const body = ( await viewed.json() ) as {
			source_url: string;
			media_details: { sizes: Record< string, { source_url: string } > };
		};
		const urls = [
			body.source_url,
			...Object.values( body.media_details.sizes ).map(
				( size ) => size.source_url
			),
		];
		expect( urls.length ).toBeGreaterThan( 3 );
		for ( const raw of urls ) {
			const url = new URL( raw );
			expect(
				raw.startsWith(
					`${ s3().endpoint }/${ s3().bucket }/wp-content/uploads/`
				),
				raw
			).toBe( true );
			// Signed for its 600-second window, valid for two: at least 600 s from when it was handed out.
			expect( url.searchParams.get( 'X-Amz-Expires' ) ).toBe( '1200' );
			expect( url.searchParams.get( 'X-Amz-Signature' ) ).toBe(
				await sdkSignature( url )
			);

			const served = await fetch( raw );
			expect( served.status, raw ).toBe( 200 );
			expect( ( await served.arrayBuffer() ).byteLength ).toBeGreaterThan(
				0
			);
			expect(
				( await fetch( `${ url.origin }${ url.pathname }` ) ).status
			).toBe( 403 );
		}
	} finally {
		await deleteAttachment( session, attachment.id );
	}
} );
