/**
 * Scaling Advisor facts for Tech Insights: each stored assessment's current and recommended
 * tier, status, readiness score and blockers.
 *
 * @packageDocumentation
 */
export { techInsightsModuleScaling as default } from './module';
export { techInsightsModuleScaling } from './module';
export {
  SCALING_FACT_RETRIEVER_ID,
  createScalingFactRetriever,
  scalingFactRetriever,
  scalingFactSchema,
} from './factRetriever';
export type { ScalingFactRetrieverOptions } from './factRetriever';
