export { scalingApiRef } from './ScalingApi';
export type { ScalingApi, ScalingEntityRef, ScalingScan } from './ScalingApi';
export { ScalingClient } from './ScalingClient';
