import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATIONS,
  hasScalingAnnotations,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/**
 * True when the Scaling Advisor has something to say about the entity: every Component (from
 * its repository, the org policy and metrics, even without annotations; an undeployed one such
 * as a library is told apart by the backend), and any entity carrying `scaling.io/` or
 * Backstage's Kubernetes annotations. Use it with `EntitySwitch`.
 *
 * @public
 */
export function isScalingAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations;
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' ||
    hasScalingAnnotations(annotations) ||
    KUBERNETES_ANNOTATIONS.some(key => Boolean(annotations?.[key]))
  );
}
