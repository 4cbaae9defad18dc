/*
 * Seeds a kept SQLite catalog from the kept PostgreSQL catalog of the same size.
 *
 * Loading 132,000 entities through the catalog's processing takes 15 to 35 minutes on
 * PostgreSQL here and well over an hour on SQLite. What the scan bench measures is reading a
 * settled catalog, not loading one, so from 50,000 Components on (BENCH_SQLITE_SEED_AT) a SQLite catalog is made from the PostgreSQL one
 * that the same catalog version processed:
 *   1. the catalog's own migrations (the migrations folder of @backstage/plugin-catalog-backend,
 *      applied with knex as the catalog applies them) make its tables in an empty SQLite file;
 *   2. every one of those tables is copied row for row from PostgreSQL (the columns both
 *      have), timestamps in the form SQLite's `datetime('now')` writes, which the catalog
 *      compares them with;
 *   3. the catalog backend starts on the seeded file (benchOrg.ts, role `seeded`), and its API
 *      must count the whole org before the catalog is kept.
 * BENCH_SQLITE_LOAD=1 loads SQLite through the catalog at every size instead.
 */
import knexFactory from 'knex';
import { dirname, join } from 'node:path';

/** From this many Components on (BENCH_SQLITE_SEED_AT), a SQLite catalog is seeded. */
const SEED_FROM_POSTGRES_AT = Number(
  process.env.BENCH_SQLITE_SEED_AT ?? 50_000,
);
const BATCH = 5_000;

/** `2026-12-01 20:15:03`: how SQLite's datetime() writes a UTC time. */
const sqliteTime = (date: Date) =>
  date.toISOString().replace('T', ' ').slice(0, 19);

function toSqlite(value: unknown): unknown {
  if (value instanceof Date) return sqliteTime(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value))
    return JSON.stringify(value);
  return value;
}

const sqliteKnex = (filename: string) =>
  knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });

/**
 * Copies every catalog table of the PostgreSQL database `pgCatalog` into the migrated SQLite
 * file `sqliteFile`, replacing what it holds. Returns the rows copied per table.
 */
export async function copyCatalogTables(
  pgCatalog: string,
  sqliteFile: string,
): Promise<Record<string, number>> {
  const sqlite = sqliteKnex(sqliteFile);
  const pg = knexFactory({ client: 'pg', connection: pgCatalog });
  const copied: Record<string, number> = {};
  try {
    // On the one connection of the pool: the rows arrive table by table, not in the order
    // their foreign keys need.
    await sqlite.raw('PRAGMA foreign_keys = OFF');
    const tables = (
      (await sqlite.raw(
        `SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'knex_%' AND name NOT LIKE 'sqlite_%'`,
      )) as Array<{ name: string }>
    ).map(t => t.name);
    for (const table of tables) {
      const sqliteColumns = (
        (await sqlite.raw(`PRAGMA table_info("${table}")`)) as Array<{
          name: string;
        }>
      ).map(c => c.name);
      const { rows: pgColumns } = await pg.raw(
        `SELECT column_name FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name = ?`,
        [table],
      );
      const pgNames = new Set(
        (pgColumns as Array<{ column_name: string }>).map(c => c.column_name),
      );
      const columns = sqliteColumns.filter(c => pgNames.has(c));
      copied[table] = 0;
      if (columns.length === 0) continue;
      // Knex writes a multi-row insert as one compound SELECT, which SQLite bounds at 500
      // terms and 32,766 variables.
      const chunk = Math.min(500, Math.floor(30_000 / columns.length));
      await sqlite.transaction(async sqliteTx => {
        await sqliteTx(table).delete();
        await pg.transaction(async pgTx => {
          await pgTx.raw(
            `DECLARE seed_cursor NO SCROLL CURSOR FOR SELECT ${columns
              .map(c => `"${c}"`)
              .join(', ')} FROM "${table}"`,
          );
          for (;;) {
            const { rows } = (await pgTx.raw(
              `FETCH ${BATCH} FROM seed_cursor`,
            )) as { rows: Array<Record<string, unknown>> };
            if (rows.length === 0) break;
            const converted = rows.map(row =>
              Object.fromEntries(columns.map(c => [c, toSqlite(row[c])])),
            );
            for (let i = 0; i < converted.length; i += chunk)
              await sqliteTx(table).insert(converted.slice(i, i + chunk));
            copied[table] += rows.length;
          }
          await pgTx.raw('CLOSE seed_cursor');
        });
      });
    }
  } finally {
    await sqlite.destroy();
    await pg.destroy();
  }
  return copied;
}

/** Whether a SQLite case's catalog is seeded from PostgreSQL rather than loaded. */
export const seedsFromPostgres = (db: string, n: number) =>
  db === 'sqlite' &&
  n >= SEED_FROM_POSTGRES_AT &&
  !process.env.BENCH_SQLITE_LOAD;

/**
 * Steps 1 and 2: the catalog's own migrations on the empty SQLite file (as the catalog backend
 * applies them), then the copy.
 */
export async function seedSqliteCatalog(pgCatalog: string, sqliteFile: string) {
  const sqlite = sqliteKnex(sqliteFile);
  try {
    await sqlite.migrate.latest({
      directory: join(
        dirname(
          require.resolve('@backstage/plugin-catalog-backend/package.json'),
        ),
        'migrations',
      ),
    });
  } finally {
    await sqlite.destroy();
  }
  return copyCatalogTables(pgCatalog, sqliteFile);
}
