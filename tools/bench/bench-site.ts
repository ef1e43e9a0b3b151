/**
 * A MariaDB site of the bench's environment (tools/mariadb-site.ts) on free
 * ports, the plugin configured as the guide's user: where the `bulk`,
 * `scale` and `peer` rows measure.
 */
import type { Environment } from '../environment';
import { configurePlugin, guideSettings } from '../environment';
import { startMariaDBSite, type MariaDBSite } from '../mariadb-site';
import { freePort } from '../lib/network';

export async function benchSite(
	env: Environment,
	binary: string,
	name: string,
	/** PHP_CLI_SERVER_WORKERS: requests the site serves at once. */
	workers: number
): Promise< MariaDBSite > {
	const site = await startMariaDBSite( env, {
		name,
		sitePort: await freePort(),
		databasePort: await freePort(),
		workers,
	} );
	await configurePlugin( binary, site.site.dir, guideSettings( env.s3 ) );
	return site;
}
