import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { scalingPlugin } from '../../plugin';
import { Server } from 'node:http';
import { createServer } from 'node:net';
import request from 'supertest';

/** The scheduled task of the org scan. */
export const SCAN_TASK = 'scaling-org-scan';

export const USER = `Bearer ${mockCredentials.user.token()}`;
const SERVICE = `Bearer ${mockCredentials.service.token()}`;

/**
 * An in-memory catalog that can fail one page of the scan: while `failPage(n)` is on, the
 * n-th `queryEntities` call since then throws `error()`; every other call, and every call
 * once `heal()` is called, reaches the in-memory catalog. `setEntities` replaces what the
 * catalog holds (an entity that left the catalog).
 */
export function faultyCatalog(entities: Entity[], error: () => Error) {
  let inner = catalogServiceMock({ entities });
  let failOn: number | undefined;
  let queries = 0;
  const failures: number[] = [];
  const catalog = new Proxy(
    {},
    {
      get(_target, name) {
        if (name === 'queryEntities') {
          return async (...args: unknown[]) => {
            queries += 1;
            if (failOn !== undefined && queries === failOn) {
              failures.push(queries);
              throw error();
            }
            return (inner.queryEntities as (...a: unknown[]) => unknown)(
              ...args,
            );
          };
        }
        const value = (inner as unknown as Record<string | symbol, unknown>)[
          name
        ];
        return typeof value === 'function' ? value.bind(inner) : value;
      },
    },
  );
  return {
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog as typeof inner,
    }),
    /** From now on, the n-th page read (1-based) fails. */
    failPage(n: number) {
      queries = 0;
      failOn = n;
    },
    heal() {
      failOn = undefined;
    },
    setEntities(next: Entity[]) {
      inner = catalogServiceMock({ entities: next });
    },
    /** The `queryEntities` calls that were made to fail. */
    failures,
  };
}

/**
 * The backend of a fault test: the scaling plugin with Backstage's real scheduler, callers
 * authenticated by the test's tokens, `scaling.scan` as given (and any other config), and the
 * test's own features (catalog, logger, database, providers).
 */
export function startFaultBackend(options: {
  features: Parameters<typeof startTestBackend>[0]['features'];
  scan: JsonObject;
  config?: JsonObject;
}) {
  return startTestBackend({
    features: [
      scalingPlugin,
      schedulerServiceFactory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: { ...options.config, scaling: { scan: options.scan } },
      }),
      ...(options.features ?? []),
    ],
  });
}

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: JsonObject;
}

/** A logger for every plugin that records each line, its child loggers' included. */
export function recordingLogger() {
  const lines: LogLine[] = [];
  const make = (fields: JsonObject): LoggerService => {
    const log =
      (level: LogLine['level']) => (message: string, meta?: unknown) => {
        lines.push({
          level,
          message,
          meta: { ...fields, ...(meta as JsonObject | undefined) },
        });
      };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => make({ ...fields, ...(meta as JsonObject) }),
    };
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.logger,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => make({ plugin: plugin.getId() }),
    }),
  };
}

export async function sleep(ms: number) {
  await new Promise(resolve => setTimeout(resolve, ms));
}

/** Polls `fn` until it returns a value, or fails naming what it waited for. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 40_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A free port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The scheduler's state of the scan task, from the plugin's scheduler endpoint. */
async function scanTaskStatus(server: Server): Promise<string | undefined> {
  const res = await request(server)
    .get('/api/scaling/.backstage/scheduler/v1/tasks')
    .set('Authorization', SERVICE);
  if (res.status !== 200) {
    throw new Error(`scheduler tasks: ${res.status} ${res.text}`);
  }
  return res.body.tasks.find((t: { taskId: string }) => t.taskId === SCAN_TASK)
    ?.taskState?.status;
}

export interface ScanRow {
  scanId: string;
  status: 'pending' | 'running' | 'completed' | 'failed';
  entities: number;
  error: string | null;
  finishedAt: string | null;
}

/**
 * Starts a scan as a user would (`POST /scans`) and waits until its row is final and the
 * scheduled task is idle again; returns the row and the wall time it took.
 */
export async function scanNow(
  server: Server,
  timeoutMs = 25_000,
): Promise<{ scan: ScanRow; ms: number }> {
  const started = Date.now();
  const res = await request(server)
    .post('/api/scaling/scans')
    .set('Authorization', USER);
  if (res.status !== 202) {
    throw new Error(`POST /scans: ${res.status} ${res.text}`);
  }
  const { scanId } = res.body as { scanId: string };
  const until = started + timeoutMs;
  for (;;) {
    const row = await request(server)
      .get(`/api/scaling/scans/${scanId}`)
      .set('Authorization', USER);
    const scan = row.body as ScanRow;
    if (scan.status === 'completed' || scan.status === 'failed') {
      const ms = Date.now() - started;
      // The task's run ends after its row (notifications follow a complete scan).
      while ((await scanTaskStatus(server)) !== 'idle') {
        if (Date.now() > until) throw new Error('the scan task stayed busy');
        await sleep(50);
      }
      return { scan, ms };
    }
    if (Date.now() > until) {
      throw new Error(
        `scan ${scanId} still ${scan.status} after ${timeoutMs} ms`,
      );
    }
    await sleep(50);
  }
}
