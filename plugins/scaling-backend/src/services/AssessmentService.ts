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
import { CatalogReader, EntityLinks, contextOf, linksOf } from './CatalogReader';

/** An assessment together with the catalog facts the overview filters on. */
export interface AssessedEntity {
  entity: Entity;
  links: EntityLinks;
  assessment: Assessment;
}

function assessWith(
  entity: Entity,
  links: EntityLinks,
  related: ReadonlyMap<string, Entity>,
  serviceCounts: ReadonlyMap<string, number>,
  templates: readonly MigrationTemplate[],
  metrics: MetricsInput | undefined,
  thresholds: ScalingThresholds,
): Assessment {
  const annotations = entity.metadata.annotations ?? {};
  return assess({
    annotations,
    entity: {
      entityRef: stringifyEntityRef(entity),
      name: entity.metadata.name,
      owner: links.owner,
      system: links.system,
      repoSlug: annotations['github.com/project-slug'] ?? null,
    },
    context: contextOf(links, related, serviceCounts),
    metrics,
    templates,
    thresholds,
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
      this.catalog.getRelated(
        [...(links.owner ? [links.owner] : []), ...links.dependsOn],
        credentials,
      ),
      links.system
        ? this.catalog.countSystemComponents(links.system, credentials)
        : Promise.resolve(undefined),
      this.catalog.getMigrationTemplates(credentials),
      this.metrics.collect([toMetricsEntity(entity)]),
    ]);
    const serviceCounts = new Map<string, number>();
    if (links.system && serviceCount !== undefined) {
      serviceCounts.set(links.system, serviceCount);
    }
    return assessWith(
      entity,
      links,
      related,
      serviceCounts,
      templates,
      metrics.get(stringifyEntityRef(entity)),
      this.thresholds,
    );
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
        if (l.system) serviceCounts.set(l.system, (serviceCounts.get(l.system) ?? 0) + 1);
      }
    }
    const [related, templates, metrics] = await Promise.all([
      this.catalog.getRelated(
        links.flatMap(l => [...(l.owner ? [l.owner] : []), ...l.dependsOn]),
        credentials,
      ),
      this.catalog.getMigrationTemplates(credentials),
      this.metrics.collect(entities.map(toMetricsEntity)),
    ]);
    return entities.map((entity, i) => ({
      entity,
      links: links[i],
      assessment: assessWith(
        entity,
        links[i],
        related,
        serviceCounts,
        templates,
        metrics.get(stringifyEntityRef(entity)),
        this.thresholds,
      ),
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
