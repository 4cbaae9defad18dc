export {
  ScalingOverviewPage,
  ScalingOverviewContent,
} from './ScalingOverviewPage';
export type { OverviewFilters } from './ScalingOverviewPage';
export { LastScanInfo } from './LastScanInfo';
