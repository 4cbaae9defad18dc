// @ts-check

/**
 * The latest assessment per entity (what the overview reads), a snapshot per entity per scan
 * (history and forecast), and one row per scan (lastScan, staleness, coordination).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scaling_scans', table => {
    table.comment('One row per org-wide scan');
    table.string('id', 64).primary();
    table.dateTime('started_at', { useTz: true }).notNullable().index();
    table.dateTime('finished_at', { useTz: true }).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('running, completed or failed');
    table.integer('entities').notNullable().defaultTo(0);
    table.integer('duration_ms').nullable();
    table.text('error').nullable();
  });

  await knex.schema.createTable('scaling_latest', table => {
    table.comment('The latest assessment of each entity still in the catalog');
    table.string('entity_ref', 512).primary();
    table.string('kind', 128).notNullable();
    table.string('name', 255).notNullable();
    table.string('owner', 512).nullable();
    table.string('system', 512).nullable();
    table.string('current_tier', 32).nullable();
    table.string('recommended_tier', 32).nullable();
    table.string('status', 32).notNullable();
    table.integer('readiness_score').nullable();
    table.bigInteger('active_users').nullable();
    table.text('findings').notNullable().comment('JSON array of findings');
    table.text('assessment').notNullable().comment('JSON Assessment');
    table.string('scan_id', 64).notNullable();
    table.dateTime('assessed_at', { useTz: true }).notNullable();
    table.index(['status'], 'scaling_latest_status_idx');
    table.index(['current_tier'], 'scaling_latest_current_tier_idx');
    table.index(['recommended_tier'], 'scaling_latest_recommended_tier_idx');
    table.index(['owner'], 'scaling_latest_owner_idx');
    table.index(['system'], 'scaling_latest_system_idx');
    table.index(['scan_id'], 'scaling_latest_scan_id_idx');
  });

  await knex.schema.createTable('scaling_snapshots', table => {
    table.comment('Assessment history: one row per entity per scan');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 512).notNullable();
    table.string('scan_id', 64).notNullable();
    table.dateTime('taken_at', { useTz: true }).notNullable();
    table.string('current_tier', 32).nullable();
    table.string('recommended_tier', 32).nullable();
    table.string('status', 32).notNullable();
    table.integer('readiness_score').nullable();
    table.bigInteger('active_users').nullable();
    table.float('measured_uptime').nullable();
    table.text('assessment').notNullable().comment('JSON Assessment');
    table.unique(['scan_id', 'entity_ref'], {
      indexName: 'scaling_snapshots_scan_entity_uniq',
    });
    table.index(
      ['entity_ref', 'taken_at'],
      'scaling_snapshots_entity_time_idx',
    );
    table.index(['taken_at'], 'scaling_snapshots_taken_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scaling_snapshots');
  await knex.schema.dropTable('scaling_latest');
  await knex.schema.dropTable('scaling_scans');
};
