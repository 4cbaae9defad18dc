/*
 * What the evidence providers showed about a service, kept in the assessment whatever its
 * status: an over-provisioned service has no readiness target, and its signals show only the
 * values in force, yet a team looking at it wants to see what was read from its repository.
 */
import { Evidence } from './signals';
import { AssessmentEvidence, EvidenceItem, Signals } from './types';
import { SCALING_VALUE_KEYS, ScalingValueKey, SuppliedValues } from './values';

/** The signal or readiness fact each value key sets, as `readSignals` names them. */
function inForce(
  key: ScalingValueKey,
  signals: Signals,
  evidence: Evidence,
): { source?: string | null; evidence?: string } | undefined {
  if (key === 'k8sExpertise') return signals.teamK8sExpertise;
  if (key in evidence) return evidence[key as keyof Evidence];
  if (key in signals) return signals[key as keyof Signals];
  return undefined;
}

/**
 * Every value each evidence provider supplied, in the providers' order, each marked `used` when
 * it is the value in force (no annotation or earlier provider set the key), with the names of
 * the third-party services they saw beside it.
 */
export function evidenceOf(
  providers: ReadonlyArray<{
    values: SuppliedValues;
    thirdParty?: readonly string[];
  }>,
  signals: Signals,
  evidence: Evidence,
): AssessmentEvidence {
  const items: EvidenceItem[] = [];
  const thirdParty: string[] = [];
  for (const provider of providers) {
    for (const key of SCALING_VALUE_KEYS) {
      const supplied = provider.values[key];
      if (supplied === undefined || supplied === null) continue;
      const current = inForce(key, signals, evidence);
      const item: EvidenceItem = {
        key,
        value: supplied.value,
        source: supplied.source,
        evidence: supplied.evidence,
        used:
          current?.source === supplied.source &&
          current?.evidence === supplied.evidence,
      };
      if (supplied.file !== undefined) item.file = supplied.file;
      if (supplied.line !== undefined) item.line = supplied.line;
      items.push(item);
    }
    for (const name of provider.thirdParty ?? []) {
      if (!thirdParty.includes(name)) thirdParty.push(name);
    }
  }
  return { items, thirdParty };
}
