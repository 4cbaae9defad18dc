export { scalingApiRef } from './ScalingApi';
export type { ScalingApi, ScalingEntityRef } from './ScalingApi';
export { ScalingClient } from './ScalingClient';
