import { assess } from './assess';
import { resolveThresholds } from './thresholds';

const recommended = (annotations: Record<string, string>) =>
  assess({ annotations }).recommendedTier;

// Enough Kubernetes criteria for the gate to pass, without touching users or SLA.
const GATE_OPEN = {
  'scaling.io/multi-region-required': 'true',
  'scaling.io/service-count': '5',
  'scaling.io/k8s-expertise': 'true',
};

describe('demand by users (docs/rules.md #demand)', () => {
  it.each([
    ['0', 'single-vps'],
    ['999', 'single-vps'],
    ['1000', 'managed-cloud'],
    ['10000', 'managed-cloud'],
    ['10001', 'kubernetes'],
    ['50000', 'kubernetes'],
    ['50001', 'enterprise'],
  ])('%s users → %s', (users, tier) => {
    expect(
      recommended({ ...GATE_OPEN, 'scaling.io/active-users': users }),
    ).toBe(tier);
  });
});

describe('demand by SLA (docs/rules.md #demand)', () => {
  it.each([
    ['95', 'single-vps'],
    ['98.99', 'single-vps'],
    ['99', 'managed-cloud'],
    ['99.89', 'managed-cloud'],
    ['99.9', 'kubernetes'],
    ['99.94', 'kubernetes'],
    ['99.95', 'enterprise'],
    ['100%', 'enterprise'],
  ])('SLA %s → %s', (sla, tier) => {
    expect(recommended({ ...GATE_OPEN, 'scaling.io/uptime-sla': sla })).toBe(
      tier,
    );
  });
});

describe('combining demands (docs/rules.md #demand)', () => {
  it('takes the higher of users and SLA', () => {
    expect(
      recommended({
        'scaling.io/active-users': '500',
        'scaling.io/uptime-sla': '99',
      }),
    ).toBe('managed-cloud');
    expect(
      recommended({
        'scaling.io/active-users': '5000',
        'scaling.io/uptime-sla': '95',
      }),
    ).toBe('managed-cloud');
  });

  it('uses the known one when the other is unknown or invalid', () => {
    expect(recommended({ 'scaling.io/active-users': '5000' })).toBe(
      'managed-cloud',
    );
    expect(
      recommended({
        'scaling.io/active-users': 'lots',
        'scaling.io/uptime-sla': '99',
      }),
    ).toBe('managed-cloud');
  });

  it('recommends nothing when both are unknown', () => {
    const result = assess({
      annotations: {
        'scaling.io/platform': 'vps',
        'scaling.io/active-users': 'lots',
      },
    });
    expect(result.recommendedTier).toBeNull();
    expect(result.status).toBe('insufficient-data');
    expect(result.readiness.targetTier).toBeNull();
  });
});

describe('Kubernetes gate (docs/rules.md #kubernetes-gate)', () => {
  const twoCriteria = {
    'scaling.io/active-users': '20000', // users-over-10k
    'scaling.io/uptime-sla': '99.5', // below enterprise-sla
    'scaling.io/service-count': '5', // microservices
  };

  it('recommends managed cloud at 2 of 7 criteria and says which are met', () => {
    const result = assess({ annotations: twoCriteria });
    expect(result.kubernetesCriteria.met).toBe(2);
    expect(result.recommendedTier).toBe('managed-cloud');
    const finding = result.findings.find(
      f => f.id === 'kubernetes-gate-not-met',
    );
    expect(finding?.message).toContain('2 of 7');
    expect(finding?.message).toContain('3 required');
    expect(finding?.message).toContain('users-over-10k, microservices');
  });

  it('recommends Kubernetes at 3 of 7', () => {
    const result = assess({
      annotations: {
        ...twoCriteria,
        'scaling.io/deployment-strategy': 'canary',
      },
    });
    expect(result.kubernetesCriteria.met).toBe(3);
    expect(result.recommendedTier).toBe('kubernetes');
    expect(result.findings.map(f => f.id)).not.toContain(
      'kubernetes-gate-not-met',
    );
  });

  it('also holds back enterprise demand', () => {
    const result = assess({
      annotations: { 'scaling.io/active-users': '60000' },
    });
    expect(result.kubernetesCriteria.met).toBe(1);
    expect(result.recommendedTier).toBe('managed-cloud');
  });

  it('does not apply below Kubernetes demand', () => {
    const result = assess({
      annotations: { 'scaling.io/active-users': '5000' },
    });
    expect(result.findings.map(f => f.id)).not.toContain(
      'kubernetes-gate-not-met',
    );
  });

  it('lists all seven criteria with evidence, unknown inputs not met', () => {
    const { items } = assess({ annotations: {} }).kubernetesCriteria;
    expect(items.map(i => i.id)).toEqual([
      'users-over-10k',
      'multi-region',
      'microservices',
      'enterprise-sla',
      'team-expertise',
      'advanced-deployments',
      'service-mesh',
    ]);
    expect(items.every(i => !i.met && i.evidence.startsWith('unknown'))).toBe(
      true,
    );
  });

  it.each([
    [
      'users-over-10k',
      { 'scaling.io/active-users': '10001' },
      { 'scaling.io/active-users': '10000' },
    ],
    [
      'multi-region',
      { 'scaling.io/multi-region-required': 'yes' },
      { 'scaling.io/multi-region-required': 'no' },
    ],
    [
      'microservices',
      { 'scaling.io/service-count': '5' },
      { 'scaling.io/service-count': '4' },
    ],
    [
      'enterprise-sla',
      { 'scaling.io/uptime-sla': '99.9' },
      { 'scaling.io/uptime-sla': '99.89' },
    ],
    [
      'team-expertise',
      { 'scaling.io/k8s-expertise': 'true' },
      { 'scaling.io/k8s-expertise': 'false' },
    ],
    [
      'advanced-deployments',
      { 'scaling.io/deployment-strategy': 'blue-green' },
      { 'scaling.io/deployment-strategy': 'rolling' },
    ],
    [
      'service-mesh',
      { 'scaling.io/service-mesh': 'istio' },
      { 'scaling.io/service-mesh': 'false' },
    ],
  ])(
    '%s holds at its boundary and not below',
    (id, metAnnotations, unmetAnnotations) => {
      const met = (a: Record<string, string>) =>
        assess({ annotations: a }).kubernetesCriteria.items.find(
          i => i.id === id,
        )!.met;
      expect(met(metAnnotations)).toBe(true);
      expect(met(unmetAnnotations)).toBe(false);
    },
  );

  it('takes team expertise and service count from the catalog context', () => {
    const result = assess({
      annotations: { 'scaling.io/active-users': '20000' },
      context: { teamK8sExpertise: true, serviceCount: 6 },
    });
    expect(result.kubernetesCriteria.met).toBe(3);
    expect(result.recommendedTier).toBe('kubernetes');
    expect(result.signals.teamK8sExpertise).toEqual({
      value: true,
      source: 'owner',
    });
    expect(result.signals.serviceCount).toEqual({
      value: 6,
      source: 'catalog',
    });
  });

  it('honours a configured minimum', () => {
    const thresholds = resolveThresholds({
      kubernetesGate: { minCriteria: 2 },
    });
    const result = assess({ annotations: twoCriteria, thresholds });
    expect(result.kubernetesCriteria.required).toBe(2);
    expect(result.recommendedTier).toBe('kubernetes');
  });
});

describe('budget cap (docs/rules.md #budget)', () => {
  const demanding = (tier: string) =>
    ({
      'single-vps': { 'scaling.io/active-users': '10' },
      'managed-cloud': { 'scaling.io/active-users': '5000' },
      kubernetes: { ...GATE_OPEN, 'scaling.io/active-users': '20000' },
      enterprise: { ...GATE_OPEN, 'scaling.io/active-users': '60000' },
    })[tier]!;

  it.each([
    ['managed-cloud', '200', 'managed-cloud'],
    ['managed-cloud', '199', 'single-vps'],
    ['kubernetes', '1000', 'kubernetes'],
    ['kubernetes', '999', 'managed-cloud'],
    ['enterprise', '5000', 'enterprise'],
    ['enterprise', '4999', 'kubernetes'],
    ['enterprise', '199', 'single-vps'],
    ['single-vps', '0', 'single-vps'],
  ])('demand %s with $%s/month → %s', (demand, budget, tier) => {
    const result = assess({
      annotations: {
        ...demanding(demand),
        'scaling.io/monthly-budget-usd': budget,
      },
    });
    expect(result.recommendedTier).toBe(tier);
    expect(result.findings.some(f => f.id === 'budget-constrained')).toBe(
      demand !== tier,
    );
  });

  it('names the demanded tier', () => {
    const result = assess({
      annotations: {
        ...demanding('kubernetes'),
        'scaling.io/monthly-budget-usd': '$999',
      },
    });
    expect(
      result.findings.find(f => f.id === 'budget-constrained')?.message,
    ).toBe(
      'Demand calls for Kubernetes, whose floor is $1,000/month, but the budget is $999/month. Recommending Managed Cloud, the highest tier the budget covers.',
    );
  });

  it('applies after the gate', () => {
    // Gate not met: Kubernetes demand becomes managed cloud, which $500 covers: no cap.
    const result = assess({
      annotations: {
        'scaling.io/active-users': '20000',
        'scaling.io/monthly-budget-usd': '500',
      },
    });
    expect(result.recommendedTier).toBe('managed-cloud');
    expect(result.findings.map(f => f.id)).toEqual(['kubernetes-gate-not-met']);

    // Gate not met and $150: managed cloud capped down to single VPS.
    const capped = assess({
      annotations: {
        'scaling.io/active-users': '20000',
        'scaling.io/monthly-budget-usd': '150',
      },
    });
    expect(capped.recommendedTier).toBe('single-vps');
    expect(capped.findings.map(f => f.id)).toEqual([
      'kubernetes-gate-not-met',
      'budget-constrained',
    ]);
    expect(capped.findings[1].message).toContain(
      'Demand calls for Managed Cloud',
    );
  });
});

describe('current tier and status (docs/rules.md #tiers, #status)', () => {
  it.each([
    ['vps', 'single-vps'],
    ['docker-compose', 'single-vps'],
    ['ecs-fargate', 'managed-cloud'],
    ['azure-container-instances', 'managed-cloud'],
    ['cloud-run', 'managed-cloud'],
    ['docker-swarm', 'managed-cloud'],
    ['eks', 'kubernetes'],
    ['aks', 'kubernetes'],
    ['gke', 'kubernetes'],
    ['kubernetes', 'kubernetes'],
  ])('platform %s runs on %s', (platform, tier) => {
    expect(
      assess({ annotations: { 'scaling.io/platform': platform } }).currentTier,
    ).toBe(tier);
  });

  it('Kubernetes in two or more regions is enterprise', () => {
    const tier = (regions: string) =>
      assess({
        annotations: {
          'scaling.io/platform': 'gke',
          'scaling.io/regions': regions,
        },
      }).currentTier;
    expect(tier('1')).toBe('kubernetes');
    expect(tier('2')).toBe('enterprise');
  });

  it('falls back to Backstage Kubernetes annotations, source catalog', () => {
    const result = assess({
      annotations: { 'backstage.io/kubernetes-id': 'api' },
    });
    expect(result.currentTier).toBe('kubernetes');
    expect(result.signals.platform).toEqual({
      value: 'kubernetes',
      source: 'catalog',
    });
    const labelled = assess({
      annotations: { 'backstage.io/kubernetes-label-selector': 'app=api' },
    });
    expect(labelled.currentTier).toBe('kubernetes');
  });

  it('is unknown without any platform', () => {
    const result = assess({ annotations: { 'scaling.io/active-users': '10' } });
    expect(result.currentTier).toBeNull();
    expect(result.status).toBe('insufficient-data');
    // Unknown current tier: get ready for the recommended one.
    expect(result.readiness.targetTier).toBe('single-vps');
  });

  it.each([
    ['docker-compose', '5000', 'under-provisioned'],
    ['ecs-fargate', '5000', 'aligned'],
    ['eks', '5000', 'over-provisioned'],
  ])('%s at %s users is %s', (platform, users, status) => {
    expect(
      assess({
        annotations: {
          'scaling.io/platform': platform,
          'scaling.io/active-users': users,
        },
      }).status,
    ).toBe(status);
  });
});

describe('configured thresholds', () => {
  it('move the boundaries', () => {
    const thresholds = resolveThresholds({
      thresholds: { users: { managedCloud: 500 } },
    });
    const annotations = { 'scaling.io/active-users': '600' };
    expect(assess({ annotations }).recommendedTier).toBe('single-vps');
    expect(assess({ annotations, thresholds }).recommendedTier).toBe(
      'managed-cloud',
    );
  });
});

describe('an assessment carries the numbers it was made with (docs/rules.md #demand)', () => {
  it('reports the thresholds in force and the demand before the gate', () => {
    const thresholds = resolveThresholds({
      thresholds: { users: { kubernetes: 5000 } },
    });
    const result = assess({
      annotations: { 'scaling.io/active-users': '6000' },
      thresholds,
    });
    expect(result.thresholds.users.kubernetes).toBe(5000);
    // 6,000 users demand Kubernetes under these thresholds; the gate keeps managed cloud.
    expect(result.demand).toEqual({
      byUsers: 'kubernetes',
      bySla: null,
      tier: 'kubernetes',
    });
    expect(result.recommendedTier).toBe('managed-cloud');
  });
});
