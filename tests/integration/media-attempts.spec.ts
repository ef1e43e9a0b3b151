/**
 * One upload request is one attempt at S3. When S3 is down, the upload's
 * REST answer (pending, attempts 1, the next attempt after the first
 * backoff) is what is stored; the next try is the retry job's, after that
 * backoff — not a second full attempt at the end of the same request.
 */
import { expect, test } from '@playwright/test';

import { frontClient, uniqueName } from './access-helpers';
import {
	deletingAttachments,
	getAttachment,
	jpeg,
	mediaSessionWithGuideSettings,
	uploadOk,
} from './media-helpers';

const created: number[] = [];
const session = mediaSessionWithGuideSettings( deletingAttachments( created ) );

test( "S3 down: the upload's answer is what is stored — one attempt, first backoff", async () => {
	await frontClient().down();
	try {
		const attachment = await uploadOk(
			session(),
			`${ uniqueName( 'one-attempt' ) }.jpg`,
			'image/jpeg',
			jpeg( 800, 600 )
		);
		created.push( attachment.id );
		const answered = attachment.s3_media_sync;
		expect( answered.status ).toBe( 'pending' );
		expect( answered.attempts ).toBe( 1 );
		const stored = ( await getAttachment( session(), attachment.id ) )
			.s3_media_sync;
		expect(
			{ attempts: stored.attempts, next_attempt: stored.next_attempt },
			`stored ${ JSON.stringify( stored ) }`
		).toEqual( {
			attempts: answered.attempts,
			next_attempt: answered.next_attempt,
		} );
	} finally {
		await frontClient().up();
	}
} );
