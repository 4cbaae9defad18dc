export { FindingsList, sortFindings } from './FindingsList';
