// @ts-check

/**
 * How well each service runs where it is (docs/rules.md #practices): the practices score of
 * the latest assessment, and its practices by outcome (`{ "passed": […], "failed": […],
 * "unknown": […] }`), so that the overview filters by a failing practice and counts each
 * practice across the org from its rows. Rows written before this migration have none until
 * the next scan rewrites them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table
      .integer('practices_score')
      .nullable()
      .comment('The share of its tier practices it follows, 0-100');
    table.text('practices').nullable().comment('JSON: practice ids by outcome');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    table.dropColumn('practices_score');
    table.dropColumn('practices');
  });
};
