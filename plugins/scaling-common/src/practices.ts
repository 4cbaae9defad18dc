/*
 * Running well where it runs (docs/rules.md #practices): the scaling guide's best practices and
 * cost tips for the tier a service is on, each checked against its evidence. Distinct from
 * readiness (what to have before moving): these are for the service where it is, whatever its
 * status. Unknown is not failed: an item without evidence says what is unknown and how to tell
 * the product.
 */
import { SCALING_ANNOTATIONS } from './annotations';
import { Evidence, EvidenceValue } from './signals';
import { TierId } from './tiers';
import { Signals } from './types';
import { describeSupplied } from './values';

/** @public */
export type PracticeGroup =
  'security' | 'reliability' | 'observability' | 'cost';

/** @public */
export type PracticeSeverity = 'high' | 'medium' | 'low';

/** The practices' ids: a stable contract (docs/rules.md #practices). @public */
export type PracticeId =
  // Kubernetes (and enterprise)
  | 'pod-security'
  | 'rbac'
  | 'network-policy'
  | 'secret-management'
  | 'disruption-budget'
  | 'requests-and-limits'
  | 'anti-affinity'
  | 'probes'
  | 'autoscaling'
  | 'metrics-exporter'
  | 'structured-logging'
  | 'trace-context'
  // Managed cloud
  | 'min-two-instances'
  | 'health-check'
  | 'monitoring'
  // Single VPS
  | 'database-backups'
  | 'uptime-95'
  // Cost tips, wherever they apply
  | 'spot-capacity'
  | 'right-sized'
  | 'scale-to-zero-staging'
  | 'reserved-database'
  | 'cache';

/** A practice's fixed texts. @public */
export interface PracticeDefinition {
  label: string;
  group: PracticeGroup;
  severity: PracticeSeverity;
  /** Why it matters, after the guide. */
  why: string;
  howTo: string;
  /** The section of the scaling guide it comes from. */
  guideSection: string;
  /** The value that shows it, when one does (its annotation tells the product). */
  value?: keyof Evidence;
}

const K8S = 'Best Practices for Kubernetes';
const COST = 'Cost Optimization Tips';

/** Every practice, with its texts (docs/rules.md #practices). @public */
export const PRACTICES: Readonly<Record<PracticeId, PracticeDefinition>> = {
  'pod-security': {
    label: 'Pod Security Standard: restricted',
    group: 'security',
    severity: 'high',
    why: 'Pods that run as root or may escalate privileges turn one compromised container into a compromised node.',
    howTo:
      'Run the pods under the restricted Pod Security Standard: securityContext with runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL] and seccompProfile.type: RuntimeDefault (or label the namespace pod-security.kubernetes.io/enforce: restricted); or set scaling.io/pod-security: restricted.',
    guideSection: `${K8S}: Security`,
    value: 'podSecurity',
  },
  rbac: {
    label: 'RBAC: its own service account',
    group: 'security',
    severity: 'medium',
    why: "The default service account's token gives every pod the same access to the Kubernetes API.",
    howTo:
      'Give the workload a ServiceAccount of its own bound to a least-privilege Role (or automountServiceAccountToken: false when it does not call the API); or set scaling.io/rbac: "true".',
    guideSection: `${K8S}: Security`,
    value: 'rbac',
  },
  'network-policy': {
    label: 'Network policy',
    group: 'security',
    severity: 'medium',
    why: 'Without a NetworkPolicy any pod in the cluster can reach the service.',
    howTo:
      'Add a NetworkPolicy that selects the pods and allows only the traffic they need; or set scaling.io/network-policy: "true".',
    guideSection: `${K8S}: Security`,
    value: 'networkPolicy',
  },
  'secret-management': {
    label: 'Secrets from a secrets manager',
    group: 'security',
    severity: 'high',
    why: 'Secrets kept as plain Kubernetes Secrets in Git are readable by anyone who can read the repository.',
    howTo:
      'Keep secrets in a secrets manager (AWS Secrets Manager, Azure Key Vault, Google Secret Manager) and sync them with External Secrets, the Secrets Store CSI driver or Sealed Secrets; or set scaling.io/secret-management to the tool.',
    guideSection: `${K8S}: Security`,
    value: 'secretManagement',
  },
  'disruption-budget': {
    label: 'Pod Disruption Budget',
    group: 'reliability',
    severity: 'medium',
    why: 'Node drains and upgrades may evict every replica at once without a budget.',
    howTo:
      'Add a PodDisruptionBudget (policy/v1) selecting the pods, with minAvailable: 1 or maxUnavailable: 1; or set scaling.io/disruption-budget: "true".',
    guideSection: `${K8S}: Reliability`,
    value: 'disruptionBudget',
  },
  'requests-and-limits': {
    label: 'Resource requests and limits',
    group: 'reliability',
    severity: 'high',
    why: 'Without requests the scheduler cannot place pods predictably; without limits one pod can starve its neighbours.',
    howTo:
      'Set resources.requests and resources.limits on every container (the guide: requests 250m CPU and 256Mi, limits 500m and 512Mi); or set scaling.io/resource-limits: "true".',
    guideSection: `${K8S}: Reliability`,
    value: 'resourceLimits',
  },
  'anti-affinity': {
    label: 'Pods spread across nodes',
    group: 'reliability',
    severity: 'medium',
    why: 'Replicas on one node all go down with it.',
    howTo:
      'Spread the replicas with podAntiAffinity or topologySpreadConstraints on kubernetes.io/hostname; or set scaling.io/anti-affinity: "true".',
    guideSection: `${K8S}: Reliability`,
    value: 'antiAffinity',
  },
  probes: {
    label: 'Liveness and readiness probes',
    group: 'reliability',
    severity: 'high',
    why: 'Without a readiness probe traffic reaches pods that cannot serve it; without a liveness probe a hung pod is never restarted.',
    howTo:
      'Add a livenessProbe and a readinessProbe on the health path (the guide: /health); or set scaling.io/probes: "true".',
    guideSection: 'Kubernetes Deployment Example',
    value: 'probes',
  },
  autoscaling: {
    label: 'Horizontal autoscaling',
    group: 'reliability',
    severity: 'medium',
    why: 'A fixed number of replicas either wastes capacity or runs out of it.',
    howTo:
      'Add an autoscaler: on Kubernetes an HPA from 3 to 10 replicas at 70% CPU and 80% memory; on ECS target tracking at 70% CPU between 2 and 10 tasks; or set scaling.io/autoscaling: "true".',
    guideSection: 'Kubernetes Deployment Example; AWS ECS Fargate Example',
    value: 'autoscaling',
  },
  'metrics-exporter': {
    label: 'Prometheus metrics exporter',
    group: 'observability',
    severity: 'medium',
    why: 'Without metrics neither autoscaling on custom signals nor alerting can see the service.',
    howTo:
      'Expose Prometheus metrics and have them scraped (a ServiceMonitor or PodMonitor, or the prometheus.io/scrape pod annotations); or set scaling.io/metrics-exporter: "true".',
    guideSection: `${K8S}: Observability`,
    value: 'metricsExporter',
  },
  'structured-logging': {
    label: 'Structured (JSON) logging',
    group: 'observability',
    severity: 'medium',
    why: 'Plain-text logs cannot be searched or aggregated by field.',
    howTo:
      'Log JSON (e.g. LOG_FORMAT=json, or the logging framework\'s JSON encoder); or set scaling.io/structured-logging: "true".',
    guideSection: `${K8S}: Observability`,
    value: 'structuredLogging',
  },
  'trace-context': {
    label: 'W3C Trace Context headers',
    group: 'observability',
    severity: 'medium',
    why: 'Without propagated trace headers a request cannot be followed across services.',
    howTo:
      'Propagate W3C Trace Context (OpenTelemetry does by default: OTEL_PROPAGATORS=tracecontext,baggage); or set scaling.io/trace-context: "true".',
    guideSection: `${K8S}: Observability`,
    value: 'traceContext',
  },
  'min-two-instances': {
    label: 'At least two instances',
    group: 'reliability',
    severity: 'high',
    why: 'A single task or instance is down during every deployment and every failure.',
    howTo:
      'Run at least 2 instances (ECS desired count 2, Cloud Run --min-instances 2, Kubernetes replicas or HPA minReplicas); or set scaling.io/min-replicas.',
    guideSection: 'AWS ECS Fargate Example; Google Cloud Run Example',
    value: 'minReplicas',
  },
  'health-check': {
    label: 'Health check',
    group: 'reliability',
    severity: 'high',
    why: 'Load balancers and the platform cannot tell a broken instance from a healthy one without it.',
    howTo:
      "Expose a health endpoint (e.g. /health) and point the platform's health check at it; set scaling.io/health-endpoint.",
    guideSection:
      'AWS ECS Fargate Example; Phase 1: v1.0 - Docker Compose on VPS',
    value: 'healthEndpoint',
  },
  monitoring: {
    label: 'Monitoring',
    group: 'observability',
    severity: 'medium',
    why: 'What is not monitored fails unnoticed.',
    howTo:
      "Use the provider's monitoring (CloudWatch, Azure Monitor, Cloud Monitoring) or connect a metrics provider; set scaling.io/monitoring.",
    guideSection: 'Migration Path 1: Managed Cloud, Migration Steps',
    value: 'monitoring',
  },
  'database-backups': {
    label: 'Database backups',
    group: 'reliability',
    severity: 'high',
    why: 'On a single server the backup is the disaster recovery plan ("database backups are enough").',
    howTo:
      'Schedule database backups off the server and set scaling.io/backup to where they go.',
    guideSection: 'What NOT to Do in v1.0',
    value: 'backup',
  },
  'uptime-95': {
    label: 'Uptime of 95% or more',
    group: 'reliability',
    severity: 'medium',
    why: '95% uptime is what the guide accepts for early adopters on a single server.',
    howTo:
      'Measure uptime with a metrics provider (the Prometheus module) and fix what takes the service down.',
    guideSection: 'Phase 1: v1.0 - Docker Compose on VPS',
  },
  'spot-capacity': {
    label: 'Spot or preemptible capacity',
    group: 'cost',
    severity: 'low',
    why: 'Spot and preemptible capacity costs about 70% less, and a workload that is not critical can take the interruptions.',
    howTo:
      'Run the non-critical workload on spot capacity (the FARGATE_SPOT capacity provider, spot or preemptible node pools); or set scaling.io/spot-capacity: "true".',
    guideSection: COST,
    value: 'spotCapacity',
  },
  'right-sized': {
    label: 'Right-sized containers',
    group: 'cost',
    severity: 'low',
    why: 'CPU and memory reserved and never used is paid for.',
    howTo:
      'Size requests to what the service uses and keep limits within twice the requests (the guide\'s sizes: 250m/256Mi requested, 500m/512Mi limit); or set scaling.io/right-sized: "true".',
    guideSection: COST,
    value: 'rightSized',
  },
  'scale-to-zero-staging': {
    label: 'Staging scales to zero',
    group: 'cost',
    severity: 'low',
    why: 'On Cloud Run a staging service with no minimum instances is only paid for when used.',
    howTo:
      'Deploy staging with --min-instances 0 (autoscaling.knative.dev/minScale: "0"); or set scaling.io/staging-scales-to-zero: "true".',
    guideSection: COST,
    value: 'stagingScalesToZero',
  },
  'reserved-database': {
    label: 'Reserved capacity for the production database',
    group: 'cost',
    severity: 'low',
    why: 'Reserved instances take 30-50% off the price of a production database (AWS RDS, Azure Database).',
    howTo:
      'Buy reserved capacity for the production database; set scaling.io/reserved-capacity: "true".',
    guideSection: COST,
    value: 'reservedCapacity',
  },
  cache: {
    label: 'A cache in front of the database',
    group: 'cost',
    severity: 'low',
    why: 'A cache (Redis, Memcached) takes load off the database, the most expensive tier to scale.',
    howTo:
      'Cache reads in Redis or Memcached (ElastiCache, Azure Cache for Redis, Memorystore); or set scaling.io/cache to it.',
    guideSection: COST,
    value: 'cache',
  },
};

const KUBERNETES_PRACTICES: readonly PracticeId[] = [
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
];

const COST_PRACTICES: readonly PracticeId[] = [
  'spot-capacity',
  'right-sized',
  'scale-to-zero-staging',
  'reserved-database',
  'cache',
];

/** The practices for a service on each tier (docs/rules.md #practices). @public */
export const PRACTICE_CHECKLISTS: Readonly<
  Record<TierId, readonly PracticeId[]>
> = {
  'single-vps': ['database-backups', 'health-check', 'uptime-95'],
  'managed-cloud': [
    'min-two-instances',
    'health-check',
    'autoscaling',
    'monitoring',
    ...COST_PRACTICES,
  ],
  kubernetes: [...KUBERNETES_PRACTICES, ...COST_PRACTICES],
  enterprise: [...KUBERNETES_PRACTICES, ...COST_PRACTICES],
};

/** One practice, checked. @public */
export interface PracticeItem {
  id: PracticeId;
  group: PracticeGroup;
  label: string;
  severity: PracticeSeverity;
  /** null: unknown (no evidence either way); `evidence` says how to tell the product. */
  passed: boolean | null;
  /** Where the deciding value came from (`repository`, `annotation`, `config`…); null when unknown. */
  source: string | null;
  evidence: string;
  howTo: string;
}

/**
 * How well a service runs where it is: the practices of its current tier, `score` the share
 * of them that pass (unknown ones do not).
 *
 * @public
 */
export interface Practices {
  tier: TierId;
  score: number;
  passed: number;
  failed: number;
  unknown: number;
  items: PracticeItem[];
}

/** What the practices read. @public */
export interface PracticesInput {
  signals: Signals;
  evidence: Evidence;
  /** Whether the service depends on a managed database (readiness' managed-database). */
  managedDatabase: boolean;
  /** Providers that returned metrics for this entity. */
  metricProviders: string[];
}

interface Check {
  passed: boolean | null;
  source: string | null;
  evidence: string;
}

/** Services at this SLA or above are critical: spot capacity is not for them. */
const CRITICAL_SLA = 99.9;
/** A production database: one behind a service that promises this SLA or more. */
const PRODUCTION_SLA = 99;

function known<T>(
  item: EvidenceValue<T>,
  annotation: string,
  passes: (value: T) => boolean,
  describe: (value: T) => string,
): Check {
  if (item.value === null) {
    return {
      passed: null,
      source: null,
      evidence:
        item.raw !== undefined
          ? `unknown: ${annotation} '${item.raw}' is not valid`
          : `unknown: nothing shows it; set ${annotation} to tell`,
    };
  }
  const value = item.value;
  const source = item.source ?? 'annotation';
  const how =
    item.source !== undefined
      ? describeSupplied(item.source, item.evidence)
      : `${annotation}: ${item.raw}`;
  return {
    passed: passes(value),
    source,
    evidence: `${describe(value)} (${how})`,
  };
}

function bool(
  item: EvidenceValue<boolean>,
  annotation: string,
  yes: string,
  no: string,
): Check {
  return known(
    item,
    annotation,
    v => v,
    v => (v ? yes : no),
  );
}

/** Whether a practice applies to the service at all (spot capacity is not for critical ones). */
function applies(id: PracticeId, input: PracticesInput): boolean {
  const sla = input.signals.uptimeSla.value;
  switch (id) {
    case 'spot-capacity':
      return sla !== null && sla < CRITICAL_SLA;
    case 'scale-to-zero-staging':
      return input.signals.platform.value === 'cloud-run';
    case 'reserved-database':
      return input.managedDatabase && sla !== null && sla >= PRODUCTION_SLA;
    default:
      return true;
  }
}

function check(id: PracticeId, input: PracticesInput): Check {
  const { evidence, signals } = input;
  const a = SCALING_ANNOTATIONS;
  switch (id) {
    case 'pod-security':
      return known(
        evidence.podSecurity,
        a.podSecurity,
        v => v === 'restricted',
        v => `the pods meet the ${v} Pod Security Standard`,
      );
    case 'rbac':
      return bool(
        evidence.rbac,
        a.rbac,
        'runs under a service account of its own',
        "runs under the namespace's default service account, its token mounted",
      );
    case 'network-policy':
      return bool(
        evidence.networkPolicy,
        a.networkPolicy,
        'a NetworkPolicy selects the pods',
        'no NetworkPolicy selects the pods',
      );
    case 'secret-management':
      return bool(
        evidence.secretManagement,
        a.secretManagement,
        'secrets come from a secrets manager',
        'secrets are kept as plain Secrets',
      );
    case 'disruption-budget':
      return bool(
        evidence.disruptionBudget,
        a.disruptionBudget,
        'a PodDisruptionBudget covers the pods',
        'no PodDisruptionBudget covers the pods',
      );
    case 'requests-and-limits':
      return bool(
        evidence.resourceLimits,
        a.resourceLimits,
        'every container has requests and limits',
        'a container lacks requests or limits',
      );
    case 'anti-affinity':
      return bool(
        evidence.antiAffinity,
        a.antiAffinity,
        'the pods are spread across nodes',
        'nothing spreads the pods across nodes',
      );
    case 'probes':
      return bool(
        evidence.probes,
        a.probes,
        'liveness and readiness probes',
        'a container lacks a liveness or a readiness probe',
      );
    case 'autoscaling':
      return bool(
        evidence.autoscaling,
        a.autoscaling,
        'autoscaled',
        'not autoscaled',
      );
    case 'metrics-exporter':
      // Prometheus answering for the service shows its metrics are exported and scraped.
      if (
        evidence.metricsExporter.value === null &&
        input.metricProviders.includes('prometheus')
      ) {
        return {
          passed: true,
          source: 'metric:prometheus',
          evidence: 'Prometheus has its metrics',
        };
      }
      return bool(
        evidence.metricsExporter,
        a.metricsExporter,
        'its metrics are scraped',
        'nothing scrapes its metrics',
      );
    case 'structured-logging':
      return bool(
        evidence.structuredLogging,
        a.structuredLogging,
        'logs JSON',
        'logs plain text',
      );
    case 'trace-context':
      return bool(
        evidence.traceContext,
        a.traceContext,
        'propagates W3C Trace Context',
        'propagates other trace headers than W3C Trace Context',
      );
    case 'min-two-instances':
      return known(
        evidence.minReplicas,
        a.minReplicas,
        v => v >= 2,
        v =>
          v === 0
            ? 'scales to zero instances'
            : `at least ${v} instance${v === 1 ? '' : 's'}`,
      );
    case 'health-check': {
      if (evidence.healthEndpoint.value !== null) {
        return known(
          evidence.healthEndpoint,
          a.healthEndpoint,
          () => true,
          v => `health endpoint ${v}`,
        );
      }
      if (evidence.healthCheck.value !== null) {
        return bool(
          evidence.healthCheck,
          a.healthCheck,
          'a health check without an HTTP path',
          'no health check',
        );
      }
      return known(
        evidence.healthEndpoint,
        a.healthEndpoint,
        () => true,
        () => '',
      );
    }
    case 'monitoring':
      if (input.metricProviders.length > 0) {
        return {
          passed: true,
          source: `metric:${input.metricProviders[0]}`,
          evidence: `metrics from ${input.metricProviders.join(', ')}`,
        };
      }
      return bool(
        evidence.monitoring,
        a.monitoring,
        'monitored',
        'not monitored',
      );
    case 'database-backups':
      return bool(evidence.backup, a.backup, 'backed up', 'not backed up');
    case 'uptime-95': {
      const uptime = signals.measuredUptime;
      if (uptime.value === null) {
        return {
          passed: null,
          source: null,
          evidence:
            'unknown: no measured uptime; connect a metrics provider (the Prometheus module)',
        };
      }
      return {
        passed: uptime.value >= 95,
        source: uptime.source,
        evidence: `measured uptime ${uptime.value}% (${uptime.source})`,
      };
    }
    case 'spot-capacity':
      return bool(
        evidence.spotCapacity,
        a.spotCapacity,
        'runs on spot capacity',
        'runs on on-demand capacity',
      );
    case 'right-sized':
      return bool(
        evidence.rightSized,
        a.rightSized,
        'limits within twice the requests',
        'limits more than twice the requests',
      );
    case 'scale-to-zero-staging':
      return bool(
        evidence.stagingScalesToZero,
        a.stagingScalesToZero,
        'staging scales to zero',
        'staging keeps instances running',
      );
    case 'reserved-database':
      return bool(
        evidence.reservedCapacity,
        a.reservedCapacity,
        'reserved capacity',
        'on-demand capacity',
      );
    case 'cache':
      return bool(
        evidence.cache,
        a.cache,
        'a cache beside the database',
        'a database and no cache',
      );
    default:
      return { passed: null, source: null, evidence: 'unknown practice' };
  }
}

/**
 * docs/rules.md #practices: the practices of the tier the service is on, checked; null when
 * the tier is unknown.
 *
 * @public
 */
export function assessPractices(
  tier: TierId | null,
  input: PracticesInput,
): Practices | null {
  if (tier === null) return null;
  const items: PracticeItem[] = PRACTICE_CHECKLISTS[tier]
    .filter(id => applies(id, input))
    .map(id => {
      const definition = PRACTICES[id];
      const result = check(id, input);
      return {
        id,
        group: definition.group,
        label: definition.label,
        severity: definition.severity,
        passed: result.passed,
        source: result.source,
        evidence: result.evidence,
        howTo: definition.howTo,
      };
    });
  const passed = items.filter(i => i.passed === true).length;
  const failed = items.filter(i => i.passed === false).length;
  return {
    tier,
    score: items.length === 0 ? 100 : Math.round((100 * passed) / items.length),
    passed,
    failed,
    unknown: items.length - passed - failed,
    items,
  };
}
