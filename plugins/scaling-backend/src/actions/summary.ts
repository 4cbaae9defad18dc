import {
  Assessment,
  Finding,
  FindingSeverity,
  OverviewItem,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** How many findings an action answer carries, most severe first. */
export const TOP_FINDINGS = 5;

const SEVERITY_RANK: Record<FindingSeverity, number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

/** The `limit` most severe findings; findings of equal severity keep the rules' order. */
export function topFindings(
  findings: Finding[],
  limit = TOP_FINDINGS,
): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        a.index - b.index,
    )
    .slice(0, limit)
    .map(({ finding: { id, severity, message } }) => ({
      id,
      severity,
      message,
    }));
}

/** What an agent needs of an assessment: the tiers, the status, the readiness and what to fix. */
export function summarizeAssessment(assessment: Assessment) {
  const { readiness, kubernetesCriteria } = assessment;
  return {
    currentTier: assessment.currentTier,
    currentPlatform: assessment.currentPlatform,
    recommendedTier: assessment.recommendedTier,
    status: assessment.status,
    readiness: {
      score: readiness.score,
      targetTier: readiness.targetTier,
      blockers: readiness.blockers.map(({ id, message }) => ({ id, message })),
    },
    kubernetesCriteria: {
      met: kubernetesCriteria.met,
      required: kubernetesCriteria.required,
    },
    practices: assessment.practices
      ? {
          tier: assessment.practices.tier,
          score: assessment.practices.score,
          failed: assessment.practices.items
            .filter(i => i.passed === false)
            .map(({ id, label, severity, evidence, howTo }) => ({
              id,
              label,
              severity,
              evidence,
              howTo,
            })),
          unknown: assessment.practices.unknown,
        }
      : null,
    findings: topFindings(assessment.findings),
    findingCount: assessment.findings.length,
    warnings: assessment.warnings.map(({ annotation, value, message }) => ({
      annotation,
      value,
      message,
    })),
    assessedAt: assessment.assessedAt,
  };
}

function summarizeItem(item: OverviewItem) {
  return {
    entityRef: item.entityRef,
    name: item.name,
    kind: item.kind,
    owner: item.owner,
    system: item.system,
    currentTier: item.currentTier,
    recommendedTier: item.recommendedTier,
    status: item.status,
    readinessScore: item.readinessScore,
    activeUsers: item.activeUsers,
    practicesScore: item.practicesScore ?? null,
    failingPractices: item.practices?.failed ?? [],
  };
}

/** One page of the overview without its totals and coverage. */
export function summarizeOverview(overview: OverviewResponse) {
  const { lastScan } = overview;
  return {
    items: overview.items.map(summarizeItem),
    totalCount: overview.totalCount,
    lastScan: lastScan
      ? {
          startedAt: lastScan.startedAt,
          finishedAt: lastScan.finishedAt,
          stale: lastScan.stale,
        }
      : null,
  };
}
