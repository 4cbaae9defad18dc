// @ts-check

/**
 * The readiness blockers of each latest assessment (`[{ "id": …, "message": … }]`), so that the
 * overview's rows carry them (and the Tech Insights facts published from the overview) without
 * reading the snapshots. Rows written before this migration have none (read as `[]`) until the
 * next scan rewrites them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table
      .text('blockers')
      .nullable()
      .comment('JSON array of readiness blockers');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table.dropColumn('blockers');
  });
};
