export { SignalsTable, warningFix } from './SignalsTable';
export type { SignalsTableProps } from './SignalsTable';
