export {
  ScalingOrgCard,
  ScalingOrgCardContent,
  EntityScalingOrgCard,
} from './ScalingOrgCard';
export type { ScalingOrgCardProps } from './ScalingOrgCard';
