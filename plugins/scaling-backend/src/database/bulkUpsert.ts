import { Knex } from 'knex';

/**
 * Every column a scan writes, with its PostgreSQL type for json_to_recordset (see bulkUpsert).
 * A column missing here is a programming error, reported as such.
 */
const COLUMN_TYPES: Record<string, Record<string, string>> = {
  scaling_latest: {
    entity_ref: 'varchar',
    kind: 'varchar',
    name: 'varchar',
    owner: 'varchar',
    system: 'varchar',
    current_tier: 'varchar',
    recommended_tier: 'varchar',
    status: 'varchar',
    readiness_score: 'integer',
    active_users: 'bigint',
    findings: 'text',
    blockers: 'text',
    practices_score: 'integer',
    practices: 'text',
    saving_cpu_cores: 'double precision',
    saving_memory_bytes: 'double precision',
    signal_sources: 'text',
    scan_id: 'varchar',
    assessed_at: 'timestamptz',
    snapshot_at: 'timestamptz',
  },
  scaling_snapshots: {
    entity_ref: 'varchar',
    scan_id: 'varchar',
    taken_at: 'timestamptz',
    current_tier: 'varchar',
    recommended_tier: 'varchar',
    status: 'varchar',
    readiness_score: 'integer',
    active_users: 'bigint',
    measured_uptime: 'real',
  },
};

const quote = (column: string) => `"${column}"`;

// Rows per INSERT on SQLite: knex writes a multi-row insert there as one compound SELECT,
// which SQLite bounds at 500 terms.
const SQLITE_CHUNK = 500;

/**
 * Inserts rows (all with the same columns) into a table, and on a conflict on `conflict`
 * either updates every other column (`merge`) or keeps the stored row (`ignore`).
 *
 * On PostgreSQL the rows travel as one JSON parameter that json_to_recordset turns back into
 * rows, in one statement. A multi-row insert through knex binds a parameter per value instead
 * (8,000 for 500 rows of scaling_latest), which knex and the driver number, encode and send
 * one by one: writing 10,000 rows takes about 0.6× the time this way (bench/pageWrites.bench.ts).
 * SQLite keeps knex's chunked multi-row insert, which was faster there than json_each (in a
 * one-off comparison, json_each took 1.19× its time).
 */
export async function bulkUpsert(
  tx: Knex.Transaction,
  table: 'scaling_latest' | 'scaling_snapshots',
  rows: Record<string, unknown>[],
  conflict: string[],
  onConflict: 'merge' | 'ignore',
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const types = COLUMN_TYPES[table];
  const untyped = columns.filter(column => !types[column]);
  if (untyped.length > 0) {
    throw new Error(`bulkUpsert: ${table} has no column ${untyped.join(', ')}`);
  }
  if (tx.client.dialect !== 'postgresql') {
    for (let i = 0; i < rows.length; i += SQLITE_CHUNK) {
      const insert = tx(table)
        .insert(rows.slice(i, i + SQLITE_CHUNK))
        .onConflict(conflict);
      await (onConflict === 'merge' ? insert.merge() : insert.ignore());
    }
    return;
  }
  const names = columns.map(quote).join(', ');
  const action =
    onConflict === 'merge'
      ? `UPDATE SET ${columns
          .filter(column => !conflict.includes(column))
          .map(column => `${quote(column)} = EXCLUDED.${quote(column)}`)
          .join(', ')}`
      : 'NOTHING';
  const record = columns
    .map(column => `${quote(column)} ${types[column]}`)
    .join(', ');
  await tx.raw(
    `INSERT INTO ${quote(table)} (${names})
       SELECT ${names} FROM json_to_recordset(?::json) AS r(${record})
       ON CONFLICT (${conflict.map(quote).join(', ')}) DO ${action}`,
    [JSON.stringify(rows)],
  );
}

/**
 * A scan's page of rows: the latest rows replace what the entities had; a snapshot already
 * taken by the same scan (a retried page) is kept.
 */
export async function writePageRows(
  tx: Knex.Transaction,
  latest: Record<string, unknown>[],
  snapshots: Record<string, unknown>[],
): Promise<void> {
  await bulkUpsert(tx, 'scaling_latest', latest, ['entity_ref'], 'merge');
  await bulkUpsert(
    tx,
    'scaling_snapshots',
    snapshots,
    ['scan_id', 'entity_ref'],
    'ignore',
  );
}
