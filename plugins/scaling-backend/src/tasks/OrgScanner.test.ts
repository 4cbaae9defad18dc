import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_DEPLOYABLE_TYPES,
  DEFAULT_THRESHOLDS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingMetricsProvider } from '@scaling-advisor/backstage-plugin-scaling-node';
import { FIXTURE_ENTITIES } from '../__fixtures__/entities';
import { latestItems } from '../__testUtils__/latestItems';
import { DatabaseScalingStore } from '../database/DatabaseScalingStore';
import { EvidenceCollector } from '../providers/EvidenceCollector';
import { MetricsCollector } from '../providers/MetricsCollector';
import { AssessmentService } from '../services/AssessmentService';
import { CatalogReader } from '../services/CatalogReader';
import { OrgScanner } from './OrgScanner';

jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function setup(
  options: {
    catalog?: ReturnType<typeof catalogServiceMock>;
    providers?: ScalingMetricsProvider[];
    pageSize?: number;
  } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseScalingStore.create({
    database: { getClient: async () => knex },
  });
  const logger = mockServices.logger.mock();
  const catalog =
    options.catalog ?? catalogServiceMock({ entities: FIXTURE_ENTITIES });
  const reader = new CatalogReader(catalog, logger);
  const scanner = new OrgScanner({
    reader,
    assessments: new AssessmentService(
      reader,
      new MetricsCollector(options.providers ?? [], logger),
      new EvidenceCollector([], logger),
      {
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
        thresholds: DEFAULT_THRESHOLDS,
        policy: [],
        deployableTypes: DEFAULT_DEPLOYABLE_TYPES,
      },
    ),
    store,
    auth: mockServices.auth(),
    logger,
    scan: {
      filter: { kind: 'Component' },
      pageSize: options.pageSize ?? 3,
      retentionDays: 90,
    },
    recordRetryDelaysMs: [1, 1],
  });
  return { store, scanner, logger, catalog };
}

describe('OrgScanner', () => {
  it('pages through the catalog and stores every assessment with its catalog context', async () => {
    const { store, scanner } = await setup();
    const summary = await scanner.run();
    expect(summary).toMatchObject({ status: 'completed', entities: 7 });
    const items = await latestItems(store);
    expect(items).toHaveLength(7);
    const orders = items.find(i => i.name === 'orders')!;
    // The owner's expertise and the System's five Components: the gate holds.
    expect(orders).toMatchObject({
      recommendedTier: 'kubernetes',
      owner: 'group:default/platform',
      system: 'system:default/shop',
    });
    expect((await store.lastScan()).completed).toMatchObject({
      entities: 7,
      status: 'completed',
    });
  });

  it('stops on a catalog error mid-scan, logs once, and keeps what was stored', async () => {
    const catalog = catalogServiceMock({ entities: FIXTURE_ENTITIES });
    const { store, scanner, logger } = await setup({ catalog });
    await scanner.run();

    const queryEntities = catalog.queryEntities.bind(catalog);
    let calls = 0;
    catalog.queryEntities = async (...args) => {
      calls += 1;
      if (calls === 2) throw new Error('catalog went away');
      return queryEntities(...args);
    };
    const summary = await scanner.run();
    expect(summary).toMatchObject({ status: 'failed', entities: 3 });
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('scan failed'),
      expect.objectContaining({
        cause: expect.stringContaining('catalog went away'),
      }),
    );
    expect(await latestItems(store)).toHaveLength(7);
    expect(await store.lastScan()).toMatchObject({ failedSince: true });
  });

  it('reads and assesses the next pages while one is written, and fails on a failed write keeping committed pages', async () => {
    const events: string[] = [];
    let pages = 0;
    const { store, scanner, logger } = await setup({
      pageSize: 3,
      providers: [
        {
          id: 'recording',
          async getMetrics() {
            events.push(`read page ${++pages}`);
            return new Map();
          },
        },
      ],
    });
    const writePage = store.writePage.bind(store);
    let writes = 0;
    store.writePage = async (...args) => {
      const write = ++writes;
      events.push(`write page ${write}`);
      await new Promise(resolve => setTimeout(resolve, 100));
      if (write === 2) throw new Error('disk full');
      await writePage(...args);
      events.push(`page ${write} committed`);
    };

    const summary = await scanner.run();
    expect(events).toEqual([
      'read page 1',
      'write page 1',
      // Pages 2 and 3 are read (and page 2 assessed) while page 1 is being written.
      'read page 2',
      'read page 3',
      'page 1 committed',
      'write page 2',
    ]);
    expect(summary).toMatchObject({ status: 'failed', entities: 3 });
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('scan failed'),
      expect.objectContaining({ cause: expect.stringContaining('disk full') }),
    );
    expect(await latestItems(store)).toHaveLength(3);
    expect(await store.lastScan()).toMatchObject({
      completed: null,
      failedSince: true,
    });
  });

  it('retries recording a failed scan while the database is away, in one log line either way', async () => {
    const { store, scanner, logger } = await setup();
    await scanner.run();
    store.writePage = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    };
    const failScan = store.failScan.bind(store);
    let attempts = 0;
    // Back on the third attempt.
    store.failScan = async (...args) => {
      if (++attempts < 3)
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      await failScan(...args);
    };
    const recorded = await scanner.run();
    expect(recorded).toMatchObject({ status: 'failed', entities: 0 });
    expect(attempts).toBe(3);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][1]).not.toHaveProperty('recorded');
    expect(await store.lastScan()).toMatchObject({ failedSince: true });

    // Away for good: every attempt fails, and the line says the failure is not recorded.
    logger.error.mockClear();
    attempts = 0;
    store.failScan = async () => {
      attempts += 1;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    };
    const unrecorded = await scanner.run();
    expect(unrecorded).toMatchObject({ status: 'failed' });
    expect(attempts).toBe(3);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('scan failed'),
      expect.objectContaining({
        cause: expect.stringContaining('ECONNREFUSED'),
        recorded: false,
        recordError: expect.stringContaining('ECONNREFUSED'),
      }),
    );
    expect(await latestItems(store)).toHaveLength(7);
  });

  it('stops between pages when the scheduler aborts it, keeping committed pages', async () => {
    const controller = new AbortController();
    let pages = 0;
    const { store, scanner, logger } = await setup({
      pageSize: 3,
      providers: [
        {
          id: 'aborting',
          async getMetrics() {
            // Page 2 is read (prefetched) while page 1 is assessed; the timeout strikes then.
            if (++pages === 2) controller.abort();
            return new Map();
          },
        },
      ],
    });
    const summary = await scanner.run(controller.signal);
    expect(summary).toMatchObject({ status: 'failed', entities: 3 });
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('scan failed'),
      expect.objectContaining({
        cause: expect.stringContaining('scaling.scan.schedule.timeout'),
      }),
    );
    expect(await latestItems(store)).toHaveLength(3);
    expect(await store.lastScan()).toMatchObject({
      completed: null,
      failedSince: true,
    });
  });

  it('keeps going through a metrics outage, marking assessments', async () => {
    const { store, scanner } = await setup({
      providers: [
        {
          id: 'prometheus',
          timeoutMs: 100,
          getMetrics: () => new Promise(() => {}),
        },
      ],
    });
    expect((await scanner.run()).status).toBe('completed');
    const items = await latestItems(store);
    expect(items).toHaveLength(7);
    for (const item of items) {
      expect(item.findings.map(f => f.id)).toContain('metrics-unavailable');
    }
  });

  it('asks the metrics providers once per page', async () => {
    const batches: number[] = [];
    const { scanner } = await setup({
      pageSize: 3,
      providers: [
        {
          id: 'counting',
          async getMetrics(entities) {
            batches.push(entities.length);
            return new Map();
          },
        },
      ],
    });
    await scanner.run();
    expect(batches).toEqual([3, 3, 1]);
  });
});
