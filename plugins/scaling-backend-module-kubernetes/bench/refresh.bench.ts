/*
 * Benchmark of the Kubernetes module's refresh of 1,000 Kubernetes services (BENCH_SERVICES),
 * against the loopback cluster of the tests (src/__testUtils__/kubernetesApiServer.ts), read by
 * the real Kubernetes backend (@backstage/plugin-kubernetes-backend) through its action.
 *
 * One backend (createBackend, as deployed) holds the real catalog (a file location with one
 * Component per service, annotated backstage.io/kubernetes-id), the Kubernetes backend, the
 * scaling plugin and this module, on in-memory SQLite. Each service is a Deployment of 2 pods
 * with their PodMetrics (every third with an HPA) in one of 20 namespaces.
 *
 * Printed:
 *   - action calls per service per refresh (target 1): the Deployment lists the cluster
 *     received during the refresh, one per action call, over the services;
 *   - the refresh time (the `durationMs` the refresher logs) against a baseline in the same
 *     run: the same action invoked for every service with the same concurrency, straight at the
 *     Kubernetes plugin's action route, without the module (no catalog listing, no reading of
 *     the answer, no store). The ratio is what the module adds.
 * Exits non-zero when a refresh makes more than one action call for a service, or reads fewer
 * services than there are. Times are printed, never asserted.
 *
 * Run: npm run bench (in plugins/scaling-backend-module-kubernetes).
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  LoggerService,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  KubeObject,
  deployment,
  horizontalPodAutoscaler,
  podsFor,
  replicaSetFor,
} from '../src/__fixtures__/cluster';
import { KubernetesApiServer } from '../src/__testUtils__/kubernetesApiServer';
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import kubernetesModule from '../src';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const CONCURRENCY = 4;
const TOKEN = 'bench-token';
const ACTION = 'kubernetes:get-kubernetes-resources-for-entity';
const headers = { Authorization: `Bearer ${TOKEN}` };
const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;

function cluster(): KubeObject[] {
  const objects: KubeObject[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const d = deployment({
      name: name(i),
      namespace: `team-${i % 20}`,
      replicas: 2,
      containers: [
        {
          name: 'app',
          image: `registry.example.com/${name(i)}:1.0.0`,
          resources: {
            requests: { cpu: '500m', memory: '512Mi' },
            limits: { cpu: '1', memory: '1Gi' },
          },
          port: 8080,
        },
      ],
    });
    objects.push(
      d,
      replicaSetFor(d),
      ...podsFor(d, 2, {
        cpu: `${20 + (i % 300)}m`,
        memory: `${100 + (i % 400)}Mi`,
      }),
    );
    if (i % 3 === 0)
      objects.push(
        horizontalPodAutoscaler({
          target: d,
          minReplicas: 2,
          maxReplicas: 6,
          targetCpuUtilization: 70,
          currentReplicas: 2,
          desiredReplicas: 2,
          currentCpuUtilization: 30,
          currentCpuAverage: '150m',
        }),
      );
  }
  return objects;
}

interface LoggedEvent {
  message: string;
  meta: JsonObject;
}

function benchLogger(events: LoggedEvent[]): RootLoggerService {
  const make = (fields: JsonObject): LoggerService => ({
    error: (message, meta) => {
      events.push({ message, meta: { ...fields, ...(meta as JsonObject) } });
      process.stderr.write(
        `error ${message} ${meta instanceof Error ? meta.stack : JSON.stringify(meta ?? '')}\n`,
      );
    },
    warn: () => {},
    info: (message, meta) => {
      events.push({ message, meta: { ...fields, ...(meta as JsonObject) } });
    },
    debug: () => {},
    child: meta => make({ ...fields, ...(meta as JsonObject) }),
  });
  return make({});
}

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms: number,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

async function main() {
  const server = await KubernetesApiServer.start(cluster());
  const dir = mkdtempSync(join(tmpdir(), 'scaling-kubernetes-bench-'));
  writeFileSync(
    join(dir, 'catalog-info.yaml'),
    Array.from({ length: SERVICES }, (_, i) =>
      JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: name(i),
          annotations: { 'backstage.io/kubernetes-id': name(i) },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      }),
    ).join('\n---\n'),
  );
  const port = await freePort();
  const manual = { frequency: { trigger: 'manual' }, timeout: { minutes: 30 } };
  const configFile = join(dir, 'app-config.yaml');
  writeFileSync(
    configFile,
    JSON.stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        auth: {
          externalAccess: [
            { type: 'static', options: { token: TOKEN, subject: 'bench' } },
          ],
        },
        actions: { pluginSources: ['kubernetes'] },
      },
      catalog: {
        rules: [{ allow: ['Component', 'Location'] }],
        locations: [{ type: 'file', target: join(dir, 'catalog-info.yaml') }],
        processingInterval: { days: 365 },
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'bench',
                url: server.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'bench-cluster-token',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
      scaling: {
        scan: { schedule: manual },
        kubernetes: { schedule: manual, concurrency: CONCURRENCY },
      },
    }),
  );
  process.argv = [process.argv[0], process.argv[1], '--config', configFile];
  const events: LoggedEvent[] = [];
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => benchLogger(events),
    }),
  );
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  backend.add(scalingPlugin);
  backend.add(kubernetesModule);
  await backend.start();
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  await until(
    'the catalog to hold every service',
    async () => {
      const res = await fetch(
        `${base}/api/catalog/entities/by-query?limit=1&filter=kind=component`,
        { headers },
      );
      const total = res.ok ? ((await res.json()) as any).totalItems : 0;
      return total >= SERVICES ? total : undefined;
    },
    600_000,
  );
  console.log(
    `${SERVICES} services in the catalog after ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  // Baseline: the action for every service, straight at the Kubernetes plugin.
  const baseline = async () => {
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < SERVICES) {
          const i = next++;
          const res = await fetch(
            `${base}/api/kubernetes/.backstage/actions/v1/actions/${encodeURIComponent(ACTION)}/invoke`,
            {
              method: 'POST',
              headers: { ...headers, 'Content-Type': 'application/json' },
              body: JSON.stringify({ name: name(i) }),
            },
          );
          if (!res.ok)
            throw new Error(`baseline: ${res.status} ${await res.text()}`);
          await res.json();
        }
      }),
    );
    return Date.now() - t0;
  };

  const refresh = async () => {
    const seen = events.length;
    server.reset();
    const triggered = await fetch(
      `${base}/api/scaling/.backstage/scheduler/v1/tasks/scaling-kubernetes-refresh/trigger`,
      { method: 'POST', headers },
    );
    if (!triggered.ok) throw new Error(`trigger: ${triggered.status}`);
    const i = await until(
      'the refresh to finish',
      () => {
        const at = events.findIndex(
          (e, j) => j >= seen && e.message === 'kubernetes refresh finished',
        );
        return at >= 0 ? at : undefined;
      },
      1_800_000,
    );
    await server.whenIdle();
    const calls = server.requests.filter(
      r =>
        r.path === '/apis/apps/v1/deployments' ||
        /^\/apis\/apps\/v1\/namespaces\/[^/]+\/deployments$/.test(r.path),
    ).length;
    return { summary: events[i].meta as any, calls };
  };

  await baseline(); // warm-up: client-node loads lazily
  const before = await baseline();
  const first = await refresh();
  const second = await refresh();
  const after = await baseline();
  const baselineMs = (before + after) / 2;
  let failed = false;
  for (const [label, run] of [
    ['first refresh', first],
    ['second refresh', second],
  ] as const) {
    const perService = run.calls / SERVICES;
    console.log(
      `${label}: ${run.summary.read} of ${run.summary.entities} services read, ${run.summary.failed} failed, ${run.calls} action calls (${perService.toFixed(2)} per service, target 1), ${run.summary.durationMs} ms (${(run.summary.durationMs / SERVICES).toFixed(2)} ms/service), ×${(run.summary.durationMs / baselineMs).toFixed(2)} the baseline`,
    );
    if (perService > 1 || run.summary.read < SERVICES) failed = true;
  }
  console.log(
    `baseline (the action for each service, concurrency ${CONCURRENCY}, no module): ${before} ms before, ${after} ms after (${(baselineMs / SERVICES).toFixed(2)} ms/service)`,
  );
  await backend.stop();
  await server.close();
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
