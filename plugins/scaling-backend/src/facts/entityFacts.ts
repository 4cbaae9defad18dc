import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogContext,
  MigrationTemplate,
  SCALING_ANNOTATIONS,
  isTierId,
  parseBoolean,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/**
 * What the rules read of catalog entities, from the entities alone: no catalog request here
 * (the CatalogReader fetches, these functions map).
 */

/** The refs an entity points to, from its relations (or its spec before stitching). */
export interface EntityLinks {
  owner: string | null;
  system: string | null;
  dependsOn: string[];
}

function targets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

function specRef(
  value: unknown,
  defaultKind: string,
  namespace: string,
): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
    );
  } catch {
    return null;
  }
}

/** Who owns the entity, which System it is part of and what it depends on. */
export function linksOf(entity: Entity): EntityLinks {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const owner =
    targets(entity, RELATION_OWNED_BY)[0] ??
    specRef(spec.owner, 'group', namespace);
  const system =
    targets(entity, RELATION_PART_OF).find(ref => ref.startsWith('system:')) ??
    specRef(spec.system, 'system', namespace);
  let dependsOn = targets(entity, RELATION_DEPENDS_ON);
  if (dependsOn.length === 0 && Array.isArray(spec.dependsOn)) {
    dependsOn = spec.dependsOn
      .map(ref => specRef(ref, 'component', namespace))
      .filter((ref): ref is string => ref !== null);
  }
  return { owner, system, dependsOn };
}

/** The entities whose facts the rules need: the owner and what the entity depends on. */
export function relatedRefsOf(links: EntityLinks): string[] {
  return links.owner ? [links.owner, ...links.dependsOn] : links.dependsOn;
}

/**
 * Builds the rules' catalog context for an entity from already-fetched related entities:
 * the owner Group's Kubernetes expertise, the database Resources it depends on, and the
 * number of Components in its System.
 */
export function contextOf(
  links: EntityLinks,
  related: ReadonlyMap<string, Entity>,
  serviceCountBySystem: ReadonlyMap<string, number>,
  kubernetesByOwner?: ReadonlyMap<string, number>,
): CatalogContext {
  const owner = links.owner ? related.get(links.owner) : undefined;
  const expertise =
    owner?.metadata.annotations?.[SCALING_ANNOTATIONS.k8sExpertise];
  const parsedExpertise =
    expertise === undefined ? undefined : parseBoolean(expertise);

  const databases = links.dependsOn
    .map(ref => related.get(ref))
    .filter(
      (e): e is Entity =>
        e !== undefined &&
        e.kind.toLowerCase() === 'resource' &&
        (e.spec as { type?: unknown } | undefined)?.type === 'database',
    )
    .map(e => {
      const managed = e.metadata.annotations?.[SCALING_ANNOTATIONS.managed];
      const parsed = managed === undefined ? undefined : parseBoolean(managed);
      return {
        entityRef: stringifyEntityRef(e),
        managed: parsed?.ok ? parsed.value : null,
      };
    });

  const onKubernetes = links.owner
    ? kubernetesByOwner?.get(links.owner.toLowerCase())
    : undefined;
  return {
    serviceCount: links.system
      ? (serviceCountBySystem.get(links.system.toLowerCase()) ?? null)
      : null,
    teamK8sExpertise: parsedExpertise?.ok ? parsedExpertise.value : null,
    databases,
    ownerKubernetesServices:
      links.owner && onKubernetes
        ? {
            owner: parseEntityRef(links.owner).name,
            count: onKubernetes,
          }
        : null,
  };
}

/**
 * The parts of a related entity that {@link contextOf} reads: its kind and type, and the
 * annotations of Kubernetes expertise and of a managed database. What the cache keeps.
 */
export function relatedFactsOf(entity: Entity): Entity {
  const annotations = entity.metadata.annotations ?? {};
  const kept: Record<string, string> = {};
  for (const key of [
    SCALING_ANNOTATIONS.k8sExpertise,
    SCALING_ANNOTATIONS.managed,
  ]) {
    if (annotations[key] !== undefined) kept[key] = annotations[key];
  }
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      name: entity.metadata.name,
      namespace: entity.metadata.namespace,
      annotations: kept,
    },
    spec: { type: entity.spec?.type },
  };
}

/**
 * Template entities that carry `scaling.io/migration-target` (a migration), or
 * `scaling.io/template-purpose: annotate` or `practices`, as the rules describe them.
 */
export function migrationTemplatesOf(entities: Entity[]): MigrationTemplate[] {
  const templates: MigrationTemplate[] = [];
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const title = entity.metadata.title ?? entity.metadata.name;
    const entityRef = stringifyEntityRef(entity);
    const purpose = annotations[SCALING_ANNOTATIONS.templatePurpose]?.trim();
    if (purpose === 'annotate' || purpose === 'practices') {
      templates.push({
        entityRef,
        title,
        purpose,
        targetTier: null,
        platform: null,
      });
      continue;
    }
    const target = annotations[SCALING_ANNOTATIONS.migrationTarget]?.trim();
    if (!isTierId(target)) continue;
    templates.push({
      entityRef,
      title,
      purpose: 'migrate',
      targetTier: target,
      platform:
        annotations[SCALING_ANNOTATIONS.migrationPlatform]?.trim() || null,
    });
  }
  return templates;
}
