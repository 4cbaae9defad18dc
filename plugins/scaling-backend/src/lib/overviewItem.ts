import {
  OverviewItem,
  overviewItemOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { AssessedEntity } from '../services/AssessmentService';

/** The overview row of one assessed entity. */
export function toOverviewItem({
  entity,
  links,
  assessment,
}: AssessedEntity): OverviewItem {
  return overviewItemOf(assessment, {
    entityRef: assessment.entityRef!,
    name: entity.metadata.name,
    kind: entity.kind,
    owner: links.owner,
    system: links.system,
  });
}

/** Whether the overview lists the entity: every assessment but a `not-applicable` one. */
export function isListed(assessed: AssessedEntity): boolean {
  return assessed.assessment.status !== 'not-applicable';
}
