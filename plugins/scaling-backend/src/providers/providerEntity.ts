import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ScalingProviderEntity } from '@scaling-advisor/backstage-plugin-scaling-node';

/** A catalog entity as the metrics and evidence providers are told about it. */
export function toProviderEntity(entity: Entity): ScalingProviderEntity {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    annotations: entity.metadata.annotations ?? {},
    ...(typeof type === 'string' ? { type } : {}),
  };
}
