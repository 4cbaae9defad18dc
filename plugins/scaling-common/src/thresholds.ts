import { TierId } from './tiers';

/** The tiers above the lowest, which is where every threshold starts. @public */
export type UpperTierId = Exclude<TierId, 'single-vps'>;

/** Per-tier numbers for the three tiers above `single-vps`. @public */
export type TierNumbers = Record<UpperTierId, number>;

/**
 * The numbers every rule reads. Defaults are the scaling guide's decision matrix; app-config can
 * override each under `scaling.thresholds` and `scaling.kubernetesGate`.
 *
 * @public
 */
export interface ScalingThresholds {
  /** Active users from which a tier is demanded (inclusive): users \>= value. */
  users: TierNumbers;
  /** Uptime SLA percentage from which a tier is demanded (inclusive). */
  sla: TierNumbers;
  /** The lowest monthly budget in USD that can run a tier (its floor; single-vps is $0). */
  budgetFloorUsd: TierNumbers;
  kubernetesGate: {
    /** How many of the seven criteria must hold before Kubernetes is recommended. */
    minCriteria: number;
    /** Services in the system from which `microservices` holds. */
    microservicesMinServices: number;
  };
}

/**
 * The tier a value demands: the highest tier whose start it reaches (users or SLA), else
 * `single-vps`. The one place a number becomes a tier.
 *
 * @public
 */
export function tierReachedBy(value: number, starts: TierNumbers): TierId {
  if (value >= starts.enterprise) return 'enterprise';
  if (value >= starts.kubernetes) return 'kubernetes';
  if (value >= starts['managed-cloud']) return 'managed-cloud';
  return 'single-vps';
}

/** @public */
export const DEFAULT_THRESHOLDS: ScalingThresholds = Object.freeze({
  // "< 1k" is single VPS, "1k-10k" managed cloud, "10k-50k" Kubernetes, ">50k" enterprise.
  users: { 'managed-cloud': 1000, kubernetes: 10001, enterprise: 50001 },
  sla: { 'managed-cloud': 99, kubernetes: 99.9, enterprise: 99.95 },
  budgetFloorUsd: { 'managed-cloud': 200, kubernetes: 1000, enterprise: 5000 },
  kubernetesGate: { minCriteria: 3, microservicesMinServices: 5 },
}) as ScalingThresholds;

/**
 * The shape of the `scaling` app-config section that concerns thresholds, as plain data
 * (the backend reads it with `config.getOptional('scaling')`).
 *
 * @public
 */
export interface ThresholdsConfig {
  thresholds?: {
    users?: Partial<Record<ConfigTierKey, unknown>>;
    sla?: Partial<Record<ConfigTierKey, unknown>>;
    budgetFloorUsd?: Partial<Record<ConfigTierKey, unknown>>;
  };
  kubernetesGate?: {
    minCriteria?: unknown;
    microservicesMinServices?: unknown;
  };
}

/** Config keys are camelCase; tier ids are kebab-case. @public */
export type ConfigTierKey = 'managedCloud' | 'kubernetes' | 'enterprise';

const CONFIG_TIER_KEYS: ReadonlyArray<[ConfigTierKey, UpperTierId]> = [
  ['managedCloud', 'managed-cloud'],
  ['kubernetes', 'kubernetes'],
  ['enterprise', 'enterprise'],
];

/** Thrown by {@link resolveThresholds}; the message names the config key and value. @public */
export class InvalidThresholdsError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(`Invalid config ${key}: ${message}`);
    this.name = 'InvalidThresholdsError';
    this.key = key;
  }
}

function readNumber(
  key: string,
  value: unknown,
  fallback: number,
  check: (n: number) => string | undefined,
): number {
  if (value === undefined || value === null) {
    return fallback;
  }
  const n =
    typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new InvalidThresholdsError(
      key,
      `expected a number, got ${JSON.stringify(value)}`,
    );
  }
  const problem = check(n);
  if (problem) {
    throw new InvalidThresholdsError(key, `${problem}, got ${n}`);
  }
  return n;
}

function readTierNumbers(
  section: 'users' | 'sla' | 'budgetFloorUsd',
  raw: Partial<Record<ConfigTierKey, unknown>> | undefined,
  check: (n: number) => string | undefined,
): TierNumbers {
  const result = { ...DEFAULT_THRESHOLDS[section] };
  let previous: { key: string; value: number } | undefined;
  for (const [configKey, tier] of CONFIG_TIER_KEYS) {
    const key = `scaling.thresholds.${section}.${configKey}`;
    result[tier] = readNumber(key, raw?.[configKey], result[tier], check);
    if (previous && result[tier] <= previous.value) {
      throw new InvalidThresholdsError(
        key,
        `must be greater than ${previous.key} (${previous.value}) so that tiers stay in order, got ${result[tier]}`,
      );
    }
    previous = { key, value: result[tier] };
  }
  return result;
}

const nonNegative = (n: number) =>
  n < 0 ? 'expected a number of at least 0' : undefined;
const wholeNonNegative = (n: number) =>
  !Number.isInteger(n) || n < 0
    ? 'expected a whole number of at least 0'
    : undefined;
const percentage = (n: number) =>
  n <= 0 || n > 100
    ? 'expected a percentage above 0 and at most 100'
    : undefined;
const criteriaCount = (n: number) =>
  !Number.isInteger(n) || n < 0 || n > 7
    ? 'expected a whole number from 0 to 7'
    : undefined;
const positiveWhole = (n: number) =>
  !Number.isInteger(n) || n < 1
    ? 'expected a whole number of at least 1'
    : undefined;

/**
 * Merges app-config overrides over the defaults. Throws {@link InvalidThresholdsError} naming
 * the key when a value is not a number, is out of range, or breaks the tier order.
 *
 * @public
 */
export function resolveThresholds(
  config?: ThresholdsConfig | null,
): ScalingThresholds {
  if (!config) {
    return DEFAULT_THRESHOLDS;
  }
  return {
    users: readTierNumbers('users', config.thresholds?.users, wholeNonNegative),
    sla: readTierNumbers('sla', config.thresholds?.sla, percentage),
    budgetFloorUsd: readTierNumbers(
      'budgetFloorUsd',
      config.thresholds?.budgetFloorUsd,
      nonNegative,
    ),
    kubernetesGate: {
      minCriteria: readNumber(
        'scaling.kubernetesGate.minCriteria',
        config.kubernetesGate?.minCriteria,
        DEFAULT_THRESHOLDS.kubernetesGate.minCriteria,
        criteriaCount,
      ),
      microservicesMinServices: readNumber(
        'scaling.kubernetesGate.microservicesMinServices',
        config.kubernetesGate?.microservicesMinServices,
        DEFAULT_THRESHOLDS.kubernetesGate.microservicesMinServices,
        positiveWhole,
      ),
    },
  };
}

/** The budget floor of any tier, single-vps included ($0). @public */
export function budgetFloor(
  thresholds: ScalingThresholds,
  tier: TierId,
): number {
  return tier === 'single-vps' ? 0 : thresholds.budgetFloorUsd[tier];
}
