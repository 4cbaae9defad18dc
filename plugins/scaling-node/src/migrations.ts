import type { Knex } from 'knex';

/** FNV-1a of a string as a non-negative 32-bit integer: a stable advisory-lock key. */
function lockKeyOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Runs knex migrations one replica at a time, for the scaling plugin and its modules (which
 * share the plugin's database; each module keeps its own `tableName`).
 *
 * Replicas that start together on an empty database otherwise race to create knex's
 * bookkeeping tables, and can leave two rows in its lock table, after which every replica fails
 * for good with "Migration table is already locked". On PostgreSQL a transaction-scoped
 * advisory lock serializes them (released at commit, or when a killed process's connection
 * closes); the next replica finds the tables in place and nothing to run. SQLite is one
 * process's database.
 *
 * @public
 */
export async function migrateExclusively(
  client: Knex,
  options: {
    /** The folder of the migration files. */
    directory: string;
    /** knex's bookkeeping table; a module sharing the plugin's database needs its own. */
    tableName?: string;
    /** Names the lock: the package whose migrations these are. */
    lockName: string;
  },
): Promise<void> {
  const run = () =>
    client.migrate.latest({
      directory: options.directory,
      ...(options.tableName ? { tableName: options.tableName } : {}),
    });
  if (client.client.dialect !== 'postgresql') {
    await run();
    return;
  }
  await client.transaction(async lock => {
    await lock.raw('SELECT pg_advisory_xact_lock(?)', [
      lockKeyOf(options.lockName),
    ]);
    await run();
  });
}

/**
 * A timestamp column's value as a Date, for the tables of the plugin and its modules:
 * PostgreSQL returns Dates, SQLite the epoch milliseconds knex stored; undefined for null.
 *
 * @public
 */
export function dateOfColumn(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || /^\d+$/.test(String(value)))
    return new Date(Number(value));
  return new Date(String(value));
}
