import type { RightSizing } from './rightSizing';
import type { Practices } from './practices';
import { TierId, CostRange } from './tiers';
import { ScalingThresholds } from './thresholds';
import type { ScalingValueKey, ScalingValues } from './values';

/** A bad annotation value: the key, the text found, and what was expected. @public */
export interface AnnotationWarning {
  annotation: string;
  value: string;
  message: string;
}

/**
 * Where a signal's value came from, highest precedence first: a metrics provider
 * (`metric:prometheus`), the entity's own annotation, an evidence provider (its id, such as
 * `repository`), an org policy default (`config`), or the catalog's relations and the owner
 * Group (`catalog`, `owner`).
 *
 * @public
 */
export type SignalSource =
  | `metric:${string}`
  | 'annotation'
  | 'repository'
  | 'config'
  | 'catalog'
  | 'owner'
  // Other evidence providers' ids.
  | (string & {});

/** @public */
export interface Signal<T> {
  /** null when unknown (absent, or present but invalid: see `warnings`). */
  value: T | null;
  source: SignalSource | null;
  /** The annotation text, when the value came from (or failed to come from) one. */
  raw?: string;
  /**
   * What shows the value when it came from an evidence provider or an org policy default:
   * a file path or URL with a short reason, or the rule (`scaling.defaults[1]`).
   */
  evidence?: string;
}

/** @public */
export type Platform =
  | 'vps'
  | 'docker-compose'
  | 'docker-swarm'
  | 'ecs-fargate'
  | 'azure-container-instances'
  | 'cloud-run'
  | 'eks'
  | 'aks'
  | 'gke'
  | 'kubernetes';

/** @public */
export type DeploymentStrategy = 'rolling' | 'blue-green' | 'canary';

/** @public */
export type Constraint = 'air-gapped' | 'government';

/** Practices the scaling guide says not to build before the enterprise tier. @public */
export type PrematurePractice =
  | 'iac'
  | 'observability-stack'
  | 'dr-plan'
  | 'blue-green'
  | 'canary'
  | 'advanced-autoscaling'
  | 'complex-networking'
  | 'multi-region';

/** @public */
export interface Signals {
  activeUsers: Signal<number>;
  uptimeSla: Signal<number>;
  measuredUptime: Signal<number>;
  requestsPerSecond: Signal<number>;
  monthlyBudgetUsd: Signal<number>;
  platform: Signal<Platform>;
  regions: Signal<number>;
  multiRegionRequired: Signal<boolean>;
  serviceCount: Signal<number>;
  teamK8sExpertise: Signal<boolean>;
  deploymentStrategy: Signal<DeploymentStrategy>;
  serviceMesh: Signal<boolean>;
  constraints: Signal<Constraint[]>;
  practices: Signal<PrematurePractice[]>;
}

/** @public */
export type SignalName = keyof Signals;

/** The statuses of a deployed service, as the overview lists and counts them. @public */
export type ListedStatus =
  'aligned' | 'under-provisioned' | 'over-provisioned' | 'insufficient-data';

/**
 * An assessment's status: a {@link ListedStatus}, or `not-applicable` for a Component that is
 * not deployed (a library, documentation): such entities run on no infrastructure and are left
 * out of the overview.
 *
 * @public
 */
export type AssessmentStatus = ListedStatus | 'not-applicable';

/** The listed statuses, most urgent first. @public */
export const ASSESSMENT_STATUSES: readonly ListedStatus[] = [
  'under-provisioned',
  'over-provisioned',
  'aligned',
  'insufficient-data',
];

/** @public */
export type KubernetesCriterionId =
  | 'users-over-10k'
  | 'multi-region'
  | 'microservices'
  | 'enterprise-sla'
  | 'team-expertise'
  | 'advanced-deployments'
  | 'service-mesh';

/** @public */
export interface KubernetesCriterion {
  id: KubernetesCriterionId;
  label: string;
  met: boolean;
  evidence: string;
}

/** @public */
export interface KubernetesCriteria {
  met: number;
  required: number;
  items: KubernetesCriterion[];
}

/** @public */
export type ReadinessItemId =
  | 'containerized'
  | 'image-registry'
  | 'managed-database'
  | 'health-check'
  | 'database-backups'
  | 'autoscaling'
  | 'monitoring'
  | 'helm-chart'
  | 'ingress'
  | 'observability'
  | 'gitops'
  | 'disaster-recovery'
  | 'team-expertise'
  | 'multi-region-ready'
  | 'cdn';

/** @public */
export interface ReadinessItem {
  id: ReadinessItemId;
  label: string;
  passed: boolean;
  applicable: boolean;
  evidence: string;
  /** What to do, from the scaling guide's migration steps. */
  howTo: string;
}

/** @public */
export interface ReadinessBlocker {
  id: ReadinessItemId;
  message: string;
}

/** @public */
export interface Readiness {
  targetTier: TierId | null;
  /** round(100 × passed / applicable); null when there is nothing to move to. */
  score: number | null;
  items: ReadinessItem[];
  blockers: ReadinessBlocker[];
}

/** @public */
export type FindingId =
  | 'kubernetes-gate-not-met'
  | 'budget-constrained'
  | 'over-provisioned-cost'
  | 'swarm-off-path'
  | 'premature-practice'
  | 'declared-users-stale'
  | 'sla-breach'
  | 'metrics-unavailable'
  | 'not-deployable'
  | 'declared-vs-running'
  | 'autoscaler-at-max'
  | EvidenceProblemId;

/**
 * What an evidence provider reports about one entity instead of (or beside) values:
 * `evidence-unavailable` (the provider failed or was late), `repository-unreadable` (the
 * entity's source tree could not be read), `repository-content-skipped` (a file or tree was
 * left unread: too large, hostile, or leaving the tree), `kubernetes-unavailable` (the live
 * cluster could not be read: the Kubernetes plugin, its action or a cluster missing, down or late).
 *
 * @public
 */
export type EvidenceProblemId =
  | 'evidence-unavailable'
  | 'repository-unreadable'
  | 'repository-content-skipped'
  | 'kubernetes-unavailable';

/** @public */
export interface EvidenceProblem {
  id: EvidenceProblemId;
  message: string;
}

/** @public */
export type FindingSeverity = 'info' | 'warning' | 'critical';

/** @public */
export interface Finding {
  id: FindingId;
  severity: FindingSeverity;
  message: string;
}

/** @public */
export interface TierCost {
  tier: TierId;
  monthlyUsd: CostRange;
  opsLoad: string;
}

/**
 * What a template offered for the entity does: `migrate` it to a tier, `annotate` its
 * catalog-info.yaml with the values it lacks, or fix the `practices` its manifests fail.
 *
 * @public
 */
export type TemplatePurpose = 'migrate' | 'annotate' | 'practices';

/** A template offered for the entity, with the form pre-filled. @public */
export interface TemplateOffer {
  entityRef: string;
  title: string;
  purpose: TemplatePurpose;
  /** The tier a migration moves to; null for `annotate` and `practices`. */
  targetTier: TierId | null;
  platform: string | null;
  formData: Record<string, unknown>;
}

/** The tier the load and the SLA ask for, before the gate and the budget. @public */
export interface Demand {
  byUsers: TierId | null;
  bySla: TierId | null;
  /** The higher of the known demands; null when both are unknown. */
  tier: TierId | null;
}

/**
 * One value an evidence provider showed about the service: the key and value, the provider,
 * what shows it (`k8s/deployment.yaml: a Deployment readiness probe`) with the file and line
 * where the provider knows them, and whether it is the value in force.
 *
 * @public
 */
export interface EvidenceItem {
  key: ScalingValueKey;
  value: ScalingValues[ScalingValueKey];
  source: string;
  evidence: string;
  file?: string;
  line?: number;
  /** False when an annotation or an earlier provider sets the key. */
  used: boolean;
}

/**
 * What the evidence providers showed about the service, whatever its status.
 *
 * @public
 */
export interface AssessmentEvidence {
  items: EvidenceItem[];
  /**
   * Third-party services the providers saw beside the service (a database, a broker, a search
   * engine): named, never counted as the service's evidence.
   */
  thirdParty: string[];
}

/** What the REST API returns for one entity (docs/rules.md #rest-api). @public */
export interface Assessment {
  /** null for a what-if simulation. */
  entityRef: string | null;
  assessedAt: string;
  currentTier: TierId | null;
  currentPlatform: Platform | null;
  recommendedTier: TierId | null;
  status: AssessmentStatus;
  signals: Signals;
  kubernetesCriteria: KubernetesCriteria;
  readiness: Readiness;
  /**
   * How well it runs where it is: the practices of its current tier (docs/rules.md
   * #practices), whatever its status; null when the tier is unknown or it is not deployable.
   */
  practices: Practices | null;
  /**
   * What the live cluster says of its sizing (docs/rules.md #right-sizing): requests against
   * usage per container, the autoscaler, the saving; null without cluster data.
   */
  rightSizing: RightSizing | null;
  findings: Finding[];
  warnings: AnnotationWarning[];
  cost: { current: TierCost | null; recommended: TierCost | null };
  templates: TemplateOffer[];
  /** The tier demanded by users and SLA, before the Kubernetes gate and the budget cap. */
  demand: Demand;
  /** The thresholds in force (app-config's, else the defaults) that produced this result. */
  thresholds: ScalingThresholds;
  /** What the evidence providers showed about the service, whatever its status. */
  evidence: AssessmentEvidence;
}
