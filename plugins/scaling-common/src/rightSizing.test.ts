import { assess } from './assess';
import { LiveWorkload, assessRightSizing } from './rightSizing';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

function workload(overrides: Partial<LiveWorkload> = {}): LiveWorkload {
  return {
    cluster: 'production',
    kind: 'Deployment',
    namespace: 'shop',
    name: 'orders',
    replicas: { desired: 4, ready: 4 },
    autoscaler: null,
    containers: [
      {
        name: 'orders',
        cpuRequestCores: 1,
        memoryRequestBytes: 2 * GIB,
        cpuUsageCores: 0.05,
        memoryUsageBytes: 200 * MIB,
        restarts: 0,
      },
    ],
    ...overrides,
  };
}

describe('assessRightSizing (docs/rules.md #right-sizing)', () => {
  it('recommends usage plus 30% for an over-requested container, and the saving over its replicas', () => {
    // Written before running: 0.05 × 1.3 = 0.065 → 0.07 cores; 200 MiB × 1.3 = 260 MiB.
    // Saving: (1 − 0.07) × 4 = 3.72 cores; (2048 − 260) MiB × 4 = 7152 MiB.
    expect(assessRightSizing([workload()])).toEqual({
      containers: [
        {
          workload: 'production: Deployment shop/orders',
          container: 'orders',
          cpuRequestCores: 1,
          cpuUsageCores: 0.05,
          memoryRequestBytes: 2 * GIB,
          memoryUsageBytes: 200 * MIB,
          recommended: { cpuCores: 0.07, memoryBytes: 260 * MIB },
          verdict: 'over-requested',
        },
      ],
      autoscaler: null,
      saving: { cpuCores: 3.72, memoryBytes: 7152 * MIB },
    });
  });

  it('calls a workload at its autoscaler`s maximum under-provisioned whatever its requests say', () => {
    const result = assessRightSizing([
      workload({ autoscaler: { min: 3, max: 10, current: 10 } }),
    ])!;
    expect(result.autoscaler).toEqual({
      min: 3,
      max: 10,
      current: 10,
      atMax: true,
      workload: 'production: Deployment shop/orders',
    });
    expect(result.containers[0].verdict).toBe('under-requested');
    expect(result.saving).toEqual({ cpuCores: 0, memoryBytes: 0 });
  });

  it('calls any request above the recommendation too much when the autoscaler holds the workload at its minimum', () => {
    const c = {
      name: 'api',
      cpuRequestCores: 0.25,
      memoryRequestBytes: 256 * MIB,
      cpuUsageCores: 0.15,
      memoryUsageBytes: 150 * MIB,
      restarts: 0,
    };
    // Recommended 0.2 cores, 195 MiB: within twice, so right-sized without an autoscaler…
    expect(
      assessRightSizing([workload({ containers: [c] })])!.containers[0].verdict,
    ).toBe('right-sized');
    // …and over-requested when the autoscaler never left its minimum of 2.
    const held = assessRightSizing([
      workload({
        containers: [c],
        autoscaler: { min: 2, max: 6, current: 2 },
      }),
    ])!;
    expect(held.containers[0].verdict).toBe('over-requested');
    expect(held.saving).toEqual({
      cpuCores: 0.1,
      memoryBytes: (256 - 195) * MIB * 2,
    });
  });

  it('says no-requests, under-requested and right-sized, and null without cluster data', () => {
    const verdicts = assessRightSizing([
      workload({
        containers: [
          {
            name: 'none',
            cpuRequestCores: null,
            memoryRequestBytes: null,
            cpuUsageCores: 0.1,
            memoryUsageBytes: 100 * MIB,
            restarts: 3,
          },
          {
            name: 'tight',
            cpuRequestCores: 0.1,
            memoryRequestBytes: 128 * MIB,
            cpuUsageCores: 0.3,
            memoryUsageBytes: 100 * MIB,
            restarts: 0,
          },
          {
            name: 'unmeasured',
            cpuRequestCores: 0.5,
            memoryRequestBytes: 512 * MIB,
            cpuUsageCores: null,
            memoryUsageBytes: null,
            restarts: 0,
          },
        ],
      }),
    ])!.containers.map(c => [c.container, c.verdict, c.recommended]);
    expect(verdicts).toEqual([
      ['none', 'no-requests', { cpuCores: 0.13, memoryBytes: 130 * MIB }],
      ['tight', 'under-requested', { cpuCores: 0.39, memoryBytes: 130 * MIB }],
      ['unmeasured', 'right-sized', null],
    ]);
    expect(assessRightSizing([])).toBeNull();
    expect(assessRightSizing(undefined)).toBeNull();
  });
});

describe('what runs, in the assessment', () => {
  const live = {
    measured: true,
    values: {
      platform: {
        value: 'kubernetes' as const,
        source: 'kubernetes',
        evidence: 'production: Deployment shop/orders',
      },
      autoscaling: {
        value: true,
        source: 'kubernetes',
        evidence: 'production: HorizontalPodAutoscaler shop/orders',
      },
    },
    workloads: [workload({ autoscaler: { min: 3, max: 10, current: 10 } })],
  };

  it('ranks the cluster above the annotation, says where they differ, and carries rightSizing', () => {
    const result = assess({
      annotations: {
        'scaling.io/platform': 'docker-compose',
        'scaling.io/active-users': '20000',
      },
      evidence: [
        live,
        {
          values: {
            autoscaling: {
              value: true,
              source: 'repository',
              evidence: 'k8s/hpa.yaml: an HPA',
            },
          },
        },
      ],
    });
    expect(result.signals.platform).toMatchObject({
      value: 'kubernetes',
      source: 'kubernetes',
      evidence: 'production: Deployment shop/orders',
      raw: 'docker-compose',
    });
    expect(result.currentTier).toBe('kubernetes');
    expect(result.findings.filter(f => f.id === 'declared-vs-running')).toEqual(
      [
        {
          id: 'declared-vs-running',
          severity: 'warning',
          message:
            'Declared platform docker-compose (scaling.io/platform), but the cluster runs kubernetes (production: Deployment shop/orders). The running value is used; correct the declaration or the deployment.',
        },
      ],
    );
    expect(result.findings.map(f => f.id)).toContain('autoscaler-at-max');
    expect(result.rightSizing?.autoscaler?.atMax).toBe(true);
  });

  it('finds no disagreement between kubernetes and eks, and an HPA only in Git', () => {
    const result = assess({
      annotations: { 'scaling.io/platform': 'eks' },
      evidence: [
        {
          ...live,
          values: {
            ...live.values,
            autoscaling: { ...live.values.autoscaling, value: false },
          },
          workloads: [workload()],
        },
        {
          values: {
            autoscaling: {
              value: true,
              source: 'repository',
              evidence: 'k8s/hpa.yaml: an HPA',
            },
          },
        },
      ],
    });
    expect(
      result.findings
        .filter(f => f.id === 'declared-vs-running')
        .map(f => f.message),
    ).toEqual([
      'Declared autoscaler yes (k8s/hpa.yaml: an HPA), but the cluster runs none (production: HorizontalPodAutoscaler shop/orders). The running value is used; correct the declaration or the deployment.',
    ]);
    expect(result.findings.map(f => f.id)).not.toContain('autoscaler-at-max');
  });

  it('keeps a declared EKS that a cluster reading only `kubernetes` confirms, without a finding', () => {
    const result = assess({
      annotations: { 'scaling.io/platform': 'eks' },
      evidence: [live],
    });
    expect(result.signals.platform).toMatchObject({
      value: 'eks',
      source: 'annotation',
    });
    expect(result.findings.map(f => f.id)).not.toContain('declared-vs-running');
    // A declared Compose is contradicted, as before.
    expect(
      assess({
        annotations: { 'scaling.io/platform': 'docker-compose' },
        evidence: [live],
      }).signals.platform.value,
    ).toBe('kubernetes');
  });
});
