import { InstalledProvider } from './coverage';
import { signalFix } from './coverageHints';

const prometheus = (configured: boolean): InstalledProvider => ({
  id: 'prometheus',
  kind: 'metrics',
  configured,
  ...(configured ? {} : { configKey: 'scaling.metrics.prometheus.baseUrl' }),
});
const repository: InstalledProvider = {
  id: 'repository',
  kind: 'evidence',
  configured: true,
};

describe('signalFix', () => {
  it('asks to install a metrics provider only when none is installed', () => {
    expect(signalFix('activeUsers', [])).toBe(
      'Install a metrics provider (the Prometheus module) so that active users are measured, or set scaling.io/active-users.',
    );
    expect(signalFix('activeUsers', [repository])).toMatch(/^Install/);
  });

  it('names the key an installed but unconfigured provider waits for', () => {
    const fix = signalFix('activeUsers', [prometheus(false)]);
    expect(fix).toBe(
      'The prometheus metrics provider is installed but not configured: set scaling.metrics.prometheus.baseUrl in app-config, or set scaling.io/active-users.',
    );
    expect(fix).not.toMatch(/Install/);
    expect(signalFix('measuredUptime', [prometheus(false)])).toBe(
      'The prometheus metrics provider is installed but not configured: set scaling.metrics.prometheus.baseUrl in app-config.',
    );
  });

  it('says a configured provider measured nothing for these services', () => {
    expect(signalFix('activeUsers', [prometheus(true)])).toBe(
      'The metrics provider prometheus measured no active users for these services: check that active users are published for each of them (the labels or scaling.io/prometheus-selector the provider queries), or set scaling.io/active-users.',
    );
    // A configured provider wins over an unconfigured one.
    expect(
      signalFix('activeUsers', [
        prometheus(false),
        { id: 'datadog', kind: 'metrics', configured: true },
      ]),
    ).toMatch(/^The metrics provider datadog measured no active users/);
  });

  it('points at backstage.io/source-location when the repository module is installed', () => {
    const fix = signalFix('platform', [repository]);
    expect(fix).toContain('backstage.io/source-location');
    expect(fix).toContain('registered from its repository URL');
    expect(fix).toMatch(/or set scaling\.io\/platform\.$/);
    expect(fix).not.toMatch(/Install/);
    expect(signalFix('platform', [])).toMatch(
      /^Install the repository module: it reads deployment files .*Or set scaling\.io\/platform\.$/,
    );
    expect(signalFix('serviceMesh', [repository])).toMatch(
      /^The repository module reads Istio and Linkerd resources of the Components that have backstage\.io\/source-location/,
    );
  });

  it('says how far the repository module has got while it still reads', () => {
    const reading: InstalledProvider = {
      ...repository,
      progress: {
        done: 38,
        total: 60,
        unit: 'repositories',
        waitingFor: 'the rate limit of github.com',
        waitingUntil: '2026-12-07T14:05:00.000Z',
        updatedAt: '2026-12-07T13:20:00.000Z',
      },
    };
    expect(signalFix('platform', [reading])).toMatch(
      /^The repository module has read 38 of 60 repositories so far, and waits for the rate limit of github\.com until 2026-12-07T14:05:00\.000Z; the rest follow\. The repository module reads deployment files/,
    );
    const done: InstalledProvider = {
      ...repository,
      progress: { ...reading.progress!, done: 60, waitingFor: undefined },
    };
    expect(signalFix('platform', [done])).toMatch(
      /^The repository module reads/,
    );
  });

  it('has a fix for every coverage signal', () => {
    for (const signal of [
      'uptimeSla',
      'monthlyBudgetUsd',
      'serviceCount',
      'teamK8sExpertise',
      'multiRegionRequired',
      'regions',
      'deploymentStrategy',
      'constraints',
      'practices',
    ] as const) {
      expect(signalFix(signal, [repository]).length).toBeGreaterThan(20);
    }
  });
});
