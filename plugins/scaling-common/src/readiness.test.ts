import { assess } from './assess';
import { READINESS_CHECKLISTS } from './readiness';

describe('readiness target (docs/rules.md #readiness)', () => {
  it.each([
    // [platform, users, target]
    ['docker-compose', '5000', 'managed-cloud'], // under-provisioned: the recommendation
    ['docker-compose', '10', 'managed-cloud'], // aligned: the next tier up
    ['ecs-fargate', '10', null], // over-provisioned: nothing to move to
  ])('%s with %s users targets %s', (platform, users, target) => {
    const result = assess({
      annotations: {
        'scaling.io/platform': platform,
        'scaling.io/active-users': users,
      },
    });
    expect(result.readiness.targetTier).toBe(target);
  });

  it('has nothing above enterprise', () => {
    const result = assess({
      annotations: {
        'scaling.io/platform': 'eks',
        'scaling.io/regions': '3',
        'scaling.io/active-users': '80000',
        'scaling.io/multi-region-required': 'true',
        'scaling.io/k8s-expertise': 'true',
      },
    });
    expect(result.status).toBe('aligned');
    expect(result.readiness).toEqual({
      targetTier: null,
      score: null,
      items: [],
      blockers: [],
    });
  });

  it('checklists are cumulative', () => {
    expect(READINESS_CHECKLISTS['single-vps']).toEqual([
      'containerized',
      'health-check',
      'database-backups',
    ]);
    for (const id of READINESS_CHECKLISTS['managed-cloud']) {
      expect(READINESS_CHECKLISTS.kubernetes).toContain(id);
    }
    for (const id of READINESS_CHECKLISTS.kubernetes) {
      expect(READINESS_CHECKLISTS.enterprise).toContain(id);
    }
    expect(READINESS_CHECKLISTS.enterprise.slice(-2)).toEqual([
      'multi-region-ready',
      'cdn',
    ]);
  });
});

describe('readiness items and score', () => {
  const toManagedCloud = {
    'scaling.io/platform': 'vps',
    'scaling.io/active-users': '5000',
  };

  it('scores passed over applicable items, skipping a not-applicable database', () => {
    const result = assess({
      annotations: {
        ...toManagedCloud,
        'scaling.io/containerized': 'true',
        'scaling.io/health-endpoint': '/health',
        'scaling.io/image-registry': 'ecr',
      },
      context: { databases: [] },
    });
    const { items, score } = result.readiness;
    expect(items.map(i => [i.id, i.passed, i.applicable])).toEqual([
      ['containerized', true, true],
      ['image-registry', true, true],
      ['managed-database', true, false],
      ['health-check', true, true],
      ['autoscaling', false, true],
      ['monitoring', false, true],
    ]);
    // 3 passed of 5 applicable
    expect(score).toBe(60);
    expect(items.every(i => i.howTo.length > 20)).toBe(true);
  });

  it('counts an unmanaged database, naming it', () => {
    const result = assess({
      annotations: toManagedCloud,
      context: {
        databases: [
          { entityRef: 'resource:default/orders-db', managed: true },
          { entityRef: 'resource:default/legacy-db', managed: false },
        ],
      },
    });
    const item = result.readiness.items.find(i => i.id === 'managed-database')!;
    expect(item).toMatchObject({ passed: false, applicable: true });
    expect(item.evidence).toBe('not managed: resource:default/legacy-db');
    expect(result.readiness.score).toBe(0);
  });

  it('treats a container platform as containerized, and vps without the annotation as a blocker', () => {
    const onCompose = assess({
      annotations: {
        'scaling.io/platform': 'docker-compose',
        'scaling.io/active-users': '5000',
      },
    });
    expect(onCompose.readiness.items[0]).toMatchObject({
      id: 'containerized',
      passed: true,
    });
    expect(onCompose.readiness.blockers).toEqual([]);

    const onVps = assess({ annotations: toManagedCloud });
    expect(onVps.readiness.blockers.map(b => b.id)).toEqual(['containerized']);
  });

  it('blocks Kubernetes targets without team expertise, not managed-cloud targets', () => {
    const result = assess({
      annotations: {
        'scaling.io/platform': 'ecs-fargate',
        'scaling.io/active-users': '20000',
        'scaling.io/uptime-sla': '99.9',
        'scaling.io/service-count': '8',
        'scaling.io/k8s-expertise': 'false',
      },
    });
    expect(result.readiness.targetTier).toBe('kubernetes');
    expect(result.readiness.blockers).toEqual([
      {
        id: 'team-expertise',
        message: expect.stringContaining(
          'requires a dedicated DevOps engineer',
        ),
      },
    ]);
  });

  it('names missing observability pillars and passes monitoring on metrics', () => {
    const result = assess({
      annotations: {
        'scaling.io/platform': 'ecs-fargate',
        'scaling.io/active-users': '5000',
        'scaling.io/observability': 'metrics',
      },
      metrics: { measuredUptime: { value: 99.95, provider: 'prometheus' } },
    });
    expect(result.readiness.targetTier).toBe('kubernetes');
    const byId = Object.fromEntries(result.readiness.items.map(i => [i.id, i]));
    expect(byId.observability).toMatchObject({
      passed: false,
      evidence: 'missing: logging, tracing',
    });
    expect(byId.monitoring).toMatchObject({
      passed: true,
      evidence: 'metrics from prometheus',
    });
  });

  it('reads enterprise evidence', () => {
    const result = assess({
      annotations: {
        'scaling.io/platform': 'eks',
        'scaling.io/regions': '1',
        'scaling.io/active-users': '60000',
        'scaling.io/multi-region-required': 'true',
        'scaling.io/k8s-expertise': 'true',
        'scaling.io/cdn': 'cloudfront',
      },
    });
    expect(result.readiness.targetTier).toBe('enterprise');
    const byId = Object.fromEntries(result.readiness.items.map(i => [i.id, i]));
    expect(byId['multi-region-ready']).toMatchObject({
      passed: false,
      evidence: '1 region',
    });
    expect(byId.cdn).toMatchObject({
      passed: true,
      evidence: 'scaling.io/cdn: cloudfront',
    });
    expect(byId['disaster-recovery'].passed).toBe(false);
  });

  it('false evidence does not pass', () => {
    const result = assess({
      annotations: { ...toManagedCloud, 'scaling.io/autoscaling': 'no' },
    });
    expect(
      result.readiness.items.find(i => i.id === 'autoscaling'),
    ).toMatchObject({
      passed: false,
      evidence: 'scaling.io/autoscaling: no',
    });
  });
});
