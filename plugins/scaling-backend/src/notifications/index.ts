export { readNotificationsConfig } from './config';
export type { NotificationsConfig } from './config';
export { createScanNotifier } from './createScanNotifier';
export type { NotifySummary, ScanNotifier } from './ScanNotifier';
