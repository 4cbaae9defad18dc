export { ActiveUsersHistoryChart } from './ActiveUsersHistoryChart';
export {
  chartPoints,
  historySummary,
  userThresholds,
} from './historyChartData';
