/**
 * Scaling Advisor's tier model and rules: pure functions over plain data, shared by the
 * backend (which gathers signals) and the frontend (which displays results).
 *
 * @packageDocumentation
 */

export * from './format';
export * from './tiers';
export * from './thresholds';
export * from './annotations';
export * from './parsers';
export * from './types';
export * from './signals';
export * from './kubernetesGate';
export * from './recommendation';
export * from './readiness';
export * from './findings';
export * from './templates';
export * from './assess';
export * from './forecast';
export * from './api';
export * from './values';
export * from './orgPolicy';
export * from './coverage';
