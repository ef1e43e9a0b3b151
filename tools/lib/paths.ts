/** Where the local environment keeps its files: all under the git-ignored .cache/. */
import { resolve } from 'node:path';

export const ROOT = resolve( __dirname, '..', '..' );
export const CACHE = resolve( ROOT, '.cache' );
/** Python venv holding moto. */
export const VENV = resolve( CACHE, 'venv' );
/** Pristine WordPress core, one folder per version. */
export const WORDPRESS_CACHE = resolve( CACHE, 'wordpress' );
/** Sites built from it: dev (npm start) and the test runs' own. */
export const SITES = resolve( CACHE, 'sites' );
/** Logs and state of the running environment. */
export const RUN = resolve( CACHE, 'run' );
