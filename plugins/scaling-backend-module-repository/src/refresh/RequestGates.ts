import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import parseGitUrl from 'git-url-parse';
import { AllowanceProbe, GithubRateGate } from './GithubRateGate';
import {
  GateClock,
  GateWait,
  PacedGate,
  RequestGate,
  SYSTEM_CLOCK,
} from './RequestGate';

/** `scaling.repository.rateLimit`. */
export interface RateLimitSettings {
  /** The share of a GitHub credential's allowance the module may spend, 0 < share ≤ 1. */
  share: number;
  /** For other hosts: requests per hour to pace to; none by default. */
  requestsPerHour?: number;
}

/** How long GitHub may take to say what is left of the allowance. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * The gates of the hosts the refresh reads from, kept between refreshes: one per GitHub
 * credential (per host, and per organisation for a GitHub App, whose installations have
 * allowances of their own), one per other host.
 */
export class RequestGates {
  private readonly gates = new Map<string, RequestGate>();
  private readonly credentials: GithubCredentialsProvider;

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly settings: RateLimitSettings,
    private readonly options: {
      clock?: GateClock;
      fetch?: typeof fetch;
      credentials?: GithubCredentialsProvider;
    } = {},
  ) {
    this.credentials =
      options.credentials ??
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  /** The gate for reading the repository at `url`. */
  async for(url: string): Promise<RequestGate> {
    const integration = this.integrations.github.byUrl(url);
    if (!integration) {
      const host = new URL(url).host;
      return this.gate(
        host,
        () => new PacedGate(host, this.settings.requestsPerHour, this.clock()),
      );
    }
    const { host, apiBaseUrl } = integration.config;
    const credentials = await this.credentials.getCredentials({ url });
    const owner = parseGitUrl(url).owner.toLowerCase();
    const key = credentials.type === 'app' ? `${host}/${owner}` : host;
    return this.gate(key, () => {
      const probe: AllowanceProbe = async () => {
        // Fresh credentials: an app's installation token is renewed by the provider.
        const { headers } = await this.credentials.getCredentials({ url });
        return probeAllowance(
          this.options.fetch ?? fetch,
          `${apiBaseUrl ?? `https://${host}/api/v3`}/rate_limit`,
          headers ?? {},
        );
      };
      return new GithubRateGate(key, this.settings.share, probe, this.clock());
    });
  }

  /** What the gates wait for now, the longest wait first. */
  waiting(): GateWait[] {
    return [...this.gates.values()]
      .map(g => g.waiting())
      .filter((w): w is GateWait => w !== undefined)
      .sort((a, b) => b.until - a.until);
  }

  private clock(): GateClock {
    return this.options.clock ?? SYSTEM_CLOCK;
  }

  private gate(key: string, create: () => RequestGate): RequestGate {
    let gate = this.gates.get(key);
    if (!gate) {
      gate = create();
      this.gates.set(key, gate);
    }
    return gate;
  }
}

/** `GET /rate_limit`: what is left of the credential's core allowance; it costs nothing. */
export async function probeAllowance(
  fetchFn: typeof fetch,
  url: string,
  headers: Record<string, string>,
): Promise<Awaited<ReturnType<AllowanceProbe>>> {
  const response = await fetchFn(url, {
    headers: { ...headers, Accept: 'application/vnd.github+json' },
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  // GitHub Enterprise Server with rate limiting turned off.
  if (response.status === 404) return 'unlimited';
  if (!response.ok) return undefined;
  const body = (await response.json()) as {
    resources?: { core?: Record<string, unknown> };
  };
  const core = body.resources?.core;
  const limit = Number(core?.limit);
  const remaining = Number(core?.remaining);
  const reset = Number(core?.reset);
  if (![limit, remaining, reset].every(Number.isFinite) || limit <= 0) {
    return undefined;
  }
  return { limit, remaining, resetAt: reset * 1000 };
}
