import fs from 'node:fs';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY, migrateStore } from './migrateStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

async function migrated(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await migrateStore(knex);
  return knex;
}

/** The plugin's migrations, each recorded once when they have all run. */
const MIGRATIONS = fs
  .readdirSync(MIGRATIONS_DIRECTORY)
  .filter(f => f.endsWith('.js')).length;

/** The secondary indexes of `scaling_latest`, by name (its primary key aside). */
async function latestIndexes(knex: Knex): Promise<string[]> {
  if (knex.client.config.client === 'pg') {
    const { rows } = await knex.raw(
      "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'scaling_latest' AND indexname NOT LIKE '%_pkey' ORDER BY 1",
    );
    return rows.map((r: { name: string }) => r.name);
  }
  const rows: Array<{ name: string }> = await knex.raw(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scaling_latest' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY 1",
  );
  return rows.map(r => r.name);
}

describe.each(databases.eachSupportedId())('migrateStore on %s', id => {
  it('migrates down and up again', async () => {
    const knex = await migrated(id);
    const directory = MIGRATIONS_DIRECTORY;
    const has = (table: string, column: string) =>
      knex.schema.hasColumn(table, column);
    // Each migration, newest first: the latest rows' right-sizing saving, their practices,
    // their filter indexes dropped, their blockers, the notification state, the snapshots'
    // assessment JSON dropped, signal_sources, then the lighter history.
    expect(await has('scaling_latest', 'saving_cpu_cores')).toBe(true);
    expect(await has('scaling_latest', 'saving_memory_bytes')).toBe(true);
    await knex.migrate.down({ directory });
    expect(await has('scaling_latest', 'saving_cpu_cores')).toBe(false);
    expect(await has('scaling_latest', 'saving_memory_bytes')).toBe(false);
    expect(await has('scaling_latest', 'practices')).toBe(true);
    expect(await has('scaling_latest', 'practices_score')).toBe(true);
    await knex.migrate.down({ directory });
    expect(await has('scaling_latest', 'practices')).toBe(false);
    expect(await has('scaling_latest', 'practices_score')).toBe(false);
    expect(await latestIndexes(knex)).toEqual([]);
    await knex.migrate.down({ directory });
    expect(await latestIndexes(knex)).toEqual([
      'scaling_latest_current_tier_idx',
      'scaling_latest_owner_idx',
      'scaling_latest_recommended_tier_idx',
      'scaling_latest_status_idx',
      'scaling_latest_system_idx',
    ]);
    expect(await has('scaling_latest', 'blockers')).toBe(true);
    await knex.migrate.down({ directory });
    expect(await has('scaling_latest', 'blockers')).toBe(false);
    expect(await knex.schema.hasTable('scaling_notification_state')).toBe(true);
    await knex.migrate.down({ directory });
    expect(await knex.schema.hasTable('scaling_notification_state')).toBe(
      false,
    );
    expect(await has('scaling_snapshots', 'assessment')).toBe(false);
    await knex.migrate.down({ directory });
    expect(await has('scaling_snapshots', 'assessment')).toBe(true);
    expect(await has('scaling_latest', 'signal_sources')).toBe(true);
    await knex.migrate.down({ directory });
    expect(await has('scaling_latest', 'signal_sources')).toBe(false);
    expect(await has('scaling_latest', 'assessment')).toBe(false);
    await knex.migrate.down({ directory });
    expect(await has('scaling_latest', 'assessment')).toBe(true);
    await knex.migrate.latest({ directory });
    expect(await has('scaling_latest', 'assessment')).toBe(false);
    expect(await has('scaling_latest', 'signal_sources')).toBe(true);
    expect(await has('scaling_snapshots', 'assessment')).toBe(false);
    expect(await knex.schema.hasTable('scaling_notification_state')).toBe(true);
    expect(await has('scaling_latest', 'blockers')).toBe(true);
    expect(await latestIndexes(knex)).toEqual([]);
  });
});

const pgIds = databases
  .eachSupportedId()
  .filter(([id]) => id.startsWith('POSTGRES'));

if (pgIds.length === 0) {
  // Only off CI without BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING: under CI,
  // TestDatabases starts PostgreSQL in Docker when no connection string is set, or fails.
  // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
  it.skip('migrateStore on PostgreSQL (PostgreSQL not reachable)', () => {});
} else {
  describe.each(pgIds)('migrateStore on %s', id => {
    it('leaves room for in-place updates of latest rows', async () => {
      const knex = await migrated(id);
      const latest = await knex.raw(
        "SELECT reloptions FROM pg_class WHERE relname = 'scaling_latest'",
      );
      expect(latest.rows).toEqual([{ reloptions: ['fillfactor=80'] }]);
    });

    it('migrates an empty database once when several replicas start at the same moment', async () => {
      // Unserialized, 10 replicas on an empty database left two lock rows in 7 of 30 tries.
      for (let round = 0; round < 5; round++) {
        const first = await databases.init(id);
        // Each replica with a pool of its own, as separate processes would have.
        const others = Array.from({ length: 9 }, () =>
          knexFactory(first.client.config),
        );
        try {
          const results = await Promise.allSettled(
            [first, ...others].map(knex => migrateStore(knex)),
          );
          expect(results.filter(r => r.status === 'rejected')).toEqual([]);
          // knex's lock table keeps exactly one row: with two, every later migration fails
          // with "Migration table is already locked", on every replica, for good.
          expect(
            await first('knex_migrations_lock').select('is_locked'),
          ).toEqual([{ is_locked: 0 }]);
          // Every migration recorded once.
          expect(await first('knex_migrations').count({ n: '*' })).toEqual([
            { n: String(MIGRATIONS) },
          ]);
        } finally {
          await Promise.all(others.map(knex => knex.destroy()));
        }
      }
    });
  });
}
