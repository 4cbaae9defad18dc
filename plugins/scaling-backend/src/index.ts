/**
 * Scaling Advisor backend plugin. Its extension points (metrics and evidence providers) are in
 * `@scaling-advisor/backstage-plugin-scaling-node`.
 *
 * @packageDocumentation
 */
export { scalingPlugin as default } from './plugin';
