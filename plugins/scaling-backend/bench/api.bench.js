#!/usr/bin/env node
/*
 * Benchmark of the REST API on the development backend (SQLite, example org):
 * 1,000 sequential GET /api/scaling/assessments/... for one entity, interleaved with the
 * catalog's own GET /api/catalog/entities/by-name/... for the same entity, as p50/p95;
 * then GET /api/scaling/overview. Target: assessment p50 ≤ 2× the catalog call.
 *
 * Run: npm run bench (repo root) or node plugins/scaling-backend/bench/api.bench.js
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const PORT = 7007;
const BASE = `http://localhost:${PORT}`;
const HEADERS = { Authorization: 'Bearer scaling-dev-token' };
const ENTITY = ['component', 'default', 'orders-api'];
const N = Number(process.env.BENCH_REQUESTS || 1000);

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

async function main() {
  const backend = spawn('node', [path.join(root, 'scripts/start-backend.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
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
      async () => (await fetch(catalogUrl, { headers: HEADERS })).ok,
      'the example org in the catalog',
    );

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

    const row = (label, s) =>
      `| ${label.padEnd(44)} | ${percentile(s, 50).toFixed(2).padStart(7)} | ${percentile(s, 95).toFixed(2).padStart(7)} |`;
    console.log(
      `REST API on the dev backend (SQLite, example org), ${N} sequential requests each`,
    );
    console.log(`| ${'request'.padEnd(44)} |  p50 ms |  p95 ms |`);
    console.log(`|${'-'.repeat(46)}|---------|---------|`);
    console.log(
      row(`GET /api/catalog/entities/by-name/${ENTITY.join('/')}`, catalog),
    );
    console.log(
      row(`GET /api/scaling/assessments/${ENTITY.join('/')}`, scaling),
    );
    console.log(row('GET /api/scaling/overview (100 requests)', overview));
    const ratio = percentile(scaling, 50) / percentile(catalog, 50);
    console.log(
      `assessment_vs_catalog_p50=${ratio.toFixed(2)} target<=2.00 ${ratio <= 2 ? 'PASS' : 'ABOVE TARGET'}`,
    );
  } finally {
    stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
