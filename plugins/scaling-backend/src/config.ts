import { Config } from '@backstage/config';
import {
  ScalingThresholds,
  ThresholdsConfig,
  resolveThresholds,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** The plugin's settings, read once at startup. */
export interface ScalingConfig {
  thresholds: ScalingThresholds;
}

/**
 * Reads `scaling.*` from app-config. Invalid thresholds throw an error naming the key, which
 * fails the plugin's startup: a wrong threshold must not silently give wrong advice.
 */
export function readScalingConfig(config: Config): ScalingConfig {
  const section = config.getOptional<ThresholdsConfig>('scaling') ?? {};
  return {
    thresholds: resolveThresholds({
      thresholds: section.thresholds,
      kubernetesGate: section.kubernetesGate,
    }),
  };
}
