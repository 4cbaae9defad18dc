// @ts-check

/**
 * Lighter scan writes and a bounded history:
 * - the assessment JSON is kept only in snapshots; the latest row keeps what the overview
 *   reads, and `snapshot_at`, the time of the entity's newest snapshot, from which the scan
 *   decides whether the entity is due for another (`scaling.scan.snapshotInterval`);
 * - on PostgreSQL 14+ built with lz4, the snapshot JSON is compressed with lz4 rather than
 *   pglz, which costs a fraction of the CPU per written row;
 * - every scan rewrites each latest row with its new `scan_id`: without an index on it (the
 *   pruning query, `scan_id <> ?`, cannot use one) and with free space left in each page on
 *   PostgreSQL, a row whose indexed values did not change is updated in place (a HOT update)
 *   instead of adding an entry to each of its indexes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table.dropIndex(['scan_id'], 'scaling_latest_scan_id_idx');
    table.dropColumn('assessment');
    table
      .dateTime('snapshot_at', { useTz: true })
      .nullable()
      .comment("Time of the entity's newest snapshot");
  });
  if (knex.client.dialect === 'postgresql') {
    await knex.raw('ALTER TABLE ?? SET (fillfactor = 80)', ['scaling_latest']);
  }
  if (await supportsLz4(knex)) {
    await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? SET COMPRESSION lz4', [
      'scaling_snapshots',
      'assessment',
    ]);
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (await supportsLz4(knex)) {
    await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? SET COMPRESSION pglz', [
      'scaling_snapshots',
      'assessment',
    ]);
  }
  if (knex.client.dialect === 'postgresql') {
    await knex.raw('ALTER TABLE ?? RESET (fillfactor)', ['scaling_latest']);
  }
  await knex.schema.alterTable('scaling_latest', table => {
    table.dropColumn('snapshot_at');
    table.text('assessment').nullable().comment('JSON Assessment');
    table.index(['scan_id'], 'scaling_latest_scan_id_idx');
  });
};

/** @param {import('knex').Knex} knex */
async function supportsLz4(knex) {
  if (knex.client.dialect !== 'postgresql') return false;
  const { rows } = await knex.raw(
    "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)",
  );
  return rows.length > 0;
}
