/**
 * Scaling Advisor backend plugin.
 *
 * @packageDocumentation
 */
export { scalingPlugin as default } from './plugin';
export { createRouter, type RouterOptions } from './router';
