import { SCALING_ANNOTATIONS } from './annotations';
import {
  ObservabilityPillar,
  ParseResult,
  Parser,
  parseActiveUsers,
  parseBoolean,
  parseBudgetUsd,
  parseConstraints,
  parseDeploymentStrategy,
  parseHealthEndpoint,
  parseMinReplicas,
  parseObservability,
  parsePodSecurity,
  PodSecurityLevel,
  parsePlatform,
  parsePort,
  parsePractices,
  parsePresence,
  parseRegions,
  parseServiceCount,
  parseServiceMesh,
  parseUptimeSla,
} from './parsers';
import {
  Constraint,
  DeploymentStrategy,
  Platform,
  PrematurePractice,
} from './types';

/**
 * Every value the rules read about an entity, keyed as in {@link SCALING_ANNOTATIONS}, with the
 * type its annotation parses to. An entity's own annotations, an org policy default
 * (`scaling.defaults`) and an evidence provider (the repository) all supply these same values.
 *
 * @public
 */
export interface ScalingValues {
  activeUsers: number;
  uptimeSla: number;
  monthlyBudgetUsd: number;
  platform: Platform;
  regions: number;
  multiRegionRequired: boolean;
  serviceCount: number;
  k8sExpertise: boolean;
  deploymentStrategy: DeploymentStrategy;
  serviceMesh: boolean;
  constraints: Constraint[];
  practices: PrematurePractice[];
  containerized: boolean;
  imageRegistry: boolean;
  healthEndpoint: string;
  healthCheck: boolean;
  autoscaling: boolean;
  monitoring: boolean;
  helmChart: boolean;
  ingress: boolean;
  observability: ObservabilityPillar[];
  gitops: boolean;
  backup: boolean;
  cdn: boolean;
  port: number;
  podSecurity: PodSecurityLevel;
  rbac: boolean;
  networkPolicy: boolean;
  secretManagement: boolean;
  disruptionBudget: boolean;
  resourceLimits: boolean;
  antiAffinity: boolean;
  probes: boolean;
  metricsExporter: boolean;
  structuredLogging: boolean;
  traceContext: boolean;
  minReplicas: number;
  spotCapacity: boolean;
  rightSized: boolean;
  stagingScalesToZero: boolean;
  reservedCapacity: boolean;
  cache: boolean;
}

/** @public */
export type ScalingValueKey = keyof ScalingValues;

/** How each value is read from annotation text: one parser per key. @public */
export const SCALING_VALUE_PARSERS: {
  readonly [K in ScalingValueKey]: Parser<ScalingValues[K]>;
} = {
  activeUsers: parseActiveUsers,
  uptimeSla: parseUptimeSla,
  monthlyBudgetUsd: parseBudgetUsd,
  platform: parsePlatform,
  regions: parseRegions,
  multiRegionRequired: parseBoolean,
  serviceCount: parseServiceCount,
  k8sExpertise: parseBoolean,
  deploymentStrategy: parseDeploymentStrategy,
  serviceMesh: parseServiceMesh,
  constraints: parseConstraints,
  practices: parsePractices,
  containerized: parseBoolean,
  imageRegistry: parsePresence,
  healthEndpoint: parseHealthEndpoint,
  healthCheck: parseBoolean,
  autoscaling: parseBoolean,
  monitoring: parsePresence,
  helmChart: parsePresence,
  ingress: parsePresence,
  observability: parseObservability,
  gitops: parsePresence,
  backup: parsePresence,
  cdn: parsePresence,
  port: parsePort,
  podSecurity: parsePodSecurity,
  rbac: parseBoolean,
  networkPolicy: parseBoolean,
  secretManagement: parsePresence,
  disruptionBudget: parseBoolean,
  resourceLimits: parseBoolean,
  antiAffinity: parseBoolean,
  probes: parseBoolean,
  metricsExporter: parseBoolean,
  structuredLogging: parseBoolean,
  traceContext: parseBoolean,
  minReplicas: parseMinReplicas,
  spotCapacity: parseBoolean,
  rightSized: parseBoolean,
  stagingScalesToZero: parseBoolean,
  reservedCapacity: parseBoolean,
  cache: parsePresence,
};

/** @public */
export const SCALING_VALUE_KEYS = Object.keys(
  SCALING_VALUE_PARSERS,
) as readonly ScalingValueKey[];

const KEY_BY_ANNOTATION: ReadonlyMap<string, ScalingValueKey> = new Map(
  SCALING_VALUE_KEYS.map(key => [SCALING_ANNOTATIONS[key], key]),
);

/**
 * The value key an annotation sets (`scaling.io/uptime-sla` → `uptimeSla`), or undefined for
 * an annotation that is not a value of the rules (a template's, a database Resource's).
 *
 * @public
 */
export function scalingValueKeyOf(
  annotation: string,
): ScalingValueKey | undefined {
  return KEY_BY_ANNOTATION.get(annotation);
}

/** Parses annotation text as the value of a key; never throws. @public */
export function parseScalingValue<K extends ScalingValueKey>(
  key: K,
  text: string,
): ParseResult<ScalingValues[K]> {
  return SCALING_VALUE_PARSERS[key](text) as ParseResult<ScalingValues[K]>;
}

/**
 * A value that does not come from the entity's own annotations: from an evidence provider or
 * an org policy default. `source` is where it came from (`repository`, `config`, …) and
 * `evidence` what shows it: a file path or URL with a short reason, or the policy rule
 * (`scaling.defaults[1]`).
 *
 * @public
 */
export interface SuppliedValue<T> {
  value: T;
  source: string;
  evidence: string;
  /** The file that shows it, and the line, when an evidence provider knows them. */
  file?: string;
  line?: number;
}

/** Supplied values by key; a key left out is not known to the supplier. @public */
export type SuppliedValues = {
  [K in ScalingValueKey]?: SuppliedValue<ScalingValues[K]>;
};

const SOURCE_NAMES: Readonly<Record<string, string>> = {
  annotation: 'the annotation',
  repository: 'the repository',
  config: 'the org policy',
  catalog: 'the catalog',
  owner: 'the owner group',
  kubernetes: 'the live cluster',
};

/** Where a value came from, as a phrase: `the repository`, `metrics (prometheus)`. @public */
export function sourcePhrase(source: string): string {
  if (source.startsWith('metric:'))
    return `metrics (${source.slice('metric:'.length)})`;
  return SOURCE_NAMES[source] ?? source;
}

/**
 * A supplied value's provenance as people read it:
 * `from the repository: charts/petstore/Chart.yaml`.
 *
 * @public
 */
export function describeSupplied(
  source: string,
  evidence: string | undefined,
): string {
  return evidence
    ? `from ${sourcePhrase(source)}: ${evidence}`
    : `from ${sourcePhrase(source)}`;
}

/**
 * A value from outside the entity (an evidence provider's) checked against its key's type: the
 * value its annotation text would parse to, or undefined when it is not of that type.
 *
 * @public
 */
export function normalizeScalingValue<K extends ScalingValueKey>(
  key: K,
  value: unknown,
): ScalingValues[K] | undefined {
  let text: string;
  if (Array.isArray(value)) {
    if (!value.every(v => typeof v === 'string')) return undefined;
    text = value.join(',');
  } else if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    text = String(value);
  } else {
    return undefined;
  }
  const parsed = parseScalingValue(key, text);
  return parsed.ok && !parsed.notes ? parsed.value : undefined;
}
