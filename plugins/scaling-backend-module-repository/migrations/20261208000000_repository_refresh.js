// @ts-check

/**
 * The refresh at an org's scale: when each repository stopped being referenced by any catalog
 * entity (its row is pruned after a grace period), and how far the refresh has got (one row,
 * shown in the overview's coverage).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_repository_trees', table => {
    table
      .dateTime('unreferenced_since', { useTz: true })
      .nullable()
      .comment('Since when no catalog entity names the repository');
  });
  await knex.schema.createTable('scaling_repository_progress', table => {
    table.comment('How far the repository refresh has got');
    table.string('id').primary().notNullable();
    table.text('progress').notNullable().comment('JSON: ProviderProgress');
    table.dateTime('updated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scaling_repository_progress');
  await knex.schema.alterTable('scaling_repository_trees', table => {
    table.dropColumn('unreferenced_since');
  });
};
