import { assess } from './assess';
import { PRACTICES, PRACTICE_CHECKLISTS, PracticeId } from './practices';

function practicesOf(
  annotations: Record<string, string>,
  extra: Partial<Parameters<typeof assess>[0]> = {},
) {
  return assess({
    annotations,
    entity: {
      entityRef: 'component:default/orders',
      name: 'orders',
      kind: 'Component',
      type: 'service',
    },
    ...extra,
  }).practices;
}

function item(practices: ReturnType<typeof practicesOf>, id: PracticeId) {
  return practices?.items.find(i => i.id === id);
}

/** Each practice an annotation tells: its passing, failing and invalid values. */
const BY_ANNOTATION: Array<[PracticeId, string, string, string, string?]> = [
  // id, annotation, passing value, failing value, invalid value (default 'maybe?')
  ['pod-security', 'scaling.io/pod-security', 'restricted', 'baseline'],
  ['rbac', 'scaling.io/rbac', 'true', 'false'],
  ['network-policy', 'scaling.io/network-policy', 'true', 'false'],
  ['secret-management', 'scaling.io/secret-management', 'vault', 'false', ' '],
  ['disruption-budget', 'scaling.io/disruption-budget', 'true', 'false'],
  ['requests-and-limits', 'scaling.io/resource-limits', 'true', 'false'],
  ['anti-affinity', 'scaling.io/anti-affinity', 'true', 'false'],
  ['probes', 'scaling.io/probes', 'true', 'false'],
  ['autoscaling', 'scaling.io/autoscaling', 'true', 'false'],
  ['metrics-exporter', 'scaling.io/metrics-exporter', 'true', 'false'],
  ['structured-logging', 'scaling.io/structured-logging', 'true', 'false'],
  ['trace-context', 'scaling.io/trace-context', 'true', 'false'],
  ['right-sized', 'scaling.io/right-sized', 'true', 'false'],
  ['cache', 'scaling.io/cache', 'redis', 'no', ' '],
];

describe('practices', () => {
  it('checks the guide’s twelve Kubernetes practices and the cost tips for a service on Kubernetes', () => {
    const practices = practicesOf({ 'scaling.io/platform': 'eks' });
    expect(practices?.tier).toBe('kubernetes');
    expect(practices?.items.map(i => i.id)).toEqual([
      'pod-security',
      'rbac',
      'network-policy',
      'secret-management',
      'disruption-budget',
      'requests-and-limits',
      'anti-affinity',
      'probes',
      'autoscaling',
      'metrics-exporter',
      'structured-logging',
      'trace-context',
      'right-sized',
      'cache',
    ]);
    // Nothing known: every item unknown, none failed, each saying how to tell the product.
    expect(practices).toMatchObject({
      score: 0,
      passed: 0,
      failed: 0,
      unknown: 14,
    });
    expect(item(practices, 'rbac')).toEqual({
      id: 'rbac',
      group: 'security',
      label: 'RBAC: its own service account',
      severity: 'medium',
      passed: null,
      source: null,
      evidence: 'unknown: nothing shows it; set scaling.io/rbac to tell',
      howTo: PRACTICES.rbac.howTo,
    });
  });

  it.each(BY_ANNOTATION)(
    '%s: passes, fails and is unknown by %s',
    (id, annotation, yes, no, invalid = 'maybe?') => {
      const base = { 'scaling.io/platform': 'kubernetes' };
      expect(
        item(practicesOf({ ...base, [annotation]: yes }), id),
      ).toMatchObject({
        passed: true,
        source: 'annotation',
        evidence: expect.stringContaining(`${annotation}: ${yes}`),
      });
      expect(
        item(practicesOf({ ...base, [annotation]: no }), id),
      ).toMatchObject({
        passed: false,
        source: 'annotation',
      });
      expect(item(practicesOf(base), id)?.passed).toBeNull();
      expect(
        item(practicesOf({ ...base, [annotation]: invalid }), id),
      ).toMatchObject({
        passed: null,
        evidence: `unknown: ${annotation} '${invalid}' is not valid`,
      });
    },
  );

  it('takes the evidence of a provider and of the org policy, and names it', () => {
    const practices = practicesOf(
      { 'scaling.io/platform': 'kubernetes' },
      {
        evidence: [
          {
            values: {
              disruptionBudget: {
                value: false,
                source: 'repository',
                evidence:
                  'k8s/deployment.yaml: no PodDisruptionBudget selects the pods',
              },
            },
          },
        ],
        defaults: {
          rbac: {
            value: true,
            source: 'config',
            evidence: 'scaling.defaults[0]',
          },
        },
      },
    );
    expect(item(practices, 'disruption-budget')).toMatchObject({
      passed: false,
      source: 'repository',
      evidence:
        'no PodDisruptionBudget covers the pods (from the repository: k8s/deployment.yaml: no PodDisruptionBudget selects the pods)',
    });
    expect(item(practices, 'rbac')).toMatchObject({
      passed: true,
      source: 'config',
    });
  });

  it('scores the share of the practices that pass', () => {
    const practices = practicesOf({
      'scaling.io/platform': 'aks',
      'scaling.io/probes': 'true',
      'scaling.io/resource-limits': 'true',
      'scaling.io/pod-security': 'privileged',
    });
    expect(practices).toMatchObject({
      passed: 2,
      failed: 1,
      unknown: 11,
      score: 14,
    });
  });

  it('has the managed cloud items, two instances at least', () => {
    const practices = practicesOf({
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/min-replicas': '1',
      'scaling.io/health-endpoint': '/health',
    });
    expect(practices?.items.map(i => i.id)).toEqual([
      'min-two-instances',
      'health-check',
      'autoscaling',
      'monitoring',
      'right-sized',
      'cache',
    ]);
    expect(item(practices, 'min-two-instances')).toMatchObject({
      passed: false,
      evidence: 'at least 1 instance (scaling.io/min-replicas: 1)',
    });
    expect(item(practices, 'health-check')?.passed).toBe(true);
    expect(
      item(
        practicesOf({
          'scaling.io/platform': 'cloud-run',
          'scaling.io/min-replicas': '2',
        }),
        'min-two-instances',
      )?.passed,
    ).toBe(true);
  });

  it('offers spot capacity to non-critical services only, scale-to-zero on Cloud Run only, reserved capacity for production databases only', () => {
    const ids = (annotations: Record<string, string>, managed = false) =>
      practicesOf(annotations, {
        context: managed
          ? { databases: [{ entityRef: 'resource:default/db', managed: true }] }
          : {},
      })?.items.map(i => i.id) ?? [];
    expect(
      ids({
        'scaling.io/platform': 'ecs-fargate',
        'scaling.io/uptime-sla': '99.5',
      }),
    ).toContain('spot-capacity');
    expect(
      ids({
        'scaling.io/platform': 'ecs-fargate',
        'scaling.io/uptime-sla': '99.9',
      }),
    ).not.toContain('spot-capacity');
    expect(ids({ 'scaling.io/platform': 'ecs-fargate' })).not.toContain(
      'spot-capacity',
    );
    expect(ids({ 'scaling.io/platform': 'cloud-run' })).toContain(
      'scale-to-zero-staging',
    );
    expect(ids({ 'scaling.io/platform': 'ecs-fargate' })).not.toContain(
      'scale-to-zero-staging',
    );
    expect(
      ids(
        { 'scaling.io/platform': 'eks', 'scaling.io/uptime-sla': '99.9' },
        true,
      ),
    ).toContain('reserved-database');
    expect(
      ids({ 'scaling.io/platform': 'eks', 'scaling.io/uptime-sla': '99.9' }),
    ).not.toContain('reserved-database');
    expect(
      ids(
        { 'scaling.io/platform': 'eks', 'scaling.io/uptime-sla': '95' },
        true,
      ),
    ).not.toContain('reserved-database');
  });

  it('on a single VPS: backups, a health check and 95% uptime, measured', () => {
    const practices = practicesOf(
      { 'scaling.io/platform': 'docker-compose', 'scaling.io/backup': 's3' },
      { metrics: { measuredUptime: { value: 93.2, provider: 'prometheus' } } },
    );
    expect(practices?.items.map(i => [i.id, i.passed])).toEqual([
      ['database-backups', true],
      ['health-check', null],
      ['uptime-95', false],
    ]);
    expect(item(practices, 'uptime-95')?.evidence).toBe(
      'measured uptime 93.2% (metric:prometheus)',
    );
  });

  it('is null for a service whose tier is unknown, and for what is not deployable', () => {
    expect(practicesOf({})).toBeNull();
    expect(
      assess({
        annotations: { 'scaling.io/platform': 'eks' },
        entity: {
          entityRef: 'component:default/lib',
          name: 'lib',
          kind: 'Component',
          type: 'library',
        },
      }).practices,
    ).toBeNull();
  });

  it('is there whatever the status: over-provisioned and aligned included', () => {
    const over = assess({
      annotations: {
        'scaling.io/platform': 'eks',
        'scaling.io/active-users': '200',
      },
    });
    expect(over.status).toBe('over-provisioned');
    expect(over.practices?.tier).toBe('kubernetes');
  });

  it('lists on each tier only practices it defines', () => {
    for (const list of Object.values(PRACTICE_CHECKLISTS)) {
      for (const id of list) expect(PRACTICES[id]).toBeDefined();
    }
  });
});

describe('metrics-exporter from a metrics provider', () => {
  it('passes when Prometheus answers for the service and nothing else says, and a declaration wins', () => {
    const metrics = {
      activeUsers: { value: 12000, provider: 'prometheus' },
    };
    const base = { 'scaling.io/platform': 'kubernetes' };
    expect(
      item(practicesOf(base, { metrics }), 'metrics-exporter'),
    ).toMatchObject({
      passed: true,
      source: 'metric:prometheus',
      evidence: 'Prometheus has its metrics',
    });
    expect(
      item(
        practicesOf(
          { ...base, 'scaling.io/metrics-exporter': 'false' },
          { metrics },
        ),
        'metrics-exporter',
      )?.passed,
    ).toBe(false);
    expect(item(practicesOf(base), 'metrics-exporter')?.passed).toBeNull();
  });
});
