/*
 * Metrics for 1,000 entities in one provider call against a real Prometheus: wall time and
 * HTTP requests made, next to a single-entity call in the same run (and, for scale, what asking
 * entity by entity would cost).
 *
 *   npm --workspace plugins/scaling-backend-module-prometheus run bench
 *   (node -r @backstage/cli/config/nodeTransform.cjs bench/prometheus.bench.ts [entities])
 *
 * Needs `prometheus` and `promtool` on the PATH (apt-get install -y prometheus).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { performance } from 'node:perf_hooks';
import { PrometheusMetricsProvider } from '../src/PrometheusMetricsProvider';
import {
  INSTALL_HINT,
  MetricFamily,
  PrometheusTestServer,
  findPrometheus,
  toOpenMetrics,
} from '../src/__testUtils__/prometheus';
import { metricsEntity } from '../src/__testUtils__/series';

const COUNT = Number(process.argv[2] ?? 1000);
const RUNS = 5;

const names = Array.from(
  { length: COUNT },
  (_, i) => `svc-${String(i).padStart(4, '0')}`,
);
const usersOf = (i: number) => 100 + i * 37;

function families(): MetricFamily[] {
  return [
    {
      name: 'scaling_active_users',
      type: 'gauge',
      series: names.map((service, i) => ({
        labels: { service },
        value: usersOf(i),
      })),
    },
    {
      name: 'scaling_uptime_ratio',
      type: 'gauge',
      series: names.map(service => ({ labels: { service }, value: 0.9995 })),
    },
    {
      name: 'http_requests',
      type: 'counter',
      series: names.map((service, i) => ({
        labels: { service },
        value: t => (i + 1) * (t - 1_600_000_000),
      })),
    },
  ];
}

/** Warnings and errors to the console; nothing else. */
const logger: LoggerService = {
  error: (message, meta) => console.error(message, meta ?? ''),
  warn: (message, meta) => console.warn(message, meta ?? ''),
  info: () => {},
  debug: () => {},
  child: () => logger,
};

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  if (!findPrometheus()) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  const now = Math.floor(Date.now() / 1000);
  let t0 = performance.now();
  const prometheus = await PrometheusTestServer.start(
    toOpenMetrics(families(), {
      from: now - 900,
      to: now + 900,
      stepSeconds: 30,
    }),
  );
  console.log(
    `prometheus ${prometheus.url}: ${COUNT} entities × 3 metrics backfilled and ready in ${(
      performance.now() - t0
    ).toFixed(0)} ms`,
  );

  try {
    let requests = 0;
    const provider = new PrometheusMetricsProvider({
      baseUrl: prometheus.url,
      timeoutMs: 30_000,
      logger,
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    const entities = names.map(name => metricsEntity(name));
    const call = async (batch: typeof entities) => {
      requests = 0;
      const start = performance.now();
      const result = await provider.getMetrics(batch, {
        signal: new AbortController().signal,
      });
      return { ms: performance.now() - start, requests, result };
    };

    await call(entities.slice(0, 1)); // warm-up: connection, Prometheus caches

    const single = [];
    for (let i = 0; i < RUNS; i++) single.push(await call([entities[i * 7]]));
    const batch = [];
    for (let i = 0; i < RUNS; i++) batch.push(await call(entities));

    const last = batch[batch.length - 1].result;
    const wrong = names.filter((n, i) => {
      const m = last.get(`component:default/${n}`);
      return (
        m?.activeUsers !== usersOf(i) ||
        m.measuredUptime !== 99.95 ||
        Math.abs((m.requestsPerSecond ?? 0) - (i + 1)) > 0.01
      );
    });
    if (last.size !== COUNT || wrong.length) {
      throw new Error(
        `wrong answer: ${last.size} entities, ${wrong.length} wrong (${wrong.slice(0, 5)})`,
      );
    }

    // Where the time goes: each of the batch's queries alone, answered by Prometheus.
    const perQuery: string[] = [];
    // The provider's own plan (private: not API), reached the way TypeScript allows for tools.
    // eslint-disable-next-line dot-notation
    for (const q of provider['plan'](entities)) {
      const start = performance.now();
      const res = await fetch(`${prometheus.url}/api/v1/query`, {
        method: 'POST',
        body: new URLSearchParams({ query: q.promql }),
      });
      const body = await res.text();
      perQuery.push(
        `${q.metric} ${(performance.now() - start).toFixed(1)} ms (${q.promql.length} chars, ${(
          body.length / 1024
        ).toFixed(0)} KiB back)`,
      );
    }

    // For scale: the same entities asked one by one (16 at a time).
    requests = 0;
    t0 = performance.now();
    let counted = 0;
    for (let i = 0; i < entities.length; i += 16) {
      await Promise.all(
        entities.slice(i, i + 16).map(async e => {
          await provider.getMetrics([e], {
            signal: new AbortController().signal,
          });
        }),
      );
    }
    counted = requests;
    const oneByOneMs = performance.now() - t0;

    const fmt = (xs: Array<{ ms: number }>) =>
      `median ${median(xs.map(x => x.ms)).toFixed(1)} ms (runs: ${xs.map(x => x.ms.toFixed(1)).join(', ')})`;
    console.log('');
    console.log(
      `1 entity, one getMetrics call:        ${single[0].requests} HTTP requests, ${fmt(single)}`,
    );
    console.log(
      `${COUNT} entities, one getMetrics call: ${batch[0].requests} HTTP requests, ${fmt(batch)}`,
    );
    console.log(
      `${COUNT} entities, one call each (16 in flight): ${counted} HTTP requests, ${oneByOneMs.toFixed(0)} ms`,
    );
    console.log(`  each batch query alone: ${perQuery.join('; ')}`);
    console.log(
      `all ${COUNT} values checked (activeUsers, measuredUptime, requestsPerSecond present)`,
    );
  } finally {
    await prometheus.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
