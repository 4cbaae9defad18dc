import { TierId } from './tiers';
import { Platform, TemplateOffer } from './types';

/** A migration Template entity as the catalog describes it (DESIGN §8). @public */
export interface MigrationTemplate {
  entityRef: string;
  title: string;
  /** `scaling.io/migration-target` */
  targetTier: TierId;
  /** `scaling.io/migration-platform`, when the template is for one platform only. */
  platform: string | null;
}

/** What the form is pre-filled from. @public */
export interface EntityFacts {
  entityRef: string;
  name: string;
  owner: string | null;
  system: string | null;
  /** `owner/repo` from `github.com/project-slug`. */
  repoSlug: string | null;
  healthPath: string | null;
  port: number | null;
  currentPlatform: Platform | null;
}

/**
 * The seed's numbers, as the templates' form defaults: ECS min 2 / max 10 at 70% CPU;
 * Kubernetes 3–10 replicas with an HPA at 70% CPU and 80% memory.
 *
 * @public
 */
export const MIGRATION_DEFAULTS = {
  port: 8080,
  healthPath: '/health',
  'managed-cloud': { minReplicas: 2, maxReplicas: 10, cpuTarget: 70 },
  kubernetes: {
    minReplicas: 3,
    maxReplicas: 10,
    cpuTarget: 70,
    memoryTarget: 80,
  },
} as const;

/** Staying with the same cloud is the shortest path between tiers. */
const SAME_CLOUD: Partial<
  Record<Platform, { managed: string; kubernetes: string }>
> = {
  'ecs-fargate': { managed: 'ecs-fargate', kubernetes: 'eks' },
  eks: { managed: 'ecs-fargate', kubernetes: 'eks' },
  'azure-container-instances': {
    managed: 'azure-container-instances',
    kubernetes: 'aks',
  },
  aks: { managed: 'azure-container-instances', kubernetes: 'aks' },
  'cloud-run': { managed: 'cloud-run', kubernetes: 'gke' },
  gke: { managed: 'cloud-run', kubernetes: 'gke' },
};

function platformFor(
  template: MigrationTemplate,
  entity: EntityFacts,
): string | null {
  if (template.platform) return template.platform;
  const cloud = entity.currentPlatform
    ? SAME_CLOUD[entity.currentPlatform]
    : undefined;
  switch (template.targetTier) {
    case 'managed-cloud':
      return cloud?.managed ?? 'ecs-fargate';
    case 'kubernetes':
    case 'enterprise':
      return cloud?.kubernetes ?? 'eks';
    default:
      return null;
  }
}

/** `github.com?owner=o&repo=r`, the value format of the scaffolder's RepoUrlPicker. */
function repoUrl(slug: string | null): string | undefined {
  const match = slug ? /^([^/\s]+)\/([^/\s]+)$/.exec(slug.trim()) : null;
  return match
    ? `github.com?owner=${encodeURIComponent(match[1])}&repo=${encodeURIComponent(match[2])}`
    : undefined;
}

/** Replicas and autoscaling targets: none on a single VPS, the seed's elsewhere. */
function scalingDefaults(tier: TierId) {
  if (tier === 'single-vps') return {};
  return tier === 'managed-cloud'
    ? MIGRATION_DEFAULTS['managed-cloud']
    : MIGRATION_DEFAULTS.kubernetes;
}

/** The form values a migration template opens with for this entity. @public */
export function buildFormData(
  template: MigrationTemplate,
  entity: EntityFacts,
): Record<string, unknown> {
  const platform = platformFor(template, entity);
  const scaling = scalingDefaults(template.targetTier);
  const formData: Record<string, unknown> = {
    component: entity.entityRef,
    name: entity.name,
    owner: entity.owner ?? undefined,
    system: entity.system ?? undefined,
    repoUrl: repoUrl(entity.repoSlug),
    platform: platform ?? undefined,
    port: entity.port ?? MIGRATION_DEFAULTS.port,
    healthPath: entity.healthPath?.startsWith('/')
      ? entity.healthPath
      : MIGRATION_DEFAULTS.healthPath,
    ...scaling,
  };
  for (const key of Object.keys(formData)) {
    if (formData[key] === undefined) delete formData[key];
  }
  return formData;
}

/** The templates that move the entity to `targetTier`, each with its form pre-filled. @public */
export function offerTemplates(
  targetTier: TierId | null,
  templates: readonly MigrationTemplate[],
  entity: EntityFacts,
): TemplateOffer[] {
  if (targetTier === null) return [];
  return templates
    .filter(t => t.targetTier === targetTier)
    .map(t => ({
      entityRef: t.entityRef,
      title: t.title,
      targetTier: t.targetTier,
      platform: platformFor(t, entity),
      formData: buildFormData(t, entity),
    }));
}
