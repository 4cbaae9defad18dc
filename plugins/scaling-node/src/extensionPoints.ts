import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ScalingEvidenceProvider, ScalingMetricsProvider } from './providers';

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

/** @public */
export interface ScalingEvidenceExtensionPoint {
  addProvider(...providers: ScalingEvidenceProvider[]): void;
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
