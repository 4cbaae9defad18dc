// @ts-check

/**
 * What the repository module read of each repository: the facts of its deployment files (the
 * observations, JSON), what it skipped, and the ETag of the read, so that an unchanged
 * repository is not downloaded again, even after a restart.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scaling_repository_trees', table => {
    table.comment(
      'One row per repository (and ref) the repository module reads',
    );
    table
      .string('repo_key', 512)
      .primary()
      .comment('host/owner/name@ref, lower-cased');
    table.text('root_url').notNullable();
    table.string('etag', 255).nullable().comment('Of the last successful read');
    table
      .text('observations')
      .nullable()
      .comment('JSON: the facts of the last successful read');
    table
      .text('skipped')
      .nullable()
      .comment('JSON: what that read left unread');
    table
      .dateTime('read_at', { useTz: true })
      .nullable()
      .comment('Of the last successful read');
    table
      .text('error')
      .nullable()
      .comment('Why the last attempt failed, if it did');
    table.dateTime('attempted_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scaling_repository_trees');
};
