import { mockServices } from '@backstage/backend-test-utils';
import { MetricsCollector } from './MetricsCollector';
import {
  EntityMetrics,
  ScalingProviderEntity,
  ScalingMetricsProvider,
} from '@scaling-advisor/backstage-plugin-scaling-node';

const entity = (name: string): ScalingProviderEntity => ({
  entityRef: `component:default/${name}`,
  kind: 'Component',
  namespace: 'default',
  name,
  annotations: {},
});

function provider(
  id: string,
  answer: (
    entities: ScalingProviderEntity[],
    signal: AbortSignal,
  ) => Promise<Map<string, EntityMetrics>>,
  timeoutMs?: number,
): ScalingMetricsProvider & { calls: number } {
  const p = {
    id,
    timeoutMs,
    calls: 0,
    getMetrics: (
      entities: ScalingProviderEntity[],
      { signal }: { signal: AbortSignal },
    ) => {
      p.calls += 1;
      return answer(entities, signal);
    },
  };
  return p;
}

const logger = mockServices.logger.mock();

describe('MetricsCollector', () => {
  it('asks each provider once per batch and merges in provider order', async () => {
    const first = provider(
      'prometheus',
      async () =>
        new Map([
          ['component:default/a', { activeUsers: 25000, measuredUptime: NaN }],
        ]),
    );
    const second = provider(
      'datadog',
      async () =>
        new Map<string, EntityMetrics>([
          ['component:default/a', { activeUsers: 1, measuredUptime: 99.5 }],
          ['component:default/b', { requestsPerSecond: 12 }],
          ['component:default/stranger', { activeUsers: 5 }],
        ]),
    );
    const collector = new MetricsCollector([first, second], logger);
    const result = await collector.collect([
      entity('a'),
      entity('b'),
      entity('c'),
    ]);
    expect(first.calls).toBe(1);
    expect(second.calls).toBe(1);
    expect(result.get('component:default/a')).toEqual({
      activeUsers: { value: 25000, provider: 'prometheus' },
      measuredUptime: { value: 99.5, provider: 'datadog' },
    });
    expect(result.get('component:default/b')).toEqual({
      requestsPerSecond: { value: 12, provider: 'datadog' },
    });
    expect(result.get('component:default/c')).toEqual({});
    expect(result.has('component:default/stranger')).toBe(false);
  });

  it('reports a failing provider for every entity and keeps the others', async () => {
    const broken = provider('prometheus', async () => {
      throw new Error('HTTP 500 from Prometheus');
    });
    const working = provider(
      'datadog',
      async () => new Map([['component:default/a', { activeUsers: 10 }]]),
    );
    const result = await new MetricsCollector(
      [broken, working],
      logger,
    ).collect([entity('a'), entity('b')]);
    expect(result.get('component:default/a')).toEqual({
      activeUsers: { value: 10, provider: 'datadog' },
      failures: [
        { provider: 'prometheus', message: 'HTTP 500 from Prometheus' },
      ],
    });
    expect(result.get('component:default/b')?.failures).toHaveLength(1);
  });

  it('holds the deadline even when a provider ignores the abort signal', async () => {
    let aborted = false;
    const hanging = provider(
      'slow',
      (_entities, signal) => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
        return new Promise(() => {});
      },
      200,
    );
    const started = Date.now();
    const result = await new MetricsCollector([hanging], logger).collect([
      entity('a'),
    ]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(200 + 500);
    expect(aborted).toBe(true);
    expect(result.get('component:default/a')).toEqual({
      failures: [{ provider: 'slow', message: 'timed out after 200 ms' }],
    });
  });

  it('does nothing without providers', async () => {
    const collector = new MetricsCollector([], logger);
    expect((await collector.collect([entity('a')])).size).toBe(0);
  });
});
