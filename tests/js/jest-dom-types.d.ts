/**
 * The tests import describe/it/expect from @jest/globals (Jest's global
 * types are not installed); this gives that expect jest-dom's matchers for tsc.
 * setup.ts registers them at run time.
 */
import type {} from '@testing-library/jest-dom/jest-globals';
