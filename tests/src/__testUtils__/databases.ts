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
 * The database service for test backends of several plugins: each plugin gets a database of
 * its own from TestDatabases (which closes them after the tests), as in production, so that
 * their migrations do not meet in one table. `mockServices.database.factory({ knex })` would
 * give every plugin the same database, hence a plugin-scoped factory around
 * `mockServices.database`. Call it at the top of the test file: TestDatabases registers Jest
 * hooks, which cannot be added once the tests run.
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
