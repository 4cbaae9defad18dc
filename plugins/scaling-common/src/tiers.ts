import { formatNumber, formatUsd } from './format';

/**
 * The four infrastructure tiers of the scaling strategy, lowest first.
 * The ids are a stable contract: they appear in annotations, the REST API and stored rows.
 *
 * @public
 */
export const TIER_IDS = [
  'single-vps',
  'managed-cloud',
  'kubernetes',
  'enterprise',
] as const;

/** @public */
export type TierId = (typeof TIER_IDS)[number];

/** A monthly cost range in US dollars; `max` is null when open-ended. @public */
export interface CostRange {
  min: number;
  max: number | null;
}

/** Everything the product says about one tier. @public */
export interface TierInfo {
  id: TierId;
  /** 1 for the lowest tier. */
  order: number;
  name: string;
  shortName: string;
  /** Platforms (values of `scaling.io/platform`) that run on this tier. */
  platforms: readonly string[];
  /** Demand covered, as the scaling guide's decision matrix states it. */
  usersLabel: string;
  slaLabel: string;
  costPerMonthUsd: CostRange;
  opsLoad: string;
  /** Why a team would move here, in the scaling guide's words. */
  reasons: readonly string[];
  /** A colour for charts and badges, the same on every screen. */
  color: string;
}

/** @public */
export const TIERS: Readonly<Record<TierId, TierInfo>> = {
  'single-vps': {
    id: 'single-vps',
    order: 1,
    name: 'Single VPS + Docker Compose',
    shortName: 'Single VPS',
    platforms: ['vps', 'docker-compose'],
    usersLabel: '< 1,000',
    slaLabel: '< 99%',
    costPerMonthUsd: { min: 50, max: 200 },
    opsLoad: '1–2 h/week',
    reasons: [
      'Get to market fast',
      'Validate product-market fit',
      'Keep costs low (<$200/mo)',
      '95% uptime is acceptable for early adopters',
    ],
    color: '#8d6e63',
  },
  'managed-cloud': {
    id: 'managed-cloud',
    order: 2,
    name: 'Managed Cloud (ECS Fargate, Azure Container Instances, Cloud Run)',
    shortName: 'Managed Cloud',
    platforms: [
      'ecs-fargate',
      'azure-container-instances',
      'cloud-run',
      'docker-swarm',
    ],
    usersLabel: '1,000–10,000',
    slaLabel: '≥ 99%',
    costPerMonthUsd: { min: 200, max: 1000 },
    opsLoad: '< 1 h/week',
    reasons: [
      'No server management (fully managed)',
      'Auto-scaling out of the box (CPU/memory-based)',
      'Built-in load balancing',
      'Pay-per-use pricing',
      'Easy migration from Docker Compose (containers already working)',
    ],
    color: '#1e88e5',
  },
  kubernetes: {
    id: 'kubernetes',
    order: 3,
    name: 'Kubernetes (EKS, AKS, GKE)',
    shortName: 'Kubernetes',
    platforms: ['eks', 'aks', 'gke', 'kubernetes'],
    usersLabel: '10,001–50,000',
    slaLabel: '≥ 99.9%',
    costPerMonthUsd: { min: 1000, max: 5000 },
    opsLoad: '4–8 h/week',
    reasons: [
      'Industry standard (massive ecosystem, widespread adoption)',
      'Multi-cloud portability',
      'Advanced deployment strategies (blue-green, canary, rolling updates)',
      'Horizontal pod autoscaling',
      'Declarative infrastructure (GitOps with Argo CD, Flux)',
    ],
    color: '#7e57c2',
  },
  enterprise: {
    id: 'enterprise',
    order: 4,
    name: 'Full Enterprise Stack (K8s + multi-region + CDN)',
    shortName: 'Enterprise',
    platforms: ['eks', 'aks', 'gke', 'kubernetes'],
    usersLabel: '> 50,000',
    slaLabel: '≥ 99.95%',
    costPerMonthUsd: { min: 5000, max: null },
    opsLoad: 'dedicated team',
    reasons: [
      'Multi-region deployment for disaster recovery and compliance',
      'CDN in front of every region',
      'Formal disaster-recovery plan (RTO/RPO)',
    ],
    color: '#e53935',
  },
};

/** Tiers lowest first. @public */
export const TIER_LIST: readonly TierInfo[] = TIER_IDS.map(id => TIERS[id]);

/** @public */
export function isTierId(value: unknown): value is TierId {
  return (
    typeof value === 'string' && (TIER_IDS as readonly string[]).includes(value)
  );
}

/** Negative when `a` is a lower tier than `b`, zero when equal. @public */
export function compareTiers(a: TierId, b: TierId): number {
  return TIERS[a].order - TIERS[b].order;
}

/** The higher of two tiers. @public */
export function maxTier(a: TierId, b: TierId): TierId {
  return compareTiers(a, b) >= 0 ? a : b;
}

/** The tier above, or null above `enterprise`. @public */
export function nextTier(tier: TierId): TierId | null {
  return TIER_IDS[TIERS[tier].order] ?? null;
}

/** "$1,000–5,000/month", or "\> $5,000/month" when open-ended. @public */
export function formatCostRange(range: CostRange): string {
  return range.max === null
    ? `> ${formatUsd(range.min)}/month`
    : `${formatUsd(range.min)}–${formatNumber(range.max)}/month`;
}
