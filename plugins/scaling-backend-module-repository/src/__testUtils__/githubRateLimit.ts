/*
 * GitHub's primary rate limit, as the loopback GitHub enforces it: each credential (the
 * Authorization header; requests without one share one allowance) may make `limit` requests in
 * a window that starts with its first request and lasts `windowMs`, until the reset it
 * announces in whole seconds (so it ends when it says, up to a second later). Every counted answer
 * carries GitHub's headers (`x-ratelimit-limit`, `-remaining`, `-used`, `-reset` in epoch
 * seconds, `-resource`); past the limit the answer is GitHub's 403 with `x-ratelimit-remaining:
 * 0`. As on GitHub, `GET /rate_limit` and conditional requests answered 304 cost nothing.
 */

/** The allowance of each credential. */
export interface RateLimitOptions {
  /** Requests per window. */
  limit: number;
  /** How long a window lasts from its first request. */
  windowMs: number;
}

interface Window {
  startedAt: number;
  /** The announced reset, epoch ms on a whole second. */
  endsAt: number;
  used: number;
}

/** What the limit says of one request. */
export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class GithubRateLimit {
  private readonly windows = new Map<string, Window>();
  /** How many windows have started, all credentials together. */
  windowsStarted = 0;

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private window(credential: string): Window {
    const now = this.now();
    let window = this.windows.get(credential);
    if (!window || now >= window.endsAt) {
      window = {
        startedAt: now,
        endsAt: Math.ceil((now + this.options.windowMs) / 1000) * 1000,
        used: 0,
      };
      this.windows.set(credential, window);
      this.windowsStarted += 1;
    }
    return window;
  }

  private headers(window: Window): Record<string, string> {
    const { limit } = this.options;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - window.used)),
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-reset': String(window.endsAt / 1000),
      'x-ratelimit-resource': 'core',
    };
  }

  /** Counts a request of `credential` when the allowance has room; refuses it otherwise. */
  take(credential: string): RateDecision {
    const window = this.window(credential);
    if (window.used >= this.options.limit) {
      return { allowed: false, headers: this.headers(window) };
    }
    window.used += 1;
    return { allowed: true, headers: this.headers(window) };
  }

  /** Gives back a request that turned out free (a 304 to a conditional request). */
  refund(credential: string): void {
    const window = this.windows.get(credential);
    if (window && window.used > 0) window.used -= 1;
  }

  /** The body of `GET /rate_limit` for `credential`, which costs nothing. */
  status(credential: string): {
    body: unknown;
    headers: Record<string, string>;
  } {
    const window = this.window(credential);
    const { limit } = this.options;
    const core = {
      limit,
      used: window.used,
      remaining: Math.max(0, limit - window.used),
      reset: window.endsAt / 1000,
    };
    return {
      body: { resources: { core }, rate: core },
      headers: this.headers(window),
    };
  }
}

/** GitHub's answer past the primary limit. */
export const RATE_LIMITED_BODY = {
  message:
    'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.',
  documentation_url:
    'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
};
