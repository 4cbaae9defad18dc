import { Entity } from '@backstage/catalog-model';
import {
  Assessment,
  MetricsInput,
  MigrationTemplate,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  SimulateRequest,
  TIER_IDS,
  assess,
  coverageOf,
  practicesOverviewOf,
  rightSizingOverviewOf,
  DEFAULT_THRESHOLDS,
  HistoryResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingApi } from '../api';

export const MIGRATION_TEMPLATES: MigrationTemplate[] = [
  {
    entityRef: 'template:default/scaling-managed-cloud',
    title: 'Migrate to Managed Cloud',
    targetTier: 'managed-cloud',
    platform: null,
  },
  {
    entityRef: 'template:default/scaling-kubernetes',
    title: 'Migrate to Kubernetes',
    targetTier: 'kubernetes',
    platform: null,
  },
];

export function entityWith(
  annotations: Record<string, string>,
  overrides: Partial<Entity['metadata']> & { kind?: string } = {},
): Entity {
  const { kind = 'Component', ...metadata } = overrides;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name: 'checkout',
      namespace: 'default',
      annotations,
      ...metadata,
    },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      system: 'shop',
      lifecycle: 'production',
    },
  };
}

/** An under-provisioned service on ECS whose load asks for Kubernetes. */
export const UNDER_PROVISIONED_ANNOTATIONS: Record<string, string> = {
  'scaling.io/platform': 'ecs-fargate',
  'scaling.io/active-users': '25000',
  'scaling.io/uptime-sla': '99.9',
  'scaling.io/monthly-budget-usd': '4000',
  'scaling.io/multi-region-required': 'true',
  'scaling.io/k8s-expertise': 'false',
  'scaling.io/deployment-strategy': 'canary',
  'scaling.io/health-endpoint': '/health',
  'scaling.io/image-registry': 'ecr',
};

/** The under-provisioned service with bad annotations, a premature practice and an SLA breach. */
export const DETAILED_ANNOTATIONS: Record<string, string> = {
  ...UNDER_PROVISIONED_ANNOTATIONS,
  'scaling.io/regions': 'two',
  'scaling.io/servce-mesh': 'true',
  'scaling.io/practices': 'iac',
};

export const SLA_BREACH_METRICS: MetricsInput = {
  measuredUptime: { value: 98.5, provider: 'prometheus' },
};

export function assessmentFor(
  annotations: Record<string, string>,
  options: { entityRef?: string; metrics?: MetricsInput } = {},
): Assessment {
  const entityRef = options.entityRef ?? 'component:default/checkout';
  return assess({
    annotations,
    metrics: options.metrics,
    entity: {
      entityRef,
      name: entityRef.split('/')[1],
      owner: 'group:default/payments',
      system: 'system:default/shop',
      repository: {
        scm: 'github',
        repoUrl: 'github.com?owner=acme&repo=checkout',
        gitUrl: 'https://github.com/acme/checkout.git',
      },
    },
    templates: MIGRATION_TEMPLATES,
    assessedAt: '2026-11-28T10:00:00.000Z',
  });
}

export const HISTORY: HistoryResponse = {
  snapshots: [0, 30, 60, 89].map((day, i) => ({
    time: new Date(Date.UTC(2026, 7, 30) + day * 86400000).toISOString(),
    currentTier: 'managed-cloud',
    recommendedTier: 'managed-cloud',
    status: 'aligned',
    readinessScore: 50,
    activeUsers: 4000 + i * 1500,
    measuredUptime: 99.95,
  })),
  forecast: {
    usersPerDay: 50,
    nextTier: 'kubernetes',
    threshold: 10001,
    crossesOn: '2027-01-05',
  },
  // What a backend without threshold overrides in app-config reports.
  userThresholds: DEFAULT_THRESHOLDS.users,
};

export function overviewItem(
  i: number,
  partial: Partial<OverviewItem> = {},
): OverviewItem {
  const status = (
    [
      'under-provisioned',
      'aligned',
      'over-provisioned',
      'insufficient-data',
    ] as const
  )[i % 4];
  return {
    entityRef: `component:default/service-${i}`,
    name: `service-${i}`,
    kind: 'Component',
    owner: 'group:default/payments',
    system: 'system:default/shop',
    currentTier: TIER_IDS[i % 4],
    recommendedTier: TIER_IDS[(i + 1) % 4],
    status,
    readinessScore: (i * 7) % 100,
    activeUsers: 100 * i,
    findings: [],
    blockers: [],
    practicesScore: (i * 13) % 100,
    practices: {
      passed: ['probes'],
      failed: i % 2 ? ['network-policy'] : [],
      unknown: ['rbac'],
    },
    rightSizingSaving: null,
    ...partial,
  };
}

/** A fake backend with `total` services; pages are cut on demand, never all built. */
export function overviewResponse(
  query: OverviewQuery = {},
  total = 10_000,
  lastScan: OverviewResponse['lastScan'] = null,
  /** Cap the rows of a page, to keep rendering tests fast. */
  maxRows = Infinity,
): OverviewResponse {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const count = Math.max(0, Math.min(limit, maxRows, total - offset));
  const quarter = Math.floor(total / 4);
  const items = Array.from({ length: count }, (_, k) =>
    overviewItem(offset + k),
  );
  return {
    items,
    totalCount: total,
    practices: practicesOverviewOf(items),
    rightSizing: rightSizingOverviewOf(items),
    // A day-one org: platforms from the repository for most, SLAs from the org policy, users
    // nowhere (the Prometheus module is installed, not yet configured).
    coverage: coverageOf(
      Array.from({ length: total }, (_, k) => ({
        ...(k % 5 !== 0 ? { platform: 'repository' } : {}),
        uptimeSla: k % 2 ? 'config' : 'annotation',
        serviceCount: 'catalog',
      })),
      [
        { id: 'repository', kind: 'evidence', configured: true },
        {
          id: 'prometheus',
          kind: 'metrics',
          configured: false,
          configKey: 'scaling.metrics.prometheus.baseUrl',
        },
      ],
    ),
    totals: {
      byCurrentTier: {
        'single-vps': quarter,
        'managed-cloud': quarter,
        kubernetes: quarter,
        enterprise: quarter,
        unknown: total - 4 * quarter,
      },
      byRecommendedTier: {
        'single-vps': quarter - 10,
        'managed-cloud': quarter + 10,
        kubernetes: quarter,
        enterprise: quarter,
        unknown: total - 4 * quarter,
      },
      byStatus: {
        'under-provisioned': quarter,
        aligned: quarter,
        'over-provisioned': quarter,
        'insufficient-data': total - 3 * quarter,
      },
    },
    lastScan,
  };
}

export function mockScalingApi(
  overrides: { [K in keyof ScalingApi]?: jest.Mock } = {},
): jest.Mocked<ScalingApi> {
  return {
    getAssessment: jest.fn(async () =>
      assessmentFor(UNDER_PROVISIONED_ANNOTATIONS),
    ),
    getHistory: jest.fn(async () => undefined),
    getOverview: jest.fn(async (query?: OverviewQuery) =>
      overviewResponse(query),
    ),
    getOverviewCsv: jest.fn(async () => 'entityRef,name\r\n'),
    simulate: jest.fn(async (request: SimulateRequest) =>
      assess({ annotations: request.annotations, context: request.context }),
    ),
    ...overrides,
  } as unknown as jest.Mocked<ScalingApi>;
}
