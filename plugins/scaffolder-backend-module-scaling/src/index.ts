/**
 * The Scaling Advisor's scaffolder actions.
 *
 * @packageDocumentation
 */
export { scaffolderModuleScaling as default } from './module';
export { createAnnotateCatalogInfoAction } from './actions/annotate';
export { createApplyPracticesAction } from './actions/practices';
