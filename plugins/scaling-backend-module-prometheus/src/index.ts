/**
 * Prometheus metrics for the Scaling Advisor backend: `backend.add(import(...))`, then configure
 * `scaling.metrics.prometheus` (see config.d.ts and the README).
 *
 * @packageDocumentation
 */
export { scalingModulePrometheus as default } from './module';
export {
  PrometheusMetricsProvider,
  type PrometheusMetricsProviderOptions,
} from './PrometheusMetricsProvider';
export type { EntityField, IdentityLabels } from './queries';
