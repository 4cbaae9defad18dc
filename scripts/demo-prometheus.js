/*
 * Demo metrics for `npm start`: when `prometheus` and `promtool` are on the PATH, a throwaway
 * Prometheus on a free loopback port, serving backfilled series for a few services of the
 * example org (examples/components.yaml), and an app-config fragment pointing
 * scaling.metrics.prometheus at it. Used by scripts/start-backend.js; opt out with
 * SCALING_DEMO_PROMETHEUS=off.
 *
 * The series run from two hours ago to a day ahead: Prometheus answers instant queries from the
 * latest sample at most 5 minutes old, so samples written only up to "now" would vanish from
 * the demo after 5 minutes. Samples in the future stay invisible until their time comes, which
 * keeps the demo live for a day with the module's default queries unchanged.
 */
const { execFile, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('./dev-ports');

const PAST_SECONDS = 2 * 3600;
const FUTURE_SECONDS = 24 * 3600;
const STEP_SECONDS = 60;

/**
 * What the demo Prometheus measures. Entities found by name carry `service="<name>"`;
 * event-collector is found through its `scaling.io/prometheus-selector: job="event-collector"`.
 */
const DEMO = [
  // close to their annotations
  { labels: { service: 'checkout' }, users: 84500, uptime: 0.9997, rps: 950 },
  { labels: { service: 'orders-api' }, users: 26800, uptime: 0.9993, rps: 310 },
  { labels: { service: 'cart' }, users: 19200, uptime: 0.9992, rps: 240 },
  // annotation says 3,200 users: more than 2× off → declared-users-stale
  { labels: { service: 'catalog-api' }, users: 7400, uptime: 0.998, rps: 120 },
  // SLA 99.9%, measured 99.82% → sla-breach
  {
    labels: { service: 'notifications' },
    users: 12600,
    uptime: 0.9982,
    rps: 85,
  },
  // two instances behind the selector; the default queries sum them
  {
    labels: { job: 'event-collector', instance: '10.0.0.11:8080' },
    users: 5900,
    uptime: 0.9985,
    rps: 900,
  },
  {
    labels: { job: 'event-collector', instance: '10.0.0.12:8080' },
    users: 5900,
    uptime: 0.9985,
    rps: 880,
  },
];

function findOnPath(binary) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function labelText(labels) {
  return Object.entries(labels)
    .map(
      ([k, v]) =>
        `${k}="${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
    )
    .join(',');
}

/** The demo series as OpenMetrics, from `from` to `to` (unix seconds). */
function demoOpenMetrics(from, to) {
  const start = Math.floor(from / STEP_SECONDS) * STEP_SECONDS;
  const lines = [];
  const family = (name, type, sampleName, valueAt) => {
    lines.push(`# TYPE ${name} ${type}`);
    for (const series of DEMO) {
      const labels = labelText(series.labels);
      for (let t = start; t <= to; t += STEP_SECONDS) {
        lines.push(`${sampleName}{${labels}} ${valueAt(series, t)} ${t}`);
      }
    }
  };
  // users follow a gentle daily curve (±4%) around the figure above
  family('scaling_active_users', 'gauge', 'scaling_active_users', (s, t) =>
    Math.round(
      s.users * (1 + 0.04 * Math.sin((2 * Math.PI * (t % 86400)) / 86400)),
    ),
  );
  family(
    'scaling_uptime_ratio',
    'gauge',
    'scaling_uptime_ratio',
    s => s.uptime,
  );
  family(
    'http_requests',
    'counter',
    'http_requests_total',
    (s, t) => s.rps * (t - start),
  );
  lines.push('# EOF', '');
  return lines.join('\n');
}

async function waitUntilReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (
    Date.now() < deadline &&
    child.exitCode === null &&
    child.signalCode === null
  ) {
    try {
      const res = await fetch(`${url}/-/ready`, {
        signal: AbortSignal.timeout(1000),
      });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 200));
  }
  return false;
}

/**
 * Starts the demo Prometheus. Resolves to `{ url, configFile, stop }`, or `undefined` (after
 * saying why) when there is no Prometheus to start; never rejects.
 */
async function startDemoPrometheus(log = console.log) {
  const setting = (process.env.SCALING_DEMO_PROMETHEUS || '').toLowerCase();
  if (['off', 'false', '0', 'no'].includes(setting)) {
    log(
      'demo Prometheus off (SCALING_DEMO_PROMETHEUS): running on annotations alone',
    );
    return undefined;
  }
  const prometheus = findOnPath('prometheus');
  const promtool = findOnPath('promtool');
  if (!prometheus || !promtool) {
    log(
      'prometheus not found on PATH: running on annotations alone ' +
        '(for demo metrics: apt-get install -y prometheus)',
    );
    return undefined;
  }

  const dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'scaling-demo-prometheus-'),
  );
  const cleanUp = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const now = Math.floor(Date.now() / 1000);
    const data = path.join(dir, 'demo.om');
    const tsdb = path.join(dir, 'tsdb');
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(
      data,
      demoOpenMetrics(now - PAST_SECONDS, now + FUTURE_SECONDS),
    );
    fs.writeFileSync(
      config,
      '# demo: no scraping, only backfilled series\nscrape_configs: []\n',
    );
    await new Promise((resolve, reject) =>
      execFile(
        promtool,
        ['tsdb', 'create-blocks-from', 'openmetrics', data, tsdb],
        { maxBuffer: 16 * 1024 * 1024 },
        (error, _stdout, stderr) =>
          error ? reject(new Error(stderr || error.message)) : resolve(),
      ),
    );

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = fs.openSync(path.join(dir, 'prometheus.log'), 'a');
    const child = spawn(
      prometheus,
      [
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${tsdb}`,
        `--config.file=${config}`,
        '--storage.tsdb.retention.time=30d',
        '--log.level=warn',
      ],
      { stdio: ['ignore', logFile, logFile] },
    );
    fs.closeSync(logFile);
    const stop = () => {
      if (child.exitCode === null && child.signalCode === null)
        child.kill('SIGTERM');
      cleanUp();
    };
    if (!(await waitUntilReady(url, child, 20_000))) {
      const output = fs
        .readFileSync(path.join(dir, 'prometheus.log'), 'utf8')
        .slice(-1000);
      stop();
      log(
        `demo Prometheus did not start: running on annotations alone\n${output}`,
      );
      return undefined;
    }

    const configFile = path.join(dir, 'app-config.demo-prometheus.yaml');
    fs.writeFileSync(
      configFile,
      `# Written by scripts/demo-prometheus.js: the demo Prometheus (removed on exit).\n` +
        `scaling:\n  metrics:\n    prometheus:\n      baseUrl: ${url}\n`,
    );
    log(
      `demo Prometheus on ${url} (pid ${child.pid}) with backfilled metrics for ` +
        `${new Set(DEMO.map(s => s.labels.service || s.labels.job)).size} example services`,
    );
    return { url, configFile, stop };
  } catch (error) {
    cleanUp();
    log(
      `demo Prometheus could not start (${error.message.trim()}): running on annotations alone`,
    );
    return undefined;
  }
}

module.exports = { startDemoPrometheus, demoOpenMetrics };
