/**
 * Where recorded Amazon S3 answers (`*.http`) are found: the folder named by
 * S3MS_AWS_RESPONSES, then tests/fixtures/aws-responses (see its README).
 * The front's fault answers and the tests read them through here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../lib/paths';

export function awsResponseFolders(): string[] {
	return [
		process.env.S3MS_AWS_RESPONSES,
		resolve( ROOT, 'tests', 'fixtures', 'aws-responses' ),
	].filter(
		( folder ): folder is string =>
			typeof folder === 'string' && folder !== ''
	);
}

/** The answer's text, or null when no folder has it. */
export function findAwsResponse( name: string ): string | null {
	for ( const folder of awsResponseFolders() ) {
		const file = resolve( folder, name );
		if ( existsSync( file ) ) {
			return readFileSync( file, 'utf8' );
		}
	}
	return null;
}
