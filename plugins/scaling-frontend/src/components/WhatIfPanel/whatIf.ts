import {
  Assessment,
  DeploymentStrategy,
  SCALING_ANNOTATIONS as A,
  SimulateRequest,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { formatNumber, tierName } from '../../lib/labels';

/** The what-if form's values; empty strings leave a signal unknown. */
export interface WhatIfValues {
  activeUsers: string;
  uptimeSla: string;
  monthlyBudgetUsd: string;
  multiRegionRequired: boolean;
  teamK8sExpertise: boolean;
  deploymentStrategy: DeploymentStrategy | '';
  serviceMesh: boolean;
  serviceCount: string;
}

const text = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);

/** The form starts from where the entity's assessment is. */
export function initialWhatIfValues(assessment: Assessment): WhatIfValues {
  const s = assessment.signals;
  return {
    activeUsers: text(s.activeUsers.value),
    uptimeSla: text(s.uptimeSla.value),
    monthlyBudgetUsd: text(s.monthlyBudgetUsd.value),
    multiRegionRequired: s.multiRegionRequired.value === true,
    teamK8sExpertise: s.teamK8sExpertise.value === true,
    deploymentStrategy: s.deploymentStrategy.value ?? '',
    serviceMesh: s.serviceMesh.value === true,
    serviceCount: text(s.serviceCount.value),
  };
}

/**
 * The `POST /simulate` body: the entity's own annotations with the form's values over them.
 * Database dependencies are not annotations, so they are carried over from the assessment's
 * `managed-database` readiness item.
 */
export function simulateRequest(
  annotations: Record<string, string> | undefined,
  values: WhatIfValues,
  assessment?: Assessment,
): SimulateRequest {
  const merged: Record<string, string> = { ...(annotations ?? {}) };
  const set = (key: string, value: string) => {
    if (value.trim() === '') {
      delete merged[key];
    } else {
      merged[key] = value.trim();
    }
  };
  set(A.activeUsers, values.activeUsers);
  set(A.uptimeSla, values.uptimeSla);
  set(A.monthlyBudgetUsd, values.monthlyBudgetUsd);
  set(A.multiRegionRequired, String(values.multiRegionRequired));
  set(A.k8sExpertise, String(values.teamK8sExpertise));
  set(A.deploymentStrategy, values.deploymentStrategy);
  set(A.serviceMesh, String(values.serviceMesh));
  set(A.serviceCount, values.serviceCount);

  const request: SimulateRequest = { annotations: merged };
  const database = assessment?.readiness.items.find(
    i => i.id === 'managed-database',
  );
  if (database) {
    request.context = {
      databases: database.applicable ? [{ managed: database.passed }] : [],
    };
  }
  return request;
}

/**
 * "At 12,000 users with a 99.9% SLA you would need Kubernetes, and you meet 2 of 7 criteria
 * (3 required), so the recommendation would be Managed Cloud."
 */
export function whatIfSentence(result: Assessment): string {
  const users = result.signals.activeUsers.value;
  const sla = result.signals.uptimeSla.value;
  const at = [
    users !== null ? `${formatNumber(users)} users` : undefined,
    sla !== null ? `a ${sla}% SLA` : undefined,
  ].filter(Boolean);
  if (result.recommendedTier === null) {
    return 'Without active users or an uptime SLA no tier can be recommended.';
  }
  const constrained = result.findings.some(
    f => f.id === 'kubernetes-gate-not-met' || f.id === 'budget-constrained',
  );
  // The demand before the gate and the budget, as the backend computed it with the thresholds
  // in force (docs/rules.md#demand): never recomputed here, where app-config is not known.
  const need = constrained
    ? (result.demand.tier ?? result.recommendedTier)
    : result.recommendedTier;
  const gate = result.kubernetesCriteria;
  const prefix = at.length ? `At ${at.join(' with ')}` : 'With these values';
  let sentence = `${prefix} you would need ${tierName(need)}, and you meet ${gate.met} of ${
    gate.items.length
  } criteria (${gate.required} required)`;
  if (need !== result.recommendedTier) {
    sentence += `, so the recommendation would be ${tierName(result.recommendedTier)}`;
  }
  return `${sentence}.`;
}
