export { EntityScalingContent, AssessmentView } from './EntityScalingContent';
