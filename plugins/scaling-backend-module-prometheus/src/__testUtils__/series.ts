import { ScalingProviderEntity } from '@scaling-advisor/backstage-plugin-scaling-node';
import { MetricFamily, toOpenMetrics } from './prometheus';

/** A batch entity as the scaling plugin hands it to providers. */
export function metricsEntity(
  name: string,
  options: {
    namespace?: string;
    kind?: string;
    annotations?: Record<string, string>;
  } = {},
): ScalingProviderEntity {
  const {
    namespace = 'default',
    kind = 'Component',
    annotations = {},
  } = options;
  return {
    entityRef: `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`,
    kind,
    namespace,
    name,
    annotations,
  };
}

/** Requests per second of the `http_requests_total` counters below. */
export const RPS = { checkout: 42, cart: 7 };

/**
 * The series every suite backfills. Values are constant, so instant queries at any time during
 * the run see the same numbers.
 */
export const SERIES: MetricFamily[] = [
  {
    name: 'scaling_active_users',
    type: 'gauge',
    series: [
      { labels: { service: 'checkout', namespace: 'default' }, value: 25000 },
      { labels: { service: 'cart', namespace: 'default' }, value: 18000 },
      { labels: { service: 'cart', namespace: 'staging' }, value: 900 },
      { labels: { service: 'search.v2', namespace: 'default' }, value: 5000 },
      // would match an unescaped `search.v2`
      { labels: { service: 'searchXv2', namespace: 'default' }, value: 1 },
      {
        labels: { service: 'nan-service', namespace: 'default' },
        value: 'NaN',
      },
      // found only through the entity's scaling.io/prometheus-selector
      { labels: { job: 'event-collector', instance: 'a' }, value: 6000 },
      { labels: { job: 'event-collector', instance: 'b' }, value: 6500 },
    ],
  },
  {
    name: 'scaling_uptime_ratio',
    type: 'gauge',
    series: [
      { labels: { service: 'checkout' }, value: 0.999 },
      { labels: { service: 'cart' }, value: 0.95 },
    ],
  },
  {
    name: 'http_requests',
    type: 'counter',
    series: [
      {
        labels: { service: 'checkout', code: '200' },
        value: t => RPS.checkout * (t - 1_600_000_000),
      },
      {
        labels: { service: 'cart', code: '200' },
        value: t => RPS.cart * (t - 1_600_000_000),
      },
    ],
  },
  {
    name: 'scaling_users_by_kind',
    type: 'gauge',
    series: [
      { labels: { service: 'checkout', kind: 'component' }, value: 111 },
      { labels: { service: 'checkout', kind: 'api' }, value: 222 },
    ],
  },
  {
    name: 'scaling_pod_users',
    type: 'gauge',
    series: [
      { labels: { app: 'checkout', pod: 'checkout-7f9c' }, value: 100 },
      { labels: { app: 'checkout', pod: 'checkout-2b1d' }, value: 150 },
      { labels: { app: 'cart', pod: 'cart-91aa' }, value: 30 },
    ],
  },
];

/** The series above from an hour ago to a quarter of an hour from now. */
export function testSeries(families: MetricFamily[] = SERIES): string {
  const now = Math.floor(Date.now() / 1000);
  return toOpenMetrics(families, {
    from: now - 3600,
    to: now + 900,
    stepSeconds: 30,
  });
}
