/*
 * Benchmark of the org-wide scan (issue 5) on a real catalog backend, SQLite and PostgreSQL,
 * at 10,000 and 100,000 Components (with Groups, Systems and database Resources):
 *   (a) floor: paging every Component through queryEntities, same page size and fields;
 *   (b) a full scan;
 *   (c) GET /api/scaling/overview p50/p95 with a filter and a page of 50 (10,000 only);
 *   (d) peak RSS of the backend process during the scan.
 * Targets: scan ≤ 1.5× floor, < 0.5 ms per entity, overview p95 ≤ 300 ms, peak RSS ≤ 600 MB.
 *
 * Run: npm run bench:scan (in plugins/scaling-backend), or BENCH_SIZES=10000 BENCH_DBS=sqlite
 * to run a subset. PostgreSQL is the local server (BENCH_PG=postgresql://postgres@127.0.0.1:5432).
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { stringify } from 'yaml';
import { readScalingConfig } from '../src/config';
import { createRouter } from '../src/router';
import { createScalingServices } from '../src/services/createScalingServices';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const DBS = (process.env.BENCH_DBS ?? 'sqlite,postgres').split(',');
const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const TOKEN = 'bench-token';
const PAGE_SIZE = 500;
const LOAD_TIMEOUT_MS = 30 * 60_000;

const PLATFORMS = ['vps', 'docker-compose', 'ecs-fargate', 'cloud-run', 'eks', 'gke', 'docker-swarm'];

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
      metadata: meta(`team-${i}`, { 'scaling.io/k8s-expertise': i % 2 ? 'true' : 'false' }),
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
      metadata: meta(`db-${i}`, { 'scaling.io/managed': i % 2 ? 'true' : 'false' }),
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
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface CaseResult {
  db: string;
  n: number;
  loadSeconds: number;
  floorMs: number;
  scanMs: number;
  overviewP50: number | null;
  overviewP95: number | null;
  peakRssMb: number;
}

async function runCase(db: string, n: number): Promise<CaseResult> {
  const port = await freePort();
  const prefix = `scaling_bench_${Date.now()}_`;
  const dir = mkdtempSync(join(tmpdir(), 'scaling-bench-'));
  const configFile = join(dir, 'app-config.yaml');
  writeFileSync(
    configFile,
    stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port, host: '127.0.0.1' },
        database:
          db === 'sqlite'
            ? { client: 'better-sqlite3', connection: ':memory:' }
            : { client: 'pg', connection: PG, prefix },
        auth: {
          externalAccess: [{ type: 'static', options: { token: TOKEN, subject: 'bench' } }],
        },
      },
      catalog: { processingInterval: { minutes: 60 } },
    }),
  );
  process.argv = [process.argv[0], process.argv[1], '--config', configFile];

  const captured: {
    services?: Awaited<ReturnType<typeof createScalingServices>>;
    credentials?: BackstageCredentials;
  } = {};
  let entities: Entity[] | undefined = [...generateOrg(n)];

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
            catalog.addEntityProvider({
              getProviderName: () => 'bench-entities',
              async connect(connection) {
                await connection.applyMutation({
                  type: 'full',
                  entities: entities!.map(entity => ({ entity, locationKey: 'bench' })),
                });
                entities = undefined;
              },
            });
          },
        });
      },
    }),
  );
  // The scaling plugin as plugin.ts wires it, minus the schedule: the bench runs the scan.
  backend.add(
    createBackendPlugin({
      pluginId: 'scaling',
      register(env) {
        env.registerInit({
          deps: {
            config: coreServices.rootConfig,
            logger: coreServices.logger,
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
            auth: coreServices.auth,
            database: coreServices.database,
            catalog: catalogServiceRef,
          },
          async init({ config, logger, httpRouter, httpAuth, auth, database, catalog }) {
            const services = await createScalingServices({
              config: readScalingConfig(config),
              catalog,
              database,
              auth,
              logger,
              providers: [],
            });
            captured.services = services;
            captured.credentials = await auth.getOwnServiceCredentials();
            httpRouter.use(
              await createRouter({
                httpAuth,
                assessments: services.assessments,
                results: services.results,
              }),
            );
          },
        });
      },
    }),
  );
  await backend.start();

  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const loadStarted = Date.now();
  for (;;) {
    const res = await fetch(`${base}/api/catalog/entities/by-query?filter=kind=component&limit=1`, { headers });
    const body = res.ok ? ((await res.json()) as { totalItems: number }) : { totalItems: 0 };
    if (body.totalItems >= n) break;
    if (Date.now() - loadStarted > LOAD_TIMEOUT_MS) {
      throw new Error(`catalog loaded ${body.totalItems} of ${n} in 30 minutes`);
    }
    await new Promise(r => setTimeout(r, 2000));
  }
  const loadSeconds = (Date.now() - loadStarted) / 1000;

  const { scanner, reader } = captured.services!;
  // The scan's own credentials: the plugin's service principal, as in OrgScanner.
  const credentials = captured.credentials!;

  let floorCount = 0;
  const floorStarted = performance.now();
  for await (const page of reader.pages({ kind: 'Component' }, credentials, PAGE_SIZE)) {
    floorCount += page.length;
  }
  const floorMs = performance.now() - floorStarted;
  if (floorCount !== n) throw new Error(`floor paged ${floorCount} of ${n}`);

  if (global.gc) global.gc();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 25);
  const scanStarted = performance.now();
  const summary = await scanner.run();
  const scanMs = performance.now() - scanStarted;
  clearInterval(sampler);
  if (summary.status !== 'completed' || summary.entities !== n) {
    throw new Error(`scan ${summary.status} after ${summary.entities} entities`);
  }

  let overviewP50: number | null = null;
  let overviewP95: number | null = null;
  if (n <= 10_000) {
    const samples: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      const res = await fetch(`${base}/api/scaling/overview?status=under-provisioned&limit=50&offset=${(i % 10) * 50}&sort=-activeUsers`, { headers });
      const body = (await res.json()) as { items: unknown[]; lastScan: unknown };
      if (!res.ok || !body.lastScan || body.items.length === 0) throw new Error(`overview answered ${res.status}`);
      samples.push(performance.now() - started);
    }
    overviewP50 = percentile(samples, 50);
    overviewP95 = percentile(samples, 95);
  }

  await backend.stop();
  if (db === 'postgres') {
    const admin = knexFactory({ client: 'pg', connection: PG });
    const { rows } = await admin.raw('SELECT datname FROM pg_database WHERE datname LIKE ?', [
      `${prefix}%`,
    ]);
    for (const row of rows) {
      await admin.raw(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    }
    await admin.destroy();
  }
  return { db, n, loadSeconds, floorMs, scanMs, overviewP50, overviewP95, peakRssMb: peakRss / 2 ** 20 };
}

async function main() {
  const results: CaseResult[] = [];
  for (const db of DBS) {
    for (const n of SIZES) {
      process.stderr.write(`running ${db} at ${n}…\n`);
      try {
        results.push(await runCase(db, n));
      } catch (error) {
        process.stderr.write(`${db} at ${n} failed: ${error}\n`);
      }
    }
  }
  const fmt = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
  console.log('| db | entities | catalog load s | floor ms | scan ms | scan/floor | ms/entity | overview p50 ms | overview p95 ms | peak RSS MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.db} | ${r.n} | ${fmt(r.loadSeconds)} | ${fmt(r.floorMs, 0)} | ${fmt(r.scanMs, 0)} | ${fmt(r.scanMs / r.floorMs, 2)} | ${fmt(r.scanMs / r.n, 3)} | ${fmt(r.overviewP50)} | ${fmt(r.overviewP95)} | ${fmt(r.peakRssMb, 0)} |`,
    );
  }
  const pg = results.filter(r => r.db === 'postgres');
  const last = pg.find(r => r.n === 100_000) ?? pg[pg.length - 1] ?? results[results.length - 1];
  const overview = results.find(r => r.db === last?.db && r.overviewP95 !== null);
  if (last) {
    console.log(
      `scan_vs_floor=${(last.scanMs / last.floorMs).toFixed(2)} ms_per_entity=${(last.scanMs / last.n).toFixed(3)} overview_p95_ms=${fmt(overview?.overviewP95 ?? null)} peak_rss_mb=${last.peakRssMb.toFixed(0)} (${last.db}, ${last.n} entities)`,
    );
  }
  process.exit(0);
}

main();
