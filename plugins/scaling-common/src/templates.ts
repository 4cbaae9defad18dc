import { PracticeId, Practices } from './practices';
import { RightSizing } from './rightSizing';
import { TierId } from './tiers';
import {
  EvidenceItem,
  Platform,
  Signals,
  TemplateOffer,
  TemplatePurpose,
} from './types';
import { ScalingValueKey } from './values';

/** A Template entity as the catalog describes it (docs/rules.md #templates). @public */
export interface MigrationTemplate {
  entityRef: string;
  title: string;
  /** `migrate` unless `scaling.io/template-purpose` says `annotate` or `practices`. */
  purpose?: TemplatePurpose;
  /** `scaling.io/migration-target`; null for an `annotate` template. */
  targetTier: TierId | null;
  /** `scaling.io/migration-platform`, when the template is for one platform only. */
  platform: string | null;
}

/** The SCM host types whose pull-request actions the templates use. @public */
export type ScmType =
  'github' | 'gitlab' | 'bitbucketCloud' | 'bitbucketServer' | 'azure';

/**
 * Where an entity's code lives, as the backend found it from the catalog's annotations and the
 * app's SCM integrations.
 *
 * @public
 */
export interface EntityRepository {
  scm: ScmType;
  /** The scaffolder's RepoUrlPicker value: `github.com?owner=o&repo=r`, … */
  repoUrl: string;
  /** What `git clone` (and Argo CD) takes. */
  gitUrl: string;
  /** The entity's catalog-info.yaml: its URL, and its path in the repository. */
  catalogInfoUrl?: string;
  catalogInfoPath?: string;
  /**
   * The URL each file the evidence names can be fetched from (the repository's path → URL),
   * as the app's SCM integration resolves it: what the practices template fetches and edits.
   */
  fileUrls?: Record<string, string>;
}

/** What the form is pre-filled from. @public */
export interface EntityFacts {
  entityRef: string;
  name: string;
  owner: string | null;
  system: string | null;
  repository: EntityRepository | null;
  /** '' when a health check exists whose path is unknown. */
  healthPath: string | null;
  port: number | null;
  currentPlatform: Platform | null;
  /** The signals, for the annotate template: which values are missing or only supplied. */
  signals?: Signals;
  /** The practices of its current tier, for the practices template: which ones fail. */
  practices?: Practices | null;
  /** What the evidence providers showed, with files: which files show the failing ones. */
  evidence?: readonly EvidenceItem[];
  /** What the live cluster says of its sizing: the requests to right-size. */
  rightSizing?: RightSizing | null;
}

/**
 * The scaling guide's numbers, as the templates' form defaults: ECS min 2 / max 10 at 70% CPU;
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

/**
 * What the practices template writes, from the scaling guide's Kubernetes manifest example:
 * requests 250m/256Mi and limits 500m/512Mi; liveness after 30 s every 10 s, readiness after
 * 5 s every 5 s; a restricted securityContext (the Pod Security Standard); a disruption budget
 * that lets one pod go at a time.
 *
 * @public
 */
export const PRACTICE_FIX_DEFAULTS = {
  resources: {
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  livenessProbe: { initialDelaySeconds: 30, periodSeconds: 10 },
  readinessProbe: { initialDelaySeconds: 5, periodSeconds: 5 },
  podSecurityContext: {
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  },
  containerSecurityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  },
  maxUnavailable: 1,
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

/** Replicas and autoscaling targets: none on a single VPS, the scaling guide's elsewhere. */
function scalingDefaults(tier: TierId) {
  if (tier === 'single-vps') return {};
  return tier === 'managed-cloud'
    ? MIGRATION_DEFAULTS['managed-cloud']
    : MIGRATION_DEFAULTS.kubernetes;
}

function withoutUndefined(
  values: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  );
}

/** The repository's part of every form: where the change is opened, and how. */
function repositoryFields(entity: EntityFacts): Record<string, unknown> {
  const repository = entity.repository;
  return repository
    ? {
        repoUrl: repository.repoUrl,
        scm: repository.scm,
        gitUrl: repository.gitUrl,
      }
    : {};
}

/** The form values a migration template opens with for this entity. @public */
export function buildFormData(
  template: MigrationTemplate,
  entity: EntityFacts,
): Record<string, unknown> {
  const platform = platformFor(template, entity);
  return withoutUndefined({
    component: entity.entityRef,
    name: entity.name,
    owner: entity.owner ?? undefined,
    system: entity.system ?? undefined,
    ...repositoryFields(entity),
    platform: platform ?? undefined,
    port: entity.port ?? MIGRATION_DEFAULTS.port,
    // '' is a health check whose path is unknown: the form asks for it rather than guess.
    healthPath:
      entity.healthPath === '' || entity.healthPath?.startsWith('/')
        ? entity.healthPath
        : MIGRATION_DEFAULTS.healthPath,
    ...(template.targetTier ? scalingDefaults(template.targetTier) : {}),
  });
}

/**
 * The values the annotate template writes, its form fields named as the signals are
 * (templates/scaling-annotate): the four a recommendation needs most. Each is pre-filled with
 * what the assessment already knows from another source (the repository, the org policy,
 * metrics), so that the pull request records it on the entity.
 */
const ANNOTATE_FIELDS = [
  'platform',
  'activeUsers',
  'uptimeSla',
  'monthlyBudgetUsd',
] as const;

/** The signals the annotate template can write that the entity does not declare itself. @public */
export function undeclaredSignals(signals: Signals): string[] {
  return ANNOTATE_FIELDS.filter(
    field => signals[field].source !== 'annotation',
  );
}

/** The form values the annotate template opens with for this entity. @public */
export function buildAnnotateFormData(
  entity: EntityFacts,
): Record<string, unknown> {
  const known: Record<string, unknown> = {};
  for (const field of ANNOTATE_FIELDS) {
    const signal = entity.signals?.[field];
    if (signal && signal.value !== null && signal.source !== 'annotation') {
      known[field] = String(signal.value);
    }
  }
  return withoutUndefined({
    component: entity.entityRef,
    ...repositoryFields(entity),
    catalogInfoUrl: entity.repository?.catalogInfoUrl,
    catalogInfoPath: entity.repository?.catalogInfoPath,
    ...known,
  });
}

/**
 * The Kubernetes practices a pull request can fix in the service's own manifests
 * (templates/scaling-practices, the `scaling:manifests:apply-practices` action), each with the
 * value whose evidence names the file to fix.
 *
 * @public
 */
export const FIXABLE_PRACTICES: Readonly<
  Partial<Record<PracticeId, ScalingValueKey>>
> = {
  'disruption-budget': 'disruptionBudget',
  'requests-and-limits': 'resourceLimits',
  probes: 'probes',
  'pod-security': 'podSecurity',
  'network-policy': 'networkPolicy',
};

/** A manifest the practices template fetches and edits: its path and URL. @public */
export interface ManifestFile {
  path: string;
  url: string;
}

/** At most this many files in one pull request: the evidence names one per practice. */
const MAX_FIX_FILES = 10;

/** The evidence whose files declare a service's workloads, for right-sizing. */
const RIGHT_SIZE_FILES: readonly ScalingValueKey[] = [
  'resourceLimits',
  'platform',
];

/** New requests for one container, as the practices template writes them. @public */
export interface RightSizeRequest {
  /** The workload's name (`artist-lookup`). */
  workload: string;
  container: string;
  /** `70m` */
  cpu: string;
  /** `264Mi` */
  memory: string;
}

/** The containers right-sizing would change (over- or under-requested), as requests to write. */
function rightSizeRequests(
  rightSizing: RightSizing | null | undefined,
): RightSizeRequest[] {
  return (rightSizing?.containers ?? []).flatMap(c =>
    c.recommended &&
    (c.verdict === 'over-requested' ||
      c.verdict === 'no-requests' ||
      (c.verdict === 'under-requested' && !rightSizing!.autoscaler?.atMax))
      ? [
          {
            workload: c.workload.slice(c.workload.lastIndexOf('/') + 1),
            container: c.container,
            cpu: `${Math.round(c.recommended.cpuCores * 1000)}m`,
            memory: `${Math.ceil(c.recommended.memoryBytes / (1024 * 1024))}Mi`,
          },
        ]
      : [],
  );
}

/**
 * What the practices template would fix for this entity: the fixable practices that fail, and
 * the files (with their URLs) whose evidence shows them failing, a Helm chart's templates left
 * out. Empty when nothing fails or no plain manifest shows it.
 *
 * @public
 */
export function practicesToFix(entity: EntityFacts): {
  practices: PracticeId[];
  manifests: ManifestFile[];
  rightSize: RightSizeRequest[];
} {
  const failing = (entity.practices?.items ?? []).filter(
    item => item.passed === false && FIXABLE_PRACTICES[item.id] !== undefined,
  );
  const rightSize = rightSizeRequests(entity.rightSizing);
  const keys = new Set<ScalingValueKey>(
    failing.map(item => FIXABLE_PRACTICES[item.id]!),
  );
  // Right-sizing edits the workloads' own manifests: the files that declare them.
  if (rightSize.length > 0) RIGHT_SIZE_FILES.forEach(k => keys.add(k));
  const urls = entity.repository?.fileUrls ?? {};
  const evidence = entity.evidence ?? [];
  // A chart's templates are not plain YAML: the fix goes into its values, by hand.
  const charts = evidence
    .filter(i => i.key === 'helmChart' && i.value === true)
    .map(i => (i.file ?? '').replace(/Chart\.yaml$/, ''));
  const inChart = (path: string) =>
    charts.length > 0 &&
    (/(^|\/)templates\//.test(path) ||
      charts.some(dir => dir !== '' && path.startsWith(dir)));
  const manifests: ManifestFile[] = [];
  for (const item of evidence) {
    const url = item.file ? urls[item.file] : undefined;
    // A failing practice's file is the one in force; right-sizing's, any that declares the workload.
    const wanted =
      keys.has(item.key) &&
      (item.used ||
        (rightSize.length > 0 && RIGHT_SIZE_FILES.includes(item.key)));
    if (
      wanted &&
      url &&
      !inChart(item.file!) &&
      !manifests.some(m => m.path === item.file)
    ) {
      manifests.push({ path: item.file!, url });
    }
  }
  return manifests.length === 0
    ? { practices: [], manifests: [], rightSize: [] }
    : {
        practices: failing.map(item => item.id),
        manifests: manifests.slice(0, MAX_FIX_FILES),
        rightSize,
      };
}

/** The form values the practices template opens with for this entity. @public */
export function buildPracticesFormData(
  entity: EntityFacts,
  fix: ReturnType<typeof practicesToFix> = practicesToFix(entity),
): Record<string, unknown> {
  const { practices, manifests, rightSize } = fix;
  return withoutUndefined({
    component: entity.entityRef,
    ...repositoryFields(entity),
    manifests,
    practices,
    rightSize: rightSize.length > 0 ? rightSize : undefined,
    healthPath: entity.healthPath?.startsWith('/')
      ? entity.healthPath
      : undefined,
    port: entity.port ?? undefined,
  });
}

/**
 * The templates for the entity, each with its form pre-filled: those that move it to
 * `targetTier`, the annotate template when values are missing from its catalog-info.yaml
 * (and the backend found that file), and the practices template when a Kubernetes practice a
 * file can fix fails and the evidence names that file.
 *
 * @public
 */
export function offerTemplates(
  targetTier: TierId | null,
  templates: readonly MigrationTemplate[],
  entity: EntityFacts,
): TemplateOffer[] {
  const offers: TemplateOffer[] = [];
  for (const t of templates) {
    if (t.purpose === 'practices') {
      const fix = practicesToFix(entity);
      if (fix.manifests.length > 0) {
        offers.push({
          entityRef: t.entityRef,
          title: t.title,
          purpose: 'practices',
          targetTier: null,
          platform: null,
          formData: buildPracticesFormData(entity, fix),
        });
      }
    } else if ((t.purpose ?? 'migrate') === 'annotate') {
      if (
        entity.repository?.catalogInfoUrl &&
        entity.signals &&
        undeclaredSignals(entity.signals).length > 0
      ) {
        offers.push({
          entityRef: t.entityRef,
          title: t.title,
          purpose: 'annotate',
          targetTier: null,
          platform: null,
          formData: buildAnnotateFormData(entity),
        });
      }
    } else if (targetTier !== null && t.targetTier === targetTier) {
      offers.push({
        entityRef: t.entityRef,
        title: t.title,
        purpose: 'migrate',
        targetTier: t.targetTier,
        platform: platformFor(t, entity),
        formData: buildFormData(t, entity),
      });
    }
  }
  return offers;
}
