import { assess } from './assess';
import { PREMATURE_PRACTICES } from './parsers';

const ids = (annotations: Record<string, string>, extra = {}) =>
  assess({ annotations, ...extra }).findings.map(f => f.id);

describe('over-provisioned-cost', () => {
  it('compares the cost ranges of current and recommended tiers', () => {
    const result = assess({
      annotations: {
        'scaling.io/platform': 'eks',
        'scaling.io/active-users': '300',
      },
    });
    expect(result.status).toBe('over-provisioned');
    const finding = result.findings.find(
      f => f.id === 'over-provisioned-cost',
    )!;
    expect(finding.message).toContain('$1,000–5,000/month');
    expect(finding.message).toContain('$50–200/month');
    expect(result.cost).toEqual({
      current: {
        tier: 'kubernetes',
        monthlyUsd: { min: 1000, max: 5000 },
        opsLoad: '4–8 h/week',
      },
      recommended: {
        tier: 'single-vps',
        monthlyUsd: { min: 50, max: 200 },
        opsLoad: '1–2 h/week',
      },
    });
  });

  it('is absent when aligned', () => {
    expect(
      ids({ 'scaling.io/platform': 'vps', 'scaling.io/active-users': '300' }),
    ).toEqual([]);
  });
});

describe('swarm-off-path', () => {
  const swarm = {
    'scaling.io/platform': 'docker-swarm',
    'scaling.io/active-users': '5000',
  };

  it('flags Docker Swarm', () => {
    expect(ids(swarm)).toEqual(['swarm-off-path']);
  });

  it.each(['air-gapped', 'government', 'Government, air-gapped'])(
    'accepts Swarm under %s constraints',
    constraints => {
      expect(ids({ ...swarm, 'scaling.io/constraints': constraints })).toEqual(
        [],
      );
    },
  );
});

describe('premature-practice', () => {
  it.each(PREMATURE_PRACTICES)(
    '%s is premature below enterprise and fine at it',
    practice => {
      const below = assess({
        annotations: {
          'scaling.io/active-users': '5000',
          'scaling.io/practices': practice,
        },
      });
      expect(below.recommendedTier).toBe('managed-cloud');
      expect(below.findings).toEqual([
        expect.objectContaining({ id: 'premature-practice', severity: 'info' }),
      ]);

      const atEnterprise = assess({
        annotations: {
          'scaling.io/active-users': '60000',
          'scaling.io/multi-region-required': 'true',
          'scaling.io/k8s-expertise': 'true',
          'scaling.io/practices': practice,
        },
      });
      expect(atEnterprise.recommendedTier).toBe('enterprise');
      expect(atEnterprise.findings.map(f => f.id)).not.toContain(
        'premature-practice',
      );
    },
  );

  it('gives one finding per practice', () => {
    expect(
      ids({
        'scaling.io/active-users': '10',
        'scaling.io/practices': 'iac,canary,dr-plan',
      }),
    ).toEqual([
      'premature-practice',
      'premature-practice',
      'premature-practice',
    ]);
  });
});

describe('metric findings', () => {
  const metric = (value: number) => ({ value, provider: 'prometheus' });

  it.each([
    [1000, 2000, false],
    [1000, 2001, true],
    [1000, 500, false],
    [1000, 499, true],
    [0, 1, true],
  ])('declared %d vs measured %d: stale %s', (declared, measured, stale) => {
    const result = assess({
      annotations: { 'scaling.io/active-users': String(declared) },
      metrics: { activeUsers: metric(measured) },
    });
    expect(result.signals.activeUsers).toEqual({
      value: measured,
      source: 'metric:prometheus',
      raw: String(declared),
    });
    expect(
      result.findings.map(f => f.id).includes('declared-users-stale'),
    ).toBe(stale);
  });

  it('sla-breach when measured uptime is below the SLA', () => {
    const run = (uptime: number) =>
      assess({
        annotations: { 'scaling.io/uptime-sla': '99.9' },
        metrics: { measuredUptime: metric(uptime) },
      }).findings.filter(f => f.id === 'sla-breach');
    expect(run(99.9)).toEqual([]);
    expect(run(99.89)).toEqual([
      expect.objectContaining({
        severity: 'critical',
        message: expect.stringContaining('99.89%'),
      }),
    ]);
  });

  it('metrics-unavailable names the provider', () => {
    const result = assess({
      annotations: { 'scaling.io/active-users': '300' },
      metrics: {
        failures: [
          { provider: 'prometheus', message: 'timed out after 3000 ms' },
        ],
      },
    });
    expect(result.signals.activeUsers.source).toBe('annotation');
    expect(result.findings).toEqual([
      expect.objectContaining({
        id: 'metrics-unavailable',
        message: expect.stringContaining('prometheus'),
      }),
    ]);
  });
});
