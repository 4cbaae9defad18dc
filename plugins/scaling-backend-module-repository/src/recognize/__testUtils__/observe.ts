/*
 * `recognizeFile` for tests, checking on every call what all its output must satisfy: each value
 * is the one its annotation would parse to, and each observation names the file read.
 */
import {
  ScalingValueKey,
  normalizeScalingValue,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { recognizeFile } from '../recognize';
import { Observation } from '../types';

export function observe(path: string, text: string): Observation[] {
  const { observations } = recognizeFile({ path, text });
  for (const observation of observations) {
    expect(normalizeScalingValue(observation.key, observation.value)).toEqual(
      observation.value,
    );
    expect(observation.path).toBe(path);
  }
  return observations;
}

/**
 * The values a file shows, by key, each value once however many units it is about:
 * `{ platform: ['kubernetes'], port: [5000] }`.
 */
export function facts(
  path: string,
  text: string,
): Partial<Record<ScalingValueKey, unknown[]>> {
  const found: Partial<Record<ScalingValueKey, unknown[]>> = {};
  for (const { key, value } of observe(path, text)) {
    const values = (found[key] ??= []);
    if (!values.some(v => JSON.stringify(v) === JSON.stringify(value)))
      values.push(value);
  }
  return found;
}
