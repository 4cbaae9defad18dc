export { EntityScalingCard } from './EntityScalingCard';
