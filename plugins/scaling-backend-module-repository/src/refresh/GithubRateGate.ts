import {
  GateClock,
  GateWait,
  RequestGate,
  SYSTEM_CLOCK,
  backoffMs,
  waitForRoom,
} from './RequestGate';

/** GitHub's answer to `GET /rate_limit` (`resources.core`), which costs no request. */
export interface GithubAllowance {
  limit: number;
  remaining: number;
  /** When the window ends, epoch ms. */
  resetAt: number;
}

/**
 * Asks GitHub for the credential's allowance: `'unlimited'` where the host has no rate limit
 * (GitHub Enterprise Server with it turned off), undefined when it cannot tell.
 */
export type AllowanceProbe = () => Promise<
  GithubAllowance | 'unlimited' | undefined
>;

/** Probe again after this long, or after this share of the limit spent since the last probe. */
const PROBE_EVERY_MS = 5_000;
const PROBE_EVERY_SHARE = 0.05;
/** The part of the allowance the module never takes (unless its share is all of it). */
const FLOOR_SHARE = 0.1;
/**
 * Resume this long after the reset GitHub names, for clocks that disagree: a second, or a
 * fiftieth of a window shorter than GitHub's hour.
 */
function resetMargin(w: Window): number {
  return Math.min(1_000, (w.allowance.resetAt - w.seenFrom) / 50);
}

interface Window {
  allowance: GithubAllowance;
  /** Requests counted since the probe (ours only: the catalog's show at the next probe). */
  spentSinceProbe: number;
  /** Our requests in this window, and since when we have seen it. */
  ownSpent: number;
  seenFrom: number;
}

/**
 * A GitHub credential's gate: the module spends at most `share` of the allowance in a window,
 * so the rest (`1 - share`) stays for the catalog and everyone else on the same credential,
 * and it never takes the last tenth of what remains (should its own count be short: another
 * replica, a restart); it spreads its share over the window (a tenth at once, the rest as the
 * window passes) instead of spending it in a burst; after a refusal it waits for the reset
 * GitHub names (the allowance is spent) or backs off (a secondary limit: a minute, doubling).
 */
export class GithubRateGate implements RequestGate {
  private window?: Window;
  private unlimited = false;
  private lastProbeAt = -Infinity;
  private probing?: Promise<void>;
  private pausedUntil = 0;
  private pauseReason = '';
  private refusalsInARow = 0;

  constructor(
    readonly name: string,
    private readonly share: number,
    private readonly probe: AllowanceProbe,
    private readonly clock: GateClock = SYSTEM_CLOCK,
  ) {}

  private async refreshAllowance(force = false): Promise<void> {
    const now = this.clock.now();
    const w = this.window;
    // Asked again every few seconds whatever the last answer (a host may turn its limit on,
    // a failed probe may succeed), and sooner as the window ends or the allowance is spent.
    const stale =
      now - this.lastProbeAt >= PROBE_EVERY_MS ||
      (w !== undefined &&
        (now >= w.allowance.resetAt ||
          w.spentSinceProbe >=
            Math.max(1, w.allowance.limit * PROBE_EVERY_SHARE)));
    if (!force && !stale) return;
    this.lastProbeAt = now;
    this.probing ??= this.probe()
      .then(answer => this.apply(answer))
      .catch(() => undefined)
      .finally(() => {
        this.probing = undefined;
      });
    await this.probing;
  }

  private apply(answer: GithubAllowance | 'unlimited' | undefined): void {
    const now = this.clock.now();
    if (answer === 'unlimited') {
      this.unlimited = true;
      this.window = undefined;
      return;
    }
    this.unlimited = false;
    if (!answer) return;
    const previous = this.window;
    const sameWindow =
      previous !== undefined &&
      Math.abs(previous.allowance.resetAt - answer.resetAt) < 1_000;
    this.window = {
      allowance: answer,
      spentSinceProbe: 0,
      ownSpent: sameWindow ? previous.ownSpent : 0,
      seenFrom: sameWindow ? previous.seenFrom : now,
    };
  }

  /** How long until `cost` requests may be made; 0 now. */
  private waitFor(cost: number, now: number): number {
    const w = this.window;
    if (this.unlimited || !w) return 0;
    const { limit, remaining, resetAt } = w.allowance;
    const untilReset = Math.max(0, resetAt - now) + resetMargin(w);
    const ownShare = Math.max(1, Math.floor(this.share * limit));
    const need = Math.min(cost, ownShare);
    // Within its share, the rest of the allowance is left to the others whatever they spend.
    if (w.ownSpent + need > ownShare) return untilReset;
    // And never the last of it: what another replica or a restart spent is not in ownSpent.
    const floor = Math.min(Math.ceil(limit * FLOOR_SHARE), limit - ownShare);
    if (remaining - w.spentSinceProbe - need < floor) return untilReset;
    // Spread: a tenth of the share at once, the rest in proportion to the window gone by.
    const span = Math.max(1, resetAt - w.seenFrom);
    const burst = Math.max(need, Math.ceil(ownShare / 10));
    const allowed =
      burst + ((ownShare - burst) * Math.max(0, now - w.seenFrom)) / span;
    if (w.ownSpent + need <= allowed) return 0;
    const at =
      w.seenFrom + ((w.ownSpent + need - burst) * span) / (ownShare - burst);
    return Math.max(1, Math.ceil(at - now));
  }

  acquire(
    cost: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<boolean> {
    return waitForRoom(
      this.clock,
      deadline,
      signal,
      async () => {
        const paused = this.pausedUntil - this.clock.now();
        if (paused > 0) return paused;
        await this.refreshAllowance();
        return this.waitFor(cost, this.clock.now());
      },
      () => this.charge(cost),
    );
  }

  charge(cost: number): void {
    if (!this.window) return;
    this.window.spentSinceProbe += cost;
    this.window.ownSpent += cost;
  }

  async refused(): Promise<GateWait> {
    await this.refreshAllowance(true);
    const now = this.clock.now();
    const w = this.window;
    if (w && w.allowance.remaining <= 0) {
      this.pausedUntil = w.allowance.resetAt + resetMargin(w);
      this.pauseReason = `the rate limit of ${this.name}`;
    } else {
      this.pausedUntil = now + backoffMs(this.refusalsInARow);
      this.pauseReason = `the secondary rate limit of ${this.name}`;
    }
    this.refusalsInARow += 1;
    return { until: this.pausedUntil, reason: this.pauseReason };
  }

  succeeded(): void {
    this.refusalsInARow = 0;
  }

  waiting(): GateWait | undefined {
    const now = this.clock.now();
    if (this.pausedUntil > now) {
      return { until: this.pausedUntil, reason: this.pauseReason };
    }
    const w = this.window;
    if (!w || this.unlimited) return undefined;
    const wait = this.waitFor(1, now);
    return wait >= PROBE_EVERY_MS
      ? { until: now + wait, reason: `the rate limit of ${this.name}` }
      : undefined;
  }
}
