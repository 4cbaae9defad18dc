import {
  AuditorService,
  DatabaseService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import { scalingPermissions } from '@scaling-advisor/backstage-plugin-scaling-common';
import { OrgScanner } from '../tasks/OrgScanner';
import { ScanRuns } from './ScanRuns';
import { ScanTrigger, createScanRunner } from './ScanTrigger';

export { ScanRuns } from './ScanRuns';
export type { ScanStatus } from './ScanRuns';
export { ScanTrigger, createScanRunner } from './ScanTrigger';

function toMs(duration: SchedulerServiceTaskScheduleDefinition['timeout']) {
  const luxon = duration as { toMillis?: () => number };
  return typeof luxon.toMillis === 'function'
    ? luxon.toMillis()
    : durationToMilliseconds(duration as HumanDuration);
}

/** A scan aborted at its timeout stops between pages: a minute's grace after it. */
const ABORT_GRACE_MS = 60_000;
/** A triggered run starts within seconds on any replica that is up, after its initial delay. */
const PENDING_WINDOW_MS = 2 * 60_000;

/**
 * "Scan now", wired: registers the `scaling.scan.create` permission, and returns the request
 * side (for the router) and the run side (for the scheduled task).
 */
export async function createScans(options: {
  taskId: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  scanner: Pick<OrgScanner, 'run'>;
  database: DatabaseService;
  scheduler: Pick<SchedulerService, 'triggerTask'>;
  permissions: Pick<PermissionsService, 'authorize'>;
  permissionsRegistry: Pick<PermissionsRegistryService, 'addPermissions'>;
  auditor: AuditorService;
  logger: LoggerService;
}) {
  const { schedule, auditor } = options;
  options.permissionsRegistry.addPermissions(scalingPermissions);
  const runs = new ScanRuns(await options.database.getClient(), {
    runningWindowMs: toMs(schedule.timeout) + ABORT_GRACE_MS,
    pendingWindowMs:
      (schedule.initialDelay ? toMs(schedule.initialDelay) : 0) +
      PENDING_WINDOW_MS,
  });
  const trigger = new ScanTrigger({
    runs,
    taskId: options.taskId,
    scheduler: options.scheduler,
    permissions: options.permissions,
    auditor,
    logger: options.logger,
  });
  const runScan = createScanRunner({ scanner: options.scanner, runs, auditor });
  return { runs, trigger, runScan };
}
