/**
 * Scaling Advisor evidence from each service's repository.
 *
 * @packageDocumentation
 */
export { scalingModuleRepository as default } from './module';
