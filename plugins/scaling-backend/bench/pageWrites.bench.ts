/*
 * Benchmark of a scan's page writes on PostgreSQL: 10,000 rows of scaling_latest and
 * scaling_snapshots written in 20 transactions of 500, as DatabaseScalingStore.writePage does,
 *   - through writePageRows and bulkUpsert (the rows as one JSON parameter, json_to_recordset),
 *     what the store does on PostgreSQL;
 *   - through knex's multi-row insert of 500 rows (a bound parameter per value), the baseline.
 * Each round writes new snapshots and either fresh latest rows (`insert`, a first scan) or
 * latest rows already there (`merge`, a repeat scan). The two ways alternate, 6 rounds each,
 * and the medians are compared: on the last line, `bulk_vs_knex insert=… merge=…` below 1
 * means writePageRows is faster.
 *
 * SQLite has no such figure: the store uses knex's multi-row insert there (in a one-off
 * comparison written the same way, json_each took 1.19× its time).
 *
 * Run: npm run bench:page-writes (in plugins/scaling-backend; `npm run bench` runs it). PostgreSQL is the local server
 * (BENCH_PG=postgresql://postgres@127.0.0.1:5432); the bench uses, and drops, the database
 * scaling_bench_page_writes.
 */
import knexFactory, { Knex } from 'knex';
import { writePageRows } from '../src/database/bulkUpsert';
import { migrateStore } from '../src/database/migrateStore';

const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const DATABASE = 'scaling_bench_page_writes';
const PAGES = 20;
const PAGE = 500;
const ROUNDS = 6;

const findings = JSON.stringify(
  Array.from({ length: 4 }, (_, i) => ({
    id: `finding-${i}`,
    severity: 'warning',
    title: 'A finding of the rules',
    detail: 'What the rules found, and why, in a sentence or two of text.',
  })),
);

/** One page's rows, as writePage builds them. */
function page(scanId: string, index: number) {
  const at = new Date();
  const latest: Record<string, unknown>[] = [];
  const snapshots: Record<string, unknown>[] = [];
  for (let i = 0; i < PAGE; i++) {
    const n = index * PAGE + i;
    const columns = {
      current_tier: 'single-vps',
      recommended_tier: 'managed-cloud',
      status: 'under-provisioned',
      readiness_score: n % 100,
      active_users: n * 7,
    };
    latest.push({
      entity_ref: `component:default/service-${n}`,
      kind: 'Component',
      name: `service-${n}`,
      owner: `group:default/team-${n % 200}`,
      system: `system:default/system-${n % 1000}`,
      ...columns,
      findings,
      blockers: '[]',
      signal_sources: '{"activeUsers":"annotation"}',
      scan_id: scanId,
      assessed_at: at,
      snapshot_at: at,
    });
    snapshots.push({
      entity_ref: `component:default/service-${n}`,
      scan_id: scanId,
      taken_at: at,
      ...columns,
      measured_uptime: 99.9,
    });
  }
  return { latest, snapshots };
}

type Write = (
  tx: Knex.Transaction,
  rows: ReturnType<typeof page>,
) => Promise<void>;

const ways: Record<'bulk' | 'knex', Write> = {
  bulk: (tx, { latest, snapshots }) => writePageRows(tx, latest, snapshots),
  async knex(tx, { latest, snapshots }) {
    await tx('scaling_latest').insert(latest).onConflict('entity_ref').merge();
    await tx('scaling_snapshots')
      .insert(snapshots)
      .onConflict(['scan_id', 'entity_ref'])
      .ignore();
  },
};

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const admin = knexFactory({ client: 'pg', connection: PG });
  await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
  await admin.raw(`CREATE DATABASE ${DATABASE}`);
  const db = knexFactory({ client: 'pg', connection: `${PG}/${DATABASE}` });
  const ratios: string[] = [];
  try {
    await migrateStore(db);
    for (const mode of ['insert', 'merge'] as const) {
      const ms: Record<keyof typeof ways, number[]> = { bulk: [], knex: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Which way goes first alternates, so that neither always meets a warmer cache.
        const order = (
          round % 2 ? ['bulk', 'knex'] : ['knex', 'bulk']
        ) as Array<keyof typeof ways>;
        for (const way of order) {
          if (mode === 'insert') await db('scaling_latest').delete();
          const scanId = `${mode}-${round}-${way}`;
          const started = performance.now();
          for (let p = 0; p < PAGES; p++) {
            const rows = page(scanId, p);
            await db.transaction(tx => ways[way](tx, rows));
          }
          ms[way].push(performance.now() - started);
        }
      }
      const ratio = median(ms.bulk) / median(ms.knex);
      ratios.push(`${mode}=${ratio.toFixed(2)}`);
      console.log(
        `${mode}: ${PAGES * PAGE} rows in ${PAGES} pages; bulkUpsert median ${median(ms.bulk).toFixed(0)} ms (${ms.bulk.map(x => x.toFixed(0)).join(', ')}), knex multi-row insert median ${median(ms.knex).toFixed(0)} ms (${ms.knex.map(x => x.toFixed(0)).join(', ')}), ratio ${ratio.toFixed(2)}`,
      );
    }
  } finally {
    await db.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.destroy();
  }
  console.log(`bulk_vs_knex ${ratios.join(' ')} (postgres, page writes)`);
}

main().catch(error => {
  process.stderr.write(`pageWrites.bench failed: ${error}\n`);
  process.exit(1);
});
