export {
  ReadinessPanel,
  ReadinessGauge,
  orderReadinessItems,
} from './ReadinessPanel';
