import { Config } from '@backstage/config';

/** `scaling.notifications`: what the owners of services are told after each scan. */
export interface NotificationsConfig {
  /** Off unless `scaling.notifications.enabled: true`. */
  enabled: boolean;
  /** A forecast crossing the next tier within this many days notifies. Default 30. */
  horizonDays: number;
}

export const DEFAULT_HORIZON_DAYS = 30;
const MAX_HORIZON_DAYS = 3650;

/**
 * Reads `scaling.notifications`. A value of the wrong type or out of range throws an error
 * naming the key and the value, which fails the plugin's startup.
 */
export function readNotificationsConfig(
  config: Config | undefined,
): NotificationsConfig {
  const section = config?.getOptionalConfig('notifications');
  if (!section) return { enabled: false, horizonDays: DEFAULT_HORIZON_DAYS };

  const enabledRaw = section.getOptional('enabled');
  if (enabledRaw !== undefined && typeof enabledRaw !== 'boolean') {
    throw new Error(
      `Invalid config scaling.notifications.enabled: expected true or false, got ${JSON.stringify(enabledRaw)}`,
    );
  }

  let horizonDays = DEFAULT_HORIZON_DAYS;
  const horizonRaw = section.getOptional('horizonDays');
  if (horizonRaw !== undefined) {
    const value =
      typeof horizonRaw === 'string' && /^\d+$/.test(horizonRaw.trim())
        ? Number(horizonRaw)
        : horizonRaw;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 1 ||
      value > MAX_HORIZON_DAYS
    ) {
      throw new Error(
        `Invalid config scaling.notifications.horizonDays: expected a whole number of days from 1 to ${MAX_HORIZON_DAYS}, got ${JSON.stringify(horizonRaw)}`,
      );
    }
    horizonDays = value;
  }
  return { enabled: enabledRaw === true, horizonDays };
}
