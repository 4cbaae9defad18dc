import {
  ScalingValueKey,
  ScalingValues,
  normalizeScalingValue,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { Observation } from './types';

/** The observations of one file, as the recognizers add them. */
export class Observations {
  private readonly found: Observation[] = [];

  constructor(readonly path: string) {}

  add<K extends ScalingValueKey>(
    key: K,
    value: ScalingValues[K],
    reason: string,
  ): void {
    // The union type cannot be narrowed from a generic key; the fields are of key K.
    this.found.push({ key, value, path: this.path, reason } as Observation);
  }

  /**
   * One observation per key and value (a manifest of three Deployments says `kubernetes` once,
   * with the first reason), keeping only values their annotation would parse to unchanged.
   */
  list(): Observation[] {
    const seen = new Set<string>();
    return this.found.filter(observation => {
      const id = `${observation.key}\u0000${JSON.stringify(observation.value)}`;
      if (seen.has(id) || !isValidObservation(observation)) return false;
      seen.add(id);
      return true;
    });
  }
}

/**
 * Whether an observation's value is exactly what its annotation would parse to: values come
 * from hostile text (a health path, an SLO target), so each one is checked once more.
 */
export function isValidObservation(observation: Observation): boolean {
  const normalized = normalizeScalingValue(observation.key, observation.value);
  return (
    normalized !== undefined &&
    JSON.stringify(normalized) === JSON.stringify(observation.value)
  );
}
