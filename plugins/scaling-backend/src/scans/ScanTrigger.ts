import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scalingScanCreatePermission } from '@scaling-advisor/backstage-plugin-scaling-common';
import { Request } from 'express';
import { BeginScan, OrgScanner, ScanSummary } from '../tasks/OrgScanner';
import { BusyScan, ScanRuns, ScanStatus } from './ScanRuns';

function conflictMessage(busy: BusyScan): string {
  return busy.status === 'running'
    ? `A scan is already running (scan ${busy.scanId}, started ${busy.startedAt}); try again when it has finished.`
    : `A scan was already requested (scan ${busy.scanId}, at ${busy.startedAt}) and starts shortly; try again when it has finished.`;
}

/**
 * "Scan now": authorizes the caller with `scaling.scan.create`, claims the scan's row, and
 * triggers the scheduled scan task, which runs on whichever replica takes it and adopts the
 * claimed row. Every request is one `scan-trigger` audit event: started, conflict or denied.
 */
export class ScanTrigger {
  constructor(
    private readonly options: {
      runs: ScanRuns;
      /** The id of the scheduled task that runs the org-wide scan. */
      taskId: string;
      scheduler: Pick<SchedulerService, 'triggerTask'>;
      permissions: Pick<PermissionsService, 'authorize'>;
      auditor: AuditorService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Starts a scan now; rejects with NotAllowedError (403) or ConflictError (409). */
  async start(
    credentials: BackstageCredentials,
    request?: Request,
  ): Promise<{ scanId: string }> {
    const { runs, scheduler, permissions, auditor, logger } = this.options;
    const event = await auditor.createEvent({
      eventId: 'scan-trigger',
      severityLevel: 'medium',
      request,
    });
    const [decision] = await permissions.authorize(
      [{ permission: scalingScanCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const error = new NotAllowedError(
        `Not allowed to start a scan: the permission ${scalingScanCreatePermission.name} was denied`,
      );
      await event.fail({ error, meta: { outcome: 'denied' } });
      throw error;
    }

    const now = this.options.now?.() ?? new Date();
    const claimed = await runs.claim(now);
    if ('conflict' in claimed) {
      const error = new ConflictError(conflictMessage(claimed.conflict));
      await event.fail({
        error,
        meta: { outcome: 'conflict', runningScanId: claimed.conflict.scanId },
      });
      throw error;
    }

    const { scanId } = claimed;
    try {
      await scheduler.triggerTask(this.options.taskId);
    } catch (error) {
      // The claim goes back unless a run adopted it meanwhile (a scheduled run that started
      // between the claim and the trigger): then this request's scan is running after all.
      const released = await runs.release(scanId);
      if (released) {
        const isConflict = (error as Error)?.name === 'ConflictError';
        const failure = isConflict
          ? new ConflictError(
              'A scan is already running (the scheduler holds its lock); try again when it has finished.',
            )
          : (error as Error);
        await event.fail({
          error: failure,
          meta: { outcome: isConflict ? 'conflict' : 'error' },
        });
        if (!isConflict) {
          logger.error('could not trigger the scan task', {
            cause: String(error),
          });
        }
        throw failure;
      }
    }
    await event.success({ meta: { outcome: 'started', scanId } });
    return { scanId };
  }

  /**
   * A scan's row, for a caller that may start scans to follow one. Others get NotAllowedError:
   * a scan's entity count covers the whole catalog, which not every user may see.
   */
  async get(
    credentials: BackstageCredentials,
    scanId: string,
  ): Promise<ScanStatus | undefined> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission: scalingScanCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to follow scans: the permission ${scalingScanCreatePermission.name} was denied`,
      );
    }
    return this.options.runs.get(scanId);
  }
}

/**
 * One run of the org scan as the scheduled task makes it: adopting the row a request claimed,
 * if any, and as one `scan` audit event with the entities count and the duration.
 */
export function createScanRunner(options: {
  scanner: Pick<OrgScanner, 'run'>;
  runs: ScanRuns;
  auditor: AuditorService;
}): (signal?: AbortSignal) => Promise<ScanSummary> {
  const { scanner, runs, auditor } = options;
  const begin: BeginScan = at => runs.begin(at);
  return async signal => {
    const event = await auditor.createEvent({
      eventId: 'scan',
      severityLevel: 'low',
    });
    let summary: ScanSummary;
    try {
      summary = await scanner.run(signal, { begin });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    const meta = {
      scanId: summary.scanId,
      entities: summary.entities,
      durationMs: summary.durationMs,
    };
    if (summary.status === 'completed') {
      await event.success({ meta });
    } else {
      await event.fail({
        meta,
        error: new Error(summary.error ?? 'the scan failed'),
      });
    }
    return summary;
  };
}
