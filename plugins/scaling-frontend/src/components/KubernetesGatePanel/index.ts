export { KubernetesGatePanel, gateSummary } from './KubernetesGatePanel';
