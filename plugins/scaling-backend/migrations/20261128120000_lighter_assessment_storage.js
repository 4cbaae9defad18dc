// @ts-check

/**
 * Lighter scan writes:
 * - the assessment JSON is kept once, in the entity's snapshot of the scan that wrote its
 *   latest row (`scan_id`, `entity_ref`); the latest row keeps what the overview reads;
 * - on PostgreSQL 14+ built with lz4, that JSON is compressed with lz4 rather than pglz,
 *   which costs a fraction of the CPU per written row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table.dropColumn('assessment');
  });
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
  await knex.schema.alterTable('scaling_latest', table => {
    table.text('assessment').nullable().comment('JSON Assessment');
  });
};

/** @param {import('knex').Knex} knex */
async function supportsLz4(knex) {
  if (knex.client.config.client !== 'pg') return false;
  const { rows } = await knex.raw(
    "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)",
  );
  return rows.length > 0;
}
