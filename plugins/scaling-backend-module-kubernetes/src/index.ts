/**
 * Scaling Advisor's Kubernetes module: what actually runs, read from the live cluster through
 * the Kubernetes plugin's action, and right-sizing that knows the autoscaler.
 *
 * @packageDocumentation
 */
export { scalingModuleKubernetes as default } from './module';
