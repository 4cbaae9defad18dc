import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  Assessment,
  DEFAULT_THRESHOLDS,
  MigrationTemplate,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  SimulateRequest,
  TIERS,
  TIER_IDS,
  UpperTierId,
  coverageOf,
  filterItems,
  pageOverview,
  signalSourcesOf,
  sortItems,
  assess,
  toCsv,
  HistoryResponse,
  overviewItemOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ConflictError } from '@backstage/errors';
import { ScalingApi, ScalingScan } from '../src/api';

const TEMPLATES: MigrationTemplate[] = [
  {
    entityRef: 'template:default/scaling-single-vps',
    title: 'Containerize on a single VPS',
    targetTier: 'single-vps',
    platform: 'docker-compose',
  },
  {
    entityRef: 'template:default/scaling-managed-cloud',
    title: 'Migrate to Managed Cloud',
    targetTier: 'managed-cloud',
    platform: null,
  },
  {
    entityRef: 'template:default/scaling-kubernetes',
    title: 'Migrate to Kubernetes',
    targetTier: 'kubernetes',
    platform: null,
  },
  {
    entityRef: 'template:default/scaling-enterprise',
    title: 'Go multi-region',
    targetTier: 'enterprise',
    platform: null,
  },
];

const PLATFORMS = [
  'vps',
  'docker-compose',
  'ecs-fargate',
  'cloud-run',
  'eks',
  'gke',
  'docker-swarm',
];
const TEAMS = ['payments', 'search', 'identity', 'platform'];
const SYSTEMS = ['shop', 'accounts', 'discovery'];

/** Deterministic annotations for the n-th fake service. */
function annotationsOf(i: number): Record<string, string> {
  const annotations: Record<string, string> = {
    'scaling.io/platform': PLATFORMS[i % PLATFORMS.length],
    'scaling.io/active-users': String((i * 7919) % 80000),
    'scaling.io/uptime-sla': ['99', '99.5', '99.9', '99.95'][i % 4],
    'scaling.io/monthly-budget-usd': String(((i * 37) % 60) * 100),
    'scaling.io/health-endpoint': '/health',
    'scaling.io/k8s-expertise': i % 3 === 0 ? 'true' : 'false',
    'scaling.io/deployment-strategy': ['rolling', 'blue-green', 'canary'][
      i % 3
    ],
  };
  if (i % 11 === 0) delete annotations['scaling.io/active-users'];
  if (i % 13 === 0) annotations['scaling.io/regions'] = 'two';
  return annotations;
}

/**
 * An in-memory backend for the dev app: the rules of `scaling-common` over generated services,
 * so every screen can be tried without the backend plugin. It answers as a backend without
 * threshold overrides in app-config would: the default thresholds, and the overview's filters,
 * sort, totals and CSV from `scaling-common`, as the backend's.
 */
export class FakeScalingApi implements ScalingApi {
  private readonly assessments = new Map<
    string,
    { assessment: Assessment; item: OverviewItem }
  >();

  /** The scans started with "Rescan"; each takes a few seconds. */
  private readonly scans = new Map<string, ScalingScan>();
  private lastScan: NonNullable<OverviewResponse['lastScan']> = {
    startedAt: new Date(Date.now() - 26 * 3600_000).toISOString(),
    finishedAt: new Date(Date.now() - 26 * 3600_000 + 42_000).toISOString(),
    entities: 0,
    durationMs: 42_000,
    stale: true,
  };

  constructor(count = 500) {
    for (let i = 0; i < count; i++) {
      const name = `service-${String(i).padStart(3, '0')}`;
      const entityRef = `component:default/${name}`;
      const owner = `group:default/${TEAMS[i % TEAMS.length]}`;
      const system = `system:default/${SYSTEMS[i % SYSTEMS.length]}`;
      const assessment = assess({
        annotations: annotationsOf(i),
        entity: {
          entityRef,
          name,
          owner,
          system,
          repository: {
            scm: 'github',
            repoUrl: `github.com?owner=acme&repo=${name}`,
            gitUrl: `https://github.com/acme/${name}.git`,
          },
        },
        context: {
          serviceCount: (i % 9) + 1,
          databases: i % 2 ? [{ managed: i % 4 === 1 }] : [],
        },
        templates: TEMPLATES,
      });
      this.assessments.set(entityRef, {
        assessment,
        item: overviewItemOf(assessment, {
          entityRef,
          name,
          kind: 'Component',
          owner,
          system,
        }),
      });
    }
  }

  async getAssessment(
    entityRef: string | { kind: string; namespace: string; name: string },
  ) {
    const ref = stringifyEntityRef(parseEntityRef(entityRef)).toLocaleLowerCase(
      'en-US',
    );
    const found = this.assessments.get(ref);
    if (!found) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    return found.assessment;
  }

  async getHistory(
    entityRef: string | { kind: string; namespace: string; name: string },
  ) {
    const { assessment } = await this.getAssessment(entityRef).then(a => ({
      assessment: a,
    }));
    const users = assessment.signals.activeUsers.value;
    if (users === null) return undefined;
    const day = 86_400_000;
    const now = Date.now();
    const history: HistoryResponse = {
      snapshots: Array.from({ length: 13 }, (_, k) => ({
        time: new Date(now - (12 - k) * 7 * day).toISOString(),
        currentTier: assessment.currentTier,
        recommendedTier: assessment.recommendedTier,
        status: assessment.status,
        readinessScore: assessment.readiness.score,
        activeUsers: Math.round(users * (0.6 + (0.4 * k) / 12)),
        measuredUptime: 99.9,
      })),
      forecast: null,
      userThresholds: DEFAULT_THRESHOLDS.users,
    };
    const perDay = (users * 0.4) / (12 * 7);
    const next = TIER_IDS.find(
      t =>
        TIERS[t].order >
          (assessment.recommendedTier
            ? TIERS[assessment.recommendedTier].order
            : 0) && t !== 'single-vps',
    ) as UpperTierId | undefined;
    const threshold = next ? history.userThresholds[next] : null;
    history.forecast = {
      usersPerDay: perDay,
      nextTier: next ?? null,
      threshold,
      crossesOn:
        threshold && perDay > 0 && threshold > users
          ? new Date(now + ((threshold - users) / perDay) * day)
              .toISOString()
              .slice(0, 10)
          : null,
    };
    return history;
  }

  async getOverview(query: OverviewQuery = {}): Promise<OverviewResponse> {
    const all = this.filtered(query);
    return {
      ...pageOverview(all, query),
      coverage: coverageOf(
        all.map(i =>
          signalSourcesOf(
            this.assessments.get(i.entityRef)!.assessment.signals,
          ),
        ),
        [{ id: 'repository', kind: 'evidence', configured: true }],
      ),
      lastScan: { ...this.lastScan, entities: this.assessments.size },
    };
  }

  async startScan() {
    const running = [...this.scans.values()].find(s => s.status === 'running');
    if (running) {
      throw new ConflictError(
        `A scan is already running (scan ${running.scanId}, started ${running.startedAt}); try again when it has finished.`,
      );
    }
    const scanId = `fake-scan-${this.scans.size + 1}`;
    const startedAt = new Date();
    this.scans.set(scanId, {
      scanId,
      status: 'running',
      startedAt: startedAt.toISOString(),
      finishedAt: null,
      entities: 0,
      durationMs: null,
      error: null,
    });
    setTimeout(() => {
      const finishedAt = new Date();
      const durationMs = finishedAt.getTime() - startedAt.getTime();
      const entities = this.assessments.size;
      this.scans.set(scanId, {
        ...this.scans.get(scanId)!,
        status: 'completed',
        finishedAt: finishedAt.toISOString(),
        entities,
        durationMs,
      });
      this.lastScan = {
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        entities,
        durationMs,
        stale: false,
      };
    }, 3_000);
    return { scanId };
  }

  async getScan(scanId: string) {
    const scan = this.scans.get(scanId);
    if (!scan) throw new NotFoundError(`No scan with id '${scanId}'`);
    return scan;
  }

  async getOverviewCsv(query: OverviewQuery = {}) {
    return toCsv(this.filtered(query));
  }

  async simulate(request: SimulateRequest) {
    return assess({
      annotations: request.annotations,
      context: request.context,
    });
  }

  /** Filtered and sorted, not paged. */
  private filtered(query: OverviewQuery): OverviewItem[] {
    const items = [...this.assessments.values()].map(a => a.item);
    return sortItems(filterItems(items, query), query.sort);
  }
}
