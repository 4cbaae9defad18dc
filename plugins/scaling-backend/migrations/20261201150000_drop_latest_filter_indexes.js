// @ts-check

/**
 * The overview filters and sorts a scan's latest rows in memory (`LatestIndex`), so nothing
 * queries `scaling_latest` by status, tier, owner or System any more. Their five indexes only
 * cost each scan's writes: every new row went into six indexes, now into its primary key.
 */
const INDEXES = /** @type {const} */ ([
  ['status', 'scaling_latest_status_idx'],
  ['current_tier', 'scaling_latest_current_tier_idx'],
  ['recommended_tier', 'scaling_latest_recommended_tier_idx'],
  ['owner', 'scaling_latest_owner_idx'],
  ['system', 'scaling_latest_system_idx'],
]);

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    for (const [column, name] of INDEXES) table.dropIndex([column], name);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('scaling_latest', table => {
    for (const [column, name] of INDEXES) table.index([column], name);
  });
};
