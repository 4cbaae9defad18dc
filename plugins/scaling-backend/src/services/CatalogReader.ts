import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { TtlCache } from './TtlCache';
import {
  CatalogContext,
  MigrationTemplate,
  SCALING_ANNOTATIONS,
  isTierId,
  parseBoolean,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** The fields of an entity the rules read; everything else stays in the catalog. */
export const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
  'spec.type',
  'spec.dependsOn',
  'relations',
];

const TEMPLATE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
];

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

  return {
    serviceCount: links.system
      ? (serviceCountBySystem.get(links.system.toLowerCase()) ?? null)
      : null,
    teamK8sExpertise: parsedExpertise?.ok ? parsedExpertise.value : null,
    databases,
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
 * `scaling.io/template-purpose: annotate`, as the rules describe them.
 */
export function migrationTemplatesOf(entities: Entity[]): MigrationTemplate[] {
  const templates: MigrationTemplate[] = [];
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const title = entity.metadata.title ?? entity.metadata.name;
    const entityRef = stringifyEntityRef(entity);
    if (
      annotations[SCALING_ANNOTATIONS.templatePurpose]?.trim() === 'annotate'
    ) {
      templates.push({
        entityRef,
        title,
        purpose: 'annotate',
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

/** How long related entities, System sizes and templates are reused, per caller. */
export const RELATED_CACHE_TTL_MS = 30_000;

/** Cache keys include the caller, so that one user never sees what only another may see. */
function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${principal.userEntityRef ?? principal.subject ?? ''}`;
}

/**
 * Every catalog read of the plugin, with the caller's credentials so that the catalog's
 * permission policy decides what each user sees. A catalog failure becomes a 503 naming the
 * catalog, logged once with its cause.
 *
 * The entities being assessed are always read fresh. What they point to (owner Groups,
 * databases, System sizes) and the templates change rarely and are shared by many entities,
 * so they are reused per caller for {@link RELATED_CACHE_TTL_MS}.
 */
export class CatalogReader {
  // Related entities are kept as the few facts the rules read (a few hundred bytes each), so
  // that a scan of 100,000 Components keeps all their owners and databases — about a fifth as
  // many entities — instead of fetching them again page after page.
  private readonly related = new TtlCache<Entity | null>(
    RELATED_CACHE_TTL_MS,
    200_000,
  );
  private readonly systemSizeCache = new TtlCache<number>(RELATED_CACHE_TTL_MS);
  private readonly templates = new TtlCache<MigrationTemplate[]>(
    RELATED_CACHE_TTL_MS,
  );
  private readonly visible = new TtlCache<Set<string>>(
    RELATED_CACHE_TTL_MS,
    100,
  );

  private readonly entityFields: string[];

  /**
   * @param extraFields - entity fields read beyond {@link ENTITY_FIELDS}: those the org
   *   policy's filters name (`spec.lifecycle`, `metadata.tags`…)
   */
  constructor(
    private readonly catalog: CatalogService,
    private readonly logger: LoggerService,
    extraFields: readonly string[] = [],
  ) {
    this.entityFields = [...new Set([...ENTITY_FIELDS, ...extraFields])];
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      this.logger.warn(`catalog request failed: ${what}`, {
        cause: stringifyError(error),
      });
      throw new ServiceUnavailableError(
        `The catalog is unavailable (${what}): ${
          (error as Error)?.message ?? String(error)
        }`,
      );
    }
  }

  async getEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return this.call('get entity', () =>
      this.catalog.getEntityByRef(ref, { credentials }),
    );
  }

  /** Related entities by ref, in one request whatever their number. */
  async getRelated(
    refs: Iterable<string>,
    credentials: BackstageCredentials,
  ): Promise<Map<string, Entity>> {
    const caller = callerKey(credentials);
    const related = new Map<string, Entity>();
    const missing: string[] = [];
    for (const ref of new Set(refs)) {
      const cached = this.related.get(`${caller}\0${ref}`);
      if (cached === undefined) missing.push(ref);
      else if (cached !== null) related.set(ref, cached);
    }
    if (missing.length === 0) return related;
    const { items } = await this.call('get related entities', () =>
      this.catalog.getEntitiesByRefs(
        {
          entityRefs: missing,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
            'spec.type',
          ],
        },
        { credentials },
      ),
    );
    items.forEach((entity, i) => {
      const facts = entity ? relatedFactsOf(entity) : null;
      this.related.set(`${caller}\0${missing[i]}`, facts);
      if (facts) related.set(missing[i], facts);
    });
    return related;
  }

  /** How many Components belong to a System (one request). */
  async countSystemComponents(
    systemRef: string,
    credentials: BackstageCredentials,
  ): Promise<number> {
    const key = `${callerKey(credentials)}\0${systemRef}`;
    const cached = this.systemSizeCache.get(key);
    if (cached !== undefined) return cached;
    const response = await this.call('count system components', () =>
      this.catalog.queryEntities(
        {
          filter: {
            kind: 'Component',
            [`relations.${RELATION_PART_OF}`]: systemRef,
          },
          fields: ['metadata.name'],
          limit: 1,
        },
        { credentials },
      ),
    );
    this.systemSizeCache.set(key, response.totalItems);
    return response.totalItems;
  }

  /**
   * Components per System across the whole catalog, in one facet request; keyed by the
   * System's lower-cased ref.
   */
  async systemSizes(
    credentials: BackstageCredentials,
  ): Promise<Map<string, number>> {
    const facet = `relations.${RELATION_PART_OF.toLowerCase()}`;
    const { facets } = await this.call('count components per system', () =>
      this.catalog.getEntityFacets(
        { facets: [facet], filter: { kind: 'Component' } },
        { credentials },
      ),
    );
    const sizes = new Map<string, number>();
    for (const { value, count } of facets[facet] ?? []) {
      if (value.toLowerCase().startsWith('system:')) {
        sizes.set(value.toLowerCase(), count);
      }
    }
    return sizes;
  }

  /** The migration templates the caller can see (one request). */
  async getMigrationTemplates(
    credentials: BackstageCredentials,
  ): Promise<MigrationTemplate[]> {
    const key = callerKey(credentials);
    const cached = this.templates.get(key);
    if (cached) return cached;
    const { items } = await this.call('list migration templates', () =>
      this.catalog.getEntities(
        {
          filter: [
            {
              kind: 'Template',
              [`metadata.annotations.${SCALING_ANNOTATIONS.migrationTarget}`]:
                CATALOG_FILTER_EXISTS,
            },
            {
              kind: 'Template',
              [`metadata.annotations.${SCALING_ANNOTATIONS.templatePurpose}`]:
                'annotate',
            },
          ],
          fields: TEMPLATE_FIELDS,
        },
        { credentials },
      ),
    );
    const templates = migrationTemplatesOf(items);
    this.templates.set(key, templates);
    return templates;
  }

  /**
   * The refs of the entities matching the filter that the caller may see, in one request,
   * reused for a short while per caller: what restricts the stored overview.
   */
  async visibleRefs(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const key = `${callerKey(credentials)}\0${JSON.stringify(filter)}`;
    const cached = this.visible.get(key);
    if (cached) return cached;
    const { items } = await this.call('list visible entities', () =>
      this.catalog.getEntities(
        { filter, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
        { credentials },
      ),
    );
    const refs = new Set(items.map(e => stringifyEntityRef(e)));
    this.visible.set(key, refs);
    return refs;
  }

  /** Every entity matching the filter, page by page with cursors. */
  async *pages(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
    pageSize = 500,
  ): AsyncGenerator<Entity[]> {
    let cursor: string | undefined;
    do {
      // Nothing here needs the total: the catalog skips counting the whole filter.
      const request = cursor
        ? { cursor, fields: this.entityFields, limit: pageSize }
        : {
            filter,
            fields: this.entityFields,
            limit: pageSize,
            totalItems: 'exclude' as const,
          };
      const page = await this.call('list entities', () =>
        this.catalog.queryEntities(request, { credentials }),
      );
      if (page.items.length > 0) yield page.items;
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
  }
}
