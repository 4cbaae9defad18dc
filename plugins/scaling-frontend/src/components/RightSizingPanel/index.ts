export {
  RightSizingPanel,
  VERDICT_LABELS,
  rightSizingSummary,
  savingText,
} from './RightSizingPanel';
export { formatCores, formatCpu, formatMemory } from './format';
