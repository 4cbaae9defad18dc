import { formatNumber as n } from './format';
import { ScalingThresholds } from './thresholds';
import { describeSupplied } from './values';
import {
  KubernetesCriteria,
  KubernetesCriterion,
  KubernetesCriterionId,
  Signal,
  Signals,
} from './types';

/** The scaling guide: "Migrate to Kubernetes ONLY if you meet 3 or more of these criteria". @public */
export const KUBERNETES_CRITERIA_LABELS: Readonly<
  Record<KubernetesCriterionId, string>
> = {
  'users-over-10k': '>10k active users',
  'multi-region': 'Need for multi-region deployment',
  microservices: 'Complex microservices (5+ independent services)',
  'enterprise-sla': 'Enterprise SLA requirements (99.9%+ uptime)',
  'team-expertise': 'Team has Kubernetes expertise',
  'advanced-deployments':
    'Advanced deployment strategies needed (blue-green, canary)',
  'service-mesh': 'Service mesh requirements (Istio, Linkerd)',
};

function describe<T>(
  signal: Signal<T>,
  what: string,
  annotation: string,
  format: (value: T) => string = String,
): string {
  if (signal.value === null) {
    return signal.raw !== undefined
      ? `unknown: ${annotation} '${signal.raw}' is not valid`
      : `unknown: no ${what} (${annotation})`;
  }
  if (signal.evidence !== undefined && signal.source !== null) {
    return `${format(signal.value)} (${describeSupplied(signal.source, signal.evidence)})`;
  }
  return `${format(signal.value)} (${signal.source})`;
}

function criterion(
  id: KubernetesCriterionId,
  met: boolean,
  evidence: string,
): KubernetesCriterion {
  return { id, label: KUBERNETES_CRITERIA_LABELS[id], met, evidence };
}

/**
 * The seven Kubernetes criteria, each with whether it holds and why. Unknown inputs count as
 * not met.
 *
 * @public
 */
export function evaluateKubernetesGate(
  signals: Signals,
  thresholds: ScalingThresholds,
): KubernetesCriteria {
  const users = signals.activeUsers.value;
  const services = signals.serviceCount.value;
  const sla = signals.uptimeSla.value;
  const strategy = signals.deploymentStrategy.value;
  const minUsers = thresholds.users.kubernetes;
  const minServices = thresholds.kubernetesGate.microservicesMinServices;
  const minSla = thresholds.sla.kubernetes;

  const items: KubernetesCriterion[] = [
    criterion(
      'users-over-10k',
      users !== null && users >= minUsers,
      describe(
        signals.activeUsers,
        'active users',
        'scaling.io/active-users',
        v => `${n(v)} active users; more than ${n(minUsers - 1)} needed`,
      ),
    ),
    criterion(
      'multi-region',
      signals.multiRegionRequired.value === true,
      describe(
        signals.multiRegionRequired,
        'multi-region requirement',
        'scaling.io/multi-region-required',
        v => (v ? 'multi-region required' : 'single region is enough'),
      ),
    ),
    criterion(
      'microservices',
      services !== null && services >= minServices,
      describe(
        signals.serviceCount,
        'service count',
        'scaling.io/service-count',
        v => `${n(v)} services in the system; ${minServices} needed`,
      ),
    ),
    criterion(
      'enterprise-sla',
      sla !== null && sla >= minSla,
      describe(
        signals.uptimeSla,
        'uptime SLA',
        'scaling.io/uptime-sla',
        v => `${v}% SLA; ${minSla}% needed`,
      ),
    ),
    criterion(
      'team-expertise',
      signals.teamK8sExpertise.value === true,
      describe(
        signals.teamK8sExpertise,
        'team expertise',
        'scaling.io/k8s-expertise',
        v =>
          v
            ? 'team has Kubernetes expertise'
            : 'team lacks Kubernetes expertise',
      ),
    ),
    criterion(
      'advanced-deployments',
      strategy === 'blue-green' || strategy === 'canary',
      describe(
        signals.deploymentStrategy,
        'deployment strategy',
        'scaling.io/deployment-strategy',
        v => `${v} deployments`,
      ),
    ),
    criterion(
      'service-mesh',
      signals.serviceMesh.value === true,
      describe(
        signals.serviceMesh,
        'service mesh requirement',
        'scaling.io/service-mesh',
        v => (v ? 'service mesh required' : 'no service mesh'),
      ),
    ),
  ];

  return {
    met: items.filter(c => c.met).length,
    required: thresholds.kubernetesGate.minCriteria,
    items,
  };
}
