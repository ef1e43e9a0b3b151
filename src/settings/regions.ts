/**
 * The commercial AWS regions (the `aws` partition of the AWS SDK's
 * partitions.json, without the `aws-global` pseudo-region), US first as in
 * the AWS console. Names are translated like WordPress's own city names; the
 * code is what is stored. GovCloud and China are separate partitions with
 * their own endpoints: they go through "Custom…" with an endpoint.
 */
import { __ } from '@wordpress/i18n';

export interface AwsRegion {
	code: string;
	name: string;
}

export function awsRegions(): AwsRegion[] {
	return [
		{
			code: 'us-east-1',
			name: __( 'US East (N. Virginia)', 's3-media-sync' ),
		},
		{ code: 'us-east-2', name: __( 'US East (Ohio)', 's3-media-sync' ) },
		{
			code: 'us-west-1',
			name: __( 'US West (N. California)', 's3-media-sync' ),
		},
		{ code: 'us-west-2', name: __( 'US West (Oregon)', 's3-media-sync' ) },
		{
			code: 'af-south-1',
			name: __( 'Africa (Cape Town)', 's3-media-sync' ),
		},
		{
			code: 'ap-east-1',
			name: __( 'Asia Pacific (Hong Kong)', 's3-media-sync' ),
		},
		{
			code: 'ap-east-2',
			name: __( 'Asia Pacific (Taipei)', 's3-media-sync' ),
		},
		{
			code: 'ap-northeast-1',
			name: __( 'Asia Pacific (Tokyo)', 's3-media-sync' ),
		},
		{
			code: 'ap-northeast-2',
			name: __( 'Asia Pacific (Seoul)', 's3-media-sync' ),
		},
		{
			code: 'ap-northeast-3',
			name: __( 'Asia Pacific (Osaka)', 's3-media-sync' ),
		},
		{
			code: 'ap-south-1',
			name: __( 'Asia Pacific (Mumbai)', 's3-media-sync' ),
		},
		{
			code: 'ap-south-2',
			name: __( 'Asia Pacific (Hyderabad)', 's3-media-sync' ),
		},
		{
			code: 'ap-southeast-1',
			name: __( 'Asia Pacific (Singapore)', 's3-media-sync' ),
		},
		{
			code: 'ap-southeast-2',
			name: __( 'Asia Pacific (Sydney)', 's3-media-sync' ),
		},
		{
			code: 'ap-southeast-3',
			name: __( 'Asia Pacific (Jakarta)', 's3-media-sync' ),
		},
		{
			code: 'ap-southeast-4',
			name: __( 'Asia Pacific (Melbourne)', 's3-media-sync' ),
		},
		{
			code: 'ap-southeast-5',
			name: __( 'Asia Pacific (Malaysia)', 's3-media-sync' ),
		},
		{
			code: 'ap-southeast-6',
			name: __( 'Asia Pacific (New Zealand)', 's3-media-sync' ),
		},
		{
			code: 'ap-southeast-7',
			name: __( 'Asia Pacific (Thailand)', 's3-media-sync' ),
		},
		{
			code: 'ca-central-1',
			name: __( 'Canada (Central)', 's3-media-sync' ),
		},
		{
			code: 'ca-west-1',
			name: __( 'Canada West (Calgary)', 's3-media-sync' ),
		},
		{
			code: 'eu-central-1',
			name: __( 'Europe (Frankfurt)', 's3-media-sync' ),
		},
		{
			code: 'eu-central-2',
			name: __( 'Europe (Zurich)', 's3-media-sync' ),
		},
		{
			code: 'eu-north-1',
			name: __( 'Europe (Stockholm)', 's3-media-sync' ),
		},
		{ code: 'eu-south-1', name: __( 'Europe (Milan)', 's3-media-sync' ) },
		{ code: 'eu-south-2', name: __( 'Europe (Spain)', 's3-media-sync' ) },
		{ code: 'eu-west-1', name: __( 'Europe (Ireland)', 's3-media-sync' ) },
		{ code: 'eu-west-2', name: __( 'Europe (London)', 's3-media-sync' ) },
		{ code: 'eu-west-3', name: __( 'Europe (Paris)', 's3-media-sync' ) },
		{
			code: 'il-central-1',
			name: __( 'Israel (Tel Aviv)', 's3-media-sync' ),
		},
		{
			code: 'me-central-1',
			name: __( 'Middle East (UAE)', 's3-media-sync' ),
		},
		{
			code: 'me-south-1',
			name: __( 'Middle East (Bahrain)', 's3-media-sync' ),
		},
		{
			code: 'me-west-1',
			name: __( 'Middle East (Saudi Arabia)', 's3-media-sync' ),
		},
		{
			code: 'mx-central-1',
			name: __( 'Mexico (Central)', 's3-media-sync' ),
		},
		{
			code: 'sa-east-1',
			name: __( 'South America (São Paulo)', 's3-media-sync' ),
		},
		{
			code: 'sa-west-1',
			name: __( 'South America (Chile)', 's3-media-sync' ),
		},
	];
}

export function isAwsRegion( code: string ): boolean {
	return awsRegions().some( ( region ) => region.code === code );
}
