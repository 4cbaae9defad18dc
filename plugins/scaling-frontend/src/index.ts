/**
 * The Scaling Advisor frontend plugin: where every service runs, where it should run, how
 * ready it is to move, and the templates that move it.
 *
 * @packageDocumentation
 */

export {
  scalingPlugin,
  ScalingOverviewPage,
  EntityScalingContent,
  EntityScalingCard,
  ScalingOrgCard,
  EntityScalingOrgCard,
  HomePageScalingOrgCard,
} from './plugin';
export { rootRouteRef, selectedTemplateRouteRef } from './routes';
export { isScalingAvailable } from './lib/availability';
export { templateLaunchUrl } from './lib/templateLaunchUrl';
export type { TemplateRouteFunc } from './lib/templateLaunchUrl';
export { scalingApiRef, ScalingClient } from './api';
export type { ScalingApi, ScalingEntityRef, ScalingScan } from './api';
export type { ScalingOrgCardProps } from './components/ScalingOrgCard';
