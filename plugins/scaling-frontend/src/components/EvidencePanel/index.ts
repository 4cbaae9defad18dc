export { EvidencePanel } from './EvidencePanel';
