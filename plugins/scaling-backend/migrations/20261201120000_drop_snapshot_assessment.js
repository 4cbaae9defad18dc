// @ts-check

/**
 * Snapshots no longer keep the assessment JSON: history and forecast read only the snapshot's
 * columns (tiers, status, readiness score, active users, measured uptime), and nothing read the
 * JSON. Dropping it also drops the column's lz4 compression on PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_snapshots', table => {
    table.dropColumn('assessment');
  });
};

/**
 * The column comes back empty (nullable): the dropped JSON cannot be restored.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scaling_snapshots', table => {
    table.text('assessment').nullable().comment('JSON Assessment');
  });
};
