import {
  EvidenceProblem,
  LiveWorkload,
  MetricName,
  ProviderProgress,
  ScalingValueKey,
  ScalingValues,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/**
 * What a provider is asked about: one catalog entity, with the fields providers use to find
 * their data (the annotations hold `backstage.io/source-location`,
 * `scaling.io/prometheus-selector`…).
 *
 * @public
 */
export interface ScalingProviderEntity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  /** All of the entity's annotations. */
  annotations: Record<string, string>;
  /** The entity's `spec.type`, when it has one. */
  type?: string;
}

/** @public */
export interface ScalingProviderRequestOptions {
  /** Aborted when the provider's time is up; pass it on to every HTTP call. */
  signal: AbortSignal;
}

/** Measured values for one entity; leave out what the provider does not know. @public */
export type EntityMetrics = {
  /** `measuredUptime` is the uptime in percent over the provider's window. */
  [M in MetricName]?: number;
};

/**
 * A source of runtime metrics (Prometheus, Datadog, CloudWatch…). It answers for a whole
 * batch of entities at once, so that a scan makes a handful of requests, not one per entity.
 * Measured values win over every other source.
 *
 * @public
 */
export interface ScalingMetricsProvider {
  /** Short id; signals it provides get the source `metric:<id>`. */
  readonly id: string;
  /** How long the provider may take for one batch before it counts as unavailable. */
  readonly timeoutMs?: number;
  /** Metrics keyed by entity ref; entities without data are simply absent. */
  getMetrics(
    entities: ScalingProviderEntity[],
    options: ScalingProviderRequestOptions,
  ): Promise<Map<string, EntityMetrics>>;
}

/**
 * One value an evidence provider found, of the type the matching `scaling.io/` annotation
 * parses to, with what shows it: a file path or URL and a short reason
 * (`charts/petstore/Chart.yaml: a Helm chart`).
 *
 * @public
 */
export interface EvidenceFinding<T> {
  value: T;
  evidence: string;
  /** Where it came from; defaults to the provider's id. */
  source?: string;
  /** The file that shows it (a path in the repository, or a URL), and its line, when known. */
  file?: string;
  line?: number;
}

/** An evidence provider's values for one entity, keyed like the annotations. @public */
export type EvidenceFindings = {
  [K in ScalingValueKey]?: EvidenceFinding<ScalingValues[K]>;
};

/**
 * What an evidence provider says about one entity: the values it found, and the problems that
 * kept it from finding some (an unreadable repository, a file it skipped). A problem concerns
 * that entity only; the others of the batch are unaffected.
 *
 * @public
 */
export interface EntityEvidence {
  values: EvidenceFindings;
  problems?: EvidenceProblem[];
  /**
   * Third-party services seen beside the entity (a database, a broker, a search engine in its
   * Compose file or manifests), by name: the assessment names them and takes no evidence from
   * them.
   */
  thirdParty?: string[];
  /**
   * The workloads as a live cluster runs them, for right-sizing (a measured provider's; see
   * {@link ScalingEvidenceProvider.measured}).
   */
  workloads?: LiveWorkload[];
}

/**
 * A source of facts about entities that their owners did not write down as annotations: their
 * repository's deployment files, a CMDB, a cloud inventory. Its values rank below the entity's
 * own annotations and above the org policy's defaults (`scaling.defaults`). It answers for a
 * batch of entities at once and reports errors per entity, never for the batch.
 *
 * @public
 */
export interface ScalingEvidenceProvider {
  /** Short id; the values it provides get it as their source (`repository`). */
  readonly id: string;
  /**
   * Its values are measured on what runs (a live cluster), not read from what is declared: they
   * rank above the entity's annotations, and a finding says where they differ.
   */
  readonly measured?: boolean;
  /** How long the provider may take for one batch before it counts as unavailable. */
  readonly timeoutMs?: number;
  /** Evidence keyed by entity ref; entities it knows nothing about are simply absent. */
  getEvidence(
    entities: ScalingProviderEntity[],
    options: ScalingProviderRequestOptions,
  ): Promise<Map<string, EntityEvidence>>;
  /**
   * For a provider that gathers its evidence on a schedule of its own: the plugin registers a
   * listener here, and runs the org-wide scan soon after the provider calls it (new evidence
   * then reaches the overview without waiting for the scan's next period).
   */
  onEvidenceChanged?(listener: () => void): void;
  /**
   * For a provider that gathers its evidence on a schedule of its own: how far it has got (the
   * repository module's repositories read of those the catalog names, and the rate limit it
   * waits for). The overview's coverage shows it. Answer from memory or one cheap query: it is
   * asked on every overview request (the plugin caches it briefly).
   */
  progress?(): Promise<ProviderProgress | undefined>;
}
