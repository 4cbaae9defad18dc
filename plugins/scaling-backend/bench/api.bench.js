#!/usr/bin/env node
/*
 * Benchmark of the REST API on the development backend (scripts/start-backend.js: SQLite, the
 * example org, the repository module on the demo GitHub): 1,000 sequential
 * GET /api/scaling/assessments/... for one entity, interleaved with the catalog's own
 * GET /api/catalog/entities/by-name/... for the same entity, as p50/p95; then
 * GET /api/scaling/overview. Target: assessment p50 ≤ 2× the catalog call, with no metrics
 * provider. Interleaving the two keeps their ratio meaningful on a loaded machine.
 *
 * Two passes, each on a backend of its own:
 *   1. without a metrics provider (SCALING_DEMO_PROMETHEUS=off): the target's figure,
 *      `assessment_vs_catalog_p50=`;
 *   2. with the demo Prometheus (scripts/demo-prometheus.js), when `prometheus` and `promtool`
 *      are on the PATH: the same ratio, and the provider's share of it (the difference of the
 *      two ratios, in catalog calls and in ms). BENCH_METRICS=off skips this pass.
 *
 * The figures are also written to <tmpdir>/scaling-bench-api.json (BENCH_API_RESULT overrides
 * the path), from which scan.bench.ts, run next by `npm run bench`, repeats
 * `assessment_vs_catalog_p50=` on its last line.
 *
 * Run: npm run bench (in plugins/scaling-backend) or node plugins/scaling-backend/bench/api.bench.js;
 * BENCH_REQUESTS=<n> changes the 1,000.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const PORT = 7007;
const BASE = `http://localhost:${PORT}`;
const HEADERS = { Authorization: 'Bearer scaling-dev-token' };
const ENTITY = ['component', 'default', 'orders-api'];
const N = Number(process.env.BENCH_REQUESTS || 1000);
const RESULT_FILE =
  process.env.BENCH_API_RESULT ||
  path.join(os.tmpdir(), 'scaling-bench-api.json');

async function get(url) {
  const started = process.hrtime.bigint();
  const res = await fetch(url, { headers: HEADERS });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function waitFor(fn, what, timeoutMs = 180000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

function portIsFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port, '0.0.0.0');
  });
}

function onPath(binary) {
  return (process.env.PATH || '').split(path.delimiter).some(dir => {
    try {
      fs.accessSync(path.join(dir, binary), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * One backend, measured: the catalog call and the assessment interleaved, then the overview.
 * `metrics` says whether the demo Prometheus runs beside it.
 */
async function measure(metrics) {
  await waitFor(() => portIsFree(PORT), `port ${PORT} to be free`, 60000);
  const backend = spawn('node', [path.join(root, 'scripts/start-backend.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      SCALING_DEMO_PROMETHEUS: metrics ? 'on' : 'off',
    },
  });
  const exited = new Promise(resolve => backend.once('exit', resolve));
  const stop = () => {
    try {
      process.kill(-backend.pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  try {
    const [kind, namespace, name] = ENTITY;
    const catalogUrl = `${BASE}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
    const scalingUrl = `${BASE}/api/scaling/assessments/${kind}/${namespace}/${name}`;
    await waitFor(
      async () =>
        (await fetch(catalogUrl, { headers: HEADERS })).ok &&
        (await fetch(scalingUrl, { headers: HEADERS })).ok,
      'the example org in the catalog',
    );
    // Whether the pass measures what it says: a signal taken from Prometheus names it.
    const body = await (await fetch(scalingUrl, { headers: HEADERS })).text();
    const measured = body.includes('"metric:prometheus"');
    if (measured !== metrics) {
      throw new Error(
        metrics
          ? 'the demo Prometheus is not answering the assessment'
          : 'a metrics provider answered although the demo Prometheus is off',
      );
    }

    for (let i = 0; i < 50; i++) {
      await get(catalogUrl);
      await get(scalingUrl);
    }
    const catalog = [];
    const scaling = [];
    for (let i = 0; i < N; i++) {
      catalog.push(await get(catalogUrl));
      scaling.push(await get(scalingUrl));
    }
    const overview = [];
    for (let i = 0; i < 100; i++)
      overview.push(await get(`${BASE}/api/scaling/overview`));
    return { catalog, scaling, overview };
  } finally {
    stop();
    await exited;
    process.off('exit', stop);
  }
}

function printTable(title, { catalog, scaling, overview }) {
  const row = (label, s) =>
    `| ${label.padEnd(62)} | ${percentile(s, 50).toFixed(2).padStart(7)} | ${percentile(s, 95).toFixed(2).padStart(7)} |`;
  console.log(`\n${title}, ${N} sequential requests each`);
  console.log(`| ${'request'.padEnd(62)} |  p50 ms |  p95 ms |`);
  console.log(`|${'-'.repeat(64)}|---------|---------|`);
  console.log(
    row(`GET /api/catalog/entities/by-name/${ENTITY.join('/')}`, catalog),
  );
  console.log(row(`GET /api/scaling/assessments/${ENTITY.join('/')}`, scaling));
  console.log(row('GET /api/scaling/overview (100 requests)', overview));
}

const ratioOf = ({ catalog, scaling }) =>
  percentile(scaling, 50) / percentile(catalog, 50);

async function main() {
  const withMetrics =
    (process.env.BENCH_METRICS || '').toLowerCase() !== 'off' &&
    onPath('prometheus') &&
    onPath('promtool');

  const bare = await measure(false);
  printTable(
    'REST API on the dev backend (SQLite, example org), no metrics provider',
    bare,
  );
  const ratio = ratioOf(bare);
  const result = {
    assessmentVsCatalogP50: Number(ratio.toFixed(2)),
    catalogP50Ms: percentile(bare.catalog, 50),
    assessmentP50Ms: percentile(bare.scaling, 50),
    writtenAt: new Date().toISOString(),
  };

  let providerLine;
  if (withMetrics) {
    const prom = await measure(true);
    printTable('The same with the demo Prometheus as metrics provider', prom);
    const promRatio = ratioOf(prom);
    // The catalog call is the yardstick of each pass, so the provider's share is the difference
    // of the two ratios, whatever the machine's load did between the passes.
    const share = promRatio - ratio;
    const shareMs = share * percentile(prom.catalog, 50);
    result.withMetrics = {
      assessmentVsCatalogP50: Number(promRatio.toFixed(2)),
      providerShareVsCatalogP50: Number(share.toFixed(2)),
      providerShareMs: Number(shareMs.toFixed(2)),
    };
    providerLine = `with the demo Prometheus: assessment_vs_catalog_p50=${promRatio.toFixed(2)}, of which the metrics provider ${share.toFixed(2)} catalog calls (~${shareMs.toFixed(1)} ms)`;
  } else {
    providerLine =
      'with a metrics provider: not measured (BENCH_METRICS=off, or no prometheus/promtool on the PATH)';
  }
  fs.writeFileSync(RESULT_FILE, JSON.stringify(result, null, 2));
  console.log(`\n${providerLine}`);
  console.log(
    `assessment_vs_catalog_p50=${ratio.toFixed(2)} target<=2.00 ${ratio <= 2 ? 'PASS' : 'ABOVE TARGET'} (no metrics provider)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
