import { formatUsd as usd } from './format';
import { ScalingThresholds, budgetFloor, tierReachedBy } from './thresholds';
import { TIERS, TIER_IDS, TierId, compareTiers, maxTier } from './tiers';
import {
  AssessmentStatus,
  Demand,
  Finding,
  KubernetesCriteria,
  Platform,
  Signals,
} from './types';

const PLATFORM_TIERS: Readonly<Record<Platform, TierId>> = {
  vps: 'single-vps',
  'docker-compose': 'single-vps',
  'ecs-fargate': 'managed-cloud',
  'azure-container-instances': 'managed-cloud',
  'cloud-run': 'managed-cloud',
  'docker-swarm': 'managed-cloud',
  eks: 'kubernetes',
  aks: 'kubernetes',
  gke: 'kubernetes',
  kubernetes: 'kubernetes',
};

/** Whether a platform is a Kubernetes one (EKS, AKS, GKE, any Kubernetes). */
export function isKubernetesPlatform(platform: Platform): boolean {
  return PLATFORM_TIERS[platform] === 'kubernetes';
}

/**
 * Where the entity runs today: its platform's tier, or `enterprise` for Kubernetes across two
 * or more regions; null when the platform is unknown.
 *
 * @public
 */
export function currentTierOf(signals: Signals): TierId | null {
  const platform = signals.platform.value;
  if (platform === null) {
    return null;
  }
  const tier = PLATFORM_TIERS[platform];
  const regions = signals.regions.value;
  return tier === 'kubernetes' && regions !== null && regions >= 2
    ? 'enterprise'
    : tier;
}

/** @public */
export function demandOf(
  signals: Signals,
  thresholds: ScalingThresholds,
): Demand {
  const users = signals.activeUsers.value;
  const sla = signals.uptimeSla.value;
  const byUsers =
    users === null ? null : tierReachedBy(users, thresholds.users);
  const bySla = sla === null ? null : tierReachedBy(sla, thresholds.sla);
  const tier =
    byUsers && bySla ? maxTier(byUsers, bySla) : (byUsers ?? bySla ?? null);
  return { byUsers, bySla, tier };
}

/** @public */
export interface Recommendation {
  demand: Demand;
  recommendedTier: TierId | null;
  findings: Finding[];
}

/**
 * docs/rules.md #demand: demand, then the Kubernetes gate, then the budget cap.
 *
 * @public
 */
export function recommend(
  signals: Signals,
  gate: KubernetesCriteria,
  thresholds: ScalingThresholds,
): Recommendation {
  const demand = demandOf(signals, thresholds);
  const findings: Finding[] = [];
  let tier = demand.tier;
  if (tier === null) {
    return { demand, recommendedTier: null, findings };
  }

  if (compareTiers(tier, 'kubernetes') >= 0 && gate.met < gate.required) {
    const met = gate.items.filter(c => c.met).map(c => c.id);
    findings.push({
      id: 'kubernetes-gate-not-met',
      severity: 'warning',
      message: `Demand calls for ${TIERS[tier].shortName}, but only ${gate.met} of ${
        gate.items.length
      } Kubernetes criteria are met; ${gate.required} required${
        met.length ? ` (met: ${met.join(', ')})` : ''
      }. Recommending ${TIERS['managed-cloud'].shortName} until more hold.`,
    });
    tier = 'managed-cloud';
  }

  const budget = signals.monthlyBudgetUsd.value;
  if (budget !== null && budget < budgetFloor(thresholds, tier)) {
    const affordable = [...TIER_IDS]
      .reverse()
      .find(t => budget >= budgetFloor(thresholds, t))!;
    findings.push({
      id: 'budget-constrained',
      severity: 'warning',
      message: `Demand calls for ${TIERS[tier].shortName}, whose floor is ${usd(
        budgetFloor(thresholds, tier),
      )}/month, but the budget is ${usd(budget)}/month. Recommending ${
        TIERS[affordable].shortName
      }, the highest tier the budget covers.`,
    });
    tier = affordable;
  }

  return { demand, recommendedTier: tier, findings };
}

/** @public */
export function statusOf(
  current: TierId | null,
  recommended: TierId | null,
): AssessmentStatus {
  if (current === null || recommended === null) {
    return 'insufficient-data';
  }
  const order = compareTiers(current, recommended);
  if (order === 0) return 'aligned';
  return order < 0 ? 'under-provisioned' : 'over-provisioned';
}
