/**
 * Scaling Advisor's tier model and rules: pure functions over plain data, shared by the
 * backend (which gathers signals) and the frontend (which displays results).
 *
 * @packageDocumentation
 */

export { formatNumber } from './format';
export {
  TIERS,
  TIER_IDS,
  TIER_LIST,
  formatCostRange,
  isTierId,
  nextTier,
} from './tiers';
export type { CostRange, TierId, TierInfo } from './tiers';
export {
  DEFAULT_THRESHOLDS,
  InvalidThresholdsError,
  resolveThresholds,
} from './thresholds';
export type {
  ConfigTierKey,
  ScalingThresholds,
  ThresholdsConfig,
  TierNumbers,
  UpperTierId,
} from './thresholds';
export {
  KUBERNETES_ANNOTATIONS,
  SCALING_ANNOTATIONS,
  hasScalingAnnotations,
  suggestScalingAnnotation,
} from './annotations';
export type { ScalingAnnotationKey } from './annotations';
export { PLATFORMS, parseBoolean } from './parsers';
export type {
  ObservabilityPillar,
  ParseResult,
  Parser,
  PodSecurityLevel,
} from './parsers';
export { ASSESSMENT_STATUSES } from './types';
export type {
  AnnotationWarning,
  Assessment,
  AssessmentEvidence,
  AssessmentStatus,
  Constraint,
  Demand,
  DeploymentStrategy,
  EvidenceItem,
  EvidenceProblem,
  EvidenceProblemId,
  Finding,
  FindingId,
  FindingSeverity,
  KubernetesCriteria,
  KubernetesCriterion,
  KubernetesCriterionId,
  ListedStatus,
  Platform,
  PrematurePractice,
  Readiness,
  ReadinessBlocker,
  ReadinessItem,
  ReadinessItemId,
  Signal,
  SignalName,
  SignalSource,
  Signals,
  TemplateOffer,
  TemplatePurpose,
  TierCost,
} from './types';
export { METRIC_NAMES } from './signals';
export type {
  CatalogContext,
  Evidence,
  EvidenceValue,
  MetricName,
  MetricValue,
  MetricsInput,
} from './signals';
export { KUBERNETES_CRITERIA_LABELS } from './kubernetesGate';
export { demandOf } from './recommendation';
export { READINESS_ITEMS } from './readiness';
export { PRACTICES, PRACTICE_CHECKLISTS, assessPractices } from './practices';
export type {
  PracticeDefinition,
  PracticeGroup,
  PracticeId,
  PracticeItem,
  Practices,
  PracticesInput,
  PracticeSeverity,
} from './practices';
export type { ReadinessItemDefinition } from './readiness';
export {
  FIXABLE_PRACTICES,
  MIGRATION_DEFAULTS,
  PRACTICE_FIX_DEFAULTS,
} from './templates';
export type {
  EntityFacts,
  EntityRepository,
  ManifestFile,
  RightSizeRequest,
  MigrationTemplate,
  ScmType,
} from './templates';
export { DEFAULT_DEPLOYABLE_TYPES, assess } from './assess';
export type { AssessmentInput, EntityIdentity, EvidenceInput } from './assess';
export { forecastUsers } from './forecast';
export type { UsersForecast, UsersPoint } from './forecast';
export { OVERVIEW_CSV_COLUMNS, OVERVIEW_SORT_FIELDS } from './api';
export type {
  HistoryResponse,
  HistorySnapshot,
  LastScan,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  OverviewSortField,
  OverviewTotals,
  PracticeOutcomes,
  PracticeOverview,
  RightSizingOverview,
  RightSizingTotal,
  SimulateRequest,
} from './api';
export {
  SCALING_VALUE_KEYS,
  describeSupplied,
  normalizeScalingValue,
  parseScalingValue,
  scalingValueKeyOf,
  sourcePhrase,
} from './values';
export type {
  ScalingValueKey,
  ScalingValues,
  SuppliedValue,
  SuppliedValues,
} from './values';
export {
  InvalidOrgPolicyError,
  orgDefaultsFor,
  orgPolicyFields,
  parseOrgPolicy,
} from './orgPolicy';
export type { OrgPolicy, OrgPolicyRule, PolicyEntity } from './orgPolicy';
export { COVERAGE_SIGNALS, coverageOf, signalSourcesOf } from './coverage';
export { signalFix } from './coverageHints';
export type {
  CoverageSignal,
  InstalledProvider,
  OverviewCoverage,
  ProviderProgress,
  SignalCoverage,
  SignalSources,
} from './coverage';
export {
  filterItems,
  matchesQuery,
  overviewItemOf,
  pageOverview,
  practiceOutcomesOf,
  practicesOverviewOf,
  rightSizingOverviewOf,
  sortItems,
  toCsv,
  totalsOf,
} from './overview';
export type { OverviewRow } from './overview';
export { scalingPermissions, scalingScanCreatePermission } from './permissions';
export { RIGHT_SIZING, assessRightSizing, workloadName } from './rightSizing';
export type {
  ContainerSizing,
  LiveContainer,
  LiveWorkload,
  RightSizing,
  RightSizingVerdict,
} from './rightSizing';
export { runningFindings } from './running';
export { parseQuantity } from './quantity';
