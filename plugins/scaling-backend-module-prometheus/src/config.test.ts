import { ConfigReader } from '@backstage/config';
import {
  CONFIG_KEY,
  DEFAULT_TIMEOUT_MS,
  readPrometheusConfig,
  resolvePrometheusSettings,
} from './config';
import { DEFAULT_LABELS, defaultQueries } from './queries';

describe('the scaling.metrics.prometheus config', () => {
  const read = (prometheus: object | undefined) => {
    const options = readPrometheusConfig(
      new ConfigReader(
        prometheus ? { scaling: { metrics: { prometheus } } } : {},
      ),
    );
    return options && resolvePrometheusSettings(options);
  };

  it('is off without scaling.metrics.prometheus', () => {
    expect(CONFIG_KEY).toBe('scaling.metrics.prometheus');
    expect(read(undefined)).toBeUndefined();
  });

  it('reads the timeout as a Backstage duration, 3 s by default', () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(3000);
    expect(read({ baseUrl: 'http://p:9090' })!.timeoutMs).toBe(3000);
    expect(read({ baseUrl: 'http://p:9090', timeout: '1.5s' })!.timeoutMs).toBe(
      1500,
    );
    expect(read({ baseUrl: 'http://p:9090', timeout: 'PT2S' })!.timeoutMs).toBe(
      2000,
    );
    expect(
      read({ baseUrl: 'http://p:9090', timeout: { milliseconds: 250 } })!
        .timeoutMs,
    ).toBe(250);
  });

  it('fills in the default labels and queries; false or an empty query turns a metric off', () => {
    const settings = read({ baseUrl: 'http://p:9090/prom/' })!;
    expect(settings.baseUrl).toBe('http://p:9090/prom');
    expect(settings.labels).toEqual(DEFAULT_LABELS);
    expect(settings.queries).toEqual(
      Object.entries(defaultQueries(DEFAULT_LABELS)),
    );
    expect(settings.authorization).toBeUndefined();

    const custom = read({
      baseUrl: 'http://p:9090',
      labels: { name: 'app' },
      queries: {
        activeUsers: '  users{ {{selector}} }  ',
        measuredUptime: false,
        requestsPerSecond: ' ',
      },
    })!;
    expect(custom.labels).toEqual({ ...DEFAULT_LABELS, name: 'app' });
    expect(custom.queries).toEqual([['activeUsers', 'users{ {{selector}} }']]);
  });

  it('turns auth into an Authorization header', () => {
    expect(
      read({ baseUrl: 'http://p', auth: { token: 's3cret' } })!.authorization,
    ).toBe('Bearer s3cret');
    expect(
      read({ baseUrl: 'http://p', auth: { username: 'u', password: 'pw' } })!
        .authorization,
    ).toBe(`Basic ${Buffer.from('u:pw').toString('base64')}`);
  });

  it('rejects configuration it cannot use, naming the key', () => {
    expect(() => read({})).toThrow(/baseUrl/);
    expect(() => read({ baseUrl: 'prometheus:9090' })).toThrow(
      /baseUrl must be http/,
    );
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

  it('names the value in the error, unless it carries credentials', () => {
    expect(() => read({ baseUrl: 'not a url' })).toThrow(
      "scaling.metrics.prometheus.baseUrl is not a URL: 'not a url'",
    );
    expect(() =>
      read({ baseUrl: 'http://p', labels: { kind: 'bad-label' } }),
    ).toThrow(
      "scaling.metrics.prometheus.labels.kind is not a Prometheus label name: 'bad-label'",
    );
    let error: Error | undefined;
    try {
      read({ baseUrl: 'http://u:hunter2@p:9090' });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toBe(
      'scaling.metrics.prometheus.baseUrl must not carry credentials; use scaling.metrics.prometheus.auth.username and .password',
    );
    expect(() =>
      read({ baseUrl: 'http://p', auth: { password: 'pw' } }),
    ).toThrow('scaling.metrics.prometheus.auth.username is required');
  });

  it('rejects a timeout that is not positive', () => {
    expect(() =>
      resolvePrometheusSettings({ baseUrl: 'http://p', timeoutMs: 0 }),
    ).toThrow('scaling.metrics.prometheus.timeout must be a positive duration');
  });
});
