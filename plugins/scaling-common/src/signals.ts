import {
  KUBERNETES_ANNOTATIONS,
  SCALING_ANNOTATIONS as A,
  SCALING_ANNOTATION_PREFIX,
  isKnownScalingAnnotation,
  suggestScalingAnnotation,
} from './annotations';
import { ObservabilityPillar, PodSecurityLevel } from './parsers';
import { isKubernetesPlatform } from './recommendation';
import {
  AnnotationWarning,
  Platform,
  Signal,
  SignalSource,
  Signals,
} from './types';
import {
  SCALING_VALUE_PARSERS,
  ScalingValueKey,
  ScalingValues,
  SuppliedValues,
} from './values';

/** A value measured by a metrics provider. @public */
export interface MetricValue {
  value: number;
  /** The provider's id, e.g. `prometheus`; the signal's source becomes `metric:<provider>`. */
  provider: string;
}

/**
 * The measured values a metrics provider can supply: the one list of their names, which the
 * providers' types, the backend's collector and the Prometheus queries all use.
 *
 * @public
 */
export const METRIC_NAMES = [
  'activeUsers',
  'measuredUptime',
  'requestsPerSecond',
] as const;

/** @public */
export type MetricName = (typeof METRIC_NAMES)[number];

/** What the metrics providers returned for one entity; `measuredUptime` in percent. @public */
export type MetricsInput = { [M in MetricName]?: MetricValue } & {
  /** Providers that failed or timed out for this entity. */
  failures?: Array<{ provider: string; message: string }>;
};

/** What the catalog's relations say about the entity. @public */
export interface CatalogContext {
  /** Components in the entity's System, itself included. */
  serviceCount?: number | null;
  /** `scaling.io/k8s-expertise` of the owner Group. */
  teamK8sExpertise?: boolean | null;
  /**
   * The owner's services that run on Kubernetes (by any source: the last scan's current
   * tiers), for criterion `team-expertise` when no annotation says: a team that runs
   * Kubernetes has the expertise.
   */
  ownerKubernetesServices?: { owner: string; count: number } | null;
  /** The database Resources the entity `dependsOn`; `managed` from `scaling.io/managed`. */
  databases?: Array<{ entityRef?: string; managed?: boolean | null }>;
}

/**
 * A readiness fact as read: its value, the annotation text it came from, or, when an evidence
 * provider or an org policy default supplied it, its source and what shows it.
 *
 * @public
 */
export interface EvidenceValue<T> {
  value: T | null;
  raw?: string;
  source?: SignalSource;
  evidence?: string;
}

/** The readiness evidence of an entity, whoever declared it. @public */
export interface Evidence {
  containerized: EvidenceValue<boolean>;
  imageRegistry: EvidenceValue<boolean>;
  healthEndpoint: EvidenceValue<string>;
  /** A health check exists whose path is unknown (an exec or gRPC probe, a script). */
  healthCheck: EvidenceValue<boolean>;
  autoscaling: EvidenceValue<boolean>;
  monitoring: EvidenceValue<boolean>;
  helmChart: EvidenceValue<boolean>;
  ingress: EvidenceValue<boolean>;
  observability: EvidenceValue<ObservabilityPillar[]>;
  gitops: EvidenceValue<boolean>;
  backup: EvidenceValue<boolean>;
  cdn: EvidenceValue<boolean>;
  port: EvidenceValue<number>;
  podSecurity: EvidenceValue<PodSecurityLevel>;
  rbac: EvidenceValue<boolean>;
  networkPolicy: EvidenceValue<boolean>;
  secretManagement: EvidenceValue<boolean>;
  disruptionBudget: EvidenceValue<boolean>;
  resourceLimits: EvidenceValue<boolean>;
  antiAffinity: EvidenceValue<boolean>;
  probes: EvidenceValue<boolean>;
  metricsExporter: EvidenceValue<boolean>;
  structuredLogging: EvidenceValue<boolean>;
  traceContext: EvidenceValue<boolean>;
  minReplicas: EvidenceValue<number>;
  spotCapacity: EvidenceValue<boolean>;
  rightSized: EvidenceValue<boolean>;
  stagingScalesToZero: EvidenceValue<boolean>;
  reservedCapacity: EvidenceValue<boolean>;
  cache: EvidenceValue<boolean>;
}

/** @public */
export interface ReadSignals {
  signals: Signals;
  evidence: Evidence;
  warnings: AnnotationWarning[];
  /** `scaling.io/active-users` as declared, even when a metric overrides it. */
  declaredUsers: number | null;
}

const UNKNOWN: Signal<never> = Object.freeze({ value: null, source: null });
const ABSENT: EvidenceValue<never> = Object.freeze({ value: null });

// Built field by field: object spread is several times slower on the scan's hot path.
function signalOf<T>(
  value: T | null,
  source: SignalSource,
  raw: string | undefined,
  evidence?: string,
): Signal<T> {
  const signal: Signal<T> =
    raw === undefined ? { value, source } : { value, source, raw };
  if (evidence !== undefined) signal.evidence = evidence;
  return signal;
}

/**
 * Whether a measured generic `kubernetes` platform confirms a more specific declared one
 * (annotation first, then the evidence providers).
 */
function confirmsDeclared(
  measured: unknown,
  annotation: string | undefined,
  supplied: readonly SuppliedValues[],
): boolean {
  if (measured !== 'kubernetes') return false;
  const parsed =
    annotation === undefined
      ? undefined
      : SCALING_VALUE_PARSERS.platform(annotation);
  const declared =
    parsed?.ok === true
      ? parsed.value
      : supplied.find(l => l.platform?.value)?.platform?.value;
  return (
    typeof declared === 'string' &&
    declared !== 'kubernetes' &&
    isKubernetesPlatform(declared as Platform)
  );
}

/**
 * Reads every signal and readiness fact of an entity. Each value comes from the highest of:
 * metrics (active users, measured uptime) and measured evidence (the live cluster), the
 * entity's own annotation, the evidence providers (in the order given), the org policy
 * defaults, and the catalog's relations and the owner Group. A bad annotation value adds a
 * warning and gives way to the next source; nothing here throws.
 *
 * @param supplied - values from the evidence providers, then the org policy defaults, highest
 *   precedence first
 * @param measured - values measured on what runs (the Kubernetes module), above the
 *   annotations, highest precedence first
 * @public
 */
export function readSignals(
  annotations: Record<string, string>,
  context: CatalogContext = {},
  metrics: MetricsInput = {},
  supplied: readonly SuppliedValues[] = [],
  measured: readonly SuppliedValues[] = [],
): ReadSignals {
  const warnings: AnnotationWarning[] = [];

  // One pass over the annotations into a Map: entities come in many shapes, and keyed
  // property reads on them are megamorphic and several times slower than Map lookups.
  const present = new Map<string, string>();
  let onKubernetes = false;
  for (const key of Object.keys(annotations)) {
    if (key.startsWith(SCALING_ANNOTATION_PREFIX)) {
      const text = String(annotations[key]);
      if (isKnownScalingAnnotation(key)) {
        present.set(key, text);
      } else {
        const suggestion = suggestScalingAnnotation(key);
        warnings.push({
          annotation: key,
          value: text,
          message: `unknown annotation ${key}${
            suggestion ? `; did you mean ${suggestion}?` : ''
          }`,
        });
      }
    } else if ((KUBERNETES_ANNOTATIONS as readonly string[]).includes(key)) {
      onKubernetes = true;
    }
  }

  /** The key's value from the highest source that has one. */
  function read<K extends ScalingValueKey>(
    key: K,
  ): EvidenceValue<ScalingValues[K]> {
    const annotation = A[key];
    const text = present.get(annotation);
    // What runs outranks what is declared (a finding says where they differ); a cluster that
    // says only `kubernetes` leaves a declared EKS, AKS or GKE in force, which it confirms.
    for (const layer of measured) {
      const value = layer[key];
      if (
        value !== undefined &&
        value !== null &&
        !(key === 'platform' && confirmsDeclared(value.value, text, supplied))
      ) {
        return {
          value: value.value as ScalingValues[K],
          ...(text === undefined ? {} : { raw: text }),
          source: value.source,
          evidence: value.evidence,
        };
      }
    }
    if (text !== undefined) {
      const result = SCALING_VALUE_PARSERS[key](text);
      if (result.ok) {
        for (const note of result.notes ?? []) {
          warnings.push({ annotation, value: text, message: note });
        }
        return { value: result.value as ScalingValues[K], raw: text };
      }
      warnings.push({ annotation, value: text, message: result.message });
    }
    for (const layer of supplied) {
      const value = layer[key];
      if (value !== undefined && value !== null) {
        return text === undefined
          ? {
              value: value.value as ScalingValues[K],
              source: value.source,
              evidence: value.evidence,
            }
          : {
              value: value.value as ScalingValues[K],
              raw: text,
              source: value.source,
              evidence: value.evidence,
            };
      }
    }
    return text === undefined ? ABSENT : { value: null, raw: text };
  }

  function signal<K extends ScalingValueKey>(key: K): Signal<ScalingValues[K]> {
    const { value, raw, source, evidence } = read(key);
    if (source !== undefined) return signalOf(value, source, raw, evidence);
    if (raw === undefined) return UNKNOWN;
    return signalOf(value, 'annotation', raw);
  }

  /**
   * A team whose services already run on Kubernetes has the expertise, unless an annotation
   * says otherwise: the owner's services on Kubernetes (the last scan's), or this service itself.
   */
  function runsKubernetes(
    found: Signal<boolean>,
    owned: CatalogContext['ownerKubernetesServices'],
    platform: Signal<Platform>,
  ): Signal<boolean> {
    if (found.value !== null) return found;
    if (owned && owned.count >= 1) {
      const services = owned.count === 1 ? 'service' : 'services';
      return signalOf(
        true,
        'owner',
        found.raw,
        `owner ${owned.owner} runs ${owned.count} ${services} on Kubernetes`,
      );
    }
    if (platform.value !== null && isKubernetesPlatform(platform.value)) {
      return signalOf(
        true,
        platform.source ?? 'catalog',
        found.raw,
        `the service itself runs on Kubernetes (${platform.value}${
          platform.evidence ? `: ${platform.evidence}` : ''
        })`,
      );
    }
    return found;
  }

  function withFallback<T>(
    found: Signal<T>,
    value: T | null | undefined,
    source: SignalSource,
  ): Signal<T> {
    if (found.value !== null || value === null || value === undefined) {
      return found;
    }
    return signalOf(value, source, found.raw);
  }

  function metricOver(
    found: Signal<number>,
    metric: MetricValue | undefined,
  ): Signal<number> {
    if (!metric || !Number.isFinite(metric.value)) {
      return found;
    }
    return signalOf(metric.value, `metric:${metric.provider}`, found.raw);
  }

  let platform = signal('platform');
  if (platform.value === null && onKubernetes) {
    platform = signalOf<Platform>('kubernetes', 'catalog', platform.raw);
  }

  const declaredUsers = signal('activeUsers');
  const signals: Signals = {
    activeUsers: metricOver(declaredUsers, metrics.activeUsers),
    uptimeSla: signal('uptimeSla'),
    measuredUptime: metricOver(UNKNOWN, metrics.measuredUptime),
    requestsPerSecond: metricOver(UNKNOWN, metrics.requestsPerSecond),
    monthlyBudgetUsd: signal('monthlyBudgetUsd'),
    platform,
    regions: signal('regions'),
    multiRegionRequired: signal('multiRegionRequired'),
    serviceCount: withFallback(
      signal('serviceCount'),
      context.serviceCount,
      'catalog',
    ),
    teamK8sExpertise: runsKubernetes(
      withFallback(signal('k8sExpertise'), context.teamK8sExpertise, 'owner'),
      context.ownerKubernetesServices,
      platform,
    ),
    deploymentStrategy: signal('deploymentStrategy'),
    serviceMesh: signal('serviceMesh'),
    constraints: signal('constraints'),
    practices: signal('practices'),
  };

  const evidence: Evidence = {
    containerized: read('containerized'),
    imageRegistry: read('imageRegistry'),
    healthEndpoint: read('healthEndpoint'),
    healthCheck: read('healthCheck'),
    autoscaling: read('autoscaling'),
    monitoring: read('monitoring'),
    helmChart: read('helmChart'),
    ingress: read('ingress'),
    observability: read('observability'),
    gitops: read('gitops'),
    backup: read('backup'),
    cdn: read('cdn'),
    port: read('port'),
    podSecurity: read('podSecurity'),
    rbac: read('rbac'),
    networkPolicy: read('networkPolicy'),
    secretManagement: read('secretManagement'),
    disruptionBudget: read('disruptionBudget'),
    resourceLimits: read('resourceLimits'),
    antiAffinity: read('antiAffinity'),
    probes: read('probes'),
    metricsExporter: read('metricsExporter'),
    structuredLogging: read('structuredLogging'),
    traceContext: read('traceContext'),
    minReplicas: read('minReplicas'),
    spotCapacity: read('spotCapacity'),
    rightSized: read('rightSized'),
    stagingScalesToZero: read('stagingScalesToZero'),
    reservedCapacity: read('reservedCapacity'),
    cache: read('cache'),
  };

  return {
    signals,
    evidence,
    warnings,
    // As declared by the entity itself, not as supplied: what `declared-users-stale` compares.
    declaredUsers:
      declaredUsers.source === 'annotation' ? declaredUsers.value : null,
  };
}
