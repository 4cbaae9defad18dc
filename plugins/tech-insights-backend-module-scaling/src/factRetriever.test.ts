import { mockServices } from '@backstage/backend-test-utils';
import { FactRetrieverContext } from '@backstage-community/plugin-tech-insights-node';
import {
  OverviewItem,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  PAGE_SIZE,
  SCALING_FACT_RETRIEVER_ID,
  factsOf,
  createScalingFactRetriever,
  scalingFactRetriever,
} from './factRetriever';

function item(i: number, extra: Partial<OverviewItem> = {}): OverviewItem {
  return {
    entityRef: `component:default/service-${i}`,
    name: `service-${i}`,
    kind: 'Component',
    owner: null,
    system: null,
    currentTier: 'single-vps',
    recommendedTier: 'managed-cloud',
    status: 'under-provisioned',
    readinessScore: 40,
    activeUsers: 2000,
    findings: [],
    blockers: [{ id: 'health-check', message: 'No health check' }],
    practicesScore: null,
    practices: null,
    rightSizingSaving: null,
    ...extra,
  };
}

type Handler = (
  url: URL,
  req: http.IncomingMessage,
) => { status: number; body: unknown };

/** A stand-in for the scaling API on loopback, recording what it was asked. */
async function fakeScalingApi(handler: Handler) {
  const requests: Array<{ url: URL; authorization?: string }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    requests.push({ url, authorization: req.headers.authorization });
    const { status, body } = handler(url, req);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    baseUrl: `http://127.0.0.1:${port}/api/scaling`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

function overview(
  all: OverviewItem[],
  url: URL,
  lastScan: OverviewResponse['lastScan'],
): OverviewResponse {
  const offset = Number(url.searchParams.get('offset'));
  const limit = Number(url.searchParams.get('limit'));
  return {
    items: all.slice(offset, offset + limit),
    totalCount: all.length,
    totals: {} as OverviewResponse['totals'],
    coverage: {} as OverviewResponse['coverage'],
    practices: [],
    rightSizing: {
      total: { services: 0, cpuCores: 0, memoryBytes: 0 },
      byTier: {},
      byOwner: [],
    },
    lastScan,
  };
}

function scan(startedAt: string): OverviewResponse['lastScan'] {
  return {
    startedAt,
    finishedAt: startedAt,
    entities: 0,
    durationMs: 1,
    stale: false,
  };
}

function context(baseUrl: string) {
  const logger = mockServices.logger.mock();
  const ctx: FactRetrieverContext = {
    config: mockServices.rootConfig({ data: {} }),
    discovery: {
      getBaseUrl: async (pluginId: string) =>
        pluginId === 'scaling' ? baseUrl : 'http://127.0.0.1:1/nope',
      getExternalBaseUrl: async () => baseUrl,
    },
    auth: mockServices.auth({ pluginId: 'tech-insights' }),
    logger,
    urlReader: mockServices.urlReader.mock(),
    entityFilter: scalingFactRetriever.entityFilter,
  };
  return { ctx, logger };
}

describe('scalingFactRetriever', () => {
  let api: Awaited<ReturnType<typeof fakeScalingApi>> | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('is a Components retriever with the documented schema', () => {
    expect(scalingFactRetriever.id).toBe(SCALING_FACT_RETRIEVER_ID);
    expect(scalingFactRetriever.entityFilter).toEqual([{ kind: 'component' }]);
    expect(
      Object.fromEntries(
        Object.entries(scalingFactRetriever.schema).map(([k, v]) => [
          k,
          v.type,
        ]),
      ),
    ).toEqual({
      currentTier: 'string',
      recommendedTier: 'string',
      status: 'string',
      readinessScore: 'integer',
      blockers: 'set',
      practicesScore: 'integer',
      failingPractices: 'set',
    });
  });

  it('maps unknown values to null and blockers to their unique ids', () => {
    expect(
      factsOf(
        item(1, {
          currentTier: null,
          recommendedTier: null,
          status: 'insufficient-data',
          readinessScore: null,
          blockers: [
            { id: 'health-check', message: 'a' },
            { id: 'health-check', message: 'b' },
            { id: 'containerized', message: 'c' },
          ],
        }),
      ),
    ).toEqual({
      currentTier: null,
      recommendedTier: null,
      status: 'insufficient-data',
      readinessScore: null,
      blockers: ['health-check', 'containerized'],
      practicesScore: null,
      failingPractices: [],
    });
    // A row from a scaling backend that predates blockers and practices.
    const {
      blockers: _omitted,
      practices: _none,
      practicesScore: _noScore,
      ...old
    } = item(2);
    expect(factsOf(old as OverviewItem)).toMatchObject({
      blockers: [],
      practicesScore: null,
      failingPractices: [],
    });
  });

  it('publishes the practices score and the failing practices', () => {
    expect(
      factsOf(
        item(3, {
          practicesScore: 42,
          practices: {
            passed: ['probes'],
            failed: ['disruption-budget', 'network-policy'],
            unknown: ['rbac'],
          },
        }),
      ),
    ).toMatchObject({
      practicesScore: 42,
      failingPractices: ['disruption-budget', 'network-policy'],
    });
  });

  it('reads every page of the stored overview with a service token', async () => {
    const all = Array.from({ length: 2 * PAGE_SIZE + 3 }, (_, i) => item(i));
    api = await fakeScalingApi(url => ({
      status: 200,
      body: overview(all, url, scan('2026-12-01T00:00:00.000Z')),
    }));
    const { ctx } = context(api.baseUrl);

    const facts = await scalingFactRetriever.handler(ctx);

    expect(facts).toHaveLength(all.length);
    expect(new Set(facts.map(f => f.entity.name)).size).toBe(all.length);
    expect(facts[PAGE_SIZE + 1]).toEqual({
      entity: { kind: 'component', namespace: 'default', name: 'service-501' },
      facts: {
        currentTier: 'single-vps',
        recommendedTier: 'managed-cloud',
        status: 'under-provisioned',
        readinessScore: 40,
        blockers: ['health-check'],
        practicesScore: null,
        failingPractices: [],
      },
    });
    expect(
      api.requests.map(r => [
        r.url.pathname,
        r.url.searchParams.get('limit'),
        r.url.searchParams.get('offset'),
        r.url.searchParams.get('kind'),
      ]),
    ).toEqual([
      ['/api/scaling/overview', '500', '0', 'Component'],
      ['/api/scaling/overview', '500', '500', 'Component'],
      ['/api/scaling/overview', '500', '1000', 'Component'],
    ]);
    const token = api.requests[0].authorization?.replace(
      /^Bearer mock-service-token:/,
      '',
    );
    expect(JSON.parse(token!)).toMatchObject({
      sub: 'plugin:tech-insights',
      target: 'scaling',
    });
  });

  it('waits for the first stored scan, then publishes it', async () => {
    let polls = 0;
    api = await fakeScalingApi(url => {
      polls++;
      // Live (no stored scan) for the first three looks, then a stored scan.
      const stored = polls > 3 ? scan('2026-12-01T00:00Z') : null;
      return { status: 200, body: overview([item(1)], url, stored) };
    });
    const { ctx, logger } = context(api.baseUrl);
    const retriever = createScalingFactRetriever({
      firstScanWaitMs: 10_000,
      firstScanPollMs: 20,
    });

    const facts = await retriever.handler(ctx);
    expect(facts.map(f => f.entity.name)).toEqual(['service-1']);
    expect(polls).toBe(4);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('waiting up to 10 s for its first scan'),
    );
  });

  it('publishes nothing when no scan is stored within the wait (or with no wait)', async () => {
    api = await fakeScalingApi(url => ({
      status: 200,
      body: overview([item(1)], url, null),
    }));
    for (const firstScanWaitMs of [0, 100]) {
      const { ctx, logger } = context(api.baseUrl);
      const retriever = createScalingFactRetriever({
        firstScanWaitMs,
        firstScanPollMs: 20,
      });
      const started = Date.now();
      await expect(retriever.handler(ctx)).resolves.toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(firstScanWaitMs);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringContaining('no facts until its first scan completes'),
      );
    }
    // 1 look without a wait; about 1 + 100/20 with one.
    expect(api.requests.length).toBeGreaterThanOrEqual(1 + 4);
  });

  it('fails clearly, with nothing partial, when a page fails', async () => {
    const all = Array.from({ length: PAGE_SIZE + 1 }, (_, i) => item(i));
    api = await fakeScalingApi(url =>
      url.searchParams.get('offset') === '0'
        ? { status: 200, body: overview(all, url, scan('2026-12-01T00:00Z')) }
        : {
            status: 503,
            body: { error: { name: 'ServiceUnavailable', message: 'down' } },
          },
    );
    const { ctx, logger } = context(api.baseUrl);

    await expect(scalingFactRetriever.handler(ctx)).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/scaling\/overview\?kind=Component&limit=500&offset=500 answered 503 .*down/,
    );
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('no facts stored'),
    );
  });

  it('fails clearly when the answer is not an overview', async () => {
    api = await fakeScalingApi(() => ({ status: 200, body: { hello: 1 } }));
    const { ctx } = context(api.baseUrl);

    await expect(scalingFactRetriever.handler(ctx)).rejects.toThrow(
      'answered no overview (expected items and totalCount)',
    );
  });

  it('fails clearly when the scaling backend cannot be reached', async () => {
    const { ctx } = context('http://127.0.0.1:1/api/scaling');
    await expect(scalingFactRetriever.handler(ctx)).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:1\/api\/scaling\/overview\?.* failed/,
    );
  });

  it('starts over when a scan completes between two pages', async () => {
    const first = Array.from({ length: PAGE_SIZE + 1 }, (_, i) => item(i));
    const second = first.map(i => ({ ...i, status: 'aligned' as const }));
    let calls = 0;
    api = await fakeScalingApi(url => {
      calls++;
      // The first read's second page comes from a newer scan.
      const newer = calls >= 2;
      return {
        status: 200,
        body: newer
          ? overview(second, url, scan('2026-12-01T01:00:00.000Z'))
          : overview(first, url, scan('2026-12-01T00:00:00.000Z')),
      };
    });
    const { ctx } = context(api.baseUrl);

    const facts = await scalingFactRetriever.handler(ctx);

    expect(facts).toHaveLength(first.length);
    expect(new Set(facts.map(f => f.facts.status))).toEqual(
      new Set(['aligned']),
    );
    expect(api.requests.map(r => r.url.searchParams.get('offset'))).toEqual([
      '0',
      '500',
      '0',
      '500',
    ]);
  });
});
