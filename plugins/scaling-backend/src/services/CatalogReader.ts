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
 * Whether a request failed because its kept-alive connection was closed as it went out (a
 * known race of HTTP keep-alive on Node.js), rather than because the catalog answered.
 */
function isConnectionReset(error: unknown): boolean {
  const { code, cause, message } = (error ?? {}) as {
    code?: string;
    cause?: { code?: string };
    message?: string;
  };
  const reason = code ?? cause?.code;
  return (
    reason === 'ECONNRESET' ||
    reason === 'EPIPE' ||
    /socket hang up/i.test(message ?? '')
  );
}

/** The filter's values for a key (catalog filter keys ignore case). */
function filterValues(
  filter: Record<string, string | string[]>,
  key: string,
): Array<string | string[]> {
  return Object.entries(filter)
    .filter(([k]) => k.toLowerCase() === key)
    .map(([, v]) => v);
}

/** The one value the filter allows for a key, or undefined when it allows several or any. */
function pinnedValue(
  filter: Record<string, string | string[]>,
  key: string,
): string | undefined {
  const values = filterValues(filter, key);
  if (values.length !== 1) return undefined;
  const [value] = values;
  if (typeof value === 'string') return value;
  return value.length === 1 ? value[0] : undefined;
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
  private readonly systemSizeCache = new TtlCache<ReadonlyMap<string, number>>(
    RELATED_CACHE_TTL_MS,
    100,
  );
  private readonly templates = new TtlCache<MigrationTemplate[]>(
    RELATED_CACHE_TTL_MS,
  );
  // The listing in flight or done, so that callers arriving together share one. A listing of
  // 100,000 refs takes about 8 MB: at most 25 callers' are kept (callers the permission policy
  // lets read everything need none; see ScanResultsService).
  private readonly visible = new TtlCache<Promise<Set<string>>>(
    RELATED_CACHE_TTL_MS,
    25,
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
      try {
        return await fn();
      } catch (error) {
        // Every request here only reads, so one the catalog's side reset is sent once more.
        if (!isConnectionReset(error)) throw error;
        return await fn();
      }
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
              [`metadata.annotations.${SCALING_ANNOTATIONS.templatePurpose}`]: [
                'annotate',
                'practices',
              ],
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
   * The refs of the entities matching the filter that the caller may see, reused for a short
   * while per caller: what restricts the stored overview.
   */
  async visibleRefs(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const key = `${callerKey(credentials)}\0${JSON.stringify(filter)}`;
    const cached = this.visible.get(key);
    if (cached) return cached;
    const refs = this.call(
      'list visible entities',
      async () =>
        (await this.namedRefs(filter, credentials)) ??
        this.listedRefs(filter, credentials),
    );
    this.visible.set(key, refs);
    // A failed listing is not kept: the next request lists again.
    refs.catch(() => {
      if (this.visible.get(key) === refs) this.visible.delete(key);
    });
    return refs;
  }

  /**
   * The refs from the catalog's facets, when the filter names one kind and no namespace, and
   * the caller sees a single namespace (else undefined): the names of the matching entities
   * in that namespace, counted from the catalog's search table under the caller's permission
   * conditions like any listing, without reading an entity. At 10,000 Components that takes
   * about half the time of the listing, which parses every entity's stored body to pick out
   * three fields.
   */
  private async namedRefs(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<Set<string> | undefined> {
    const kind = pinnedValue(filter, 'kind');
    if (!kind || filterValues(filter, 'metadata.namespace').length > 0) {
      return undefined;
    }
    // Over everything the caller sees: with no filter to evaluate, a cheap count.
    const { facets: spaces } = await this.catalog.getEntityFacets(
      { facets: ['metadata.namespace'] },
      { credentials },
    );
    const namespaces = spaces['metadata.namespace'] ?? [];
    if (namespaces.length === 0) return new Set();
    // Each namespace would cost a pass over the whole catalog: the listing is cheaper then.
    if (namespaces.length > 1) return undefined;
    const namespace = namespaces[0].value;
    // Restricted to the namespace by the catalog itself, so that each name is one entity there.
    const { facets } = await this.catalog.getEntityFacets(
      {
        facets: ['metadata.name'],
        filter: { ...filter, 'metadata.namespace': namespace },
      },
      { credentials },
    );
    const names = facets['metadata.name'] ?? [];
    // Names are unique within a kind and namespace; anything else is not a listing of refs.
    if (names.some(({ count }) => count !== 1)) return undefined;
    return new Set(
      names.map(({ value: name }) =>
        stringifyEntityRef({ kind, namespace, name }),
      ),
    );
  }

  /** The refs from a listing of the matching entities, reading only their refs' fields. */
  private async listedRefs(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const { items } = await this.catalog.getEntities(
      { filter, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
      { credentials },
    );
    return new Set(items.map(e => stringifyEntityRef(e)));
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
