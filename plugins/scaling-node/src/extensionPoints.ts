import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ScalingEvidenceProvider, ScalingMetricsProvider } from './providers';

/**
 * A provider module that is installed but lacks its configuration: the overview's "What's
 * missing" then names the key to set, instead of asking to install what is installed.
 *
 * @public
 */
export interface UnconfiguredProvider {
  /** The id the provider would have (`prometheus`). */
  id: string;
  /** The app-config key it waits for (`scaling.metrics.prometheus.baseUrl`). */
  configKey: string;
}

/** @public */
export interface ScalingMetricsExtensionPoint {
  addProvider(...providers: ScalingMetricsProvider[]): void;
  /** Says that a metrics provider module is installed but not configured. */
  addUnconfiguredProvider(provider: UnconfiguredProvider): void;
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

/** @public */
export interface ScalingEvidenceExtensionPoint {
  addProvider(...providers: ScalingEvidenceProvider[]): void;
  /** Says that an evidence provider module is installed but not configured. */
  addUnconfiguredProvider(provider: UnconfiguredProvider): void;
}

/**
 * Through this extension point, backend modules add evidence providers to the scaling plugin:
 * facts about entities from their repositories or any other source. Providers added earlier
 * take precedence over those added later.
 *
 * ```ts
 * env.registerInit({
 *   deps: { evidence: scalingEvidenceExtensionPoint },
 *   async init({ evidence }) { evidence.addProvider(new MyProvider()); },
 * });
 * ```
 *
 * @public
 */
export const scalingEvidenceExtensionPoint =
  createExtensionPoint<ScalingEvidenceExtensionPoint>({
    id: 'scaling.evidence',
  });
