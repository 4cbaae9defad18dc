import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The module is tested inside the real backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import {
  Assessment,
  OverviewResponse,
  signalFix,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import http from 'node:http';
import net from 'node:net';
import request from 'supertest';
import scalingModulePrometheus from './index';
import { PrometheusTestServer } from './__testUtils__/prometheus';
import { describeWithPrometheus } from './__testUtils__/describeWithPrometheus';
import { testSeries } from './__testUtils__/series';

const USER = `Bearer ${mockCredentials.user.token()}`;
const TIMEOUT_MS = 1000;
/** The README's promise on top of the provider's timeout: within `timeout` + at most 500 ms. */
const SLACK_MS = 500;

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team',
    },
  };
}

const ENTITIES: Entity[] = [
  // Prometheus: 25,000 users (the annotation is stale), 99.9% uptime (below the SLA)
  component('checkout', {
    'scaling.io/platform': 'eks',
    'scaling.io/active-users': '9000',
    'scaling.io/uptime-sla': '99.95',
  }),
  // Prometheus: 18,900 users, within 2× of the annotation
  component('cart', {
    'scaling.io/platform': 'ecs-fargate',
    'scaling.io/active-users': '12000',
    'scaling.io/uptime-sla': '90',
  }),
  // no series at all
  component('legacy', {
    'scaling.io/platform': 'vps',
    'scaling.io/active-users': '4000',
  }),
  // found through its selector: 12,500 users
  component('event-collector', {
    'scaling.io/platform': 'cloud-run',
    'scaling.io/active-users': '9000',
    'scaling.io/prometheus-selector': 'job="event-collector"',
  }),
];

/** The plugin's scheduled org scan stays out of the way: the tests count queries. */
const NO_SCAN = {
  schedule: {
    frequency: { hours: 24 },
    timeout: { minutes: 5 },
    initialDelay: { hours: 24 },
  },
};

// The backend's default database service leaves SQLite open at shutdown, which keeps Jest's
// worker alive; these are closed after the tests.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function startBackend(prometheus?: JsonObject) {
  const { server } = await startTestBackend({
    features: [
      scalingPlugin,
      mockServices.database.factory({ knex: await databases.init('SQLITE_3') }),
      scalingModulePrometheus,
      catalogServiceMock.factory({ entities: ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          scaling: {
            scan: NO_SCAN,
            ...(prometheus ? { metrics: { prometheus } } : {}),
          },
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return server;
}

type Server = Awaited<ReturnType<typeof startBackend>>;

async function assess(server: Server, name: string) {
  const started = Date.now();
  const res = await request(server)
    .get(`/api/scaling/assessments/component/default/${name}`)
    .set('Authorization', USER);
  expect(res.status).toBe(200);
  return { body: res.body as Assessment, ms: Date.now() - started };
}

const ids = (a: Assessment) => a.findings.map(f => f.id);

describeWithPrometheus(
  'the module in a backend, against a real Prometheus',
  () => {
    let prometheus: PrometheusTestServer;
    let server: Server;
    beforeAll(async () => {
      prometheus = await PrometheusTestServer.start(testSeries());
      server = await startBackend({
        baseUrl: prometheus.url,
        timeout: `${TIMEOUT_MS}ms`,
      });
    }, 60_000);
    afterAll(async () => {
      await prometheus?.stop();
    });

    /** How many instant queries Prometheus has answered, from its own /metrics. */
    async function queriesServed(): Promise<number> {
      const text = await (await fetch(`${prometheus.url}/metrics`)).text();
      return text
        .split('\n')
        .filter(
          l =>
            l.startsWith('prometheus_http_requests_total{') &&
            l.includes('handler="/api/v1/query"'),
        )
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    }

    it('GET /assessments: 25,000 users from metric:prometheus, over a stale annotation', async () => {
      const { body } = await assess(server, 'checkout');
      expect(body.signals.activeUsers).toMatchObject({
        value: 25000,
        source: 'metric:prometheus',
      });
      expect(body.signals.measuredUptime.value).toBeCloseTo(99.9, 6);
      expect(body.signals.measuredUptime.source).toBe('metric:prometheus');
      expect(ids(body)).toEqual(
        expect.arrayContaining(['declared-users-stale', 'sla-breach']),
      );
      expect(ids(body)).not.toContain('metrics-unavailable');
      expect(
        body.findings.find(f => f.id === 'declared-users-stale')!.message,
      ).toContain('declares 9,000 users but prometheus measures 25,000');
      expect(body.findings.find(f => f.id === 'sla-breach')).toMatchObject({
        severity: 'critical',
      });
    });

    it('takes the measured value within 2× of the annotation without a finding', async () => {
      const { body } = await assess(server, 'cart');
      expect(body.signals.activeUsers).toMatchObject({
        value: 18900,
        source: 'metric:prometheus',
      });
      expect(ids(body)).not.toContain('declared-users-stale');
      expect(ids(body)).not.toContain('sla-breach'); // 95% measured, 90% SLA
    });

    it('leaves a signal without series to the annotation', async () => {
      const { body } = await assess(server, 'legacy');
      expect(body.signals.activeUsers).toMatchObject({
        value: 4000,
        source: 'annotation',
      });
      expect(body.signals.measuredUptime.value).toBeNull();
      expect(ids(body)).not.toContain('metrics-unavailable');
    });

    it('GET /overview: the whole catalog in one batch, one query per metric and selector', async () => {
      const before = await queriesServed();
      const res = await request(server)
        .get('/api/scaling/overview')
        .set('Authorization', USER);
      expect(res.status).toBe(200);
      const users = Object.fromEntries(
        (res.body as OverviewResponse).items.map(i => [i.name, i.activeUsers]),
      );
      expect(users).toEqual({
        checkout: 25000,
        cart: 18900,
        legacy: 4000,
        'event-collector': 12500,
      });
      // 3 metrics × (entities without a selector + event-collector's selector)
      expect((await queriesServed()) - before).toBe(6);
    });

    // Last: it stops the server.
    it('with Prometheus stopped, answers within the timeout from annotations, with metrics-unavailable', async () => {
      await prometheus.stop();
      const { body, ms } = await assess(server, 'checkout');
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(body.signals.activeUsers).toMatchObject({
        value: 9000,
        source: 'annotation',
      });
      const unavailable = body.findings.filter(
        f => f.id === 'metrics-unavailable',
      );
      expect(unavailable).toHaveLength(1);
      expect(unavailable[0].message).toMatch(
        /^Metrics provider prometheus is unavailable \(.*ECONNREFUSED/,
      );
      expect(ids(body)).not.toContain('declared-users-stale');
    });
  },
);

describe('the module in a backend, when Prometheus misbehaves', () => {
  const sockets = new Set<net.Socket>();
  const servers: Array<net.Server> = [];
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map(s => new Promise(r => s.close(r))));
  });

  async function listen(server: net.Server): Promise<string> {
    servers.push(server);
    server.on('connection', s => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  }

  it('a listener that accepts connections and never answers: the timeout holds, other requests go on', async () => {
    const baseUrl = await listen(net.createServer(() => {}));
    const server = await startBackend({
      baseUrl,
      timeout: { milliseconds: TIMEOUT_MS },
    });

    const assessment = assess(server, 'checkout');
    const overview = request(server)
      .get('/api/scaling/overview')
      .set('Authorization', USER);
    await new Promise(r => setTimeout(r, 100));
    const started = Date.now();
    const simulated = await request(server)
      .post('/api/scaling/simulate')
      .set('Authorization', USER)
      .send({ annotations: { 'scaling.io/active-users': '25000' } });
    const simulateMs = Date.now() - started;
    expect(simulated.status).toBe(200);
    expect(simulated.body.recommendedTier).toBe('managed-cloud');
    // not held up behind the hanging Prometheus
    expect(simulateMs).toBeLessThan(TIMEOUT_MS / 2);

    const { body, ms } = await assessment;
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(
      body.findings.find(f => f.id === 'metrics-unavailable')?.message,
    ).toBe(
      `Metrics provider prometheus is unavailable (timed out after ${TIMEOUT_MS} ms); the assessment uses annotations only.`,
    );
    expect(body.signals.activeUsers).toMatchObject({
      value: 9000,
      source: 'annotation',
    });

    const scan = await overview;
    expect(scan.status).toBe(200);
    for (const item of (scan.body as OverviewResponse).items) {
      expect(item.findings.map(f => f.id)).toContain('metrics-unavailable');
    }
  });

  it('an erroring Prometheus: metrics-unavailable with its error', async () => {
    const baseUrl = await listen(
      http.createServer((_req, res) => {
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'error',
            errorType: 'unavailable',
            error: 'TSDB not ready',
          }),
        );
      }),
    );
    const server = await startBackend({ baseUrl, timeout: '1s' });
    const { body, ms } = await assess(server, 'checkout');
    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(
      body.findings.find(f => f.id === 'metrics-unavailable')?.message,
    ).toContain('query failed: HTTP 503 unavailable: TSDB not ready');
    expect(body.signals.activeUsers).toMatchObject({
      value: 9000,
      source: 'annotation',
    });
  });

  it('not configured: the module stays off and the plugin runs on annotations', async () => {
    const server = await startBackend();
    const { body } = await assess(server, 'checkout');
    expect(body.signals.activeUsers).toMatchObject({
      value: 9000,
      source: 'annotation',
    });
    expect(ids(body)).not.toContain('metrics-unavailable');

    // The overview knows the module is installed and which key it waits for, so "What's
    // missing" names the key rather than asking to install the module.
    const overview = await request(server)
      .get('/api/scaling/overview')
      .set('Authorization', USER);
    expect(overview.status).toBe(200);
    const { coverage } = overview.body as OverviewResponse;
    expect(coverage.providers).toEqual([
      {
        id: 'prometheus',
        kind: 'metrics',
        configured: false,
        configKey: 'scaling.metrics.prometheus.baseUrl',
      },
    ]);
    expect(signalFix('activeUsers', coverage.providers)).toBe(
      'The prometheus metrics provider is installed but not configured: set scaling.metrics.prometheus.baseUrl in app-config, or set scaling.io/active-users.',
    );
  });

  it('configured: the overview lists it as a configured provider', async () => {
    const server = await startBackend({ baseUrl: 'http://127.0.0.1:9' });
    const overview = await request(server)
      .get('/api/scaling/overview')
      .set('Authorization', USER);
    expect((overview.body as OverviewResponse).coverage.providers).toEqual([
      { id: 'prometheus', kind: 'metrics', configured: true },
    ]);
  });
});
