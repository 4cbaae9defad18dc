// @ts-check

/**
 * Where each known signal of an entity came from (`{ "platform": "repository", … }`), so that
 * the overview reports, for each signal the rules read, how many services have a value and from
 * which source (`coverage`) without reading the snapshots. Rows written before this migration
 * have none until the next scan rewrites them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table
      .text('signal_sources')
      .nullable()
      .comment('JSON: signal name to source');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table.dropColumn('signal_sources');
  });
};
