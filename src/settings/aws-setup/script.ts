/**
 * The CloudShell / AWS CLI script of the "Set up AWS for me" panel: the
 * setup guide's policy, group, user and access key (and, if asked, the
 * bucket), reusing whatever already exists. It holds no secret; the one it
 * prints is the new key's, made in the owner's own shell.
 */
import { bucketNeeds, type SetupOptions } from './options';
import { policyDocument } from './policy';

/** One shell word, single-quoted. */
function sh( value: string ): string {
	return `'${ value.replace( /'/g, `'\\''` ) }'`;
}

function bucketLines( options: SetupOptions ): string[] {
	const needs = bucketNeeds( options );
	const location =
		options.region === 'us-east-1'
			? ''
			: ' --create-bucket-configuration LocationConstraint="$REGION"';
	const lines = [
		'',
		'echo "== Bucket $BUCKET"',
		'if found aws s3api head-bucket --bucket "$BUCKET" --region "$REGION"; then',
		'  echo "   exists: reused"',
		'else',
		`  aws s3api create-bucket --bucket "$BUCKET" --region "$REGION"${ location } >/dev/null || stop "could not create bucket $BUCKET (bucket names are global: another account may have it)"`,
		'  echo "   created in $REGION"',
		'fi',
	];
	if ( needs.ownership ) {
		lines.push(
			`# ${ options.acl }: ACLs enabled, so uploads may carry the ACL.`,
			`aws s3api put-bucket-ownership-controls --bucket "$BUCKET" --region "$REGION" --ownership-controls 'Rules=[{ObjectOwnership=${ needs.ownership }}]' || stop "could not set Object Ownership"`,
			`echo "   Object Ownership: ${ needs.ownership } (ACLs enabled)"`
		);
	} else {
		lines.push(
			'echo "   Object Ownership: AWS default kept (ACLs disabled)"'
		);
	}
	const block = needs.publicAccessBlock;
	if ( block ) {
		const config = Object.entries( block )
			.map( ( [ name, on ] ) => `${ name }=${ on }` )
			.join( ',' );
		lines.push(
			`aws s3api put-public-access-block --bucket "$BUCKET" --region "$REGION" --public-access-block-configuration '${ config }' || stop "could not set Block Public Access"`,
			`echo "   Block Public Access: ${ config }"`
		);
	} else {
		lines.push(
			'echo "   Block Public Access: AWS default kept (all on)"'
		);
	}
	if ( needs.publicReadPolicy ) {
		lines.push(
			'# Public reads of the uploads folder through a bucket policy (ACLs disabled).',
			`aws s3api put-bucket-policy --bucket "$BUCKET" --region "$REGION" --policy ${ sh(
				JSON.stringify( needs.publicReadPolicy )
			) } || stop "could not set the bucket policy"`,
			'echo "   bucket policy: anyone may read ${KEY_PREFIX}wp-content/uploads/*"'
		);
	}
	return lines;
}

export function setupScript( options: SetupOptions ): string {
	const { names } = options;
	const policy = JSON.stringify(
		policyDocument( options.bucket, options.keyPrefix )
	);
	return [
		'#!/usr/bin/env bash',
		'# S3 Media Sync: the setup guide’s IAM user for this site.',
		'# Run it in AWS CloudShell, or wherever the AWS CLI is signed in as an administrator.',
		'# Safe to run again: what exists is reused and said so. A user that already has',
		'# an access key gets no new one unless you run it with NEW_KEY=yes (IAM allows 2).',
		'set -Eeuo pipefail',
		'export AWS_PAGER=""',
		`BUCKET=${ sh( options.bucket ) }`,
		`REGION=${ sh( options.region ) }`,
		`KEY_PREFIX=${ sh( options.keyPrefix ) }`,
		`POLICY_NAME=${ sh( names.policy ) }`,
		`GROUP_NAME=${ sh( names.group ) }`,
		`USER_NAME=${ sh( names.user ) }`,
		`POLICY_DOCUMENT=${ sh( policy ) }`,
		'NEW_KEY="${NEW_KEY:-no}"',
		'',
		'stop() { echo "STOPPED: $*" >&2; exit 1; }',
		'trap \'echo "STOPPED: line $LINENO failed: $BASH_COMMAND" >&2\' ERR',
		'# True if AWS answered, false if it says there is no such thing; stops on anything else.',
		'found() {',
		'  local err',
		'  if err=$("$@" 2>&1 >/dev/null); then return 0; fi',
		'  case "$err" in *NoSuchEntity*|*NoSuchBucket*|*"(404)"*) return 1 ;; esac',
		'  stop "$err"',
		'}',
		'',
		'CALLER=$(aws sts get-caller-identity --query Arn --output text) || stop "the AWS CLI is not signed in"',
		'echo "Signed in as $CALLER"',
		...( options.createBucket ? bucketLines( options ) : [] ),
		'',
		'echo "== Policy $POLICY_NAME"',
		'POLICY_ARN=$(aws iam list-policies --scope Local --query "Policies[?PolicyName==\'$POLICY_NAME\'].Arn | [0]" --output text) || stop "could not list IAM policies"',
		'if [ -z "$POLICY_ARN" ] || [ "$POLICY_ARN" = "None" ]; then',
		'  POLICY_ARN=$(aws iam create-policy --policy-name "$POLICY_NAME" --description "Permissions required for S3 Media Sync WordPress plugin" --policy-document "$POLICY_DOCUMENT" --query Policy.Arn --output text) || stop "could not create policy $POLICY_NAME"',
		'  echo "   created: $POLICY_ARN"',
		'else',
		'  VERSION=$(aws iam get-policy --policy-arn "$POLICY_ARN" --query Policy.DefaultVersionId --output text) || stop "could not read policy $POLICY_NAME"',
		'  SAME=$(aws iam get-policy-version --policy-arn "$POLICY_ARN" --version-id "$VERSION" --query "PolicyVersion.Document == \\`$POLICY_DOCUMENT\\`" --output text) || stop "could not read policy $POLICY_NAME"',
		'  if [ "$SAME" = "True" ]; then',
		'    echo "   exists with this site\'s document: reused"',
		'  else',
		'    aws iam create-policy-version --policy-arn "$POLICY_ARN" --policy-document "$POLICY_DOCUMENT" --set-as-default >/dev/null || stop "policy $POLICY_NAME has another document and could not be updated (IAM keeps 5 versions: delete an old one)"',
		'    echo "   existed with another document: updated to this site\'s"',
		'  fi',
		'fi',
		'',
		'echo "== Group $GROUP_NAME"',
		'if found aws iam get-group --group-name "$GROUP_NAME"; then',
		'  echo "   exists: reused"',
		'else',
		'  aws iam create-group --group-name "$GROUP_NAME" >/dev/null || stop "could not create group $GROUP_NAME"',
		'  echo "   created"',
		'fi',
		'ATTACHED=$(aws iam list-attached-group-policies --group-name "$GROUP_NAME" --query "length(AttachedPolicies[?PolicyArn==\'$POLICY_ARN\'])" --output text) || stop "could not list the group\'s policies"',
		'if [ "$ATTACHED" = "0" ]; then',
		'  aws iam attach-group-policy --group-name "$GROUP_NAME" --policy-arn "$POLICY_ARN" || stop "could not attach $POLICY_NAME to $GROUP_NAME"',
		'  echo "   policy attached"',
		'else',
		'  echo "   policy already attached: reused"',
		'fi',
		'',
		'echo "== User $USER_NAME"',
		'if found aws iam get-user --user-name "$USER_NAME"; then',
		'  echo "   exists: reused"',
		'else',
		'  aws iam create-user --user-name "$USER_NAME" >/dev/null || stop "could not create user $USER_NAME"',
		'  echo "   created"',
		'fi',
		'MEMBER=$(aws iam list-groups-for-user --user-name "$USER_NAME" --query "length(Groups[?GroupName==\'$GROUP_NAME\'])" --output text) || stop "could not list the user\'s groups"',
		'if [ "$MEMBER" = "0" ]; then',
		'  aws iam add-user-to-group --group-name "$GROUP_NAME" --user-name "$USER_NAME" || stop "could not add $USER_NAME to $GROUP_NAME"',
		'  echo "   added to $GROUP_NAME"',
		'else',
		'  echo "   already in $GROUP_NAME: reused"',
		'fi',
		'',
		'echo "== Access key"',
		'KEYS=$(aws iam list-access-keys --user-name "$USER_NAME" --query "AccessKeyMetadata[].AccessKeyId" --output text) || stop "could not list the user\'s access keys"',
		'COUNT=$(echo "$KEYS" | wc -w)',
		'if [ "$COUNT" -gt 0 ] && [ "$NEW_KEY" != "yes" ]; then',
		'  echo "   $USER_NAME already has an access key ($KEYS): none created."',
		'  echo "   AWS shows a secret only once. If this site has that key, you are done."',
		'  echo "   Otherwise run again with NEW_KEY=yes, then delete the old key in the IAM console."',
		'  exit 0',
		'fi',
		'if [ "$COUNT" -ge 2 ]; then',
		'  stop "$USER_NAME already has 2 access keys, IAM\'s limit ($KEYS): delete one in the IAM console, then run again"',
		'fi',
		'CREATED=$(aws iam create-access-key --user-name "$USER_NAME" --query "AccessKey.[AccessKeyId,SecretAccessKey]" --output text) || stop "could not create an access key"',
		'read -r KEY_ID KEY_SECRET <<<"$CREATED"',
		'echo "   created"',
		'echo',
		'echo "Paste these into Settings > S3 Media Sync and save (AWS shows the secret only now):"',
		'echo "  S3 Access Key ID:     $KEY_ID"',
		'echo "  S3 Secret Access Key: $KEY_SECRET"',
		'',
	].join( '\n' );
}
