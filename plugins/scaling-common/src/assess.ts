import { assessPractices } from './practices';
import { evidenceOf } from './evidenceItems';
import { LiveWorkload, assessRightSizing } from './rightSizing';
import { runningFindings } from './running';
import { collectFindings } from './findings';
import { evaluateKubernetesGate } from './kubernetesGate';
import { assessReadiness, readinessTarget } from './readiness';
import { currentTierOf, recommend, statusOf } from './recommendation';
import { CatalogContext, MetricsInput, readSignals } from './signals';
import {
  EntityRepository,
  MigrationTemplate,
  offerTemplates,
} from './templates';
import { DEFAULT_THRESHOLDS, ScalingThresholds } from './thresholds';
import { TIERS, TierId } from './tiers';
import { Assessment, EvidenceProblem, Finding, TierCost } from './types';
import { SuppliedValues } from './values';

/** Who the entity is, for the assessment and the templates' pre-filled forms. @public */
export interface EntityIdentity {
  entityRef: string;
  name: string;
  /** The entity's kind and `spec.type`: whether it is deployed at all. */
  kind?: string;
  type?: string | null;
  owner?: string | null;
  system?: string | null;
  /** Where its code lives; see `EntityRepository`. */
  repository?: EntityRepository | null;
}

/** Everything {@link assess} needs; all of it plain data. @public */
export interface AssessmentInput {
  /** The entity's annotations (all of them: `backstage.io/kubernetes-id` counts too). */
  annotations?: Record<string, string>;
  /** Omitted for a what-if simulation (`entityRef: null`). */
  entity?: EntityIdentity | null;
  context?: CatalogContext;
  metrics?: MetricsInput;
  /** Defaults to the scaling guide's numbers; see {@link resolveThresholds}. */
  thresholds?: ScalingThresholds;
  /** Migration templates in the catalog; those for the readiness target are offered. */
  templates?: readonly MigrationTemplate[];
  /** ISO time; defaults to now. */
  assessedAt?: string;
  /** What the evidence providers found, in their order of precedence. */
  evidence?: readonly EvidenceInput[];
  /** The org policy's defaults for the entity; see {@link orgDefaultsFor}. */
  defaults?: SuppliedValues;
  /** The Component types that run somewhere; default {@link DEFAULT_DEPLOYABLE_TYPES}. */
  deployableTypes?: readonly string[];
}

/** One evidence provider's answer for the entity: values, and problems instead of values. @public */
export interface EvidenceInput {
  values: SuppliedValues;
  /**
   * Measured on what runs (the live cluster): its values rank above the entity's annotations,
   * and a finding says where they differ from what is declared.
   */
  measured?: boolean;
  /** The workloads as the cluster runs them, for right-sizing. */
  workloads?: readonly LiveWorkload[];
  problems?: readonly EvidenceProblem[];
  /** Third-party services seen beside the service (named, not counted). */
  thirdParty?: readonly string[];
}

/** `scaling.deployableTypes` by default: the Component types that run on infrastructure. @public */
export const DEFAULT_DEPLOYABLE_TYPES: readonly string[] = [
  'service',
  'website',
];

/**
 * Whether an entity runs on infrastructure of its own: any kind but Component, and Components
 * whose `spec.type` is one of the deployable types (case-insensitive).
 *
 * @public
 */
export function isDeployable(
  kind: string | undefined,
  type: string | null | undefined,
  deployableTypes: readonly string[] = DEFAULT_DEPLOYABLE_TYPES,
): boolean {
  if (kind === undefined || kind.toLocaleLowerCase('en-US') !== 'component')
    return true;
  const t = (type ?? '').toLocaleLowerCase('en-US');
  return deployableTypes.some(d => d.toLocaleLowerCase('en-US') === t);
}

const PROBLEM_SEVERITY: Record<EvidenceProblem['id'], Finding['severity']> = {
  'evidence-unavailable': 'warning',
  'repository-unreadable': 'warning',
  'repository-content-skipped': 'info',
  'kubernetes-unavailable': 'warning',
};

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
  const providers = input.evidence ?? [];
  const measured = providers.filter(e => e.measured).map(e => e.values);
  const supplied = providers.filter(e => !e.measured).map(e => e.values);
  if (input.defaults) supplied.push(input.defaults);
  const { signals, evidence, warnings, declaredUsers } = readSignals(
    input.annotations ?? {},
    context,
    metrics,
    supplied,
    measured,
  );
  const problemFindings: Finding[] = (input.evidence ?? []).flatMap(e =>
    (e.problems ?? []).map(p => ({
      id: p.id,
      severity: PROBLEM_SEVERITY[p.id],
      message: p.message,
    })),
  );
  const entity = input.entity ?? null;

  if (
    entity &&
    !isDeployable(entity.kind, entity.type, input.deployableTypes)
  ) {
    const types = (input.deployableTypes ?? DEFAULT_DEPLOYABLE_TYPES).join(
      ', ',
    );
    return {
      entityRef: entity.entityRef,
      assessedAt: input.assessedAt ?? new Date().toISOString(),
      currentTier: null,
      currentPlatform: null,
      recommendedTier: null,
      status: 'not-applicable',
      signals,
      kubernetesCriteria: evaluateKubernetesGate(signals, thresholds),
      readiness: { targetTier: null, score: null, items: [], blockers: [] },
      practices: null,
      rightSizing: null,
      findings: [
        {
          id: 'not-deployable',
          severity: 'info',
          message: `A ${entity.type ?? 'Component without a spec.type'} runs on no infrastructure of its own: only Components of type ${types} are assessed (scaling.deployableTypes).`,
        },
      ],
      warnings,
      cost: { current: null, recommended: null },
      templates: [],
      demand: { byUsers: null, bySla: null, tier: null },
      thresholds,
      evidence: evidenceOf(input.evidence ?? [], signals, evidence),
    };
  }

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

  const practices = assessPractices(currentTier, {
    signals,
    evidence,
    managedDatabase: (context.databases ?? []).some(d => d.managed === true),
    metricProviders,
  });

  const rightSizing = assessRightSizing(
    providers.filter(e => e.measured).flatMap(e => e.workloads ?? []),
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
    runningFindings(measured, input.annotations ?? {}, supplied, rightSizing),
    problemFindings,
  );

  const evidenceItems = evidenceOf(input.evidence ?? [], signals, evidence);
  const templates =
    entity && input.templates
      ? offerTemplates(readiness.targetTier, input.templates, {
          entityRef: entity.entityRef,
          name: entity.name,
          owner: entity.owner ?? null,
          system: entity.system ?? null,
          repository: entity.repository ?? null,
          signals,
          // A check known to exist without a path: the templates ask for it.
          healthPath:
            evidence.healthEndpoint.value ??
            (evidence.healthCheck.value === true ? '' : null),
          port: evidence.port.value,
          currentPlatform: signals.platform.value,
          practices,
          evidence: evidenceItems.items,
          rightSizing,
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
    practices,
    rightSizing,
    findings,
    warnings,
    cost: {
      current: costOf(currentTier),
      recommended: costOf(recommendedTier),
    },
    templates,
    demand: recommendation.demand,
    thresholds,
    evidence: evidenceItems,
  };
}
