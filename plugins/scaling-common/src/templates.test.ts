import { assess } from './assess';
import { MigrationTemplate } from './templates';

const TEMPLATES: MigrationTemplate[] = [
  {
    entityRef: 'template:default/scaling-compose-baseline',
    title: 'Compose',
    targetTier: 'single-vps',
    platform: null,
  },
  {
    entityRef: 'template:default/scaling-managed-cloud',
    title: 'Managed',
    targetTier: 'managed-cloud',
    platform: null,
  },
  {
    entityRef: 'template:default/scaling-kubernetes',
    title: 'Kubernetes',
    targetTier: 'kubernetes',
    platform: null,
  },
];

const entity = {
  entityRef: 'component:default/orders',
  name: 'orders',
  owner: 'group:default/team-a',
  system: 'system:default/shop',
  repository: {
    scm: 'github' as const,
    repoUrl: 'github.com?owner=acme&repo=orders',
    gitUrl: 'https://github.com/acme/orders.git',
  },
};

describe('template offers (docs/rules.md #templates)', () => {
  it('offers the templates for the readiness target, pre-filled from the entity', () => {
    const result = assess({
      entity,
      templates: TEMPLATES,
      annotations: {
        'scaling.io/platform': 'docker-compose',
        'scaling.io/active-users': '5000',
        'scaling.io/health-endpoint': '/healthz',
        'scaling.io/port': '5000',
      },
    });
    expect(result.entityRef).toBe('component:default/orders');
    expect(result.templates).toEqual([
      {
        entityRef: 'template:default/scaling-managed-cloud',
        title: 'Managed',
        purpose: 'migrate',
        targetTier: 'managed-cloud',
        platform: 'ecs-fargate',
        formData: {
          component: 'component:default/orders',
          name: 'orders',
          owner: 'group:default/team-a',
          system: 'system:default/shop',
          repoUrl: 'github.com?owner=acme&repo=orders',
          scm: 'github',
          gitUrl: 'https://github.com/acme/orders.git',
          platform: 'ecs-fargate',
          port: 5000,
          healthPath: '/healthz',
          minReplicas: 2,
          maxReplicas: 10,
          cpuTarget: 70,
        },
      },
    ]);
  });

  it('uses the scaling guide`s Kubernetes defaults and stays on the same cloud', () => {
    const result = assess({
      entity: { entityRef: 'component:default/api', name: 'api' },
      templates: TEMPLATES,
      annotations: {
        'scaling.io/platform': 'cloud-run',
        'scaling.io/active-users': '20000',
        'scaling.io/uptime-sla': '99.9',
        'scaling.io/k8s-expertise': 'true',
      },
    });
    expect(result.templates).toHaveLength(1);
    expect(result.templates[0].formData).toEqual({
      component: 'component:default/api',
      name: 'api',
      platform: 'gke',
      port: 8080,
      healthPath: '/health',
      minReplicas: 3,
      maxReplicas: 10,
      cpuTarget: 70,
      memoryTarget: 80,
    });
  });

  it('offers nothing when over-provisioned or for a simulation', () => {
    expect(
      assess({
        entity,
        templates: TEMPLATES,
        annotations: {
          'scaling.io/platform': 'eks',
          'scaling.io/active-users': '10',
        },
      }).templates,
    ).toEqual([]);
    expect(
      assess({
        templates: TEMPLATES,
        annotations: { 'scaling.io/active-users': '5000' },
      }).templates,
    ).toEqual([]);
  });
});

describe('the annotate offer', () => {
  const ANNOTATE: MigrationTemplate = {
    entityRef: 'template:default/scaling-annotate',
    title: 'Annotate',
    purpose: 'annotate',
    targetTier: null,
    platform: null,
  };
  const withFile = {
    ...entity,
    repository: {
      ...entity.repository,
      catalogInfoUrl:
        'https://github.com/acme/orders/blob/main/services/orders/catalog-info.yaml',
      catalogInfoPath: 'services/orders/catalog-info.yaml',
    },
  };

  it('is made when values are missing, pre-filled with the file and what other sources know', () => {
    const result = assess({
      entity: withFile,
      templates: [ANNOTATE],
      annotations: { 'scaling.io/active-users': '5000' },
      evidence: [
        {
          values: {
            platform: {
              value: 'ecs-fargate',
              source: 'repository',
              evidence: 'ecs/task.json: Fargate',
            },
          },
        },
      ],
      defaults: {
        uptimeSla: {
          value: 99.9,
          source: 'config',
          evidence: 'scaling.defaults[0]',
        },
      },
    });
    expect(result.templates).toEqual([
      {
        entityRef: 'template:default/scaling-annotate',
        title: 'Annotate',
        purpose: 'annotate',
        targetTier: null,
        platform: null,
        formData: {
          component: 'component:default/orders',
          repoUrl: 'github.com?owner=acme&repo=orders',
          scm: 'github',
          gitUrl: 'https://github.com/acme/orders.git',
          catalogInfoUrl:
            'https://github.com/acme/orders/blob/main/services/orders/catalog-info.yaml',
          catalogInfoPath: 'services/orders/catalog-info.yaml',
          // Known from the repository and the org policy; the entity's own users are not repeated.
          platform: 'ecs-fargate',
          uptimeSla: '99.9',
        },
      },
    ]);
  });

  it('is not made when the entity declares all four values, or its file is unknown', () => {
    const annotations = {
      'scaling.io/platform': 'ecs-fargate',
      'scaling.io/active-users': '5000',
      'scaling.io/uptime-sla': '99.9',
      'scaling.io/monthly-budget-usd': '800',
    };
    expect(
      assess({ entity: withFile, templates: [ANNOTATE], annotations })
        .templates,
    ).toEqual([]);
    expect(
      assess({
        entity,
        templates: [ANNOTATE],
        annotations: { 'scaling.io/active-users': '5000' },
      }).templates,
    ).toEqual([]);
  });
});

describe('the practices offer', () => {
  const PRACTICES: MigrationTemplate = {
    entityRef: 'template:default/scaling-practices',
    title: 'Fix the practices',
    purpose: 'practices',
    targetTier: null,
    platform: null,
  };
  const FILE = 'deploy/k8s/orders.yaml';
  const withUrls = {
    ...entity,
    repository: {
      ...entity.repository,
      fileUrls: { [FILE]: `https://github.com/acme/orders/blob/main/${FILE}` },
    },
  };
  const annotations = {
    'scaling.io/platform': 'eks',
    'scaling.io/active-users': '30000',
    'scaling.io/uptime-sla': '99.9',
    'scaling.io/monthly-budget-usd': '4000',
    'scaling.io/health-endpoint': '/healthz',
  };
  const fromFile = (value: boolean, reason: string) => ({
    value,
    source: 'repository',
    evidence: `${FILE}: ${reason}`,
    file: FILE,
    line: 2,
  });

  it('is made for the fixable practices that fail, with the files the evidence names and their URLs', () => {
    const result = assess({
      entity: withUrls,
      templates: [PRACTICES],
      annotations,
      evidence: [
        {
          values: {
            resourceLimits: fromFile(false, 'no requests and limits'),
            disruptionBudget: fromFile(false, 'no PodDisruptionBudget'),
            probes: fromFile(true, 'liveness and readiness probes'),
            // Failing, but not fixable by a file edit: not in the offer.
            antiAffinity: fromFile(false, 'no anti-affinity'),
          },
        },
      ],
    });
    expect(result.templates).toEqual([
      {
        entityRef: 'template:default/scaling-practices',
        title: 'Fix the practices',
        purpose: 'practices',
        targetTier: null,
        platform: null,
        formData: {
          component: 'component:default/orders',
          repoUrl: 'github.com?owner=acme&repo=orders',
          scm: 'github',
          gitUrl: 'https://github.com/acme/orders.git',
          manifests: [
            {
              path: FILE,
              url: `https://github.com/acme/orders/blob/main/${FILE}`,
            },
          ],
          practices: ['disruption-budget', 'requests-and-limits'],
          healthPath: '/healthz',
        },
      },
    ]);
  });

  it('is not made when nothing fixable fails, the failure comes from an annotation, or the file has no URL', () => {
    const passing = {
      values: { resourceLimits: fromFile(true, 'requests and limits') },
    };
    expect(
      assess({
        entity: withUrls,
        templates: [PRACTICES],
        annotations,
        evidence: [passing],
      }).templates,
    ).toEqual([]);
    expect(
      assess({
        entity: withUrls,
        templates: [PRACTICES],
        annotations: {
          ...annotations,
          'scaling.io/resource-limits': 'false',
        },
        evidence: [passing],
      }).templates,
    ).toEqual([]);
    expect(
      assess({
        entity,
        templates: [PRACTICES],
        annotations,
        evidence: [
          { values: { resourceLimits: fromFile(false, 'no requests') } },
        ],
      }).templates,
    ).toEqual([]);
  });
});

describe('the practices offer for a Helm chart', () => {
  it('is not made when the failing workload is a chart template: the fix goes into its values', () => {
    const template = 'charts/orders/templates/deployment.yaml';
    const result = assess({
      entity: {
        ...entity,
        repository: {
          ...entity.repository,
          fileUrls: {
            [template]: `https://github.com/acme/orders/blob/main/${template}`,
          },
        },
      },
      templates: [
        {
          entityRef: 'template:default/scaling-practices',
          title: 'Fix the practices',
          purpose: 'practices',
          targetTier: null,
          platform: null,
        },
      ],
      annotations: {
        'scaling.io/platform': 'eks',
        'scaling.io/active-users': '30000',
        'scaling.io/uptime-sla': '99.9',
      },
      evidence: [
        {
          values: {
            helmChart: {
              value: true,
              source: 'repository',
              evidence: 'a Helm chart',
              file: 'charts/orders/Chart.yaml',
            },
            resourceLimits: {
              value: false,
              source: 'repository',
              evidence: 'no requests and limits',
              file: template,
            },
          },
        },
      ],
    });
    expect(
      result.practices?.items.find(i => i.id === 'requests-and-limits'),
    ).toMatchObject({ passed: false });
    expect(result.templates).toEqual([]);
  });
});
