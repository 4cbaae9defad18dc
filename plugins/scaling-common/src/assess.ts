import { collectFindings } from './findings';
import { evaluateKubernetesGate } from './kubernetesGate';
import { assessReadiness, readinessTarget } from './readiness';
import { currentTierOf, recommend, statusOf } from './recommendation';
import { CatalogContext, MetricsInput, readSignals } from './signals';
import { MigrationTemplate, offerTemplates } from './templates';
import { DEFAULT_THRESHOLDS, ScalingThresholds } from './thresholds';
import { TIERS, TierId } from './tiers';
import { Assessment, TierCost } from './types';

/** Who the entity is, for the assessment and the templates' pre-filled forms. @public */
export interface EntityIdentity {
  entityRef: string;
  name: string;
  owner?: string | null;
  system?: string | null;
  /** `owner/repo`, from `github.com/project-slug`. */
  repoSlug?: string | null;
}

/** Everything {@link assess} needs; all of it plain data. @public */
export interface AssessmentInput {
  /** The entity's annotations (all of them: `backstage.io/kubernetes-id` counts too). */
  annotations?: Record<string, string>;
  /** Omitted for a what-if simulation (`entityRef: null`). */
  entity?: EntityIdentity | null;
  context?: CatalogContext;
  metrics?: MetricsInput;
  /** Defaults to the seed's numbers; see {@link resolveThresholds}. */
  thresholds?: ScalingThresholds;
  /** Migration templates in the catalog; those for the readiness target are offered. */
  templates?: readonly MigrationTemplate[];
  /** ISO time; defaults to now. */
  assessedAt?: string;
}

function costOf(tier: TierId | null): TierCost | null {
  return tier
    ? {
        tier,
        monthlyUsd: TIERS[tier].costPerMonthUsd,
        opsLoad: TIERS[tier].opsLoad,
      }
    : null;
}

/**
 * Assesses one entity: where it runs, where it should run, how ready it is to move, and what
 * to look at. Pure and total: bad input gives warnings, never an exception.
 *
 * @public
 */
export function assess(input: AssessmentInput): Assessment {
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const context = input.context ?? {};
  const metrics = input.metrics ?? {};
  const { signals, evidence, warnings, declaredUsers } = readSignals(
    input.annotations ?? {},
    context,
    metrics,
  );

  const currentTier = currentTierOf(signals);
  const kubernetesCriteria = evaluateKubernetesGate(signals, thresholds);
  const recommendation = recommend(signals, kubernetesCriteria, thresholds);
  const recommendedTier = recommendation.recommendedTier;
  const status = statusOf(currentTier, recommendedTier);

  const metricProviders: string[] = [];
  for (const metric of [
    metrics.activeUsers,
    metrics.measuredUptime,
    metrics.requestsPerSecond,
  ]) {
    if (
      metric &&
      Number.isFinite(metric.value) &&
      !metricProviders.includes(metric.provider)
    ) {
      metricProviders.push(metric.provider);
    }
  }
  const readiness = assessReadiness(
    readinessTarget(currentTier, recommendedTier, status),
    { signals, evidence, context, metricProviders },
  );

  const findings = recommendation.findings.concat(
    collectFindings({
      signals,
      currentTier,
      recommendedTier,
      status,
      metrics,
      declaredUsers,
    }),
  );

  const entity = input.entity ?? null;
  const templates =
    entity && input.templates
      ? offerTemplates(readiness.targetTier, input.templates, {
          entityRef: entity.entityRef,
          name: entity.name,
          owner: entity.owner ?? null,
          system: entity.system ?? null,
          repoSlug: entity.repoSlug ?? null,
          healthPath: evidence.healthEndpoint.value,
          port: evidence.port.value,
          currentPlatform: signals.platform.value,
        })
      : [];

  return {
    entityRef: entity?.entityRef ?? null,
    assessedAt: input.assessedAt ?? new Date().toISOString(),
    currentTier,
    currentPlatform: signals.platform.value,
    recommendedTier,
    status,
    signals,
    kubernetesCriteria,
    readiness,
    findings,
    warnings,
    cost: {
      current: costOf(currentTier),
      recommended: costOf(recommendedTier),
    },
    templates,
  };
}
