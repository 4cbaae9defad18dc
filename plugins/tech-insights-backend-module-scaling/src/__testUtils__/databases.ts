import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';

/**
 * The database service for a test backend of several plugins: each plugin gets a database of
 * its own, as in production. With `mockServices.database.factory({ knex })` tech-insights and
 * scaling would share one database and knex's one `knex_migrations` table: started together,
 * both create it ("table `knex_migrations` already exists"), and one after the other, each
 * would find the other's migrations missing from its folder. Call it at the top of the test file:
 * TestDatabases registers Jest hooks, which cannot be added once the tests run.
 */
export function perPluginDatabases(id: TestDatabaseId = 'SQLITE_3') {
  const databases = TestDatabases.create({ ids: [id] });
  return createServiceFactory({
    service: coreServices.database,
    deps: {},
    async factory() {
      return mockServices.database({ knex: await databases.init(id) });
    },
  });
}
