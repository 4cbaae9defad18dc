export {
  ScalingOverviewPage,
  ScalingOverviewContent,
} from './ScalingOverviewPage';
export type { OverviewFilters } from '../../hooks';
export { LastScanInfo } from './LastScanInfo';
