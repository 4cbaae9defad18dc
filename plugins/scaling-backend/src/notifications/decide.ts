import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  Finding,
  OverviewItem,
  PRACTICES,
  PracticeId,
  TIERS,
  TierId,
  UsersForecast,
  formatNumber,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/** The changes of a service its owner is told about. */
export type ChangeKind =
  'under-provisioned' | 'sla-breach' | 'forecast' | 'practices';

export const CHANGE_KINDS: readonly ChangeKind[] = [
  'sla-breach',
  'under-provisioned',
  'forecast',
  'practices',
];

/**
 * A condition that holds for a service at the latest scan. `value` tells one occurrence of
 * a kind from another (the tier a forecast crosses into, the practices not followed, by id,
 * comma-separated); '' when the kind has none.
 */
export interface Condition {
  kind: ChangeKind;
  value: string;
  /** For `practices`: those that started failing since the owner was last told. */
  started?: string[];
}

/** The last notified state of one service: the value notified per kind still holding. */
export type NotifiedState = ReadonlyMap<ChangeKind, string>;

/** What to do for one service. */
export interface Decision {
  /** Conditions to notify of, and to record as notified. */
  notify: Condition[];
  /** Conditions to record without notifying (fewer practices failing than notified). */
  update: Condition[];
  /** Kinds recorded as notified that no longer hold: their record is removed. */
  reset: ChangeKind[];
}

/** The payload the notifications service sends. */
export type NotificationPayload = NotificationSendOptions['payload'];

const DAY_MS = 86_400_000;

/** The conditions that hold for a service at the latest scan. */
export function conditionsOf(
  item: Pick<OverviewItem, 'status' | 'findings'> &
    Partial<Pick<OverviewItem, 'practices'>>,
  forecast: UsersForecast | null,
  options: { now: Date; horizonDays: number },
): Condition[] {
  const conditions: Condition[] = [];
  if (item.findings.some(f => f.id === 'sla-breach')) {
    conditions.push({ kind: 'sla-breach', value: '' });
  }
  if (item.status === 'under-provisioned') {
    conditions.push({ kind: 'under-provisioned', value: '' });
  }
  if (forecastCrossesWithin(forecast, options)) {
    conditions.push({ kind: 'forecast', value: forecast!.nextTier! });
  }
  const failing = [...(item.practices?.failed ?? [])].sort();
  if (failing.length > 0) {
    conditions.push({ kind: 'practices', value: failing.join(',') });
  }
  return conditions;
}

function idsOf(value: string | undefined): string[] {
  return value ? value.split(',') : [];
}

/** Whether the users forecast reaches the next tier up within the horizon. */
export function forecastCrossesWithin(
  forecast: UsersForecast | null,
  { now, horizonDays }: { now: Date; horizonDays: number },
): boolean {
  if (!forecast?.crossesOn || !forecast.nextTier) return false;
  const crossesAt = Date.parse(`${forecast.crossesOn}T00:00:00Z`);
  return (
    Number.isFinite(crossesAt) &&
    crossesAt <= now.getTime() + horizonDays * DAY_MS
  );
}

/**
 * Compares the conditions holding now with the last notified state: a condition not
 * notified yet (or notified with another value) notifies; a notified one that no longer
 * holds is reset, so that a later recurrence notifies again.
 */
export function decide(
  current: readonly Condition[],
  notified: NotifiedState,
): Decision {
  const notify: Condition[] = [];
  const update: Condition[] = [];
  for (const condition of current) {
    const before = notified.get(condition.kind);
    if (before === condition.value) continue;
    if (condition.kind !== 'practices') {
      notify.push(condition);
      continue;
    }
    // Practices: told when one starts failing; one fixed is only recorded, so that its
    // failing again is told again.
    const told = new Set(idsOf(before));
    const started = idsOf(condition.value).filter(id => !told.has(id));
    if (started.length > 0) notify.push({ ...condition, started });
    else update.push(condition);
  }
  const holding = new Set(current.map(c => c.kind));
  const reset = [...notified.keys()].filter(kind => !holding.has(kind));
  return { notify, update, reset };
}

/** The scope the notifications backend dedupes on: one per service and change. */
export function scopeOf(entityRef: string, condition: Condition): string {
  const value =
    condition.kind === 'practices'
      ? (condition.started ?? []).join(',')
      : condition.value;
  return `scaling:${entityRef}:${condition.kind}${value ? `:${value}` : ''}`;
}

/** The service's Scaling tab in the catalog. */
export function scalingTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(
    namespace.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(kind.toLocaleLowerCase('en-US'))}/${encodeURIComponent(
    name,
  )}/scaling`;
}

function tierName(tier: TierId | null): string {
  return tier ? TIERS[tier].shortName : 'an unknown tier';
}

const SEVERITIES: Record<ChangeKind, NotificationPayload['severity']> = {
  'sla-breach': 'critical',
  'under-provisioned': 'high',
  forecast: 'normal',
  practices: 'normal',
};

function practiceLabel(id: string): string {
  return PRACTICES[id as PracticeId]?.label ?? id;
}

/** What the owner reads: title, description, link, topic, severity and scope. */
export function payloadOf(
  item: Pick<
    OverviewItem,
    | 'entityRef'
    | 'name'
    | 'currentTier'
    | 'recommendedTier'
    | 'activeUsers'
    | 'findings'
  >,
  condition: Condition,
  forecast: UsersForecast | null,
  horizonDays: number,
): NotificationPayload {
  const base = {
    link: scalingTabLink(item.entityRef),
    topic: 'scaling',
    severity: SEVERITIES[condition.kind],
    scope: scopeOf(item.entityRef, condition),
  };
  switch (condition.kind) {
    case 'practices': {
      const started = condition.started ?? idsOf(condition.value);
      const all = idsOf(condition.value);
      const others = all.length - started.length;
      return {
        ...base,
        title: `${item.name} no longer follows ${started.length === 1 ? 'a practice' : `${started.length} practices`} on ${tierName(item.currentTier)}: ${started.map(practiceLabel).join(', ')}`,
        description: `${item.name} does not follow ${started
          .map(practiceLabel)
          .join(', ')}${
          others > 0
            ? ` (and ${others} other practice${others === 1 ? '' : 's'} already reported)`
            : ''
        }: the scaling guide's best practices for ${tierName(
          item.currentTier,
        )}. Open the Scaling tab for how to fix each.`,
      };
    }
    case 'sla-breach': {
      const finding = item.findings.find((f: Finding) => f.id === 'sla-breach');
      return {
        ...base,
        title: `${item.name} is breaching its uptime SLA`,
        description: `${finding?.message ?? 'Measured uptime is below the SLA.'} Open the Scaling tab for the tier its SLA demands.`,
      };
    }
    case 'under-provisioned': {
      const users =
        item.activeUsers !== null
          ? ` for ${formatNumber(item.activeUsers)} active users`
          : '';
      return {
        ...base,
        title: `${item.name} is under-provisioned: ${tierName(item.recommendedTier)} recommended`,
        description: `${item.name} runs on ${tierName(item.currentTier)}; the Scaling Advisor recommends ${tierName(
          item.recommendedTier,
        )}${users}. Open the Scaling tab for the readiness checklist and migration path.`,
      };
    }
    case 'forecast':
    default: {
      const tier = condition.value as TierId;
      const threshold =
        forecast?.threshold !== null && forecast?.threshold !== undefined
          ? formatNumber(forecast.threshold)
          : 'its threshold';
      const perDay =
        forecast !== null
          ? ` (+${formatNumber(forecast.usersPerDay)} a day)`
          : '';
      return {
        ...base,
        title: `${item.name} is forecast to need ${tierName(tier)} by ${forecast?.crossesOn ?? 'soon'}`,
        description: `At the current growth${perDay}, active users of ${item.name} are forecast to reach ${threshold}, the ${tierName(
          tier,
        )} threshold, on ${forecast?.crossesOn ?? 'an unknown date'}: within the next ${horizonDays} days. Open the Scaling tab to plan the move.`,
      };
    }
  }
}
