import { SignalName, Signals } from './types';

/** The signals the rules read, whose coverage the overview reports. @public */
export const COVERAGE_SIGNALS = [
  'activeUsers',
  'uptimeSla',
  'platform',
  'monthlyBudgetUsd',
  'measuredUptime',
  'serviceCount',
  'teamK8sExpertise',
  'multiRegionRequired',
  'regions',
  'deploymentStrategy',
  'serviceMesh',
  'constraints',
  'practices',
] as const satisfies readonly SignalName[];

/** @public */
export type CoverageSignal = (typeof COVERAGE_SIGNALS)[number];

/** Where each known signal of one service came from; unknown signals are left out. @public */
export type SignalSources = Partial<Record<CoverageSignal, string>>;

/** How many listed services have a value for one signal, by source, and how many do not. @public */
export interface SignalCoverage {
  known: number;
  unknown: number;
  bySource: Record<string, number>;
}

/**
 * A provider module the backend has: a metrics provider (measured values) or an evidence
 * provider (facts from repositories and the like), and whether it is configured. A module that
 * is installed but lacks its configuration says which key it waits for.
 *
 * @public
 */
export interface InstalledProvider {
  id: string;
  kind: 'metrics' | 'evidence';
  configured: boolean;
  /** The app-config key an unconfigured provider waits for. */
  configKey?: string;
  /** How far a provider that gathers on a schedule of its own has got, when it says. */
  progress?: ProviderProgress;
}

/**
 * How far a provider that gathers its evidence on a schedule of its own has got: the
 * repository module's `38 of 60 repositories read`, and what it waits for when it waits (an
 * SCM's rate limit, until its reset).
 *
 * @public
 */
export interface ProviderProgress {
  done: number;
  total: number;
  /** What is counted, plural: `repositories`. */
  unit: string;
  /** What it waits for before going on (`the rate limit of github.com`), when it waits. */
  waitingFor?: string;
  /** Until when (ISO 8601), when it waits. */
  waitingUntil?: string;
  /** When the provider last said (ISO 8601). */
  updatedAt: string;
}

/**
 * `coverage` of `GET /overview`: for each signal the rules read, over the listed services; and
 * the providers installed, so that the hints say what to do rather than what to install.
 *
 * @public
 */
export interface OverviewCoverage {
  services: number;
  signals: Record<CoverageSignal, SignalCoverage>;
  providers: InstalledProvider[];
}

/** The sources of a service's known signals. @public */
export function signalSourcesOf(signals: Signals): SignalSources {
  const sources: SignalSources = {};
  for (const name of COVERAGE_SIGNALS) {
    const signal = signals[name];
    if (signal.value !== null && signal.source !== null)
      sources[name] = signal.source;
  }
  return sources;
}

/** Coverage over services, from the sources of each one's known signals. @public */
export function coverageOf(
  services: readonly SignalSources[],
  providers: readonly InstalledProvider[] = [],
): OverviewCoverage {
  const signals = {} as Record<CoverageSignal, SignalCoverage>;
  for (const name of COVERAGE_SIGNALS) {
    signals[name] = { known: 0, unknown: 0, bySource: {} };
  }
  for (const sources of services) {
    for (const name of COVERAGE_SIGNALS) {
      const source = sources[name];
      const entry = signals[name];
      if (source === undefined) {
        entry.unknown += 1;
      } else {
        entry.known += 1;
        entry.bySource[source] = (entry.bySource[source] ?? 0) + 1;
      }
    }
  }
  return { services: services.length, signals, providers: [...providers] };
}
