export {
  NotApplicableState,
  NotConfiguredState,
  InsufficientDataState,
  annotationsYaml,
  missingInputs,
  EXAMPLE_ANNOTATIONS,
} from './ScalingStates';
