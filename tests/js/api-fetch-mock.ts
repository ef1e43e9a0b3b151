/**
 * Routes the mocked apiFetch by "METHOD path", the way the REST API would,
 * and records what was sent. Test files still call
 * jest.mock( '@wordpress/api-fetch' ) themselves (it must be hoisted there).
 */
import { jest } from '@jest/globals';
import apiFetch, { type APIFetchOptions } from '@wordpress/api-fetch';

type Handler = ( options: APIFetchOptions ) => unknown;

export const apiFetchMock = apiFetch as unknown as jest.Mock<
	( options: APIFetchOptions ) => Promise< unknown >
>;

/** A WP_Error body, as apiFetch rejects with it. */
export function restError(
	status: number,
	message: string,
	params?: Record< string, string >
) {
	return {
		code: status === 400 ? 'rest_invalid_param' : 'rest_error',
		message,
		data: params ? { status, params } : { status },
	};
}

export function routeApiFetch( routes: Record< string, Handler > ): void {
	apiFetchMock.mockImplementation( async ( options ) => {
		const key = `${ options.method ?? 'GET' } ${ options.path ?? '' }`;
		const handler = routes[ key ];
		if ( ! handler ) {
			throw restError( 404, `No route for ${ key }` );
		}
		return handler( options );
	} );
}

export function callsTo( method: string, path: string ): APIFetchOptions[] {
	return apiFetchMock.mock.calls
		.map( ( [ options ] ) => options )
		.filter(
			( options ) =>
				( options.method ?? 'GET' ) === method && options.path === path
		);
}
