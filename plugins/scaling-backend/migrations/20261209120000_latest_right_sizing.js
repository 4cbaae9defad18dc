// @ts-check

/**
 * What right-sizing would free for each service on the live cluster (docs/rules.md
 * #right-sizing): the cores and bytes of the latest assessment's saving, so that the overview
 * totals them by tier and owner from its rows. Null without cluster data, and for rows written
 * before this migration until the next scan rewrites them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table
      .double('saving_cpu_cores')
      .nullable()
      .comment('Cores the recommended requests free over the replicas');
    table
      .double('saving_memory_bytes')
      .nullable()
      .comment('Bytes the recommended requests free over the replicas');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table.dropColumn('saving_cpu_cores');
    table.dropColumn('saving_memory_bytes');
  });
};
