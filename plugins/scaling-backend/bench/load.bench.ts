/*
 * Load test of the REST API the frontend pages call, on loopback, against a real catalog backend
 * of 10,000 Components (with Groups, Systems and database Resources: the org of benchOrg.ts) and
 * a completed scan stored, so that the overview is served from the store.
 *
 * What it does, in order:
 *   1. Makes sure a loaded catalog is kept (SQLite by default, LOAD_DB=postgres for the local
 *      PostgreSQL); loads it in a child process when it is not (slow, once: later runs reuse it).
 *   2. Empties the scaling plugin's database, starts the backend (the catalog and the scaling
 *      plugin as deployed, as scan.bench.ts measures it) as a child process on 127.0.0.1 and a
 *      free port, and triggers the org-wide scan through the scheduler's route; waits until the
 *      scan has stored all 10,000 assessments.
 *   3. Two rounds, one after the other. A round is exactly 5,000 requests shared by 50 concurrent
 *      clients: each client runs one request at a time (at most 50 in flight) and picks page
 *      visits at random (seeded, LOAD_SEED) until the round's 5,000 requests are spent. A visit
 *      is the requests one page makes, as plugins/scaling-frontend/src/api/ScalingClient.ts sends them:
 *        - the overview table (weight 45): GET /overview?<filters>&sort&limit&offset, with the
 *          table's page sizes 20/50/100, random pages, sorts and filters (status, currentTier,
 *          recommendedTier, owner, system, q); with a status filter, then the scope's counts
 *          GET /overview?<filters without status>&limit=1&offset=0;
 *        - the org card (weight 10), whole org or one owner or System: GET /overview?status=
 *          under-provisioned&sort=readinessScore&limit=5&offset=0, then GET /overview?sort=status&
 *          offset=<its totalCount>&limit=<the rest>;
 *        - the CSV export (weight 2): GET /overview.csv?<filters>&sort, all matching rows;
 *        - an entity page (weight 25): GET /assessments/component/default/<random service>, then
 *          its /history?days=90;
 *        - the what-if panel (weight 10): POST /simulate with the entity's annotations and
 *          random form values over them.
 *      Each request has a 30 s timeout. An error is any non-2xx answer or a network error
 *      (timeouts included); latency is measured from sending to the body read, errors included.
 *   4. Prints per round req/s, p50/p99 ms, errors (the first distinct ones), and per route the
 *      count and p50/p99, and when the requests over 5 s started (10 s windows: stalls show as
 *      clusters); the backend process's RSS (VmRSS of the child, /proc/<pid>/status)
 *      before round 1, after round 1 and after round 2, read as is (no forced GC), with its
 *      mean and maximum over each round (sampled each second, for information); then a
 *      summary line over both rounds. Exits non-zero when any request failed or when the RSS
 *      grew more than 10% in round 2 ((after 2 − after 1) / after 1).
 *
 * Credentials: every client sends the bench's static external-access token, whose principal is
 * the service `bench` (no user); permissions are not enabled in the bench backend, so every
 * entity is visible. The stored overview lists what the caller may see from the catalog once per
 * caller and 30 s, so the 50 clients share one listing as a single user would; with real users
 * each user pays for their own listing.
 *
 * Bounded: LOAD_TIMEOUT_MIN (60 by default, a first catalog load included) ends everything and
 * exits 1. Every server listens on 127.0.0.1; the backend child is stopped at the end, and stops
 * itself when this process goes away (its stdin closes).
 *
 * Run: npm run load (repo root), or in plugins/scaling-backend. LOAD_ENTITIES=<n> for another
 * size (e.g. a quick try at 1000; it keeps a catalog of its own).
 */
import {
  ASSESSMENT_STATUSES,
  OVERVIEW_SORT_FIELDS,
  OverviewQuery,
  OverviewResponse,
  SCALING_ANNOTATIONS as A,
  SimulateRequest,
  TIER_IDS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { Entity } from '@backstage/catalog-model';
import { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  countEntities,
  ensureCatalog,
  freshScalingDb,
  generateOrg,
  headers,
  load,
  runChild,
  runScan,
  spawnRole,
  startBackend,
  stopChildren,
} from './benchOrg';

const CLIENTS = 50;
const REQUESTS_PER_ROUND = 5_000;
const ROUNDS = 2;
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_RSS_GROWTH_PCT = 10;
const FIRST_ERRORS = 5;
/** Requests slower than this are counted by when they started, to show stalls over time. */
const SLOW_MS = 5_000;

function setting(
  name: string,
  fallback: string,
  valid: (v: string) => boolean,
) {
  const value = process.env[name] ?? fallback;
  if (!valid(value)) {
    process.stderr.write(`load: invalid ${name}=${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return value;
}
const positiveInt = (v: string) => /^[1-9]\d*$/.test(v);

/** A small seeded generator, so that two runs send the same requests. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}
type Random = ReturnType<typeof random>;

const percentile = (xs: number[], p: number) =>
  xs.length === 0
    ? NaN
    : [...xs].sort((a, b) => a - b)[
        Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))
      ];

/** The query string as the frontend client builds it (empty values left out). */
function queryString(query: OverviewQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '')
      params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** What the requests pick from: the generated org's refs. */
interface Org {
  components: Entity[];
  owners: string[];
  systems: string[];
}

function orgOf(n: number): Org {
  const org: Org = { components: [], owners: [], systems: [] };
  for (const entity of generateOrg(n)) {
    const ref = `${entity.kind.toLocaleLowerCase('en-US')}:default/${entity.metadata.name}`;
    if (entity.kind === 'Component') org.components.push(entity);
    else if (entity.kind === 'Group') org.owners.push(ref);
    else if (entity.kind === 'System') org.systems.push(ref);
  }
  return org;
}

interface Call {
  /** The route as reported, e.g. `GET /overview`. */
  route: string;
  path: string;
  method?: 'POST';
  body?: unknown;
  accept?: string;
}

/** Sends one request of the round; undefined when the round is spent or the request failed. */
type Send = (call: Call) => Promise<unknown>;

const overview = (query: OverviewQuery): Call => ({
  route: 'GET /overview',
  path: `/overview${queryString(query)}`,
});

/** The overview page's filters, as a user sets them. */
function filters(r: Random, org: Org): OverviewQuery {
  const tiers = [...TIER_IDS, 'unknown' as const];
  return {
    currentTier: r.chance(0.15) ? r.pick(tiers) : undefined,
    recommendedTier: r.chance(0.15) ? r.pick(tiers) : undefined,
    status: r.chance(0.4) ? r.pick(ASSESSMENT_STATUSES) : undefined,
    owner: r.chance(0.15) ? r.pick(org.owners) : undefined,
    system: r.chance(0.1) ? r.pick(org.systems) : undefined,
    q: r.chance(0.2)
      ? r.pick(['service-1', 'service-42', 'vice-9', String(r.int(1000))])
      : undefined,
  };
}

function sort(r: Random): string | undefined {
  if (r.chance(0.5)) return undefined;
  return `${r.chance(0.5) ? '-' : ''}${r.pick(OVERVIEW_SORT_FIELDS)}`;
}

const entityPath = (entity: Entity) =>
  `/assessments/component/default/${encodeURIComponent(entity.metadata.name)}`;

type Visit = (send: Send, r: Random, org: Org) => Promise<void>;

const VISITS: Array<[weight: number, visit: Visit]> = [
  // The overview table (useOverviewData).
  [
    45,
    async (send, r, org) => {
      const f = filters(r, org);
      const pageSize = r.pick([20, 20, 20, 20, 20, 20, 20, 50, 50, 100]);
      const page = r.chance(0.6) ? 0 : 1 + r.int(10);
      await send(
        overview({
          ...f,
          sort: sort(r),
          limit: pageSize,
          offset: page * pageSize,
        }),
      );
      if (f.status)
        await send(overview({ ...f, status: undefined, limit: 1, offset: 0 }));
    },
  ],
  // The org card (useOrgSummary), for the whole org, an owner or a System.
  [
    10,
    async (send, r, org) => {
      const scope = r.pick([
        {},
        { owner: r.pick(org.owners) },
        { system: r.pick(org.systems) },
      ]);
      const limit = 5;
      const urgent = (await send(
        overview({
          ...scope,
          status: 'under-provisioned',
          sort: 'readinessScore',
          limit,
          offset: 0,
        }),
      )) as OverviewResponse | undefined;
      if (!urgent) return;
      await send(
        overview({
          ...scope,
          sort: 'status',
          offset: urgent.totalCount,
          limit: Math.max(1, limit - urgent.items.length),
        }),
      );
    },
  ],
  // The overview's CSV export: the table's filters and sort, no paging.
  [
    2,
    async (send, r, org) => {
      await send({
        route: 'GET /overview.csv',
        path: `/overview.csv${queryString({ ...filters(r, org), sort: sort(r) })}`,
        accept: 'text/csv',
      });
    },
  ],
  // An entity page: the assessment card, then the history card.
  [
    25,
    async (send, r, org) => {
      const path = entityPath(r.pick(org.components));
      await send({ route: 'GET /assessments/:kind/:ns/:name', path });
      await send({
        route: 'GET /assessments/:kind/:ns/:name/history',
        path: `${path}/history?days=90`,
      });
    },
  ],
  // The what-if panel: the entity's annotations with the form's values over them.
  [
    10,
    async (send, r, org) => {
      const entity = r.pick(org.components);
      const body: SimulateRequest = {
        annotations: {
          ...entity.metadata.annotations,
          [A.activeUsers]: String(r.int(200_000)),
          [A.uptimeSla]: r.pick(['99', '99.5', '99.9', '99.95', '99.99']),
          [A.monthlyBudgetUsd]: String(r.int(20_000)),
          [A.multiRegionRequired]: String(r.chance(0.3)),
          [A.k8sExpertise]: String(r.chance(0.5)),
          [A.serviceMesh]: String(r.chance(0.2)),
        },
        context: { databases: [{ managed: r.chance(0.5) }] },
      };
      await send({
        route: 'POST /simulate',
        path: '/simulate',
        method: 'POST',
        body,
      });
    },
  ],
];
const TOTAL_WEIGHT = VISITS.reduce((sum, [w]) => sum + w, 0);

function pickVisit(r: Random): Visit {
  let x = r.int(TOTAL_WEIGHT);
  for (const [weight, visit] of VISITS) {
    if (x < weight) return visit;
    x -= weight;
  }
  return VISITS[0][1];
}

interface RoundResult {
  seconds: number;
  requests: number;
  latencies: number[];
  byRoute: Map<string, number[]>;
  /** When each request slower than SLOW_MS started, in seconds into the round. */
  slowStarts: number[];
  errors: number;
  distinctErrors: Map<string, number>;
}

async function runRound(
  base: string,
  org: Org,
  r: Random,
): Promise<RoundResult> {
  let claimed = 0;
  const latencies: number[] = [];
  const byRoute = new Map<string, number[]>();
  const slowStarts: number[] = [];
  let roundStarted = 0;
  const distinctErrors = new Map<string, number>();
  let errors = 0;
  const failed = (message: string) => {
    errors++;
    distinctErrors.set(message, (distinctErrors.get(message) ?? 0) + 1);
  };
  const send: Send = async call => {
    if (claimed >= REQUESTS_PER_ROUND) return undefined;
    claimed++;
    const started = performance.now();
    const took = () => {
      const ms = performance.now() - started;
      latencies.push(ms);
      const route = byRoute.get(call.route) ?? [];
      if (route.length === 0) byRoute.set(call.route, route);
      route.push(ms);
      if (ms > SLOW_MS) slowStarts.push((started - roundStarted) / 1000);
    };
    try {
      const res = await fetch(`${base}/api/scaling${call.path}`, {
        method: call.method ?? 'GET',
        headers: {
          ...headers,
          ...(call.body ? { 'Content-Type': 'application/json' } : {}),
          ...(call.accept ? { Accept: call.accept } : {}),
        },
        body: call.body ? JSON.stringify(call.body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      took();
      if (!res.ok) {
        failed(`${call.route} answered ${res.status}: ${text.slice(0, 200)}`);
        return undefined;
      }
      return call.accept === 'text/csv' ? text : JSON.parse(text);
    } catch (error) {
      took();
      failed(`${call.route} failed: ${error}`);
      return undefined;
    }
  };
  roundStarted = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (claimed < REQUESTS_PER_ROUND) await pickVisit(r)(send, r, org);
    }),
  );
  return {
    seconds: (performance.now() - roundStarted) / 1000,
    requests: claimed,
    latencies,
    byRoute,
    slowStarts,
    errors,
    distinctErrors,
  };
}

/** A process's resident set now, in MB. */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/**
 * Child role `serve`: the backend, until its stdin closes. No IPC channel: the TypeScript loader
 * reports every module it loads to a parent that has one.
 */
async function serve(db: string, n: number, out: string) {
  const { backend, base } = await startBackend(db, n, 'measure');
  const components = await countEntities(base, 'kind=component');
  if (components !== n)
    throw new Error(
      `the kept catalog holds ${components} Components, not ${n}; rerun with BENCH_FRESH=1`,
    );
  // The parent going away (done, killed or timed out) closes the pipe: nothing outlives it.
  process.stdin.on('close', () => {
    backend.stop().finally(() => process.exit(0));
  });
  process.stdin.resume();
  writeFileSync(out, JSON.stringify({ base }));
}

/** Starts the `serve` child and waits until its backend answers. */
async function startServer(
  db: string,
  n: number,
): Promise<{ proc: ChildProcess; base: string }> {
  const { proc, out } = spawnRole(__filename, 'serve', db, n, 'pipe');
  while (!existsSync(out)) {
    if (proc.exitCode !== null || proc.signalCode !== null)
      throw new Error(
        `the backend exited with ${proc.exitCode ?? proc.signalCode}`,
      );
    await new Promise(r => setTimeout(r, 200));
  }
  const { base } = JSON.parse(readFileSync(out, 'utf8')) as { base: string };
  return { proc, base };
}

async function stopServer(proc: ChildProcess) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise(resolve => proc.once('exit', resolve));
  proc.stdin?.end();
  const killer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

const fmt = (x: number, d = 1) => x.toFixed(d);

function report(
  name: string,
  round: RoundResult,
  rss: number,
  during: number[],
) {
  const mean = during.reduce((s, x) => s + x, 0) / during.length;
  console.log(
    `${name}: ${round.requests} requests in ${fmt(round.seconds)} s, rps=${fmt(round.requests / round.seconds)} p50_ms=${fmt(percentile(round.latencies, 50))} p99_ms=${fmt(percentile(round.latencies, 99))} errors=${round.errors} backend_rss_after_mb=${fmt(rss, 0)} (during: mean ${fmt(mean, 0)}, max ${fmt(Math.max(...during), 0)})`,
  );
  for (const [route, ms] of [...round.byRoute].sort()) {
    console.log(
      `  ${route.padEnd(42)} ${String(ms.length).padStart(5)}  p50 ${fmt(percentile(ms, 50)).padStart(7)} ms  p99 ${fmt(percentile(ms, 99)).padStart(7)} ms`,
    );
  }
  if (round.slowStarts.length > 0) {
    const windows = new Map<number, number>();
    for (const s of round.slowStarts) {
      const w = Math.floor(s / 10) * 10;
      windows.set(w, (windows.get(w) ?? 0) + 1);
    }
    console.log(
      `  over ${SLOW_MS / 1000} s: ${round.slowStarts.length} requests; by start (s into the round): ${[
        ...windows,
      ]
        .sort(([a], [b]) => a - b)
        .map(([w, count]) => `${w}-${w + 10}:${count}`)
        .join(' ')}`,
    );
  }
  const first = [...round.distinctErrors].slice(0, FIRST_ERRORS);
  for (const [message, count] of first)
    console.log(`  error ×${count}: ${message}`);
  if (round.distinctErrors.size > first.length)
    console.log(
      `  … ${round.distinctErrors.size - first.length} more distinct errors`,
    );
}

async function main() {
  const db = setting(
    'LOAD_DB',
    'sqlite',
    v => v === 'sqlite' || v === 'postgres',
  );
  const n = Number(setting('LOAD_ENTITIES', '10000', positiveInt));
  const seed = Number(setting('LOAD_SEED', '1', positiveInt));
  const timeoutMin = Number(setting('LOAD_TIMEOUT_MIN', '60', positiveInt));
  const wallStarted = Date.now();
  // What the deadline must stop, once started.
  const started: { server?: ChildProcess } = {};
  const deadline = setTimeout(() => {
    process.stderr.write(`load: gave up after ${timeoutMin} minutes\n`);
    stopChildren();
    started.server?.kill('SIGKILL');
    process.exit(1);
  }, timeoutMin * 60_000);

  const loadSeconds = await ensureCatalog(db, n, loadDb =>
    runChild<{ loadSeconds: number }>(__filename, 'load', loadDb, n),
  );
  await freshScalingDb(db, n);
  const { proc: server, base } = await startServer(db, n);
  started.server = server;
  try {
    const scan = await runScan(base, n);
    console.log(
      `load: ${db}, ${n} Components, catalog ${loadSeconds === null ? 'kept' : `loaded in ${fmt(loadSeconds)} s`}, scan of ${scan.entities} entities in ${fmt(scan.durationMs! / 1000)} s; ${ROUNDS} rounds of ${REQUESTS_PER_ROUND} requests by ${CLIENTS} clients on ${base}`,
    );
    const org = orgOf(n);
    const r = random(seed);
    const pid = server.pid!;
    const rss = [rssMb(pid)];
    const rounds: RoundResult[] = [];
    console.log(`backend rss before round 1: ${fmt(rss[0], 0)} MB`);
    for (let i = 1; i <= ROUNDS; i++) {
      // Sampled each second too: a trend shows apart from where the GC is at the end.
      const during = [rssMb(pid)];
      const sampler = setInterval(() => during.push(rssMb(pid)), 1000);
      const round = await runRound(base, org, r);
      clearInterval(sampler);
      rounds.push(round);
      rss.push(rssMb(pid));
      report(`round ${i}`, round, rss[i], during);
    }
    const all = rounds.flatMap(x => x.latencies);
    const seconds = rounds.reduce((s, x) => s + x.seconds, 0);
    const errors = rounds.reduce((s, x) => s + x.errors, 0);
    const growthPct = ((rss[2] - rss[1]) / rss[1]) * 100;
    console.log(
      `load: rps=${fmt(all.length / seconds)} p50_ms=${fmt(percentile(all, 50))} p99_ms=${fmt(percentile(all, 99))} errors=${errors} rss_before_mb=${fmt(rss[0], 0)} rss_round1_mb=${fmt(rss[1], 0)} rss_round2_mb=${fmt(rss[2], 0)} rss_growth_round2_pct=${fmt(growthPct)}`,
    );
    console.log(`load: wall time ${fmt((Date.now() - wallStarted) / 1000)} s`);
    const problems = [
      ...(errors > 0 ? [`${errors} requests failed`] : []),
      ...(growthPct > MAX_RSS_GROWTH_PCT
        ? [
            `the backend's RSS grew ${fmt(growthPct)}% in round 2 (limit ${MAX_RSS_GROWTH_PCT}%)`,
          ]
        : []),
    ];
    for (const problem of problems) process.stderr.write(`load: ${problem}\n`);
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    await stopServer(server);
    clearTimeout(deadline);
  }
}

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const role = arg('role');
// Read before a backend starts: startBackend replaces process.argv with its config's.
const child = { db: arg('db')!, n: Number(arg('n')), out: arg('out')! };
if (role === 'load') {
  load(child.db, child.n).then(
    result => {
      writeFileSync(child.out, JSON.stringify(result));
      process.exit(0);
    },
    error => {
      process.stderr.write(`load failed: ${error}\n`);
      process.exit(1);
    },
  );
} else if (role === 'serve') {
  serve(child.db, child.n, child.out).catch(error => {
    process.stderr.write(`serve failed: ${error}\n`);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(),
    error => {
      process.stderr.write(`load: ${error}\n`);
      stopChildren();
      process.exit(1);
    },
  );
}
