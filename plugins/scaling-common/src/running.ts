/*
 * Declared against running (docs/rules.md #right-sizing): where the entity's annotation or a
 * repository says one thing and the live cluster another, a finding names both; and a
 * workload whose autoscaler sits at its maximum. The measured value is the one in force.
 */
import { SCALING_ANNOTATIONS } from './annotations';
import { isKubernetesPlatform } from './recommendation';
import { RightSizing } from './rightSizing';
import { Finding, Platform } from './types';
import {
  SCALING_VALUE_PARSERS,
  ScalingValueKey,
  SuppliedValue,
  SuppliedValues,
} from './values';

/** The values compared, and how two of them are told apart. */
const COMPARED: ReadonlyArray<{
  key: ScalingValueKey;
  label: string;
  differs(declared: unknown, running: unknown): boolean;
}> = [
  {
    key: 'platform',
    label: 'platform',
    // `kubernetes` and `eks` name the same thing at two levels of detail.
    differs: (declared, running) =>
      declared !== running &&
      !(
        isKubernetesPlatform(declared as Platform) &&
        isKubernetesPlatform(running as Platform)
      ),
  },
  {
    key: 'minReplicas',
    label: 'minimum replicas',
    differs: (a, b) => a !== b,
  },
  { key: 'autoscaling', label: 'autoscaler', differs: (a, b) => a !== b },
];

function describe(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'none';
  return String(value);
}

/** The declared value of a key: the entity's annotation, else the first provider's. */
function declaredValue(
  key: ScalingValueKey,
  annotations: Record<string, string>,
  supplied: readonly SuppliedValues[],
): { value: unknown; where: string } | undefined {
  const annotation = SCALING_ANNOTATIONS[key];
  const text = annotations[annotation];
  if (text !== undefined) {
    const parsed = SCALING_VALUE_PARSERS[key](text);
    if (parsed.ok) return { value: parsed.value, where: `${annotation}` };
  }
  for (const layer of supplied) {
    const value = layer[key] as SuppliedValue<unknown> | undefined;
    if (value !== undefined && value !== null)
      return { value: value.value, where: value.evidence };
  }
  return undefined;
}

/**
 * The findings of what runs: `declared-vs-running` for each value the cluster measured that an
 * annotation or a repository declares otherwise, `autoscaler-at-max` when the autoscaler has no
 * room left.
 *
 * @public
 */
export function runningFindings(
  measured: readonly SuppliedValues[],
  annotations: Record<string, string>,
  supplied: readonly SuppliedValues[],
  rightSizing: RightSizing | null,
): Finding[] {
  const findings: Finding[] = [];
  for (const { key, label, differs } of COMPARED) {
    const running = measured
      .map(layer => layer[key] as SuppliedValue<unknown> | undefined)
      .find(v => v !== undefined && v !== null);
    if (!running) continue;
    const declared = declaredValue(key, annotations, supplied);
    if (!declared || !differs(declared.value, running.value)) continue;
    findings.push({
      id: 'declared-vs-running',
      severity: 'warning',
      message: `Declared ${label} ${describe(declared.value)} (${declared.where}), but the cluster runs ${describe(running.value)} (${running.evidence}). The running value is used; correct the declaration or the deployment.`,
    });
  }
  const hpa = rightSizing?.autoscaler;
  if (hpa?.atMax) {
    const workload = hpa.workload;
    findings.push({
      id: 'autoscaler-at-max',
      severity: 'warning',
      message: `The autoscaler of ${workload} runs ${hpa.current} replicas, its maximum (${hpa.min}–${hpa.max}): it has no room for more load. Raise maxReplicas, or move up a tier if the cluster cannot grow.`,
    });
  }
  return findings;
}
