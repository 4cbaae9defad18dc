import { createExtensionPoint } from '@backstage/backend-plugin-api';

/** What a metrics provider is asked about: one catalog entity. @public */
export interface ScalingMetricsEntity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  /** All of the entity's annotations, e.g. `scaling.io/prometheus-selector`. */
  annotations: Record<string, string>;
}

/** Measured values for one entity; leave out what the provider does not know. @public */
export interface EntityMetrics {
  activeUsers?: number;
  /** Uptime in percent over the provider's window. */
  measuredUptime?: number;
  requestsPerSecond?: number;
}

/** @public */
export interface ScalingMetricsRequestOptions {
  /** Aborted when the provider's time is up; pass it on to every HTTP call. */
  signal: AbortSignal;
}

/**
 * A source of runtime metrics (Prometheus, Datadog, CloudWatch…). It answers for a whole
 * batch of entities at once, so that a scan makes a handful of requests, not one per entity.
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
    entities: ScalingMetricsEntity[],
    options: ScalingMetricsRequestOptions,
  ): Promise<Map<string, EntityMetrics>>;
}

/** @public */
export interface ScalingMetricsExtensionPoint {
  addProvider(...providers: ScalingMetricsProvider[]): void;
}

/**
 * Through this extension point, backend modules add metrics providers to the scaling plugin:
 *
 * ```ts
 * env.registerInit({
 *   deps: { metrics: scalingMetricsExtensionPoint },
 *   async init({ metrics }) { metrics.addProvider(new MyProvider()); },
 * });
 * ```
 *
 * @public
 */
export const scalingMetricsExtensionPoint =
  createExtensionPoint<ScalingMetricsExtensionPoint>({ id: 'scaling.metrics' });
