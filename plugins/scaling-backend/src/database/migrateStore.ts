import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { migrateExclusively } from '@scaling-advisor/backstage-plugin-scaling-node';
import { Knex } from 'knex';

/** The folder of the plugin's knex migrations. */
export const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@scaling-advisor/backstage-plugin-scaling-backend',
  'migrations',
);

/** Names the PostgreSQL advisory lock the plugin's migrations run under. */
const LOCK_NAME =
  '@scaling-advisor/backstage-plugin-scaling-backend:migrations';

/**
 * Brings the plugin's tables up to date, one replica at a time: on PostgreSQL,
 * `knex.migrate.latest` runs under a transaction-scoped advisory lock (see
 * `migrateExclusively` of scaling-node, which the plugin's modules use as well), so that
 * replicas starting together on an empty database do not race to create knex's bookkeeping
 * tables. SQLite is one process's database and migrates directly.
 */
export async function migrateStore(client: Knex): Promise<void> {
  await migrateExclusively(client, {
    directory: MIGRATIONS_DIRECTORY,
    lockName: LOCK_NAME,
  });
}
