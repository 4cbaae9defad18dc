/* The frontend's React hooks: reading the scaling API and the app's routes. */
export { useDebouncedValue } from './useDebouncedValue';
export { useOrgSummary } from './useOrgSummary';
export type { OrgSummary } from './useOrgSummary';
export { sortOf, useOverviewData } from './useOverviewData';
export type {
  OverviewFilters,
  OverviewText,
  TablePage,
  TableQuery,
} from './useOverviewData';
export { useOverviewLink } from './useOverviewLink';
export { useScalingAssessment } from './useScalingAssessment';
export { useScalingHistory } from './useScalingHistory';
export { useTemplateLaunchUrl } from './useTemplateLaunchUrl';
