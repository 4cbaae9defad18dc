import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  OverviewItem,
  ScalingThresholds,
  UsersForecast,
  forecastUsers,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingStore } from '../database/ScalingStore';
import { NotificationsConfig } from './config';
import { conditionsOf, decide, payloadOf } from './decide';
import { NotificationStateStore } from './NotificationStateStore';

/** Latest rows read per batch. */
const BATCH = 200;
/** Histories read at once for the forecasts. */
const HISTORY_CONCURRENCY = 4;
/** The forecast reads as much history as the history view does by default. */
const FORECAST_WINDOW_DAYS = 90;

/** What one run after a scan did. */
export interface NotifySummary {
  sent: number;
  reset: number;
  failed: number;
}

async function mapLimited<T, U>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<U>,
): Promise<U[]> {
  const results = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * After each complete scan, tells each service's owner (the owner entity ref stored with the
 * latest assessment: a group or a user) what changed: the service became under-provisioned,
 * breaches its SLA, its users forecast crosses the next tier within the horizon, or it no
 * longer follows one of its tier's practices (docs/rules.md #practices). Each
 * change is sent once: the decision and the notified state it records are made in one
 * transaction per service (the notification is sent after its commit, and its record undone
 * if sending fails), and a condition that clears resets the state.
 */
export class ScanNotifier {
  constructor(
    private readonly options: {
      store: ScalingStore;
      state: NotificationStateStore;
      notifications: NotificationService;
      logger: LoggerService;
      thresholds: ScalingThresholds;
      config: NotificationsConfig;
      retentionDays: number;
      now?: () => Date;
    },
  ) {}

  private async forecastOf(
    item: OverviewItem,
    now: Date,
  ): Promise<UsersForecast | null> {
    // Without a user count now the forecast has nothing to start from.
    if (item.activeUsers === null) return null;
    const days = Math.min(FORECAST_WINDOW_DAYS, this.options.retentionDays);
    const history = await this.options.store.history(
      item.entityRef,
      new Date(now.getTime() - days * 86_400_000),
    );
    return forecastUsers(history, this.options.thresholds);
  }

  /** Runs once after a complete scan; a no-op unless `scaling.notifications.enabled`. */
  async notifyAfterScan(): Promise<NotifySummary> {
    const summary: NotifySummary = { sent: 0, reset: 0, failed: 0 };
    const { config, store, state, logger } = this.options;
    if (!config.enabled) return summary;
    const now = this.options.now?.() ?? new Date();
    const keys = await store.listLatestKeys();
    const seen = new Set(keys.map(k => k.entityRef));

    for (let i = 0; i < keys.length; i += BATCH) {
      const refs = keys.slice(i, i + BATCH).map(k => k.entityRef);
      const [items, notified] = await Promise.all([
        store.getLatestItems(refs),
        state.read(refs),
      ]);
      const withOwner = items.filter(item => item.owner);
      const forecasts = await mapLimited(withOwner, HISTORY_CONCURRENCY, item =>
        this.forecastOf(item, now),
      );
      for (const [index, item] of withOwner.entries()) {
        const forecast = forecasts[index];
        const conditions = conditionsOf(item, forecast, {
          now,
          horizonDays: config.horizonDays,
        });
        // Most services have nothing new: only those are locked and written.
        const first = decide(
          conditions,
          notified.get(item.entityRef) ?? new Map(),
        );
        if (
          first.notify.length === 0 &&
          first.update.length === 0 &&
          first.reset.length === 0
        )
          continue;
        let recorded: Awaited<ReturnType<typeof state.decideAndRecord>>;
        try {
          // Decided again on the locked state: what another run recorded meanwhile counts.
          recorded = await state.decideAndRecord(
            item.entityRef,
            locked => decide(conditions, locked),
            now,
          );
        } catch (error) {
          summary.failed += 1;
          logger.warn(
            `could not record the notification state of ${item.entityRef}; the next scan retries`,
            { cause: stringifyError(error) },
          );
          continue;
        }
        summary.reset += recorded.decision.reset.length;
        for (const condition of recorded.decision.notify) {
          try {
            await this.options.notifications.send({
              recipients: { type: 'entity', entityRef: item.owner! },
              payload: payloadOf(item, condition, forecast, config.horizonDays),
            });
            summary.sent += 1;
          } catch (error) {
            // Not sent: its record is undone, and the next scan tries again.
            summary.failed += 1;
            await state
              .release(
                item.entityRef,
                condition,
                recorded.previous.get(condition.kind),
              )
              .catch(() => {});
            logger.warn(
              `could not notify the owner of ${item.entityRef}; the next scan retries`,
              { owner: item.owner!, cause: stringifyError(error) },
            );
          }
        }
      }
    }
    await state.retainOnly(seen);
    logger.info('scan notifications sent', { ...summary });
    return summary;
  }
}
