// @ts-check

/**
 * What the Kubernetes module last read of each entity from the live cluster, so that
 * assessments read it from here and never wait for a cluster.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scaling_kubernetes_live', table => {
    table.comment('One row per Kubernetes-annotated entity the module reads');
    table.string('entity_ref', 512).primary().comment('Lower-cased entity ref');
    table
      .text('evidence')
      .nullable()
      .comment('JSON: the values and workloads of the last successful read');
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
  await knex.schema.dropTable('scaling_kubernetes_live');
};
