import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  Entity,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MigrationTemplate,
  SCALING_ANNOTATIONS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { migrationTemplatesOf, relatedFactsOf } from '../facts/entityFacts';
import { TtlCache } from '../lib/TtlCache';
import { callerKey } from '../lib/callerKey';

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

/** How long related entities, System sizes and templates are reused, per caller. */
export const RELATED_CACHE_TTL_MS = 30_000;

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
  private readonly systemSizeCache = new TtlCache<ReadonlyMap<string, number>>(
    RELATED_CACHE_TTL_MS,
    100,
  );
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

  /**
   * Components per System across the catalog, as the caller sees it, in one facet request;
   * keyed by the System's lower-cased ref. The one count of a System's size, for a single
   * entity, a live overview and the scan alike.
   */
  async systemSizes(
    credentials: BackstageCredentials,
  ): Promise<ReadonlyMap<string, number>> {
    const key = callerKey(credentials);
    const cached = this.systemSizeCache.get(key);
    if (cached) return cached;
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
    this.systemSizeCache.set(key, sizes);
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
