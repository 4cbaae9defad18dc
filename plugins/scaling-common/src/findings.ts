import { SCALING_ANNOTATIONS } from './annotations';
import { formatNumber } from './format';
import { MetricsInput } from './signals';
import { TIERS, TierId, compareTiers, formatCostRange } from './tiers';
import { AssessmentStatus, Finding, PrematurePractice, Signals } from './types';

/** The scaling guide's "What NOT to do" list: what each practice costs and what is enough instead. @public */
export const PREMATURE_PRACTICE_ADVICE: Readonly<
  Record<PrematurePractice, string>
> = {
  iac: 'Full IaC (Terraform, Bicep, CloudFormation): scripts are enough',
  'observability-stack':
    'Observability stack (Prometheus, Grafana, Jaeger, Loki): cloud provider monitoring is enough',
  'dr-plan':
    'Disaster Recovery Plan (formal RTO/RPO): database backups are enough',
  'blue-green': 'Blue-green deployment: rolling updates are enough',
  canary: 'Canary deployment: staged rollouts are enough',
  'advanced-autoscaling':
    'Advanced auto-scaling policies: basic CPU/memory scaling is enough',
  'complex-networking': 'Complex VPC/networking: the default VPC is enough',
  'multi-region': 'Multi-region deployment: a single region is enough',
};

/** How far a declared user count may be from the measured one before it is stale. @public */
export const STALE_USERS_RATIO = 2;

/** @public */
export interface FindingsInput {
  signals: Signals;
  currentTier: TierId | null;
  recommendedTier: TierId | null;
  status: AssessmentStatus;
  metrics: MetricsInput;
  /** The `scaling.io/active-users` value, even when a metric overrode it. */
  declaredUsers: number | null;
}

/**
 * docs/rules.md #findings, every finding except those the recommendation itself raises
 * (`kubernetes-gate-not-met`, `budget-constrained`).
 *
 * @public
 */
export function collectFindings(input: FindingsInput): Finding[] {
  const { signals, currentTier, recommendedTier, status, metrics } = input;
  const findings: Finding[] = [];

  if (status === 'over-provisioned' && currentTier && recommendedTier) {
    findings.push({
      id: 'over-provisioned-cost',
      severity: 'warning',
      message: `Runs on ${TIERS[currentTier].shortName} (${formatCostRange(
        TIERS[currentTier].costPerMonthUsd,
      )}, ops ${TIERS[currentTier].opsLoad}) while ${
        TIERS[recommendedTier].shortName
      } (${formatCostRange(TIERS[recommendedTier].costPerMonthUsd)}, ops ${
        TIERS[recommendedTier].opsLoad
      }) fits its load, SLA and budget.`,
    });
  }

  const constraints = signals.constraints.value ?? [];
  if (signals.platform.value === 'docker-swarm' && constraints.length === 0) {
    findings.push({
      id: 'swarm-off-path',
      severity: 'warning',
      message:
        'Docker Swarm is off the recommended path (limited adoption and ecosystem): go from Docker Compose to Managed Cloud or Kubernetes. Swarm only fits air-gapped or government constraints (scaling.io/constraints).',
    });
  }

  if (recommendedTier && compareTiers(recommendedTier, 'enterprise') < 0) {
    for (const practice of signals.practices.value ?? []) {
      findings.push({
        id: 'premature-practice',
        severity: 'info',
        message: `${PREMATURE_PRACTICE_ADVICE[practice]} at the ${TIERS[recommendedTier].shortName} tier; add it at enterprise scale.`,
      });
    }
  }

  const declared = input.declaredUsers;
  const measured = metrics.activeUsers;
  if (declared !== null && measured && Number.isFinite(measured.value)) {
    const [low, high] =
      declared < measured.value
        ? [declared, measured.value]
        : [measured.value, declared];
    if (high > low * STALE_USERS_RATIO) {
      findings.push({
        id: 'declared-users-stale',
        severity: 'warning',
        message: `${SCALING_ANNOTATIONS.activeUsers} declares ${formatNumber(declared)} users but ${
          measured.provider
        } measures ${formatNumber(measured.value)}; update the annotation (the measured value is used).`,
      });
    }
  }

  const sla = signals.uptimeSla.value;
  const uptime = signals.measuredUptime.value;
  if (sla !== null && uptime !== null && uptime < sla) {
    findings.push({
      id: 'sla-breach',
      severity: 'critical',
      message: `Measured uptime ${uptime}% (${signals.measuredUptime.source}) is below the ${sla}% SLA.`,
    });
  }

  for (const failure of metrics.failures ?? []) {
    findings.push({
      id: 'metrics-unavailable',
      severity: 'warning',
      message: `Metrics provider ${failure.provider} is unavailable (${failure.message}); the assessment uses annotations only.`,
    });
  }

  return findings;
}
