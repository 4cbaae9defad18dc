import { assess, isDeployable } from './assess';
import { normalizeScalingValue } from './values';

const fromRepository = {
  platform: {
    value: 'kubernetes' as const,
    source: 'repository',
    evidence: 'k8s/deployment.yaml: a Deployment',
  },
  helmChart: {
    value: true,
    source: 'repository',
    evidence: 'charts/petstore/Chart.yaml: a Helm chart',
  },
  uptimeSla: {
    value: 99.9,
    source: 'repository',
    evidence: 'slo.yaml: an OpenSLO objective of 0.999',
  },
  activeUsers: {
    value: 20000,
    source: 'repository',
    evidence: 'load.yaml: declared',
  },
};
const fromPolicy = {
  uptimeSla: { value: 99, source: 'config', evidence: 'scaling.defaults[1]' },
  monitoring: {
    value: true,
    source: 'config',
    evidence: 'scaling.defaults[0]',
  },
};

describe('precedence of the sources of a value', () => {
  it('metrics, then the annotation, then evidence providers, then the policy, then the catalog', () => {
    const result = assess({
      annotations: { 'scaling.io/active-users': '3000' },
      metrics: { activeUsers: { value: 4500, provider: 'prometheus' } },
      evidence: [{ values: fromRepository }],
      defaults: fromPolicy,
      context: { serviceCount: 2 },
    });
    expect(result.signals.activeUsers).toEqual({
      value: 4500,
      source: 'metric:prometheus',
      raw: '3000',
    });
    expect(result.signals.platform).toEqual({
      value: 'kubernetes',
      source: 'repository',
      evidence: 'k8s/deployment.yaml: a Deployment',
    });
    // The repository's SLO wins over the org default.
    expect(result.signals.uptimeSla.value).toBe(99.9);
    expect(result.signals.uptimeSla.source).toBe('repository');
    expect(result.signals.serviceCount).toEqual({
      value: 2,
      source: 'catalog',
    });
    expect(result.currentTier).toBe('kubernetes');
  });

  it('takes the first evidence provider that knows a value', () => {
    const result = assess({
      evidence: [
        { values: {} },
        {
          values: {
            platform: {
              value: 'cloud-run',
              source: 'cmdb',
              evidence: 'CMDB record 42',
            },
          },
        },
        { values: fromRepository },
      ],
    });
    expect(result.signals.platform.source).toBe('cmdb');
  });

  it('lets a lower source fill in for a bad annotation, keeping the warning and the raw text', () => {
    const result = assess({
      annotations: { 'scaling.io/platform': 'heroku' },
      evidence: [{ values: fromRepository }],
    });
    expect(result.signals.platform).toEqual({
      value: 'kubernetes',
      source: 'repository',
      raw: 'heroku',
      evidence: 'k8s/deployment.yaml: a Deployment',
    });
    expect(result.warnings.map(w => w.annotation)).toEqual([
      'scaling.io/platform',
    ]);
  });

  it('says where readiness evidence came from', () => {
    // No platform known, and three of the seven criteria: the target is Kubernetes.
    const { platform, ...rest } = fromRepository;
    const result = assess({
      annotations: { 'scaling.io/active-users': '20000' },
      evidence: [
        {
          values: {
            ...rest,
            deploymentStrategy: {
              value: 'canary',
              source: 'repository',
              evidence: 'rollout.yaml: canary',
            },
          },
        },
      ],
      defaults: fromPolicy,
    });
    expect(result.readiness.targetTier).toBe('kubernetes');
    const items = Object.fromEntries(
      result.readiness.items.map(i => [i.id, i]),
    );
    expect(items['helm-chart']).toMatchObject({
      passed: true,
      evidence: 'from the repository: charts/petstore/Chart.yaml: a Helm chart',
    });
    expect(items.monitoring).toMatchObject({
      passed: true,
      evidence: 'from the org policy: scaling.defaults[0]',
    });
  });

  it('turns evidence problems into findings', () => {
    const result = assess({
      evidence: [
        {
          values: {},
          problems: [
            {
              id: 'repository-unreadable',
              message: 'The repository … could not be read: 404',
            },
          ],
        },
      ],
    });
    expect(result.findings).toContainEqual({
      id: 'repository-unreadable',
      severity: 'warning',
      message: 'The repository … could not be read: 404',
    });
  });
});

describe('deployable Components', () => {
  it.each([
    ['Component', 'service', true],
    ['Component', 'Website', true],
    ['Component', 'library', false],
    ['Component', 'documentation', false],
    ['Component', null, false],
    ['Resource', 'database', true],
  ] as const)('%s of type %s is deployable: %s', (kind, type, expected) => {
    expect(isDeployable(kind, type)).toBe(expected);
  });

  it('answers not-applicable for a library, with a finding that says why', () => {
    const result = assess({
      annotations: { 'scaling.io/active-users': '20000' },
      entity: {
        entityRef: 'component:default/playback-sdk',
        name: 'playback-sdk',
        kind: 'Component',
        type: 'library',
      },
    });
    expect(result).toMatchObject({
      status: 'not-applicable',
      currentTier: null,
      recommendedTier: null,
      readiness: { targetTier: null, score: null },
      templates: [],
    });
    expect(result.findings).toEqual([
      {
        id: 'not-deployable',
        severity: 'info',
        message:
          'A library runs on no infrastructure of its own: only Components of type service, website are assessed (scaling.deployableTypes).',
      },
    ]);
  });

  it('follows scaling.deployableTypes', () => {
    const result = assess({
      annotations: { 'scaling.io/active-users': '500' },
      entity: {
        entityRef: 'component:default/job',
        name: 'job',
        kind: 'Component',
        type: 'batch-job',
      },
      deployableTypes: ['service', 'batch-job'],
    });
    expect(result.status).toBe('insufficient-data');
  });
});

describe('normalizeScalingValue', () => {
  it.each([
    ['platform', 'ecs-fargate', 'ecs-fargate'],
    ['platform', 'heroku', undefined],
    ['uptimeSla', 99.9, 99.9],
    ['uptimeSla', 120, undefined],
    ['observability', ['metrics', 'tracing'], ['metrics', 'tracing']],
    ['observability', ['metrics', 'lots'], undefined],
    ['helmChart', true, true],
    ['healthEndpoint', '/health', '/health'],
    ['port', 70000, undefined],
    ['containerized', { yes: true }, undefined],
  ] as const)('%s %j → %j', (key, value, expected) => {
    expect(normalizeScalingValue(key, value)).toEqual(expected);
  });
});
