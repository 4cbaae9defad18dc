import { randomUUID } from 'node:crypto';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { ScanConfig } from '../config';
import { ScalingStore, StoredAssessment } from '../database/ScalingStore';
import { AssessmentService } from '../services/AssessmentService';
import { CatalogReader } from '../services/CatalogReader';

/**
 * Iterates while the next item is already being fetched, so that reading the catalog's next
 * page (and what it points to) overlaps with assessing and writing the current one.
 */
async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = iterator.next();
    // A failure of the prefetch surfaces when it is awaited, not as an unhandled rejection.
    next.catch(() => {});
    yield current.value;
  }
}

/** Maps each item of an async iterable, one at a time. */
async function* mapPages<T, U>(
  source: AsyncIterable<T>,
  fn: (item: T) => Promise<U>,
): AsyncGenerator<U> {
  for await (const item of source) yield await fn(item);
}

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) {
    throw new Error(
      'aborted by the scheduler: the scan reached scaling.scan.schedule.timeout, or the backend is stopping',
    );
  }
}

/** The waits between attempts to record a failed scan: about 15 s in all. */
const RECORD_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/**
 * Tries `fn` once, then once after each delay, until it succeeds or the signal aborts.
 * Returns undefined on success, else the last error's message.
 */
async function retried(
  fn: () => Promise<void>,
  delaysMs: number[],
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  let lastError = 'not attempted';
  for (const delay of [0, ...delaysMs]) {
    if (delay > 0) {
      if (signal?.aborted) break;
      await new Promise(resolve => setTimeout(resolve, delay));
    }
    try {
      await fn();
      return undefined;
    } catch (error) {
      lastError = stringifyError(error);
    }
  }
  return lastError;
}

/** What one scan did. */
export interface ScanSummary {
  scanId: string;
  status: 'completed' | 'failed';
  entities: number;
  durationMs: number;
  /** Why a failed scan failed. */
  error?: string;
}

/** How one run starts its scan row; returns the scan's id. */
export type BeginScan = (startedAt: Date) => Promise<string>;

/**
 * The org-wide scan: pages through the catalog with the plugin's own credentials, assesses
 * each page with its related entities, metrics and evidence read in bulk, and writes each page in one
 * transaction; reading, assessing and writing overlap across consecutive pages. Only a
 * complete scan prunes entities that left the catalog, so a scan that fails half-way leaves
 * every earlier assessment in place.
 */
export class OrgScanner {
  constructor(
    private readonly options: {
      reader: CatalogReader;
      assessments: AssessmentService;
      store: ScalingStore;
      auth: AuthService;
      logger: LoggerService;
      scan: Pick<ScanConfig, 'filter' | 'pageSize' | 'retentionDays'>;
      now?: () => Date;
      /** The waits between attempts to record a failed scan (default about 15 s in all). */
      recordRetryDelaysMs?: number[];
    },
  ) {}

  /**
   * Runs one scan. The scheduler's signal aborts it between pages (at its timeout, or when the
   * backend stops): a scan that outlived its lock must not overlap the next one.
   *
   * `begin` starts the scan's row; by default a new row (`ScalingStore.startScan`). A scan
   * requested over REST passes one that adopts the row the request claimed (`ScanRuns`).
   */
  async run(
    signal?: AbortSignal,
    options?: { begin?: BeginScan },
  ): Promise<ScanSummary> {
    const { reader, assessments, store, auth, logger, scan } = this.options;
    const now = this.options.now ?? (() => new Date());
    const startedAt = now();
    let entities = 0;
    let writing: Promise<void> = Promise.resolve();
    const begin =
      options?.begin ??
      (async (at: Date) => {
        const id = randomUUID();
        await store.startScan(id, at);
        return id;
      });
    const scanId = await begin(startedAt);
    logger.info('scan started', { scanId });
    try {
      const credentials = await auth.getOwnServiceCredentials();
      const [systemSizes, templates, kubernetesByOwner] = await Promise.all([
        reader.systemSizes(credentials),
        reader.getMigrationTemplates(credentials),
        // As the last complete scan left them.
        assessments.kubernetesByOwner(true),
      ]);
      const write = (takenAt: Date, rows: StoredAssessment[]) => {
        const written = store.writePage(scanId, takenAt, rows).then(() => {
          entities += rows.length;
        });
        // A failed write surfaces when awaited, not as an unhandled rejection.
        written.catch(() => {});
        return written;
      };
      // Pages flow through three stages: the next page is read with its related entities,
      // metrics and evidence while the current one is assessed, and the previous one is still being written
      // (at most one write in flight; pages commit in order).
      const pages = prefetched(
        mapPages(
          reader.pages(scan.filter, credentials, scan.pageSize),
          async page => ({
            page,
            facts: await assessments.gather(page, credentials),
          }),
        ),
      );
      for await (const { page, facts } of pages) {
        throwIfAborted(signal);
        const takenAt = now();
        const assessed = assessments.assessGathered(page, facts, {
          serviceCounts: systemSizes,
          kubernetesByOwner,
          templates,
          assessedAt: takenAt.toISOString(),
        });
        const rows: StoredAssessment[] = [];
        for (const { entity, links, assessment } of assessed) {
          // A library or another Component that is not deployed is not listed: not stored, so
          // a complete scan prunes it.
          if (assessment.status === 'not-applicable') continue;
          rows.push({
            entityRef: assessment.entityRef!,
            kind: entity.kind,
            name: entity.metadata.name,
            owner: links.owner,
            system: links.system,
            assessment,
          });
        }
        await writing;
        writing = write(takenAt, rows);
      }
      await writing;
      throwIfAborted(signal);
      const finishedAt = now();
      await store.completeScan(scanId, finishedAt, entities);
      const pruned = await store.prune(
        new Date(finishedAt.getTime() - scan.retentionDays * 86_400_000),
      );
      const durationMs = finishedAt.getTime() - startedAt.getTime();
      logger.info('scan finished', {
        scanId,
        entities,
        durationMs,
        prunedSnapshots: pruned,
      });
      return { scanId, status: 'completed', entities, durationMs };
    } catch (error) {
      // A page still being written commits (or fails) before the scan is marked failed.
      await writing.catch(() => {});
      const finishedAt = now();
      const cause = stringifyError(error);
      // The database may be what failed (a restart): recording the failure is retried for a
      // while, so that the scan is recorded with its cause rather than, at the next run, as
      // interrupted. One line says both what failed and whether it was recorded.
      const unrecorded = await retried(
        () => store.failScan(scanId, finishedAt, cause),
        this.options.recordRetryDelaysMs ?? RECORD_RETRY_DELAYS_MS,
        signal,
      );
      logger.error(
        'scan failed; earlier assessments are kept and the next run retries',
        {
          scanId,
          entities,
          cause,
          ...(unrecorded !== undefined && {
            recorded: false,
            recordError: unrecorded,
          }),
        },
      );
      return {
        scanId,
        status: 'failed',
        entities,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        error: cause,
      };
    }
  }
}
