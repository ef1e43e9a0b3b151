/**
 * "Set up AWS for me", run for real: the script and the CloudFormation
 * template are taken from the settings page in Chromium exactly as the
 * owner gets them (the text "Copy script" copies, the file the download
 * button gives), run with the AWS CLI against moto with IAM on, as the
 * bucket owner (the run state's admin key) — then the printed key is
 * pasted into the page, saved, and Test S3 Access (which runs by itself
 * after the first key) must pass every check.
 *
 * moto stores Object Ownership, Block Public Access and bucket policies
 * but enforces none of them, and its CloudFormation has no AWS::IAM::Group,
 * AWS::SecretsManager::Secret or AWS::S3::BucketPolicy (and ignores a
 * bucket's OwnershipControls / PublicAccessBlockConfiguration and a user's
 * Groups): the tests check what is stored, the S3 front's replays of real
 * AWS answers cover the refusals (access-test-replays.spec.ts), and cfn-lint
 * checks the whole template against CloudFormation's resource schemas.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

import { guidePolicy } from '../../tools/s3/iam';
import { AWS_CLI } from '../../tools/s3/python-venv';
import {
	accessTestHooks,
	frontClient,
	guideSettings,
	runAccessTest,
	s3,
	saveSettings,
	TEST_ROUTE,
	uniqueName,
	type AccessResult,
} from './access-helpers';
import {
	aws,
	generate,
	openSettings,
	printedKey,
	runScript,
	scriptPolicy,
	type PanelChoice,
} from './aws-setup-helpers';

const session = accessTestHooks();

test.afterEach( async () => {
	await saveSettings( session(), guideSettings() );
} );

function names( tag: string ): PanelChoice[ 'names' ] {
	const suffix = uniqueName( tag );
	return {
		policy: `S3MS-Policy-${ suffix }`,
		group: `s3ms-group-${ suffix }`,
		user: `s3ms-user-${ suffix }`,
	};
}

/** The settings as typed before any key exists. */
async function typedSettings(
	settings: Record< string, unknown >
): Promise< void > {
	await saveSettings(
		session(),
		guideSettings( { access_key_id: '', ...settings } )
	);
}

/** Pastes the key into the page and saves; the test that follows by itself must pass. */
async function pasteAndTest(
	page: Page,
	stdout: string,
	expectSkipped: string[] = []
): Promise< AccessResult > {
	const key = printedKey( stdout );
	// The front verifies presigned URLs only for keys it knows.
	await frontClient().registerCredentials( key );
	await page.getByLabel( 'S3 Access Key ID' ).fill( key.accessKeyId );
	await page.getByLabel( 'S3 Secret Access Key' ).fill( key.secretAccessKey );
	await page.getByRole( 'button', { name: 'Save Changes' } ).click();
	await expect(
		page.getByText( 'S3 access works', { exact: true } )
	).toBeVisible( {
		timeout: 30_000,
	} );
	const response = await session().rest( 'GET', TEST_ROUTE );
	const result = ( await response.json() ) as AccessResult;
	expect( result.ok ).toBe( true );
	for ( const check of result.checks ) {
		expect( check.status, `${ check.id }: ${ check.message }` ).toBe(
			expectSkipped.includes( check.id ) ? 'skip' : 'pass'
		);
	}
	return result;
}

async function keyCount( user: string ): Promise< number > {
	const answer = ( await aws(
		'iam',
		'list-access-keys',
		'--user-name',
		user
	) ) as { AccessKeyMetadata: unknown[] };
	return answer.AccessKeyMetadata.length;
}

test( 'public-read, bucket made by the script: Test S3 Access passes; run again, everything is reused and no key is made', async ( {
	page,
} ) => {
	test.setTimeout( 240_000 );
	const bucket = uniqueName( 's3ms-setup-public' );
	const region = 'eu-west-1';
	const chosen = names( 'pub' );
	await typedSettings( {
		bucket,
		region,
		object_acl: 'public-read',
		key_prefix: 'site/',
	} );
	await openSettings( page );
	const { script } = await generate( page, {
		names: chosen,
		createBucket: true,
	} );

	const first = await runScript( script );
	expect( first.code, first.stderr ).toBe( 0 );
	expect( first.stdout ).toContain( `created in ${ region }` );
	expect( first.stdout ).toMatch(
		/== Policy .*\n {3}created: arn:aws:iam::/
	);
	const result = await pasteAndTest( page, first.stdout );
	// One source: the policy the script made is the one the plugin generates.
	expect( scriptPolicy( script ) ).toEqual( result.policy );
	expect( result.policy ).toEqual( guidePolicy( bucket, 'site/' ) );
	expect( result.region_detected ).toBe( region );

	// What the ACL needs, as stored (moto does not enforce either).
	expect(
		await aws(
			's3api',
			'get-bucket-ownership-controls',
			'--bucket',
			bucket
		)
	).toEqual( {
		OwnershipControls: {
			Rules: [ { ObjectOwnership: 'BucketOwnerPreferred' } ],
		},
	} );
	expect(
		await aws( 's3api', 'get-public-access-block', '--bucket', bucket )
	).toEqual( {
		PublicAccessBlockConfiguration: {
			BlockPublicAcls: false,
			IgnorePublicAcls: false,
			BlockPublicPolicy: true,
			RestrictPublicBuckets: true,
		},
	} );

	const second = await runScript( script );
	expect( second.code, second.stderr ).toBe( 0 );
	expect( second.stdout ).not.toMatch(
		/^ {3}(created|added to|policy attached)/m
	);
	expect( second.stdout.match( /: reused/g ) ?? [] ).toHaveLength( 6 );
	expect( second.stdout ).toContain( 'already has an access key' );
	expect( second.stdout ).not.toContain( 'S3 Secret Access Key' );
	expect( await keyCount( chosen.user ) ).toBe( 1 );
	const policies = ( await aws(
		'iam',
		'list-policies',
		'--scope',
		'Local'
	) ) as { Policies: Array< { PolicyName: string } > };
	expect(
		policies.Policies.filter( ( p ) => p.PolicyName === chosen.policy )
	).toHaveLength( 1 );
	// The key from the first run still works.
	expect( ( await runAccessTest( session() ) ).ok ).toBe( true );

	// A second key only when asked, and never a third.
	const asked = await runScript( script, { NEW_KEY: 'yes' } );
	expect( asked.code, asked.stderr ).toBe( 0 );
	expect( printedKey( asked.stdout ).accessKeyId ).not.toBe(
		printedKey( first.stdout ).accessKeyId
	);
	const third = await runScript( script, { NEW_KEY: 'yes' } );
	expect( third.code ).not.toBe( 0 );
	expect( third.stderr ).toContain( 'already has 2 access keys' );
	expect( await keyCount( chosen.user ) ).toBe( 2 );
} );

test( 'private, the site’s existing bucket: Test S3 Access passes with the printed key; run again, nothing new', async ( {
	page,
} ) => {
	test.setTimeout( 180_000 );
	const chosen = names( 'priv' );
	await typedSettings( { object_acl: 'private' } );
	await openSettings( page );
	const { script } = await generate( page, { names: chosen } );
	expect( script ).not.toContain( 'create-bucket' );

	const first = await runScript( script );
	expect( first.code, first.stderr ).toBe( 0 );
	const result = await pasteAndTest( page, first.stdout );
	expect( scriptPolicy( script ) ).toEqual( result.policy );
	expect( result.policy ).toEqual( guidePolicy( s3().bucket ) );

	const second = await runScript( script );
	expect( second.code, second.stderr ).toBe( 0 );
	expect( second.stdout ).not.toMatch(
		/^ {3}(created|added to|policy attached)/m
	);
	expect( second.stdout.match( /: reused/g ) ?? [] ).toHaveLength( 5 );
	expect( await keyCount( chosen.user ) ).toBe( 1 );
} );

test( 'bucket-default, bucket made with AWS’s defaults: Test S3 Access passes (no ACL sent); the public choice stores its bucket policy', async ( {
	page,
} ) => {
	test.setTimeout( 180_000 );
	const bucket = uniqueName( 's3ms-setup-default' );
	const chosen = names( 'def' );
	await typedSettings( {
		bucket,
		object_acl: 'bucket-default',
		sign_urls: true,
	} );
	await openSettings( page );
	const { script } = await generate( page, {
		names: chosen,
		createBucket: true,
	} );
	const first = await runScript( script );
	expect( first.code, first.stderr ).toBe( 0 );
	expect( first.stdout ).toContain( 'AWS default kept (ACLs disabled)' );
	await pasteAndTest( page, first.stdout, [ 'put_object_acl' ] );
	const second = await runScript( script );
	expect( second.stdout ).not.toMatch(
		/^ {3}(created|added to|policy attached)/m
	);

	// "Public, ACLs disabled": a bucket policy for the uploads folder. moto
	// and the S3 front do not serve anonymous reads by bucket policy, so
	// what is checked is what AWS would be given.
	const open = uniqueName( 's3ms-setup-open' );
	await typedSettings( { bucket: open, object_acl: 'bucket-default' } );
	await page.reload();
	const { script: openScript } = await generate( page, {
		names: names( 'open' ),
		createBucket: true,
		publicPolicy: true,
	} );
	const run = await runScript( openScript );
	expect( run.code, run.stderr ).toBe( 0 );
	const stored = ( await aws(
		's3api',
		'get-bucket-policy',
		'--bucket',
		open
	) ) as { Policy: string };
	expect( JSON.parse( stored.Policy ).Statement ).toEqual( [
		{
			Sid: 'PublicReadUploads',
			Effect: 'Allow',
			Principal: '*',
			Action: 's3:GetObject',
			Resource: `arn:aws:s3:::${ open }/wp-content/uploads/*`,
		},
	] );
	expect(
		await aws( 's3api', 'get-public-access-block', '--bucket', open )
	).toEqual( {
		PublicAccessBlockConfiguration: {
			BlockPublicAcls: true,
			IgnorePublicAcls: true,
			BlockPublicPolicy: false,
			RestrictPublicBuckets: false,
		},
	} );
} );

test( 'the script stops with a message when a step fails (an unknown admin key)', async ( {
	page,
} ) => {
	await typedSettings( {} );
	await openSettings( page );
	const { script } = await generate( page, { names: names( 'fail' ) } );
	const run = await runScript(
		script,
		{},
		{ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'nope' }
	);
	expect( run.code ).not.toBe( 0 );
	expect( run.stderr ).toContain( 'STOPPED: the AWS CLI is not signed in' );
	expect( run.stdout ).not.toContain( '==' );
} );

test( 'the CloudFormation template: cfn-lint clean, and deployed with moto the policy is the guide’s, statement by statement', async ( {
	page,
} ) => {
	test.setTimeout( 180_000 );
	const chosen = names( 'cfn' );
	await typedSettings( { key_prefix: 'cfn/' } );
	await openSettings( page );
	const { template } = await generate( page, { names: chosen } );
	const dir = mkdtempSync( join( tmpdir(), 's3ms-cfn-' ) );
	const full = join( dir, 'full.json' );
	writeFileSync( full, template );
	// The whole template against CloudFormation's own resource schemas.
	execFileSync( join( dirname( AWS_CLI ), 'cfn-lint' ), [ full ], {
		stdio: 'inherit',
	} );
	const parsed = JSON.parse( template );
	expect( JSON.stringify( parsed.Outputs ) ).not.toContain(
		'SecretAccessKey'
	);
	expect( parsed.Resources.AccessKeySecret.Type ).toBe(
		'AWS::SecretsManager::Secret'
	);

	// moto's CloudFormation lacks these types (it would fail on the first):
	// deploy the rest, unchanged but for the references to them.
	for ( const logicalId of [ 'Group', 'AccessKeySecret' ] ) {
		delete parsed.Resources[ logicalId ];
	}
	delete parsed.Resources.Policy.Properties.Groups;
	delete parsed.Resources.User.Properties.Groups;
	delete parsed.Outputs.SecretArn;
	delete parsed.Outputs.ShowSecret;
	const subset = join( dir, 'moto.json' );
	writeFileSync( subset, JSON.stringify( parsed ) );
	const stack = uniqueName( 's3ms-stack' );
	const deploy = await runScript(
		`set -e\naws cloudformation deploy --template-file '${ subset }' --stack-name '${ stack }' --capabilities CAPABILITY_NAMED_IAM\n`
	);
	expect( deploy.code, deploy.stderr ).toBe( 0 );

	const { Policies: policies } = ( await aws(
		'iam',
		'list-policies',
		'--scope',
		'Local'
	) ) as { Policies: Array< { PolicyName: string; Arn: string } > };
	const arn = policies.find( ( p ) => p.PolicyName === chosen.policy )?.Arn;
	expect( arn ).toBeDefined();
	const version = ( await aws(
		'iam',
		'get-policy-version',
		'--policy-arn',
		arn as string,
		'--version-id',
		'v1'
	) ) as { PolicyVersion: { Document: ReturnType< typeof guidePolicy > } };
	const document = version.PolicyVersion.Document;
	const guide = guidePolicy( s3().bucket, 'cfn/' );
	expect( document.Version ).toBe( guide.Version );
	expect( document.Statement ).toHaveLength( guide.Statement.length );
	guide.Statement.forEach( ( statement, index ) => {
		expect( document.Statement[ index ] ).toEqual( statement );
	} );
	// The plugin's own policy (Policy_Document, through POST /test) is the same.
	await saveSettings( session(), guideSettings( { key_prefix: 'cfn/' } ) );
	const result = await runAccessTest( session() );
	expect( result.policy ).toEqual( document );
	expect( await keyCount( chosen.user ) ).toBe( 1 );
} );
