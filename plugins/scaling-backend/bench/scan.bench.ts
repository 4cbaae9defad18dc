/*
 * Benchmark of the org-wide scan on a real catalog backend, SQLite and PostgreSQL,
 * at 10,000 and 100,000 Components (with Groups, Systems and database Resources):
 *   (a) floor: paging every Component through queryEntities, same page size and fields (the
 *       mean of a pass before and a pass after the first scan);
 *   (b) a full scan (the first, which writes every snapshot), then a repeat scan (the steady
 *       state: nothing changed within the snapshot interval, latest rows only);
 *   (c) GET /api/scaling/overview p50/p95 with a filter and a page of 50 (the target is for
 *       10,000), and the first request, which also lists what the caller may see;
 *   (d) peak RSS of the backend process, up to the end of the scan.
 * Targets: scan ≤ 1.5× floor, < 0.5 ms per entity, overview p95 ≤ 300 ms, peak RSS ≤ 600 MB.
 *
 * Each case runs two backend processes on the same databases:
 *   - `load`: the catalog with a provider that applies the generated org in one full mutation,
 *     until every entity is processed and stitched. Loading is slow (the catalog processes
 *     each entity) and not what is measured, so a loaded catalog is kept and reused by later
 *     runs: PostgreSQL database `scaling_bench_<n>_catalog`, or the SQLite file
 *     `<tmpdir>/scaling-bench-sqlite-<n>/catalog.sqlite`; an interrupted load resumes.
 *     BENCH_FRESH=1 reloads from scratch.
 *   - `measure`: a fresh backend with the catalog (same provider, applying nothing) and the
 *     scaling plugin as deployed (`scalingPlugin`) on an empty database of its own, its
 *     scheduled scan set to `trigger: manual` so that it runs only when the bench triggers it,
 *     through the scheduler's route of the plugin (`POST /api/scaling/.backstage/scheduler/v1/
 *     tasks/scaling-org-scan/trigger`). It pages the catalog once to warm up, then measures the
 *     floor, the scans (their duration as the scan records it) and the overview. Its peak RSS
 *     (VmHWM) is read right after the scans, so it covers start-up, the floor and the scans —
 *     never the loading.
 *
 * Peak RSS follows V8's heap sizing more than the scan's live data: the heap grows lazily under
 * a high allocation rate when nothing caps it. NODE_OPTIONS=--max-old-space-size=<MB> is passed
 * on to the measuring backend, to see the footprint of a memory-capped deployment.
 *
 * Run: npm run bench:scan (in plugins/scaling-backend), or BENCH_SIZES=10000 BENCH_DBS=sqlite
 * to run a subset. PostgreSQL is the local server (BENCH_PG=postgresql://postgres@127.0.0.1:5432).
 */
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { CatalogClient } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { LastScan } from '@scaling-advisor/backstage-plugin-scaling-common';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { stringify } from 'yaml';
import { scalingPlugin } from '../src/plugin';
import { ENTITY_FIELDS } from '../src/services/CatalogReader';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000')
  .split(',')
  .map(Number);
const DBS = (process.env.BENCH_DBS ?? 'sqlite,postgres').split(',');
const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const TOKEN = 'bench-token';
const PAGE_SIZE = 500;
const LOAD_TIMEOUT_MS = 120 * 60_000;
/** The scan's task id, as plugin.ts schedules it. */
const SCAN_TASK = 'scaling-org-scan';

const PLATFORMS = [
  'vps',
  'docker-compose',
  'ecs-fargate',
  'cloud-run',
  'eks',
  'gke',
  'docker-swarm',
];

function* generateOrg(n: number): Generator<Entity> {
  const groups = Math.max(1, Math.floor(n / 50));
  const systems = Math.max(1, Math.floor(n / 10));
  const databases = Math.max(1, Math.floor(n / 5));
  const meta = (name: string, annotations: Record<string, string> = {}) => ({
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': 'bench:generated',
      'backstage.io/managed-by-origin-location': 'bench:generated',
      ...annotations,
    },
  });
  for (let i = 0; i < groups; i++) {
    yield {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: meta(`team-${i}`, {
        'scaling.io/k8s-expertise': i % 2 ? 'true' : 'false',
      }),
      spec: { type: 'team', children: [] },
    };
  }
  for (let i = 0; i < systems; i++) {
    yield {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: meta(`system-${i}`),
      spec: { owner: `group:default/team-${i % groups}` },
    };
  }
  for (let i = 0; i < databases; i++) {
    yield {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: meta(`db-${i}`, {
        'scaling.io/managed': i % 2 ? 'true' : 'false',
      }),
      spec: { type: 'database', owner: `group:default/team-${i % groups}` },
    };
  }
  for (let i = 0; i < n; i++) {
    yield {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: meta(`service-${i}`, {
        'scaling.io/platform': PLATFORMS[i % PLATFORMS.length],
        'scaling.io/active-users': String((i * 7919) % 80000),
        'scaling.io/uptime-sla': ['99', '99.5', '99.9', '99.95'][i % 4],
        'scaling.io/monthly-budget-usd': String((i * 131) % 8000),
        'scaling.io/health-endpoint': '/health',
      }),
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:default/team-${i % groups}`,
        system: `system:default/system-${i % systems}`,
        dependsOn: [`resource:default/db-${i % databases}`],
      },
    };
  }
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))
  ];

/** Everything the org generator yields for n Components. */
function orgSize(n: number): number {
  return (
    Math.max(1, Math.floor(n / 50)) +
    Math.max(1, Math.floor(n / 10)) +
    Math.max(1, Math.floor(n / 5)) +
    n
  );
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Where a case keeps its databases. */
function storage(db: string, n: number) {
  const prefix = `scaling_bench_${n}_`;
  const sqliteDir = join(tmpdir(), `scaling-bench-sqlite-${n}`);
  return {
    prefix,
    sqliteDir,
    database:
      db === 'sqlite'
        ? { client: 'better-sqlite3', connection: { directory: sqliteDir } }
        : { client: 'pg', connection: PG, prefix },
    /** A knex client on one plugin's database. */
    pluginDb(pluginId: string): Knex {
      return db === 'sqlite'
        ? knexFactory({
            client: 'better-sqlite3',
            connection: { filename: join(sqliteDir, `${pluginId}.sqlite`) },
            useNullAsDefault: true,
          })
        : knexFactory({
            client: 'pg',
            connection: `${PG}/${prefix}${pluginId}`,
          });
    },
  };
}

/** How many stitched entities a kept catalog holds (0 when there is none). */
async function keptEntities(db: string, n: number): Promise<number> {
  const { sqliteDir, prefix, pluginDb } = storage(db, n);
  if (db === 'sqlite' && !existsSync(join(sqliteDir, 'catalog.sqlite')))
    return 0;
  if (db === 'postgres') {
    const admin = knexFactory({ client: 'pg', connection: PG });
    const { rows } = await admin.raw(
      'SELECT 1 FROM pg_database WHERE datname = ?',
      [`${prefix}catalog`],
    );
    await admin.destroy();
    if (rows.length === 0) return 0;
  }
  const knex = pluginDb('catalog');
  try {
    const [{ count }] = await knex('final_entities')
      .whereNotNull('final_entity')
      .count({ count: '*' });
    return Number(count);
  } catch {
    return 0;
  } finally {
    await knex.destroy();
  }
}

/** Drops one plugin's database of a case. */
async function dropPluginDb(db: string, n: number, pluginId: string) {
  const { sqliteDir, prefix } = storage(db, n);
  if (db === 'sqlite') {
    rmSync(join(sqliteDir, `${pluginId}.sqlite`), { force: true });
    return;
  }
  const admin = knexFactory({ client: 'pg', connection: PG });
  await admin.raw(
    `DROP DATABASE IF EXISTS "${prefix}${pluginId}" WITH (FORCE)`,
  );
  await admin.destroy();
}

/** A backend with the catalog, the bench's entity provider and, to measure, the scaling plugin. */
async function startBackend(db: string, n: number, role: 'load' | 'measure') {
  const port = await freePort();
  const { database: databaseConfig, sqliteDir } = storage(db, n);
  mkdirSync(sqliteDir, { recursive: true });
  const configFile = join(
    mkdtempSync(join(tmpdir(), 'scaling-bench-')),
    'app-config.yaml',
  );
  writeFileSync(
    configFile,
    stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: databaseConfig,
        auth: {
          externalAccess: [
            { type: 'static', options: { token: TOKEN, subject: 'bench' } },
          ],
        },
      },
      // Loaded entities are not processed again while a kept catalog is measured.
      catalog: { processingInterval: { days: 365 } },
      // The scan runs only when the bench triggers it.
      scaling: {
        scan: {
          schedule: { frequency: { trigger: 'manual' }, timeout: { hours: 2 } },
          pageSize: PAGE_SIZE,
        },
      },
    }),
  );
  process.argv = [process.argv[0], process.argv[1], '--config', configFile];

  let entities: Entity[] | undefined =
    role === 'load' ? [...generateOrg(n)] : undefined;

  const backend = createBackend();
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    createBackendModule({
      pluginId: 'catalog',
      moduleId: 'bench-entities',
      register(env) {
        env.registerInit({
          deps: { catalog: catalogProcessingExtensionPoint },
          async init({ catalog }) {
            // Registered in both roles so that the catalog keeps the provider's entities.
            catalog.addEntityProvider({
              getProviderName: () => 'bench-entities',
              async connect(connection) {
                if (!entities) return;
                await connection.applyMutation({
                  type: 'full',
                  entities: entities.map(entity => ({
                    entity,
                    locationKey: 'bench',
                  })),
                });
                entities = undefined;
              },
            });
          },
        });
      },
    }),
  );
  if (role === 'measure') backend.add(scalingPlugin);
  await backend.start();
  return { backend, base: `http://127.0.0.1:${port}` };
}

const headers = { Authorization: `Bearer ${TOKEN}` };

async function countEntities(base: string, filter?: string): Promise<number> {
  const res = await fetch(
    `${base}/api/catalog/entities/by-query?limit=1${filter ? `&filter=${filter}` : ''}`,
    { headers },
  );
  return res.ok ? ((await res.json()) as { totalItems: number }).totalItems : 0;
}

/** Child role `load`: applies the org and waits until the catalog has stitched all of it. */
async function load(db: string, n: number): Promise<{ loadSeconds: number }> {
  const started = Date.now();
  const { backend, base } = await startBackend(db, n, 'load');
  const total = orgSize(n);
  for (;;) {
    const count = await countEntities(base);
    if (count >= total) break;
    if (Date.now() - started > LOAD_TIMEOUT_MS) {
      throw new Error(
        `catalog loaded ${count} of ${total} entities in ${LOAD_TIMEOUT_MS / 60_000} minutes`,
      );
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  await backend.stop();
  return { loadSeconds: (Date.now() - started) / 1000 };
}

/**
 * With BENCH_PROFILE=<dir>, a CPU profile of the scan alone (open it in Chrome's DevTools, or
 * list the heaviest functions with `node bench/profile-summary.js <file>`).
 */
async function startProfiler() {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return undefined;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(name: string) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** The process's peak resident set so far, in MB. */
function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(
    readFileSync('/proc/self/status', 'utf8'),
  );
  return match ? Number(match[1]) / 1024 : process.memoryUsage.rss() / 2 ** 20;
}

interface Measured {
  floorMs: number;
  scanMs: number;
  repeatScanMs: number;
  overviewFirstMs: number;
  overviewP50: number;
  overviewP95: number;
  /** Once started, before the first page: the backend's own footprint. */
  startRssMb: number;
  /** Peak RSS once the floor has paged the catalog twice, before any scan. */
  floorPeakRssMb: number;
  peakRssMb: number;
}

/** Child role `measure`: floor, scan and overview on a kept catalog. */
async function measure(db: string, n: number): Promise<Measured> {
  const { backend, base } = await startBackend(db, n, 'measure');
  const startRssMb = process.memoryUsage.rss() / 2 ** 20;
  const components = await countEntities(base, 'kind=component');
  if (components !== n)
    throw new Error(
      `the kept catalog holds ${components} Components, not ${n}; rerun with BENCH_FRESH=1`,
    );
  // The floor pages the catalog as the scan does (CatalogReader.pages): the same client, filter,
  // fields and page size, without counting the total.
  const catalog = new CatalogClient({
    discoveryApi: { getBaseUrl: async () => `${base}/api/catalog` },
  });
  const pageThrough = async () => {
    const started = performance.now();
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await catalog.queryEntities(
        cursor
          ? { cursor, fields: ENTITY_FIELDS, limit: PAGE_SIZE }
          : {
              filter: { kind: 'Component' },
              fields: ENTITY_FIELDS,
              limit: PAGE_SIZE,
              totalItems: 'exclude',
            },
        { token: TOKEN },
      );
      count += page.items.length;
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    if (count !== n) throw new Error(`floor paged ${count} of ${n}`);
    return performance.now() - started;
  };
  // Warm-up: the first pass pays for JIT compilation and the database's cold caches.
  await pageThrough();
  const floorBeforeMs = await pageThrough();
  const floorPeakRssMb = peakRssMb();

  const scanTask = async () => {
    const res = await fetch(
      `${base}/api/scaling/.backstage/scheduler/v1/tasks`,
      {
        headers,
      },
    );
    const { tasks } = (await res.json()) as {
      tasks: Array<{
        taskId: string;
        taskState: {
          status: string;
          lastRunEndedAt?: string;
          lastRunError?: string;
        } | null;
      }>;
    };
    return tasks.find(t => t.taskId === SCAN_TASK)?.taskState ?? null;
  };
  // What the overview says of the last complete scan. The kind matches nothing, so that the
  // answer stays cheap even before a scan completes (when the overview is assessed live).
  const lastScan = async () => {
    const res = await fetch(
      `${base}/api/scaling/overview?kind=bench-none&limit=1`,
      { headers },
    );
    return ((await res.json()) as { lastScan: LastScan | null }).lastScan;
  };
  /** Triggers the plugin's scheduled scan, waits for it to end, and returns its duration. */
  const timedScan = async (name: string) => {
    const endedBefore = (await scanTask())?.lastRunEndedAt;
    const profiler = await startProfiler();
    const triggeredAt = Date.now();
    const triggered = await fetch(
      `${base}/api/scaling/.backstage/scheduler/v1/tasks/${SCAN_TASK}/trigger`,
      { method: 'POST', headers },
    );
    if (!triggered.ok)
      throw new Error(`triggering the scan answered ${triggered.status}`);
    for (;;) {
      await new Promise(r => setTimeout(r, 100));
      const state = await scanTask();
      if (state?.status === 'idle' && state.lastRunEndedAt !== endedBefore) {
        if (state.lastRunError)
          throw new Error(`${name} failed: ${state.lastRunError}`);
        break;
      }
    }
    await profiler?.stop(`${name}-${db}-${n}`);
    const scan = await lastScan();
    if (
      !scan ||
      scan.stale ||
      Date.parse(scan.startedAt) < triggeredAt ||
      scan.entities !== n ||
      scan.durationMs === null
    ) {
      throw new Error(
        `${name} did not complete with ${n} entities: ${JSON.stringify(scan)}`,
      );
    }
    return scan.durationMs;
  };
  // The first scan writes every entity's snapshot; a repeat scan within the snapshot interval
  // (the steady state: a scan every 30 minutes, nothing changed) writes the latest rows only.
  const scanMs = await timedScan('scan');
  // The floor is paged again between the scans, and the two passes averaged, so that the
  // baseline drifts with the machine's load as the scans do.
  const floorMs = (floorBeforeMs + (await pageThrough())) / 2;
  const repeatScanMs = await timedScan('repeat-scan');
  const peak = peakRssMb();

  // The first request of a user also lists what the user may see in the catalog (then reused
  // for 30 s); the next 100 page through the stored results.
  // Pages through the first 10 pages of 50, or as many as there are (a small catalog).
  let pages = 10;
  const overview = async (i: number) => {
    const started = performance.now();
    const res = await fetch(
      `${base}/api/scaling/overview?status=under-provisioned&limit=50&offset=${(i % pages) * 50}&sort=-activeUsers`,
      { headers },
    );
    const body = (await res.json()) as {
      items: unknown[];
      totalCount: number;
      lastScan: unknown;
    };
    if (!res.ok || !body.lastScan || body.items.length === 0)
      throw new Error(`overview answered ${res.status}`);
    pages = Math.min(10, Math.ceil(body.totalCount / 50));
    return performance.now() - started;
  };
  const overviewFirstMs = await overview(0);
  const samples: number[] = [];
  for (let i = 0; i < 100; i++) samples.push(await overview(i));
  await backend.stop();
  return {
    floorMs,
    scanMs,
    repeatScanMs,
    overviewFirstMs,
    overviewP50: percentile(samples, 50),
    overviewP95: percentile(samples, 95),
    startRssMb,
    floorPeakRssMb,
    peakRssMb: peak,
  };
}

/** Runs this file again as a child in one role; its result comes back through a file. */
async function child<T>(
  role: 'load' | 'measure',
  db: string,
  n: number,
): Promise<T> {
  const out = join(
    mkdtempSync(join(tmpdir(), 'scaling-bench-out-')),
    'result.json',
  );
  const code = await new Promise<number | null>(resolve => {
    const proc = spawn(
      process.execPath,
      [
        ...process.execArgv,
        __filename,
        '--role',
        role,
        '--db',
        db,
        '--n',
        String(n),
        '--out',
        out,
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { LOG_LEVEL: 'warn', ...process.env },
      },
    );
    proc.on('exit', resolve);
  });
  if (code !== 0 || !existsSync(out))
    throw new Error(`${role} (${db}, ${n}) exited with ${code}`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

interface CaseResult extends Measured {
  db: string;
  n: number;
  loadSeconds: number | null;
}

async function runCase(db: string, n: number): Promise<CaseResult> {
  let loadSeconds: number | null = null;
  const kept = process.env.BENCH_FRESH ? 0 : await keptEntities(db, n);
  if (kept !== orgSize(n)) {
    // A partly loaded catalog (an interrupted load) is resumed: the provider applies the same
    // entities again, and the catalog processes those it has not yet.
    process.stderr.write(
      `loading ${orgSize(n)} entities into the ${db} catalog (${kept} kept)…\n`,
    );
    if (kept === 0) await dropPluginDb(db, n, 'catalog');
    ({ loadSeconds } = await child<{ loadSeconds: number }>('load', db, n));
  }
  await dropPluginDb(db, n, 'scaling');
  if (db === 'postgres') {
    // As autovacuum would have by then in a settled deployment: the dead rows a bulk load
    // leaves reclaimed (132,000 entities left 193,000 dead rows in final_entities), and
    // planner statistics for the catalog's tables.
    const catalogDb = storage(db, n).pluginDb('catalog');
    await catalogDb.raw('VACUUM ANALYZE');
    await catalogDb.destroy();
  }
  process.stderr.write(`measuring ${db} at ${n}…\n`);
  const measured = await child<Measured>('measure', db, n);
  return { db, n, loadSeconds, ...measured };
}

async function main() {
  const results: CaseResult[] = [];
  for (const db of DBS) {
    for (const n of SIZES) {
      try {
        results.push(await runCase(db, n));
      } catch (error) {
        process.stderr.write(`${db} at ${n} failed: ${error}\n`);
      }
    }
  }
  const fmt = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
  console.log(
    '| db | entities | catalog load s | floor ms | scan ms | scan/floor | ms/entity | repeat scan ms | repeat/floor | overview first ms | overview p50 ms | overview p95 ms | RSS at start MB | peak RSS after floor MB | peak RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.db} | ${r.n} | ${r.loadSeconds === null ? 'kept' : fmt(r.loadSeconds)} | ${fmt(r.floorMs, 0)} | ${fmt(r.scanMs, 0)} | ${fmt(r.scanMs / r.floorMs, 2)} | ${fmt(r.scanMs / r.n, 3)} | ${fmt(r.repeatScanMs, 0)} | ${fmt(r.repeatScanMs / r.floorMs, 2)} | ${fmt(r.overviewFirstMs)} | ${fmt(r.overviewP50)} | ${fmt(r.overviewP95)} | ${fmt(r.startRssMb, 0)} | ${fmt(r.floorPeakRssMb, 0)} | ${fmt(r.peakRssMb, 0)} |`,
    );
  }
  const pg = results.filter(r => r.db === 'postgres');
  const last =
    pg.find(r => r.n === 100_000) ??
    pg[pg.length - 1] ??
    results[results.length - 1];
  // (c) is measured at 10,000.
  const overview =
    results.find(r => r.db === last?.db && r.n === 10_000) ?? last;
  if (last) {
    console.log(
      `scan_vs_floor=${(last.scanMs / last.floorMs).toFixed(2)} ms_per_entity=${(last.scanMs / last.n).toFixed(3)} overview_p95_ms=${fmt(overview?.overviewP95 ?? null)} peak_rss_mb=${last.peakRssMb.toFixed(0)} (${last.db}, ${last.n} entities)`,
    );
  }
  process.exit(results.length === DBS.length * SIZES.length ? 0 : 1);
}

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const role = arg('role');
if (role === 'load' || role === 'measure') {
  const db = arg('db')!;
  const n = Number(arg('n'));
  const out = arg('out')!;
  (role === 'load' ? load(db, n) : measure(db, n)).then(
    result => {
      writeFileSync(out, JSON.stringify(result));
      process.exit(0);
    },
    error => {
      process.stderr.write(`${role} failed: ${error}\n`);
      process.exit(1);
    },
  );
} else {
  main();
}
