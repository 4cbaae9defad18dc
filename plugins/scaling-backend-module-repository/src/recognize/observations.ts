import {
  ScalingValueKey,
  ScalingValues,
  normalizeScalingValue,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  HelmValuesOverride,
  Link,
  LinkTarget,
  Observation,
  Unit,
} from './types';

/**
 * The facts of one file, as the recognizers add them: observations, and the deployment units
 * and attached objects they are about. Recognizers set `line` to the document they are reading.
 */
export class Observations {
  private readonly found: Observation[] = [];
  private readonly unitList: Unit[] = [];
  private readonly linkList: Link[] = [];
  private readonly overrides: HelmValuesOverride[] = [];
  /** The 1-based line of the document being read, when known. */
  line?: number;

  constructor(readonly path: string) {}

  add<K extends ScalingValueKey>(
    key: K,
    value: ScalingValues[K],
    reason: string,
    of?: readonly string[],
  ): void {
    const observation = { key, value, path: this.path, reason } as Observation;
    if (of && of.length > 0) observation.of = [...of];
    if (this.line !== undefined) observation.line = this.line;
    // The union type cannot be narrowed from a generic key; the fields are of key K.
    this.found.push(observation);
  }

  /** Registers a deployment unit; returns its id, for the observations about it. */
  unit(unit: Omit<Unit, 'id' | 'path' | 'line'>): string {
    const id = `${this.path}:${this.line ?? 0}#${unit.resource}/${unit.name}`;
    if (!this.unitList.some(u => u.id === id)) {
      this.unitList.push({
        ...unit,
        id,
        path: this.path,
        ...(this.line !== undefined ? { line: this.line } : {}),
      });
    }
    return id;
  }

  /** Registers an object attached to units; returns its id. */
  link(
    resource: string,
    targets: LinkTarget[],
    own: {
      name?: string;
      labels?: Record<string, string>;
      minReplicas?: number;
    } = {},
  ): string {
    const id = `${this.path}:${this.line ?? 0}#${resource}/${own.name ?? this.linkList.length}`;
    if (!this.linkList.some(l => l.id === id)) {
      this.linkList.push({
        id,
        path: this.path,
        ...(this.line !== undefined ? { line: this.line } : {}),
        resource,
        ...own,
        targets,
      });
    }
    return id;
  }

  /**
   * One observation per key, value and subject (a manifest of three Deployments says
   * `kubernetes` once per Deployment), keeping only values their annotation would parse to
   * unchanged.
   */
  list(): Observation[] {
    const seen = new Set<string>();
    return this.found.filter(observation => {
      const id = `${observation.key}\u0000${JSON.stringify(observation.value)}\u0000${(observation.of ?? []).join(',')}`;
      if (seen.has(id) || !isValidObservation(observation)) return false;
      seen.add(id);
      return true;
    });
  }

  /** Values a release in this file passes to a chart. */
  helmValues(override: Omit<HelmValuesOverride, 'path'>): void {
    this.overrides.push({ ...override, path: this.path });
  }

  helmValuesList(): HelmValuesOverride[] {
    return [...this.overrides];
  }

  units(): Unit[] {
    return [...this.unitList];
  }

  links(): Link[] {
    return [...this.linkList];
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
