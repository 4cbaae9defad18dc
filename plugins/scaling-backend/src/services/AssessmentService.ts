import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  Assessment,
  EvidenceInput,
  MetricsInput,
  MigrationTemplate,
  OrgPolicy,
  PolicyEntity,
  ScalingThresholds,
  SimulateRequest,
  assess,
  orgDefaultsFor,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { EvidenceCollector } from '../providers/EvidenceCollector';
import { MetricsCollector } from '../providers/MetricsCollector';
import { toProviderEntity } from '../providers/providerEntity';
import {
  EntityLinks,
  contextOf,
  linksOf,
  relatedRefsOf,
} from '../facts/entityFacts';
import { repositoryOf } from '../facts/repositoryOf';
import { CatalogReader } from './CatalogReader';

/** An assessment together with the catalog facts the overview filters on. */
export interface AssessedEntity {
  entity: Entity;
  links: EntityLinks;
  assessment: Assessment;
}

/** What the rules read beyond the entity: the numbers and the org policy in force. */
export interface RulesConfig {
  /** The app's SCM integrations: where an entity's repository is, for the templates. */
  integrations: ScmIntegrationRegistry;
  thresholds: ScalingThresholds;
  /** `scaling.defaults`. */
  policy: OrgPolicy;
  /** `scaling.deployableTypes`. */
  deployableTypes: readonly string[];
}

/** What the providers and the catalog said about a batch of entities, read in bulk. */
export interface GatheredFacts {
  links: EntityLinks[];
  related: ReadonlyMap<string, Entity>;
  /** Metrics keyed by entity ref. */
  metrics: ReadonlyMap<string, MetricsInput>;
  /** Each evidence provider's answer, keyed by entity ref. */
  evidence: ReadonlyMap<string, EvidenceInput[]>;
}

/** Everything one assessment needs, already read from the catalog and the providers. */
export interface AssessmentContext {
  entity: Entity;
  links: EntityLinks;
  related: ReadonlyMap<string, Entity>;
  /** Components per System, keyed by the System's lower-cased ref. */
  serviceCounts: ReadonlyMap<string, number>;
  /** Each owner's services on Kubernetes (the last scan's), keyed by lower-cased owner ref. */
  kubernetesByOwner?: ReadonlyMap<string, number>;
  templates: readonly MigrationTemplate[];
  metrics: ReadonlyMap<string, MetricsInput>;
  evidence: ReadonlyMap<string, EvidenceInput[]>;
  rules: RulesConfig;
  assessedAt?: string;
}

/** The files the evidence providers named, each once. */
function filesOf(evidence: readonly EvidenceInput[]): string[] {
  const files = new Set<string>();
  for (const provider of evidence)
    for (const supplied of Object.values(provider.values))
      if (supplied?.file) files.add(supplied.file);
  return [...files];
}

/** Calls the rules with what the catalog and the providers said about one entity. */
export function assessWithContext(c: AssessmentContext): Assessment {
  const annotations = c.entity.metadata.annotations ?? {};
  const entityRef = stringifyEntityRef(c.entity);
  const type = (c.entity.spec as { type?: unknown } | undefined)?.type;
  const evidence = c.evidence.get(entityRef);
  return assess({
    annotations,
    entity: {
      entityRef,
      name: c.entity.metadata.name,
      kind: c.entity.kind,
      type: typeof type === 'string' ? type : null,
      owner: c.links.owner,
      system: c.links.system,
      repository:
        repositoryOf(
          annotations,
          c.rules.integrations,
          filesOf(evidence ?? []),
        ) ?? null,
    },
    context: contextOf(
      c.links,
      c.related,
      c.serviceCounts,
      c.kubernetesByOwner,
    ),
    metrics: c.metrics.get(entityRef),
    evidence,
    defaults:
      c.rules.policy.length > 0
        ? orgDefaultsFor(c.rules.policy, c.entity as PolicyEntity)
        : undefined,
    deployableTypes: c.rules.deployableTypes,
    templates: c.templates,
    thresholds: c.rules.thresholds,
    assessedAt: c.assessedAt,
  });
}

/**
 * Gathers entities' signals from the catalog and the metrics and evidence providers, and asks
 * the rules in scaling-common for their assessments. Holds no rule of its own.
 */
export class AssessmentService {
  constructor(
    private readonly catalog: CatalogReader,
    private readonly metrics: MetricsCollector,
    private readonly evidence: EvidenceCollector,
    private readonly rules: RulesConfig,
    /** Each owner's services on Kubernetes, from the last scan (the store). */
    private readonly kubernetesOwners: () => Promise<
      ReadonlyMap<string, number>
    > = async () => new Map(),
  ) {}

  private ownersCache?: {
    at: number;
    value: Promise<ReadonlyMap<string, number>>;
  };

  /**
   * Each owner's services on Kubernetes, for criterion `team-expertise`: read from the store at
   * most once a minute for live assessments (it changes with scans), afresh for a scan (`fresh`),
   * and never failing an assessment.
   */
  kubernetesByOwner(fresh = false): Promise<ReadonlyMap<string, number>> {
    const now = Date.now();
    if (fresh || !this.ownersCache || now - this.ownersCache.at > 60_000) {
      const value = this.kubernetesOwners().catch(
        () => new Map<string, number>(),
      );
      this.ownersCache = { at: now, value };
    }
    return this.ownersCache.value;
  }

  /**
   * What the rules need about a batch beyond the entities themselves, all at once: related
   * entities (owners and databases) in one catalog request, and the metrics and evidence
   * providers asked once for the whole batch, in parallel.
   */
  async gather(
    entities: readonly Entity[],
    credentials: BackstageCredentials,
  ): Promise<GatheredFacts> {
    const links = entities.map(linksOf);
    const providerEntities = entities.map(toProviderEntity);
    const [related, metrics, evidence] = await Promise.all([
      this.catalog.getRelated(links.flatMap(relatedRefsOf), credentials),
      this.metrics.collect(providerEntities),
      this.evidence.collect(providerEntities),
    ]);
    return { links, related, metrics, evidence };
  }

  /** Assesses a batch whose facts are gathered. */
  assessGathered(
    entities: readonly Entity[],
    facts: GatheredFacts,
    options: {
      serviceCounts: ReadonlyMap<string, number>;
      kubernetesByOwner?: ReadonlyMap<string, number>;
      templates: readonly MigrationTemplate[];
      assessedAt?: string;
    },
  ): AssessedEntity[] {
    return entities.map((entity, i) => ({
      entity,
      links: facts.links[i],
      assessment: assessWithContext({
        entity,
        links: facts.links[i],
        related: facts.related,
        metrics: facts.metrics,
        evidence: facts.evidence,
        rules: this.rules,
        ...options,
      }),
    }));
  }

  /**
   * One entity, in a fixed number of catalog requests, two rounds deep: the entity, with the
   * System sizes and the templates beside it (they do not depend on it); then its related
   * entities (owner and databases, batched) while the metrics and evidence providers are
   * asked. Once a caller's related entities, sizes and templates are cached, the entity is
   * the only catalog request.
   */
  async assessEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Assessment> {
    const context = Promise.all([
      this.catalog.systemSizes(credentials),
      this.catalog.getMigrationTemplates(credentials),
      this.kubernetesByOwner(),
    ]);
    // When the entity is missing, the answer is the 404, whatever became of the context.
    context.catch(() => {});
    const entity = await this.catalog.getEntity(ref, credentials);
    if (!entity) {
      throw new NotFoundError(`No entity ${stringifyEntityRef(ref)} found`);
    }
    const [facts, [serviceCounts, templates, kubernetesByOwner]] =
      await Promise.all([this.gather([entity], credentials), context]);
    return this.assessGathered([entity], facts, {
      serviceCounts,
      templates,
      kubernetesByOwner,
    })[0].assessment;
  }

  /**
   * Every entity of a kind that the caller may see, assessed in bulk: one paged listing, then
   * the batch's facts gathered once, and the System sizes and templates read once.
   */
  async assessAll(
    kind: string,
    credentials: BackstageCredentials,
  ): Promise<AssessedEntity[]> {
    const entities: Entity[] = [];
    for await (const page of this.catalog.pages({ kind }, credentials)) {
      entities.push(...page);
    }
    const [facts, serviceCounts, templates, kubernetesByOwner] =
      await Promise.all([
        this.gather(entities, credentials),
        this.catalog.systemSizes(credentials),
        this.catalog.getMigrationTemplates(credentials),
        this.kubernetesByOwner(),
      ]);
    return this.assessGathered(entities, facts, {
      serviceCounts,
      templates,
      kubernetesByOwner,
    });
  }

  /** A what-if: the rules over the given annotations and context, with no entity. */
  simulate(request: SimulateRequest): Assessment {
    return assess({
      annotations: request.annotations,
      context: request.context,
      thresholds: this.rules.thresholds,
    });
  }
}
