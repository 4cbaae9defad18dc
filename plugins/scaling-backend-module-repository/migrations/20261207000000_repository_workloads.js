// @ts-check

/**
 * The model of the repository's workloads beside its facts: the deployment units (workloads,
 * Compose services, containers, Dockerfiles) and the objects attached to them (JSON), and the
 * version of the reader that stored a row. A row of an older reader is read again in full (its
 * ETag is not sent) at the next refresh, so that no repository keeps facts read without the
 * model.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_repository_trees', table => {
    table
      .text('units')
      .nullable()
      .comment('JSON: the deployment units of the last successful read');
    table
      .text('links')
      .nullable()
      .comment('JSON: the objects attached to those units');
    table
      .integer('reader_version')
      .notNullable()
      .defaultTo(1)
      .comment('The version of the reader that stored the row');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scaling_repository_trees', table => {
    table.dropColumn('units');
    table.dropColumn('links');
    table.dropColumn('reader_version');
  });
};
