/**
 * Scaling Advisor backend plugin.
 *
 * @packageDocumentation
 */
export { scalingPlugin as default } from './plugin';
export { createRouter, type RouterOptions } from './router';
export {
  scalingMetricsExtensionPoint,
  type EntityMetrics,
  type ScalingMetricsEntity,
  type ScalingMetricsExtensionPoint,
  type ScalingMetricsProvider,
  type ScalingMetricsRequestOptions,
} from './metrics/types';
