import { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATIONS,
  hasScalingAnnotations,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/**
 * True when the Scaling Advisor has something to say about the entity: it carries a
 * `scaling.io/` annotation, or Backstage's Kubernetes annotations (which tell its current tier).
 * Use it with `EntitySwitch`.
 *
 * @public
 */
export function isScalingAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations;
  return (
    hasScalingAnnotations(annotations) ||
    KUBERNETES_ANNOTATIONS.some(key => Boolean(annotations?.[key]))
  );
}
