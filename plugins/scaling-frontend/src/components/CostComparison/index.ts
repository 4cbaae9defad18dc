export { CostComparison } from './CostComparison';
export type { CostComparisonProps } from './CostComparison';
