/*
 * What the benches on a real catalog share (scan.bench.ts, load.bench.ts): the generated org,
 * the loaded catalogs kept between runs, the backends they start, and the child processes
 * they run them in.
 *
 * A backend is started in one of two roles:
 *   - `load`: the catalog with a provider that applies the generated org in one full mutation,
 *     until every entity is processed and stitched. Loading is slow (the catalog processes each
 *     entity), so the loaded catalog is kept for later runs: PostgreSQL database
 *     `scaling_bench_<n>_catalog`, or the SQLite file `<tmpdir>/scaling-bench-sqlite-<n>/
 *     catalog.sqlite`; an interrupted load resumes. BENCH_FRESH=1 reloads from scratch. From
 *     50,000 Components on, a SQLite catalog is seeded from the PostgreSQL one instead
 *     (seedSqliteCatalog.ts), which is loaded first when it is not kept, and the seeded
 *     catalog is started in role `seeded` (the catalog alone, applying nothing) and counted.
 *   - `measure`: the catalog (same provider, applying nothing) and the scaling plugin as
 *     deployed, its scheduled scan set to `trigger: manual` so that it runs only when a bench
 *     triggers it (`runScan`).
 * Both listen on 127.0.0.1 on a free port, and accept the static token TOKEN.
 */
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { LastScan } from '@scaling-advisor/backstage-plugin-scaling-common';
import { ChildProcess, spawn } from 'node:child_process';
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
import { seedSqliteCatalog, seedsFromPostgres } from './seedSqliteCatalog';

const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
export const TOKEN = 'bench-token';
export const PAGE_SIZE = 500;
const LOAD_TIMEOUT_MS = 120 * 60_000;
/** The scan's task id, as plugin.ts schedules it. */
export const SCAN_TASK = 'scaling-org-scan';

const PLATFORMS = [
  'vps',
  'docker-compose',
  'ecs-fargate',
  'cloud-run',
  'eks',
  'gke',
  'docker-swarm',
];

export function* generateOrg(n: number): Generator<Entity> {
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

/** Everything the org generator yields for n Components. */
export function orgSize(n: number): number {
  return (
    Math.max(1, Math.floor(n / 50)) +
    Math.max(1, Math.floor(n / 10)) +
    Math.max(1, Math.floor(n / 5)) +
    n
  );
}

export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Where a case keeps its databases. */
export function storage(db: string, n: number) {
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
export async function keptEntities(db: string, n: number): Promise<number> {
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
export async function dropPluginDb(db: string, n: number, pluginId: string) {
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
export async function startBackend(
  db: string,
  n: number,
  role: 'load' | 'seeded' | 'measure',
) {
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

export const headers = { Authorization: `Bearer ${TOKEN}` };

export async function countEntities(
  base: string,
  filter?: string,
): Promise<number> {
  const res = await fetch(
    `${base}/api/catalog/entities/by-query?limit=1${filter ? `&filter=${filter}` : ''}`,
    { headers },
  );
  return res.ok ? ((await res.json()) as { totalItems: number }).totalItems : 0;
}

/**
 * Child role `load`: applies the org and waits until the catalog has stitched all of it. A
 * SQLite catalog that seedsFromPostgres is copied instead, then counted through the catalog.
 */
export async function load(
  db: string,
  n: number,
): Promise<{ loadSeconds: number }> {
  const started = Date.now();
  const seeded = seedsFromPostgres(db, n);
  if (seeded) {
    const copied = await seedSqliteCatalog(
      `${PG}/${storage('postgres', n).prefix}catalog`,
      join(storage(db, n).sqliteDir, 'catalog.sqlite'),
    );
    process.stderr.write(
      `seeded the sqlite catalog from postgres in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(copied)}\n`,
    );
  }
  const { backend, base } = await startBackend(
    db,
    n,
    seeded ? 'seeded' : 'load',
  );
  const total = orgSize(n);
  for (;;) {
    const count = await countEntities(base);
    if (count >= total) break;
    if (seeded) {
      await backend.stop();
      throw new Error(
        `the seeded sqlite catalog counts ${count} of ${total} entities`,
      );
    }
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

/** The children runChild has started and not yet seen exit. */
const running = new Set<ChildProcess>();

/** Ends the children runChild started that still run (a bench that gives up on a timeout). */
export function stopChildren() {
  for (const proc of running) proc.kill('SIGKILL');
}

/**
 * Starts a bench file again as a child in one role (`--role <role> --db <db> --n <n> --out
 * <file>`), which writes what it has to say to the returned file. With `stdin: 'pipe'` the
 * child can watch its stdin close, when the parent goes away.
 */
export function spawnRole(
  script: string,
  role: string,
  db: string,
  n: number,
  stdin: 'ignore' | 'pipe' = 'ignore',
): { proc: ChildProcess; out: string } {
  const out = join(
    mkdtempSync(join(tmpdir(), `scaling-bench-${role}-`)),
    'out.json',
  );
  const proc = spawn(
    process.execPath,
    [
      ...process.execArgv,
      script,
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
      stdio: [stdin, 'inherit', 'inherit'],
      env: { LOG_LEVEL: 'warn', ...process.env },
    },
  );
  return { proc, out };
}

/**
 * Runs a bench file again as a child in one role, to completion; its result comes back through
 * a file.
 */
export async function runChild<T>(
  script: string,
  role: string,
  db: string,
  n: number,
): Promise<T> {
  const { proc, out } = spawnRole(script, role, db, n);
  running.add(proc);
  const code = await new Promise<number | null>(resolve => {
    proc.on('exit', exitCode => {
      running.delete(proc);
      resolve(exitCode);
    });
  });
  if (code !== 0 || !existsSync(out))
    throw new Error(`${role} (${db}, ${n}) exited with ${code}`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

/**
 * Makes sure the kept catalog of a case holds the whole org, loading it through
 * `loadInChild` (the `load` role) when it does not. Returns how long loading took, or null
 * when the kept catalog was complete.
 */
export async function ensureCatalog(
  db: string,
  n: number,
  loadInChild: (db: string) => Promise<{ loadSeconds: number }>,
): Promise<number | null> {
  const kept = process.env.BENCH_FRESH ? 0 : await keptEntities(db, n);
  if (kept === orgSize(n)) return null;
  if (seedsFromPostgres(db, n)) {
    const pgSeconds = await ensureCatalog('postgres', n, loadInChild);
    process.stderr.write(
      `seeding the sqlite catalog from the postgres one (${orgSize(n)} entities)…\n`,
    );
    await dropPluginDb(db, n, 'catalog');
    return (pgSeconds ?? 0) + (await loadInChild(db)).loadSeconds;
  }
  // A partly loaded catalog (an interrupted load) is resumed: the provider applies the same
  // entities again, and the catalog processes those it has not yet.
  process.stderr.write(
    `loading ${orgSize(n)} entities into the ${db} catalog (${kept} kept)…\n`,
  );
  if (kept === 0) await dropPluginDb(db, n, 'catalog');
  return (await loadInChild(db)).loadSeconds;
}

/** An empty scaling database for the `measure` role, on a settled catalog. */
export async function freshScalingDb(db: string, n: number) {
  await dropPluginDb(db, n, 'scaling');
  if (db === 'postgres') {
    // As autovacuum would have by then in a settled deployment: the dead rows a bulk load
    // leaves reclaimed (132,000 entities left 193,000 dead rows in final_entities), and
    // planner statistics for the catalog's tables.
    const catalogDb = storage(db, n).pluginDb('catalog');
    await catalogDb.raw('VACUUM ANALYZE');
    await catalogDb.destroy();
  }
}

/** The state of the plugin's scheduled scan, as the scheduler's route of the plugin tells it. */
export async function scanTaskState(base: string) {
  const res = await fetch(`${base}/api/scaling/.backstage/scheduler/v1/tasks`, {
    headers,
  });
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
}

/**
 * What the overview says of the last complete scan. The kind matches nothing, so that the
 * answer stays cheap even before a scan completes (when the overview is assessed live).
 */
export async function lastScanOf(base: string): Promise<LastScan | null> {
  const res = await fetch(
    `${base}/api/scaling/overview?kind=bench-none&limit=1`,
    { headers },
  );
  return ((await res.json()) as { lastScan: LastScan | null }).lastScan;
}

/**
 * Triggers the plugin's scheduled scan on a `measure` backend, waits for it to end, and
 * returns the last scan the overview then reports: one that started after the trigger and
 * covered all n Components, or an error naming the scan (`name`).
 */
export async function runScan(
  base: string,
  n: number,
  name = 'the scan',
): Promise<LastScan> {
  const endedBefore = (await scanTaskState(base))?.lastRunEndedAt;
  const triggeredAt = Date.now();
  const triggered = await fetch(
    `${base}/api/scaling/.backstage/scheduler/v1/tasks/${SCAN_TASK}/trigger`,
    { method: 'POST', headers },
  );
  if (!triggered.ok)
    throw new Error(`triggering the scan answered ${triggered.status}`);
  for (;;) {
    await new Promise(r => setTimeout(r, 100));
    const state = await scanTaskState(base);
    if (state?.status === 'idle' && state.lastRunEndedAt !== endedBefore) {
      if (state.lastRunError)
        throw new Error(`${name} failed: ${state.lastRunError}`);
      break;
    }
  }
  const scan = await lastScanOf(base);
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
  return scan;
}
