/**
 * Scaling Advisor's extension points and provider contracts, for backend modules that add
 * metrics (measured load) or evidence (facts from repositories and other sources).
 *
 * @packageDocumentation
 */
export {
  scalingEvidenceExtensionPoint,
  scalingMetricsExtensionPoint,
  type ScalingEvidenceExtensionPoint,
  type ScalingMetricsExtensionPoint,
  type UnconfiguredProvider,
} from './extensionPoints';
export type {
  EntityEvidence,
  EntityMetrics,
  EvidenceFinding,
  EvidenceFindings,
  ScalingEvidenceProvider,
  ScalingMetricsProvider,
  ScalingProviderEntity,
  ScalingProviderRequestOptions,
} from './providers';
export { dateOfColumn, migrateExclusively } from './migrations';
