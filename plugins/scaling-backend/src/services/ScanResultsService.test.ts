import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DEFAULT_THRESHOLDS } from '@scaling-advisor/backstage-plugin-scaling-common';
import { LatestKey, ScalingStore } from '../database/ScalingStore';
import { AssessmentService } from './AssessmentService';
import { CatalogReader } from './CatalogReader';
import { ScanResultsService } from './ScanResultsService';

const KEY: LatestKey = {
  entityRef: 'component:default/orders',
  name: 'orders',
  kind: 'Component',
  owner: null,
  system: null,
  readinessScore: 50,
  activeUsers: 2000,
  currentTier: 'single-vps',
  recommendedTier: 'managed-cloud',
  status: 'under-provisioned',
  practicesScore: null,
  practices: null,
  rightSizingSaving: null,
  sources: {} as LatestKey['sources'],
};

/**
 * A store whose reads fail while `down` is set, as a database that went away; a permission
 * policy that gives the callers conditions on catalog.entity.read (so that what they may see
 * is listed), unless `readsAll`.
 */
function setup(options: { readsAll?: boolean; policyFails?: boolean } = {}) {
  const state = { down: false };
  const failing =
    <T>(value: T) =>
    async () => {
      if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return value;
    };
  const store = {
    lastScan: failing({
      completed: {
        id: 's1',
        startedAt: '2026-12-01T10:00:00.000Z',
        finishedAt: '2026-12-01T10:01:00.000Z',
        status: 'completed' as const,
        entities: 1,
        durationMs: 60_000,
        error: null,
      },
      failedSince: false,
    }),
    listLatestKeys: failing([KEY]),
    getLatestItems: async (refs: string[]) =>
      (
        await failing([
          {
            entityRef: KEY.entityRef,
            name: 'orders',
            kind: 'Component',
            owner: null,
            system: null,
            currentTier: KEY.currentTier,
            recommendedTier: KEY.recommendedTier,
            status: KEY.status,
            readinessScore: 50,
            activeUsers: 2000,
            findings: [],
            blockers: [],
          },
        ])()
      ).filter(item => refs.includes(item.entityRef)),
    history: failing([]),
  } as unknown as ScalingStore;
  const visibleRefs = jest.fn(async () => new Set([KEY.entityRef]));
  const reader = {
    visibleRefs,
    getEntity: async () => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders', namespace: 'default' },
    }),
  } as unknown as CatalogReader;
  const logger = mockServices.logger.mock();
  const results = new ScanResultsService({
    store,
    reader,
    assessments: {} as AssessmentService,
    thresholds: DEFAULT_THRESHOLDS,
    scan: { filter: {}, staleAfterMs: 3_600_000, retentionDays: 90 },
    logger,
    permissions: {
      authorizeConditional: async () => {
        if (options.policyFails) throw new Error('permission backend down');
        return [
          options.readsAll
            ? { result: AuthorizeResult.ALLOW }
            : {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'HAS_LABEL',
                  resourceType: 'catalog-entity',
                  params: { label: 'public' },
                },
              },
        ];
      },
    },
    now: () => Date.parse('2026-12-01T10:05:00.000Z'),
  });
  return { state, results, logger, visibleRefs };
}

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

describe('ScanResultsService while the store cannot be read', () => {
  it('serves the caller’s last answer to the same query again, marked stale, and logs once', async () => {
    const { state, results, logger } = setup();
    const fresh = await results.overview({ limit: 50 }, alice);
    expect(fresh.lastScan).toMatchObject({ stale: false });

    state.down = true;
    expect(await results.overview({ limit: 50 }, alice)).toEqual({
      ...fresh,
      lastScan: { ...fresh.lastScan, stale: true },
    });
    await results.overview({ limit: 50 }, alice);
    expect(logger.warn).toHaveBeenCalledTimes(1);

    state.down = false;
    expect(await results.overview({ limit: 50 }, alice)).toEqual(fresh);
    expect(logger.info).toHaveBeenCalledWith(
      'overview answered from the store again',
    );
  });

  it('never serves one caller’s answer to another, nor to another query: a 503 naming the cause', async () => {
    const { state, results } = setup();
    await results.overview({ limit: 50 }, alice);
    state.down = true;
    const unavailable = {
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(
        /^The stored scan results cannot be read .*ECONNREFUSED/,
      ),
    };
    await expect(results.overview({ limit: 50 }, bob)).rejects.toMatchObject(
      unavailable,
    );
    await expect(
      results.overview({ limit: 50, status: 'aligned' }, alice),
    ).rejects.toMatchObject(unavailable);
    await expect(results.items({}, alice)).rejects.toMatchObject(unavailable);
    await expect(
      results.history(
        { kind: 'component', namespace: 'default', name: 'orders' },
        30,
        alice,
      ),
    ).rejects.toMatchObject(unavailable);
  });
});

describe('ScanResultsService: what a caller may see', () => {
  it('lists nothing for a caller the policy lets read every entity', async () => {
    const { results, visibleRefs } = setup({ readsAll: true });
    const answer = await results.overview({ limit: 50 }, alice);
    expect(answer.totalCount).toBe(1);
    expect(visibleRefs).not.toHaveBeenCalled();
  });

  it('lists what a caller may see when the policy cannot be asked', async () => {
    const { results, visibleRefs } = setup({ policyFails: true });
    const answer = await results.overview({ limit: 50 }, alice);
    expect(answer.totalCount).toBe(1);
    expect(visibleRefs).toHaveBeenCalledTimes(1);
  });

  it('lists what a caller with conditions may see, and shows only that', async () => {
    const { results, visibleRefs } = setup();
    visibleRefs.mockResolvedValue(new Set());
    const answer = await results.overview({ limit: 50 }, alice);
    expect(visibleRefs).toHaveBeenCalledTimes(1);
    expect(answer).toMatchObject({
      items: [],
      totalCount: 0,
      lastScan: { entities: 0 },
    });
  });
});
