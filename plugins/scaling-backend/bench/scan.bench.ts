/*
 * Benchmark of the org-wide scan on a real catalog backend, SQLite and PostgreSQL,
 * at 10,000 and 100,000 Components (with Groups, Systems and database Resources):
 *   (a) floor: paging every Component through queryEntities, same page size and fields (the
 *       mean of a pass before and a pass after the first scan);
 *   (b) a full scan (the first, which writes every snapshot), then a repeat scan (the steady
 *       state: nothing changed within the snapshot interval, latest rows only);
 *   (c) GET /api/scaling/overview p50/p95 with a filter and a page of 50 (the target is for
 *       10,000), and a caller's first request, which also lists what the caller may see (made
 *       once the listing the scans' checks left has expired, 30 s after them);
 *   (d) peak RSS of the backend process, up to the end of the scan.
 * Targets: scan ≤ 1.5× floor, < 0.5 ms per entity, overview p95 ≤ 300 ms, a caller's first
 * overview ≤ 300 ms at 10,000 and ≤ 1 s at 100,000, peak RSS ≤ 600 MB.
 *
 * Each case runs two backend processes on the same databases (the org, the kept catalogs and
 * both backends are in benchOrg.ts, shared with load.bench.ts):
 *   - `load`: the catalog with a provider that applies the generated org in one full mutation,
 *     until every entity is processed and stitched. Loading is slow (the catalog processes
 *     each entity) and not what is measured, so a loaded catalog is kept and reused by later
 *     runs: PostgreSQL database `scaling_bench_<n>_catalog`, or the SQLite file
 *     `<tmpdir>/scaling-bench-sqlite-<n>/catalog.sqlite`; an interrupted load resumes.
 *     BENCH_FRESH=1 reloads from scratch. From 50,000 Components on, the SQLite catalog is
 *     seeded from the PostgreSQL one of the same size (seedSqliteCatalog.ts: loading it through
 *     the catalog on SQLite takes well over an hour); BENCH_SQLITE_LOAD=1 loads it instead.
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
 * Run: npm run bench:scan (in plugins/scaling-backend): 10,000 Components on both databases;
 * BENCH_SIZES=100000 (or 10000,100000) for the large case, BENCH_DBS=sqlite for one database.
 * PostgreSQL is the local server (BENCH_PG=postgresql://postgres@127.0.0.1:5432).
 *
 * The last line sums up: scan_vs_floor, ms_per_entity and peak_rss_mb of the PostgreSQL case
 * at 100,000 (else the last case run), overview_p95_ms and overview_first_ms at 10,000 on the
 * same database when that case ran (else of the same case), and assessment_vs_catalog_p50 as
 * api.bench.js last wrote it (`npm run bench` runs it first; n/a when it did not run within 10
 * minutes before this bench).
 */
import { CatalogClient } from '@backstage/catalog-client';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ENTITY_FIELDS,
  RELATED_CACHE_TTL_MS,
} from '../src/services/CatalogReader';
import {
  PAGE_SIZE,
  TOKEN,
  countEntities,
  ensureCatalog,
  freshScalingDb,
  headers,
  load,
  runChild,
  runScan,
  startBackend,
} from './benchOrg';

const SIZES = (process.env.BENCH_SIZES ?? '10000').split(',').map(Number);
const DBS = (process.env.BENCH_DBS ?? 'sqlite,postgres').split(',');

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[
    Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))
  ];

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

  /** Triggers the plugin's scheduled scan, waits for it to end, and returns its duration. */
  const timedScan = async (name: string) => {
    const profiler = await startProfiler();
    const scan = await runScan(base, n, name);
    await profiler?.stop(`${name}-${db}-${n}`);
    return scan.durationMs!;
  };
  // The first scan writes every entity's snapshot; a repeat scan within the snapshot interval
  // (the steady state: a scan every 30 minutes, nothing changed) writes the latest rows only.
  const scanMs = await timedScan('scan');
  // The floor is paged again between the scans, and the two passes averaged, so that the
  // baseline drifts with the machine's load as the scans do.
  const floorMs = (floorBeforeMs + (await pageThrough())) / 2;
  const repeatScanMs = await timedScan('repeat-scan');
  // The scan's last check asked for the overview, which listed what this caller may see.
  const listedAt = Date.now();
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
  // A caller's first request: once the listing of what the caller may see has expired.
  await new Promise(r =>
    setTimeout(
      r,
      Math.max(0, listedAt + RELATED_CACHE_TTL_MS + 1000 - Date.now()),
    ),
  );
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
const child = <T>(role: 'load' | 'measure', db: string, n: number) =>
  runChild<T>(__filename, role, db, n);

interface CaseResult extends Measured {
  db: string;
  n: number;
  loadSeconds: number | null;
}

async function runCase(db: string, n: number): Promise<CaseResult> {
  const loadSeconds = await ensureCatalog(db, n, loadDb =>
    child<{ loadSeconds: number }>('load', loadDb, n),
  );
  await freshScalingDb(db, n);
  process.stderr.write(`measuring ${db} at ${n}…\n`);
  const measured = await child<Measured>('measure', db, n);
  return { db, n, loadSeconds, ...measured };
}

/**
 * The assessment's p50 over the catalog's, as api.bench.js wrote it to its result file when it
 * ran at most 10 minutes before `startedAt` (in `npm run bench`, right before this bench).
 */
function assessmentVsCatalogP50(startedAt: number): string {
  const file =
    process.env.BENCH_API_RESULT ?? join(tmpdir(), 'scaling-bench-api.json');
  try {
    const { assessmentVsCatalogP50: ratio, writtenAt } = JSON.parse(
      readFileSync(file, 'utf8'),
    ) as { assessmentVsCatalogP50: number; writtenAt: string };
    const age = startedAt - Date.parse(writtenAt);
    return age >= 0 && age <= 10 * 60_000 ? ratio.toFixed(2) : 'n/a';
  } catch {
    return 'n/a';
  }
}

async function main() {
  const startedAt = Date.now();
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
      `scan_vs_floor=${(last.scanMs / last.floorMs).toFixed(2)} ms_per_entity=${(last.scanMs / last.n).toFixed(3)} overview_p95_ms=${fmt(overview?.overviewP95 ?? null)} peak_rss_mb=${last.peakRssMb.toFixed(0)} overview_first_ms=${fmt(overview?.overviewFirstMs ?? null)} assessment_vs_catalog_p50=${assessmentVsCatalogP50(startedAt)} (${last.db}, ${last.n} entities; overview at ${overview?.n})`,
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
