/*
 * How the refresh keeps to an SCM's rate limit: before reading a repository it asks the gate of
 * the repository's host (and credential) for the requests the read costs; the gate answers when
 * they may be made, or that they may not before the refresh's deadline. A refusal by the host
 * pauses its gate. GitHub's gate (GithubRateGate) knows the allowance; this file's PacedGate is
 * for hosts whose readers do not expose it (GitLab's and Bitbucket's RateLimit headers and
 * retry hints do not reach the UrlReader's callers): it paces to a configured rate, if any,
 * and backs off on a refusal.
 */

/** Time, for the gates: the real clock, or a test's. */
export interface GateClock {
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: GateClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** What a gate waits for, for people and the overview's coverage. */
export interface GateWait {
  /** Epoch ms. */
  until: number;
  /** `the rate limit of github.com`. */
  reason: string;
}

export interface RequestGate {
  /** The host (and credential) it guards, for logs: `github.com`. */
  readonly name: string;
  /**
   * Waits until `cost` requests may be made and counts them; false, counting nothing, when
   * that would be after `deadline` (epoch ms).
   */
  acquire(
    cost: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<boolean>;
  /** Counts requests made beyond those acquired (a read that turned out to cost more). */
  charge(cost: number): void;
  /** The host refused a request for its rate limit: the gate pauses as the host says. */
  refused(): Promise<GateWait>;
  /** A request went through: earlier refusals' backoff is forgotten. */
  succeeded(): void;
  /** What it waits for now, if it waits. */
  waiting(): GateWait | undefined;
}

/** After a refusal with no reset named: one minute, doubling with each refusal in a row. */
export const FIRST_BACKOFF_MS = 60_000;
export const MAX_BACKOFF_MS = 30 * 60_000;

export function backoffMs(refusalsInARow: number): number {
  return Math.min(
    MAX_BACKOFF_MS,
    FIRST_BACKOFF_MS * 2 ** Math.min(refusalsInARow, 10),
  );
}

/**
 * A rate limit's answer, told by the UrlReader's error text: a 429 (any host), or GitHub's 403
 * that the reader marks `(rate limit exceeded)`. A bare 403 from GitHub is `forbidden`: its
 * secondary rate limit answers so, as does a repository the token may not read; from another
 * host it is just a failure.
 */
export function refusalOf(
  reason: string,
  integrationType?: string,
): 'limit' | 'forbidden' | undefined {
  if (/rate limit|\b429\b|too many requests/i.test(reason)) return 'limit';
  if (integrationType === 'github' && /\b403\b/.test(reason)) {
    return 'forbidden';
  }
  return undefined;
}

/**
 * Waits as long as `waitMs` says (0: now), asking again after each wait, then counts with
 * `take`; false, counting nothing, when a wait would end after `deadline`.
 */
export async function waitForRoom(
  clock: GateClock,
  deadline: number,
  signal: AbortSignal | undefined,
  waitMs: () => Promise<number>,
  take: () => void,
): Promise<boolean> {
  for (;;) {
    const wait = await waitMs();
    if (wait <= 0) {
      take();
      return true;
    }
    if (clock.now() + wait > deadline) return false;
    await clock.sleep(wait, signal);
  }
}

/**
 * A host whose allowance the module cannot ask: paced to `requestsPerHour` when configured
 * (a bucket that holds a minute's requests), unpaced otherwise; paused after a refusal.
 */
export class PacedGate implements RequestGate {
  private tokens: number;
  private filledAt: number;
  private pausedUntil = 0;
  private refusalsInARow = 0;

  constructor(
    readonly name: string,
    private readonly requestsPerHour: number | undefined,
    private readonly clock: GateClock = SYSTEM_CLOCK,
  ) {
    this.tokens = this.capacity();
    this.filledAt = clock.now();
  }

  private capacity(): number {
    return this.requestsPerHour === undefined
      ? Infinity
      : Math.max(1, this.requestsPerHour / 60);
  }

  private fill(now: number): void {
    if (this.requestsPerHour === undefined) return;
    const rate = this.requestsPerHour / 3_600_000;
    this.tokens = Math.min(
      this.capacity(),
      this.tokens + (now - this.filledAt) * rate,
    );
    this.filledAt = now;
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
        const now = this.clock.now();
        const paused = this.pausedUntil - now;
        if (paused > 0 || this.requestsPerHour === undefined) return paused;
        this.fill(now);
        const need = Math.min(cost, this.capacity());
        return this.tokens < need
          ? Math.ceil(((need - this.tokens) * 3_600_000) / this.requestsPerHour)
          : 0;
      },
      () => {
        this.tokens -= cost;
      },
    );
  }

  charge(cost: number): void {
    this.tokens -= cost;
  }

  async refused(): Promise<GateWait> {
    this.pausedUntil = this.clock.now() + backoffMs(this.refusalsInARow);
    this.refusalsInARow += 1;
    return this.waiting()!;
  }

  succeeded(): void {
    this.refusalsInARow = 0;
  }

  waiting(): GateWait | undefined {
    return this.pausedUntil > this.clock.now()
      ? { until: this.pausedUntil, reason: `the rate limit of ${this.name}` }
      : undefined;
  }
}
