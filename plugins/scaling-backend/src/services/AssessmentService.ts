import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  Assessment,
  MetricsInput,
  MigrationTemplate,
  ScalingThresholds,
  SimulateRequest,
  assess,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { MetricsCollector, toMetricsEntity } from '../metrics/MetricsCollector';
import {
  CatalogReader,
  EntityLinks,
  contextOf,
  linksOf,
  relatedRefsOf,
} from './CatalogReader';

/** An assessment together with the catalog facts the overview filters on. */
export interface AssessedEntity {
  entity: Entity;
  links: EntityLinks;
  assessment: Assessment;
}

/** Everything one assessment needs, already read from the catalog and the providers. */
export interface AssessmentContext {
  entity: Entity;
  links: EntityLinks;
  related: ReadonlyMap<string, Entity>;
  /** Components per System, keyed by the System's lower-cased ref. */
  serviceCounts: ReadonlyMap<string, number>;
  templates: readonly MigrationTemplate[];
  /** Metrics keyed by entity ref. */
  metrics: ReadonlyMap<string, MetricsInput>;
  thresholds: ScalingThresholds;
  assessedAt?: string;
}

/** Calls the rules with what the catalog and the providers said about one entity. */
export function assessWithContext(c: AssessmentContext): Assessment {
  const annotations = c.entity.metadata.annotations ?? {};
  const entityRef = stringifyEntityRef(c.entity);
  return assess({
    annotations,
    entity: {
      entityRef,
      name: c.entity.metadata.name,
      owner: c.links.owner,
      system: c.links.system,
      repoSlug: annotations['github.com/project-slug'] ?? null,
    },
    context: contextOf(c.links, c.related, c.serviceCounts),
    metrics: c.metrics.get(entityRef),
    templates: c.templates,
    thresholds: c.thresholds,
    assessedAt: c.assessedAt,
  });
}

/**
 * Gathers an entity's signals from the catalog and asks the rules in scaling-common for the
 * assessment. Holds no rule of its own.
 */
export class AssessmentService {
  constructor(
    private readonly catalog: CatalogReader,
    private readonly metrics: MetricsCollector,
    private readonly thresholds: ScalingThresholds,
  ) {}

  /**
   * One entity, in a fixed number of catalog requests: the entity, then in parallel its
   * related entities (owner and databases, batched), its System's size, and the templates;
   * the metrics providers are asked at the same time.
   */
  async assessEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Assessment> {
    const entity = await this.catalog.getEntity(ref, credentials);
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(ref)} found`);
    }
    const links = linksOf(entity);
    const [related, serviceCount, templates, metrics] = await Promise.all([
      this.catalog.getRelated(relatedRefsOf(links), credentials),
      links.system
        ? this.catalog.countSystemComponents(links.system, credentials)
        : Promise.resolve(undefined),
      this.catalog.getMigrationTemplates(credentials),
      this.metrics.collect([toMetricsEntity(entity)]),
    ]);
    const serviceCounts = new Map<string, number>();
    if (links.system && serviceCount !== undefined) {
      serviceCounts.set(links.system.toLowerCase(), serviceCount);
    }
    return assessWithContext({
      entity,
      links,
      related,
      serviceCounts,
      templates,
      metrics,
      thresholds: this.thresholds,
    });
  }

  /**
   * Every entity of a kind that the caller may see, assessed in bulk: one paged listing, one
   * batched read of related entities, one read of the templates. System sizes are counted
   * from the listing itself when it lists Components.
   */
  async assessAll(
    kind: string,
    credentials: BackstageCredentials,
  ): Promise<AssessedEntity[]> {
    const entities: Entity[] = [];
    for await (const page of this.catalog.pages({ kind }, credentials)) {
      entities.push(...page);
    }
    const links = entities.map(linksOf);
    const serviceCounts = new Map<string, number>();
    if (kind.toLowerCase() === 'component') {
      for (const l of links) {
        const key = l.system?.toLowerCase();
        if (key) serviceCounts.set(key, (serviceCounts.get(key) ?? 0) + 1);
      }
    }
    const [related, templates, metrics] = await Promise.all([
      this.catalog.getRelated(links.flatMap(relatedRefsOf), credentials),
      this.catalog.getMigrationTemplates(credentials),
      this.metrics.collect(entities.map(toMetricsEntity)),
    ]);
    return entities.map((entity, i) => ({
      entity,
      links: links[i],
      assessment: assessWithContext({
        entity,
        links: links[i],
        related,
        serviceCounts,
        templates,
        metrics,
        thresholds: this.thresholds,
      }),
    }));
  }

  /** A what-if: the rules over the given annotations and context, with no entity. */
  simulate(request: SimulateRequest): Assessment {
    return assess({
      annotations: request.annotations,
      context: request.context,
      thresholds: this.thresholds,
    });
  }
}
