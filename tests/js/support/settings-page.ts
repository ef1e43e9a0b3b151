/**
 * What the tests of the settings page share: apiFetch and @wordpress/a11y
 * mocked for the whole test file, and both mocks reset before each test.
 *
 * Import this module first in the test file, before anything that imports
 * apiFetch or speak (the page, api-fetch-mock, the test's own `speak`):
 * jest.mock() is hoisted only within this module, so the mocks are in place
 * only for what is imported after it.
 */
import { jest } from '@jest/globals';
import { speak } from '@wordpress/a11y';

import { apiFetchMock } from '../api-fetch-mock';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
jest.mock( '@wordpress/a11y', () => ( { speak: jest.fn() } ) );

/** For beforeEach(): no routes and no calls recorded, no announcements. */
export function resetPageMocks(): void {
	apiFetchMock.mockReset();
	jest.mocked( speak ).mockClear();
}
