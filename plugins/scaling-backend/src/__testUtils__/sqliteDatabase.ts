import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import knexFactory from 'knex';

/**
 * The database service for test backends: an in-memory SQLite database per plugin, closed when
 * the backend stops. Backstage's default database service leaves SQLite connections open at
 * shutdown, and their pool's timers keep Jest's worker alive after the tests ("A worker process
 * has failed to exit gracefully").
 */
export const sqliteDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: { lifecycle: coreServices.rootLifecycle },
  async factory({ lifecycle }) {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    lifecycle.addShutdownHook(() => knex.destroy());
    return { getClient: async () => knex };
  },
});
