import {
  Assessment,
  KUBERNETES_CRITERIA_LABELS,
  KubernetesCriterion,
  READINESS_ITEMS,
  ReadinessItem,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/**
 * How a snapshot stores its assessment: the assessment JSON without the rules' fixed texts —
 * the label of each Kubernetes criterion and the label and how-to of each readiness item,
 * which are the same for every entity and make up 40–50% of the JSON. Every value
 * an entity's assessment carries (evidence, results, findings, templates…) is kept.
 */
type StoredAssessmentJson = Omit<
  Assessment,
  'kubernetesCriteria' | 'readiness'
> & {
  kubernetesCriteria: Omit<Assessment['kubernetesCriteria'], 'items'> & {
    items: Omit<KubernetesCriterion, 'label'>[];
  };
  readiness: Omit<Assessment['readiness'], 'items'> & {
    items: Omit<ReadinessItem, 'label' | 'howTo'>[];
  };
};

/** The JSON text a snapshot stores for an assessment. */
export function serializeAssessment(assessment: Assessment): string {
  const { kubernetesCriteria, readiness } = assessment;
  const stored: StoredAssessmentJson = {
    ...assessment,
    kubernetesCriteria: {
      ...kubernetesCriteria,
      items: kubernetesCriteria.items.map(({ id, met, evidence }) => ({
        id,
        met,
        evidence,
      })),
    },
    readiness: {
      ...readiness,
      items: readiness.items.map(({ id, passed, applicable, evidence }) => ({
        id,
        passed,
        applicable,
        evidence,
      })),
    },
  };
  return JSON.stringify(stored);
}

/** The assessment back from a snapshot's JSON, with the rules' current fixed texts. */
export function deserializeAssessment(json: string): Assessment {
  const stored = JSON.parse(json) as StoredAssessmentJson;
  return {
    ...stored,
    kubernetesCriteria: {
      ...stored.kubernetesCriteria,
      items: stored.kubernetesCriteria.items.map(({ id, met, evidence }) => ({
        id,
        label: KUBERNETES_CRITERIA_LABELS[id],
        met,
        evidence,
      })),
    },
    readiness: {
      ...stored.readiness,
      items: stored.readiness.items.map(
        ({ id, passed, applicable, evidence }) => ({
          id,
          label: READINESS_ITEMS[id].label,
          passed,
          applicable,
          evidence,
          howTo: READINESS_ITEMS[id].howTo,
        }),
      ),
    },
  };
}
