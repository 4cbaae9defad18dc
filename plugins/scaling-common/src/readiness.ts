import { CatalogContext, Evidence, EvidenceValue } from './signals';
import { describeSupplied } from './values';
import { TIERS, TierId, nextTier } from './tiers';
import {
  AssessmentStatus,
  Readiness,
  ReadinessBlocker,
  ReadinessItem,
  ReadinessItemId,
  Signals,
} from './types';

/** A readiness item's fixed texts. @public */
export interface ReadinessItemDefinition {
  label: string;
  /** From the scaling guide's migration steps and best practices. */
  howTo: string;
}

/** Labels and how-to text for every readiness item. @public */
export const READINESS_ITEMS: Readonly<
  Record<ReadinessItemId, ReadinessItemDefinition>
> = {
  containerized: {
    label: 'Containerized',
    howTo:
      'Containerize the service (Dockerfile and Docker Compose) and set scaling.io/containerized: "true". Every later step deploys the container image.',
  },
  'health-check': {
    label: 'Health check endpoint',
    howTo:
      'Expose a health endpoint (e.g. /health) that load balancers and probes can call, and set scaling.io/health-endpoint: /health.',
  },
  'database-backups': {
    label: 'Database backups',
    howTo:
      'Schedule database backups ("database backups are enough" before enterprise scale) and set scaling.io/backup to where they go.',
  },
  'image-registry': {
    label: 'Images in a cloud registry',
    howTo:
      'Push images to a cloud registry: Amazon ECR, Azure Container Registry (ACR) or Google Container Registry (GCR); set scaling.io/image-registry: ecr | acr | gcr.',
  },
  'managed-database': {
    label: 'Managed database',
    howTo:
      'Move the database to a managed service: Amazon RDS for PostgreSQL, Azure Database for PostgreSQL or Cloud SQL for PostgreSQL, and mark its Resource with scaling.io/managed: "true".',
  },
  autoscaling: {
    label: 'Auto-scaling',
    howTo:
      'Configure auto-scaling with CPU/memory-based policies (ECS target tracking at 70% CPU, min 2, max 10; on Kubernetes an HPA at 70% CPU / 80% memory plus the Cluster Autoscaler) and set scaling.io/autoscaling: "true".',
  },
  monitoring: {
    label: 'Monitoring',
    howTo:
      'Set up monitoring: CloudWatch on AWS, Azure Monitor on Azure, Cloud Logging + Cloud Monitoring on GCP; set scaling.io/monitoring to the tool, or connect a metrics provider.',
  },
  'helm-chart': {
    label: 'Helm chart',
    howTo:
      'Create a Helm chart for the application (templating, versioning) and set scaling.io/helm-chart to its path.',
  },
  ingress: {
    label: 'Ingress controller',
    howTo:
      'Set up an Ingress controller (NGINX, Traefik, AWS ALB Ingress Controller) and set scaling.io/ingress to it.',
  },
  observability: {
    label: 'Observability (metrics, logging, tracing)',
    howTo:
      'Implement observability: metrics with Prometheus + Grafana, logging with Loki or the ELK stack, tracing with Jaeger or Zipkin; set scaling.io/observability: metrics,logging,tracing.',
  },
  gitops: {
    label: 'GitOps CI/CD',
    howTo:
      'Set up CI/CD with GitOps (Argo CD or Flux) and set scaling.io/gitops: argocd | flux.',
  },
  'disaster-recovery': {
    label: 'Disaster recovery',
    howTo:
      'Configure disaster recovery: Velero for cluster backups and multi-region replication; set scaling.io/backup: velero.',
  },
  'team-expertise': {
    label: 'Kubernetes expertise in the team',
    howTo:
      'Kubernetes adds significant complexity and requires a dedicated DevOps engineer: train or hire, then set scaling.io/k8s-expertise: "true" on the owner Group.',
  },
  'multi-region-ready': {
    label: 'Multi-region deployment',
    howTo:
      'Deploy to two or more regions with replication between them, and set scaling.io/regions to their number.',
  },
  cdn: {
    label: 'CDN',
    howTo:
      'Put a CDN in front of every region (CloudFront, Azure Front Door, Cloud CDN) and set scaling.io/cdn to it.',
  },
};

/** The items to check before moving to a tier, cumulative (docs/rules.md #readiness). @public */
export const READINESS_CHECKLISTS: Readonly<
  Record<TierId, readonly ReadinessItemId[]>
> = (() => {
  const managedCloud: ReadinessItemId[] = [
    'containerized',
    'image-registry',
    'managed-database',
    'health-check',
    'autoscaling',
    'monitoring',
  ];
  const kubernetes: ReadinessItemId[] = [
    ...managedCloud,
    'helm-chart',
    'ingress',
    'observability',
    'gitops',
    'disaster-recovery',
    'team-expertise',
  ];
  return {
    'single-vps': ['containerized', 'health-check', 'database-backups'],
    'managed-cloud': managedCloud,
    kubernetes,
    enterprise: [...kubernetes, 'multi-region-ready', 'cdn'],
  };
})();

/**
 * The tier to get ready for: the recommended tier when under-provisioned or when the current
 * tier is unknown; the next one up when aligned; none when over-provisioned.
 *
 * @public
 */
export function readinessTarget(
  current: TierId | null,
  recommended: TierId | null,
  status: AssessmentStatus,
): TierId | null {
  if (recommended === null) return null;
  if (current === null || status === 'under-provisioned') return recommended;
  if (status === 'aligned') return nextTier(current);
  return null;
}

interface Check {
  passed: boolean;
  evidence: string;
  applicable?: boolean;
}

const CONTAINER_PLATFORMS = new Set([
  ...TIERS['managed-cloud'].platforms,
  ...TIERS.kubernetes.platforms,
  'docker-compose',
]);

/**
 * A readiness fact passes when present and not false: declared by an annotation, or supplied by
 * an evidence provider or an org policy default (which the evidence then names).
 */
function declared(item: EvidenceValue<unknown>, annotation: string): Check {
  if (item.source !== undefined && item.value !== null) {
    return {
      passed: item.value !== false,
      evidence: describeSupplied(item.source, item.evidence),
    };
  }
  if (item.value === null) {
    return {
      passed: false,
      evidence:
        item.raw !== undefined
          ? `${annotation} '${item.raw}' is not valid`
          : `no ${annotation} annotation`,
    };
  }
  return {
    passed: item.value !== false,
    evidence: `${annotation}: ${item.raw}`,
  };
}

/** @public */
export interface ReadinessInput {
  signals: Signals;
  evidence: Evidence;
  context: CatalogContext;
  /** Providers that returned data for this entity. */
  metricProviders: string[];
}

function check(id: ReadinessItemId, input: ReadinessInput): Check {
  const { signals, evidence, context } = input;
  switch (id) {
    case 'containerized': {
      const platform = signals.platform.value;
      if (platform !== null && CONTAINER_PLATFORMS.has(platform)) {
        return {
          passed: true,
          evidence: `runs on ${platform}, a container platform`,
        };
      }
      return declared(evidence.containerized, 'scaling.io/containerized');
    }
    case 'image-registry':
      return declared(evidence.imageRegistry, 'scaling.io/image-registry');
    case 'managed-database': {
      const databases = context.databases ?? [];
      if (databases.length === 0) {
        return {
          passed: true,
          applicable: false,
          evidence: 'no database dependency',
        };
      }
      const unmanaged = databases.filter(d => d.managed !== true);
      return unmanaged.length === 0
        ? {
            passed: true,
            evidence: `${databases.length} database(s), all managed`,
          }
        : {
            passed: false,
            evidence: `not managed: ${unmanaged
              .map((d, i) => d.entityRef ?? `database ${i + 1}`)
              .join(', ')}`,
          };
    }
    case 'health-check': {
      const withPath = declared(
        evidence.healthEndpoint,
        'scaling.io/health-endpoint',
      );
      if (withPath.passed || evidence.healthCheck.value !== true)
        return withPath;
      // A check without a known path (an exec or gRPC probe, a script): the service has one,
      // and the migration templates ask for its path.
      const how =
        evidence.healthCheck.source !== undefined
          ? describeSupplied(
              evidence.healthCheck.source,
              evidence.healthCheck.evidence,
            )
          : `scaling.io/health-check: ${evidence.healthCheck.raw}`;
      return {
        passed: true,
        evidence: `a health check without an HTTP path (${how}); set scaling.io/health-endpoint to pre-fill the templates`,
      };
    }
    case 'database-backups':
    case 'disaster-recovery':
      return declared(evidence.backup, 'scaling.io/backup');
    case 'autoscaling':
      return declared(evidence.autoscaling, 'scaling.io/autoscaling');
    case 'monitoring':
      if (input.metricProviders.length > 0) {
        return {
          passed: true,
          evidence: `metrics from ${input.metricProviders.join(', ')}`,
        };
      }
      return declared(evidence.monitoring, 'scaling.io/monitoring');
    case 'helm-chart':
      return declared(evidence.helmChart, 'scaling.io/helm-chart');
    case 'ingress':
      return declared(evidence.ingress, 'scaling.io/ingress');
    case 'observability': {
      const present = evidence.observability.value;
      if (present === null) {
        return declared(evidence.observability, 'scaling.io/observability');
      }
      const missing = (['metrics', 'logging', 'tracing'] as const).filter(
        p => !present.includes(p),
      );
      const from =
        evidence.observability.source !== undefined
          ? ` (${describeSupplied(evidence.observability.source, evidence.observability.evidence)})`
          : '';
      return missing.length === 0
        ? {
            passed: true,
            evidence: `metrics, logging and tracing in place${from}`,
          }
        : { passed: false, evidence: `missing: ${missing.join(', ')}${from}` };
    }
    case 'gitops':
      return declared(evidence.gitops, 'scaling.io/gitops');
    case 'team-expertise': {
      const signal = signals.teamK8sExpertise;
      if (signal.value === null) {
        return {
          passed: false,
          evidence: 'no scaling.io/k8s-expertise on the entity or its owner',
        };
      }
      const from =
        signal.evidence !== undefined && signal.source !== null
          ? describeSupplied(signal.source, signal.evidence)
          : signal.source;
      return {
        passed: signal.value,
        evidence: `${signal.value ? 'has' : 'lacks'} Kubernetes expertise (${from})`,
      };
    }
    case 'multi-region-ready': {
      const regions = signals.regions.value;
      return regions !== null && regions >= 2
        ? { passed: true, evidence: `${regions} regions` }
        : {
            passed: false,
            evidence:
              regions === null
                ? 'no scaling.io/regions annotation'
                : `${regions} region`,
          };
    }
    case 'cdn':
      return declared(evidence.cdn, 'scaling.io/cdn');
    default:
      return { passed: false, evidence: 'unknown item' };
  }
}

const BLOCKER_MESSAGES: Partial<Record<ReadinessItemId, string>> = {
  containerized: 'The service must run in a container before any migration.',
  'team-expertise':
    'Kubernetes requires a dedicated DevOps engineer; the owning team has no Kubernetes expertise.',
};

/** docs/rules.md #readiness: the checklist for the target tier, its score and its blockers. @public */
export function assessReadiness(
  targetTier: TierId | null,
  input: ReadinessInput,
): Readiness {
  if (targetTier === null) {
    return { targetTier, score: null, items: [], blockers: [] };
  }
  const items: ReadinessItem[] = READINESS_CHECKLISTS[targetTier].map(id => {
    const result = check(id, input);
    return {
      id,
      label: READINESS_ITEMS[id].label,
      passed: result.passed,
      applicable: result.applicable ?? true,
      evidence: result.evidence,
      howTo: READINESS_ITEMS[id].howTo,
    };
  });
  const applicable = items.filter(i => i.applicable);
  const passed = applicable.filter(i => i.passed).length;
  const score =
    applicable.length === 0
      ? 100
      : Math.round((100 * passed) / applicable.length);

  const needsExpertise =
    targetTier === 'kubernetes' || targetTier === 'enterprise';
  const blockers: ReadinessBlocker[] = items
    .filter(
      i =>
        !i.passed &&
        (i.id === 'containerized' ||
          (i.id === 'team-expertise' && needsExpertise)),
    )
    .map(i => ({ id: i.id, message: BLOCKER_MESSAGES[i.id]! }));

  return { targetTier, score, items, blockers };
}
