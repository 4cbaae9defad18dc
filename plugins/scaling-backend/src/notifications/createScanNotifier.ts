import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ScalingThresholds } from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingStore } from '../database/ScalingStore';
import { NotificationsConfig } from './config';
import { NotificationStateStore } from './NotificationStateStore';
import { ScanNotifier } from './ScanNotifier';

/**
 * The notifier the scheduled scan calls after each complete scan. Its table comes with the
 * plugin's migrations, which the scaling store has run by the time this is called.
 */
export async function createScanNotifier(options: {
  database: DatabaseService;
  store: ScalingStore;
  notifications: NotificationService;
  logger: LoggerService;
  thresholds: ScalingThresholds;
  config: NotificationsConfig;
  retentionDays: number;
}): Promise<ScanNotifier> {
  return new ScanNotifier({
    ...options,
    state: new NotificationStateStore(await options.database.getClient()),
  });
}
