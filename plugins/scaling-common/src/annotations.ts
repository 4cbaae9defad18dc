/**
 * Every `scaling.io/` annotation the product reads. An annotation under `scaling.io/` that is
 * not listed here is reported as a warning, so that a typo does not pass silently.
 *
 * @public
 */
export const SCALING_ANNOTATIONS = {
  // Signals (docs/rules.md #signals)
  activeUsers: 'scaling.io/active-users',
  uptimeSla: 'scaling.io/uptime-sla',
  monthlyBudgetUsd: 'scaling.io/monthly-budget-usd',
  platform: 'scaling.io/platform',
  regions: 'scaling.io/regions',
  multiRegionRequired: 'scaling.io/multi-region-required',
  serviceCount: 'scaling.io/service-count',
  k8sExpertise: 'scaling.io/k8s-expertise',
  deploymentStrategy: 'scaling.io/deployment-strategy',
  serviceMesh: 'scaling.io/service-mesh',
  constraints: 'scaling.io/constraints',
  practices: 'scaling.io/practices',
  // Readiness evidence (docs/rules.md #readiness)
  containerized: 'scaling.io/containerized',
  imageRegistry: 'scaling.io/image-registry',
  managed: 'scaling.io/managed',
  healthEndpoint: 'scaling.io/health-endpoint',
  healthCheck: 'scaling.io/health-check',
  autoscaling: 'scaling.io/autoscaling',
  monitoring: 'scaling.io/monitoring',
  helmChart: 'scaling.io/helm-chart',
  ingress: 'scaling.io/ingress',
  observability: 'scaling.io/observability',
  gitops: 'scaling.io/gitops',
  backup: 'scaling.io/backup',
  cdn: 'scaling.io/cdn',
  // Running well where it runs: the practices' evidence (docs/rules.md #practices)
  podSecurity: 'scaling.io/pod-security',
  rbac: 'scaling.io/rbac',
  networkPolicy: 'scaling.io/network-policy',
  secretManagement: 'scaling.io/secret-management',
  disruptionBudget: 'scaling.io/disruption-budget',
  resourceLimits: 'scaling.io/resource-limits',
  antiAffinity: 'scaling.io/anti-affinity',
  probes: 'scaling.io/probes',
  metricsExporter: 'scaling.io/metrics-exporter',
  structuredLogging: 'scaling.io/structured-logging',
  traceContext: 'scaling.io/trace-context',
  minReplicas: 'scaling.io/min-replicas',
  spotCapacity: 'scaling.io/spot-capacity',
  rightSized: 'scaling.io/right-sized',
  stagingScalesToZero: 'scaling.io/staging-scales-to-zero',
  reservedCapacity: 'scaling.io/reserved-capacity',
  cache: 'scaling.io/cache',
  // Template pre-fill and metrics
  port: 'scaling.io/port',
  prometheusSelector: 'scaling.io/prometheus-selector',
  // Evidence providers: the folders of the repository that hold the deployment
  deployPath: 'scaling.io/deploy-path',
  // On Template entities (docs/rules.md #templates)
  migrationTarget: 'scaling.io/migration-target',
  migrationPlatform: 'scaling.io/migration-platform',
  templatePurpose: 'scaling.io/template-purpose',
} as const;

/** @public */
export type ScalingAnnotationKey =
  (typeof SCALING_ANNOTATIONS)[keyof typeof SCALING_ANNOTATIONS];

/** @public */
export const SCALING_ANNOTATION_PREFIX = 'scaling.io/';

/** Backstage's own annotations that tell an entity runs on Kubernetes. @public */
export const KUBERNETES_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
] as const;

const KNOWN_KEYS: ReadonlySet<string> = new Set(
  Object.values(SCALING_ANNOTATIONS),
);

/** @public */
export function isKnownScalingAnnotation(key: string): boolean {
  return KNOWN_KEYS.has(key);
}

/** True when the entity carries at least one `scaling.io/` annotation. @public */
export function hasScalingAnnotations(
  annotations: Record<string, string> | undefined,
): boolean {
  return Object.keys(annotations ?? {}).some(key =>
    key.startsWith(SCALING_ANNOTATION_PREFIX),
  );
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = new Uint16Array(b.length + 1).map((_, i) => i);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + cost,
      );
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

const MAX_SUGGESTION_DISTANCE = 3;
// The same typo tends to be copied across many entities; remember the answers (bounded).
const suggestions = new Map<string, string | undefined>();

/** The known key closest to a misspelt one, if any is close enough to be meant. @public */
export function suggestScalingAnnotation(key: string): string | undefined {
  if (suggestions.has(key)) {
    return suggestions.get(key);
  }
  let best: { key: string; distance: number } | undefined;
  for (const known of KNOWN_KEYS) {
    const distance = editDistance(key, known, MAX_SUGGESTION_DISTANCE);
    if (
      distance <= MAX_SUGGESTION_DISTANCE &&
      (!best || distance < best.distance)
    ) {
      best = { key: known, distance };
    }
  }
  if (suggestions.size >= 1000) {
    suggestions.clear();
  }
  suggestions.set(key, best?.key);
  return best?.key;
}
