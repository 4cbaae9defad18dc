// @ts-check

/**
 * The last notified state of each service, for the owner notifications sent after each scan:
 * one row per entity and kind of change (`under-provisioned`, `sla-breach`, `forecast`) that
 * was notified and still holds. A row is written in the transaction that decides to notify, and
 * removed when the condition clears, so that a recurrence notifies again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scaling_notification_state', table => {
    table.comment(
      'Changes of a service its owner was notified of, still holding',
    );
    table.string('entity_ref', 512).notNullable();
    table
      .string('change', 32)
      .notNullable()
      .comment('under-provisioned, sla-breach or forecast');
    table
      .string('value', 64)
      .notNullable()
      .defaultTo('')
      .comment(
        'The occurrence notified, e.g. the tier a forecast crosses into',
      );
    table.dateTime('notified_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'change']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scaling_notification_state');
};
