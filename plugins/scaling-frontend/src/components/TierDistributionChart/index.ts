export {
  TierDistributionChart,
  distributionRows,
  distributionSummary,
} from './TierDistributionChart';
