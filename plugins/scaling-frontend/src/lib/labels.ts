import {
  AssessmentStatus,
  FindingSeverity,
  PracticeGroup,
  PracticeSeverity,
  SCALING_ANNOTATIONS,
  ScalingValueKey,
  SignalName,
  TIERS,
  TierId,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** How each status reads on screen. */
export const STATUS_LABELS: Readonly<Record<AssessmentStatus, string>> = {
  'under-provisioned': 'Under-provisioned',
  'over-provisioned': 'Over-provisioned',
  aligned: 'Aligned',
  'insufficient-data': 'Insufficient data',
  'not-applicable': 'Not applicable',
};

/** Most urgent first. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = [
  'critical',
  'warning',
  'info',
];

export const SEVERITY_LABELS: Readonly<Record<FindingSeverity, string>> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

/** The practices' groups in the order the checklist and the overview list them. */
export const PRACTICE_GROUP_ORDER: readonly PracticeGroup[] = [
  'security',
  'reliability',
  'observability',
  'cost',
];

export const PRACTICE_GROUP_LABELS: Readonly<Record<PracticeGroup, string>> = {
  security: 'Security',
  reliability: 'Reliability',
  observability: 'Observability',
  cost: 'Cost',
};

/** Most important first. */
export const PRACTICE_SEVERITY_ORDER: readonly PracticeSeverity[] = [
  'high',
  'medium',
  'low',
];

/** The signals in the order the signals table lists them, with their labels. */
export const SIGNAL_LABELS: Readonly<Record<SignalName, string>> = {
  activeUsers: 'Active users',
  uptimeSla: 'Uptime SLA',
  measuredUptime: 'Measured uptime',
  requestsPerSecond: 'Requests per second',
  monthlyBudgetUsd: 'Monthly budget',
  platform: 'Platform',
  regions: 'Regions',
  multiRegionRequired: 'Multi-region required',
  serviceCount: 'Services in the system',
  teamK8sExpertise: 'Team Kubernetes expertise',
  deploymentStrategy: 'Deployment strategy',
  serviceMesh: 'Service mesh',
  constraints: 'Constraints',
  practices: 'Practices',
};

/** The annotation each signal is read from; metric-only signals have none. */
export const SIGNAL_ANNOTATIONS: Readonly<Record<SignalName, string | null>> = {
  activeUsers: SCALING_ANNOTATIONS.activeUsers,
  uptimeSla: SCALING_ANNOTATIONS.uptimeSla,
  measuredUptime: null,
  requestsPerSecond: null,
  monthlyBudgetUsd: SCALING_ANNOTATIONS.monthlyBudgetUsd,
  platform: SCALING_ANNOTATIONS.platform,
  regions: SCALING_ANNOTATIONS.regions,
  multiRegionRequired: SCALING_ANNOTATIONS.multiRegionRequired,
  serviceCount: SCALING_ANNOTATIONS.serviceCount,
  teamK8sExpertise: SCALING_ANNOTATIONS.k8sExpertise,
  deploymentStrategy: SCALING_ANNOTATIONS.deploymentStrategy,
  serviceMesh: SCALING_ANNOTATIONS.serviceMesh,
  constraints: SCALING_ANNOTATIONS.constraints,
  practices: SCALING_ANNOTATIONS.practices,
};

/** How each value an evidence provider or an annotation supplies reads on screen. */
export const VALUE_LABELS: Readonly<Record<ScalingValueKey, string>> = {
  activeUsers: 'Active users',
  uptimeSla: 'Uptime SLA',
  monthlyBudgetUsd: 'Monthly budget',
  platform: 'Platform',
  regions: 'Regions',
  multiRegionRequired: 'Multi-region required',
  serviceCount: 'Services in the system',
  k8sExpertise: 'Team Kubernetes expertise',
  deploymentStrategy: 'Deployment strategy',
  serviceMesh: 'Service mesh',
  constraints: 'Constraints',
  practices: 'Practices',
  containerized: 'Containerized',
  imageRegistry: 'Image registry',
  healthEndpoint: 'Health endpoint',
  healthCheck: 'Health check',
  autoscaling: 'Autoscaling',
  monitoring: 'Monitoring',
  helmChart: 'Helm chart',
  ingress: 'Ingress',
  observability: 'Observability',
  gitops: 'GitOps',
  backup: 'Backups',
  cdn: 'CDN',
  port: 'Port',
  podSecurity: 'Pod Security Standard',
  rbac: 'RBAC',
  networkPolicy: 'Network policy',
  secretManagement: 'Secret management',
  disruptionBudget: 'Disruption budget',
  resourceLimits: 'Requests and limits',
  antiAffinity: 'Anti-affinity',
  probes: 'Liveness and readiness probes',
  metricsExporter: 'Metrics exporter',
  structuredLogging: 'Structured logging',
  traceContext: 'W3C Trace Context',
  minReplicas: 'Minimum instances',
  spotCapacity: 'Spot capacity',
  rightSized: 'Right-sized',
  stagingScalesToZero: 'Staging scales to zero',
  reservedCapacity: 'Reserved capacity',
  cache: 'Cache',
};

/** "Kubernetes", or "Unknown" when the tier is not known. */
export function tierName(tier: TierId | null | undefined): string {
  return tier ? TIERS[tier].shortName : 'Unknown';
}

const numberFormat = new Intl.NumberFormat('en-US');

/** A signal value as text: numbers grouped, booleans as yes/no, lists comma-separated. */
export function formatSignalValue(name: SignalName, value: unknown): string {
  if (value === null || value === undefined) {
    return 'Unknown';
  }
  if (typeof value === 'boolean') {
    return value ? 'Yes' : 'No';
  }
  if (Array.isArray(value)) {
    return value.length ? value.join(', ') : 'None';
  }
  if (typeof value === 'number') {
    switch (name) {
      case 'uptimeSla':
      case 'measuredUptime':
        return `${value}%`;
      case 'monthlyBudgetUsd':
        return `$${numberFormat.format(value)}/month`;
      default:
        return numberFormat.format(value);
    }
  }
  return String(value);
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}
