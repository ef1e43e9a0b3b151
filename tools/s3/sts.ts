/**
 * Temporary credentials as AWS STS hands them out, from moto: a role that
 * carries the guide's managed policy, assumed as the admin (AssumeRole).
 * The key ids start with ASIA and come with a session token that moto
 * checks on every request signed with them. `@aws-sdk/client-sts` is not a
 * dependency, so AssumeRole is one SigV4-signed Query API call here.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import {
	AttachRolePolicyCommand,
	CreateRoleCommand,
	DeleteRoleCommand,
	DetachRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { guidePolicyArn, iamClient, type IamTarget } from './iam';

export interface TemporaryCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	/** A Date, as the AWS SDK's credential identity has it. */
	expiration: Date;
}

/** Anyone in the account may assume it (moto does not judge trust policies; AWS would). */
const TRUST_POLICY = JSON.stringify( {
	Version: '2012-10-17',
	Statement: [
		{
			Effect: 'Allow',
			Principal: { AWS: '*' },
			Action: 'sts:AssumeRole',
		},
	],
} );

/** A role with the guide's managed policy attached; returns its ARN. */
export async function createGuideRole(
	target: IamTarget,
	roleName: string
): Promise< string > {
	const iam = iamClient( target );
	const { Role: role } = await iam.send(
		new CreateRoleCommand( {
			RoleName: roleName,
			AssumeRolePolicyDocument: TRUST_POLICY,
		} )
	);
	if ( ! role?.Arn ) {
		throw new Error( `IAM gave no ARN for role ${ roleName }` );
	}
	await iam.send(
		new AttachRolePolicyCommand( {
			RoleName: roleName,
			PolicyArn: await guidePolicyArn( iam ),
		} )
	);
	return role.Arn;
}

export async function deleteGuideRole(
	target: IamTarget,
	roleName: string
): Promise< void > {
	const iam = iamClient( target );
	await iam.send(
		new DetachRolePolicyCommand( {
			RoleName: roleName,
			PolicyArn: await guidePolicyArn( iam ),
		} )
	);
	await iam.send( new DeleteRoleCommand( { RoleName: roleName } ) );
}

function xmlValue( xml: string, element: string ): string {
	const match = new RegExp( `<${ element }>([^<]*)</${ element }>` ).exec(
		xml
	);
	return match?.[ 1 ] ?? '';
}

/** STS AssumeRole as the admin: the role's temporary credentials. */
export async function assumeRole(
	target: IamTarget,
	roleArn: string,
	sessionName: string,
	durationSeconds = 900
): Promise< TemporaryCredentials > {
	const url = new URL( target.motoUrl );
	const body = new URLSearchParams( {
		Action: 'AssumeRole',
		Version: '2011-06-15',
		RoleArn: roleArn,
		RoleSessionName: sessionName,
		DurationSeconds: String( durationSeconds ),
	} ).toString();
	const signed = await new SignatureV4( {
		credentials: { ...target.admin },
		region: target.region ?? 'us-east-1',
		service: 'sts',
		sha256: Sha256,
	} ).sign(
		new HttpRequest( {
			method: 'POST',
			protocol: url.protocol,
			hostname: url.hostname,
			...( url.port ? { port: Number( url.port ) } : {} ),
			path: '/',
			headers: {
				host: url.host,
				'content-type':
					'application/x-www-form-urlencoded; charset=utf-8',
			},
			body,
		} )
	);
	const answer = await fetch( `${ url.origin }/`, {
		method: 'POST',
		headers: signed.headers,
		body,
	} );
	const xml = await answer.text();
	const credentials = {
		accessKeyId: xmlValue( xml, 'AccessKeyId' ),
		secretAccessKey: xmlValue( xml, 'SecretAccessKey' ),
		sessionToken: xmlValue( xml, 'SessionToken' ),
		expiration: new Date( xmlValue( xml, 'Expiration' ) ),
	};
	if (
		! answer.ok ||
		! credentials.accessKeyId ||
		! credentials.secretAccessKey ||
		! credentials.sessionToken
	) {
		throw new Error(
			`AssumeRole answered ${ answer.status }: ${ xml.slice( 0, 500 ) }`
		);
	}
	return credentials;
}
