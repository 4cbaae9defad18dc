import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { PrometheusMetricsProvider } from './PrometheusMetricsProvider';
import { PrometheusTestServer } from './__testUtils__/prometheus';
import { describeWithPrometheus } from './__testUtils__/describeWithPrometheus';
import {
  RPS,
  metricsEntity as entity,
  testSeries,
} from './__testUtils__/series';

/** `fetch` that records what the provider sends. */
function recordingFetch() {
  const requests: Array<{ url: string; query: string; headers: Headers }> = [];
  const wrapped: typeof fetch = async (input, init) => {
    requests.push({
      url: String(input),
      query: new URLSearchParams(String(init?.body ?? '')).get('query') ?? '',
      headers: new Headers(init?.headers),
    });
    return fetch(input, init);
  };
  return { fetch: wrapped, requests };
}

const OFF = { measuredUptime: false, requestsPerSecond: false };

// What the configuration holds and how it is checked: config.test.ts.
describe('PrometheusMetricsProvider.fromConfig', () => {
  const logger = mockServices.logger.mock();
  const read = (prometheus: object | undefined) =>
    PrometheusMetricsProvider.fromConfig(
      new ConfigReader(
        prometheus ? { scaling: { metrics: { prometheus } } } : {},
      ),
      { logger },
    );

  it('is off without scaling.metrics.prometheus', () => {
    expect(read(undefined)).toBeUndefined();
  });

  it('takes its settings from the config', () => {
    const provider = read({ baseUrl: 'http://p:9090/', timeout: '1.5s' })!;
    expect(provider.id).toBe('prometheus');
    expect(provider.baseUrl).toBe('http://p:9090');
    expect(provider.timeoutMs).toBe(1500);
    expect(String(provider)).toBe('Prometheus at http://p:9090');
    expect(read({ baseUrl: 'http://p:9090' })!.timeoutMs).toBe(3000);
  });

  it('rejects configuration it cannot use, naming the key', () => {
    expect(() => read({})).toThrow(/baseUrl/);
    expect(() => read({ baseUrl: 'http://u:p@p:9090' })).toThrow(
      /auth\.username/,
    );
    expect(() =>
      read({ baseUrl: 'http://p', auth: { token: 't', username: 'u' } }),
    ).toThrow(/not both/);
    expect(() =>
      read({ baseUrl: 'http://p', labels: { name: 'bad-label' } }),
    ).toThrow(/labels\.name/);
  });

  it('checks options given in code the same way', () => {
    expect(
      () =>
        new PrometheusMetricsProvider({ baseUrl: 'prometheus:9090', logger }),
    ).toThrow(/baseUrl must be http/);
    expect(
      () =>
        new PrometheusMetricsProvider({
          baseUrl: 'http://p',
          timeoutMs: -1,
          logger,
        }),
    ).toThrow(/timeout must be a positive duration/);
  });
});

describeWithPrometheus(
  'PrometheusMetricsProvider against a real Prometheus',
  () => {
    let prometheus: PrometheusTestServer;
    beforeAll(async () => {
      prometheus = await PrometheusTestServer.start(testSeries());
    }, 60_000);
    afterAll(async () => {
      await prometheus?.stop();
    });

    function provider(config: Record<string, unknown> = {}) {
      const recorder = recordingFetch();
      const logger = mockServices.logger.mock();
      const p = PrometheusMetricsProvider.fromConfig(
        new ConfigReader({
          scaling: {
            metrics: { prometheus: { baseUrl: prometheus.url, ...config } },
          },
        }),
        { logger, fetch: recorder.fetch },
      )!;
      const get = (...entities: ReturnType<typeof entity>[]) =>
        p.getMetrics(entities, { signal: new AbortController().signal });
      return { provider: p, get, requests: recorder.requests, logger };
    }

    it('answers for a batch of entities with one query per metric', async () => {
      const { get, requests } = provider();
      const metrics = await get(
        entity('checkout'),
        entity('cart'),
        entity('search.v2'),
        entity('no-series-at-all'),
      );
      expect(requests).toHaveLength(3);
      expect(
        requests.every(r => r.url === `${prometheus.url}/api/v1/query`),
      ).toBe(true);
      expect(requests[0].query).toBe(
        String.raw`sum by (service) (scaling_active_users{ service=~"cart|checkout|no-series-at-all|search\\.v2" })`,
      );

      expect(metrics.get('component:default/checkout')).toEqual({
        activeUsers: 25000,
        measuredUptime: expect.closeTo(99.9, 6),
        requestsPerSecond: expect.closeTo(RPS.checkout, 6),
      });
      // cart exists in two namespaces; the default query sums over them
      expect(metrics.get('component:default/cart')).toEqual({
        activeUsers: 18900,
        measuredUptime: expect.closeTo(95, 6),
        requestsPerSecond: expect.closeTo(RPS.cart, 6),
      });
      // the dot is escaped: searchXv2 does not count
      expect(metrics.get('component:default/search.v2')).toEqual({
        activeUsers: 5000,
      });
      // no series: no value, the annotation decides
      expect(metrics.has('component:default/no-series-at-all')).toBe(false);
    });

    it('{{namespace}}: tells same-named entities of different namespaces apart', async () => {
      const { get, requests } = provider({
        queries: {
          ...OFF,
          activeUsers:
            'sum by (service, namespace) (scaling_active_users{service="{{name}}", namespace="{{namespace}}"})',
        },
      });
      const metrics = await get(
        entity('cart'),
        entity('cart', { namespace: 'staging' }),
        entity('checkout'),
      );
      expect(requests).toHaveLength(1);
      expect(requests[0].query).toBe(
        'sum by (service, namespace) (scaling_active_users{service=~"cart|checkout", namespace=~"default|staging"})',
      );
      expect(Object.fromEntries(metrics)).toEqual({
        'component:default/cart': { activeUsers: 18000 },
        'component:staging/cart': { activeUsers: 900 },
        'component:default/checkout': { activeUsers: 25000 },
      });
    });

    it('{{kind}}: tells same-named entities of different kinds apart (kinds in lower case)', async () => {
      const { get, requests } = provider({
        queries: {
          ...OFF,
          activeUsers:
            'sum by (service, kind) (scaling_users_by_kind{service="{{name}}", kind="{{kind}}"})',
        },
      });
      const metrics = await get(
        entity('checkout'),
        entity('checkout', { kind: 'API' }),
      );
      expect(requests).toHaveLength(1);
      expect(Object.fromEntries(metrics)).toEqual({
        'component:default/checkout': { activeUsers: 111 },
        'api:default/checkout': { activeUsers: 222 },
      });
    });

    it('{{name}} inside a regex matcher, with the entity label configured', async () => {
      const { get, requests } = provider({
        labels: { name: 'app' },
        queries: {
          ...OFF,
          activeUsers:
            'sum by (app) (scaling_pod_users{pod=~"{{name}}-[0-9a-f]+"})',
        },
      });
      const metrics = await get(entity('checkout'), entity('cart'));
      expect(requests.map(r => r.query)).toEqual([
        'sum by (app) (scaling_pod_users{pod=~"(?:cart|checkout)-[0-9a-f]+"})',
      ]);
      expect(Object.fromEntries(metrics)).toEqual({
        'component:default/checkout': { activeUsers: 250 },
        'component:default/cart': { activeUsers: 30 },
      });
    });

    it('{{selector}}: one extra query per distinct scaling.io/prometheus-selector', async () => {
      const { get, requests, logger } = provider({ queries: OFF });
      const metrics = await get(
        entity('checkout'),
        entity('event-collector', {
          annotations: {
            'scaling.io/prometheus-selector': 'job="event-collector"',
          },
        }),
        entity('sneaky', {
          annotations: {
            'scaling.io/prometheus-selector':
              'job="x"}) or vector(1e9) or (up{a="b"',
          },
        }),
      );
      expect(requests.map(r => r.query).sort()).toEqual([
        'sum by (service) (scaling_active_users{ job="event-collector" })',
        'sum by (service) (scaling_active_users{ service="checkout" })',
      ]);
      expect(Object.fromEntries(metrics)).toEqual({
        'component:default/checkout': { activeUsers: 25000 },
        'component:default/event-collector': { activeUsers: 12500 },
      });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'component:default/sneaky: scaling.io/prometheus-selector',
        ),
        expect.anything(),
      );
    });

    it('ignores a NaN sample with a logged warning', async () => {
      const { get, logger } = provider({ queries: OFF });
      const metrics = await get(entity('nan-service'), entity('checkout'));
      expect(Object.fromEntries(metrics)).toEqual({
        'component:default/checkout': { activeUsers: 25000 },
      });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /unusable activeUsers sample.*component:default\/nan-service: NaN/,
        ),
        expect.anything(),
      );
    });

    it('ignores series that cannot be told apart, with a logged warning', async () => {
      const { get, logger } = provider({
        queries: {
          ...OFF,
          activeUsers: 'sum(scaling_active_users{service="{{name}}"})',
        },
      });
      expect(
        (await get(entity('checkout'))).get('component:default/checkout'),
      ).toEqual({
        activeUsers: 25000,
      });
      expect(await get(entity('checkout'), entity('cart'))).toEqual(new Map());
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining("lack the label 'service'"),
        expect.anything(),
      );
    });

    it('fails the batch, naming the metric, when Prometheus rejects a configured query', async () => {
      const { get } = provider({
        queries: { ...OFF, activeUsers: 'sum by (service) (' },
      });
      await expect(get(entity('checkout'))).rejects.toThrow(
        /^activeUsers query failed: HTTP 400 bad_data: /,
      );
    });

    it('sends bearer or basic credentials from config', async () => {
      const bearer = provider({ queries: OFF, auth: { token: 's3cret' } });
      await bearer.get(entity('checkout'));
      expect(bearer.requests[0].headers.get('authorization')).toBe(
        'Bearer s3cret',
      );

      const basic = provider({
        queries: OFF,
        auth: { username: 'backstage', password: 'pw' },
      });
      await basic.get(entity('checkout'));
      expect(basic.requests[0].headers.get('authorization')).toBe(
        `Basic ${Buffer.from('backstage:pw').toString('base64')}`,
      );

      const none = provider({ queries: OFF });
      await none.get(entity('checkout'));
      expect(none.requests[0].headers.get('authorization')).toBeNull();
    });

    it('makes no request for an empty batch', async () => {
      const { get, requests } = provider();
      expect(await get()).toEqual(new Map());
      expect(requests).toHaveLength(0);
    });
  },
);
