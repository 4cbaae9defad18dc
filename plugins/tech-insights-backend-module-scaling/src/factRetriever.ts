import { parseEntityRef } from '@backstage/catalog-model';
import {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  OverviewItem,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';

/**
 * The id of the Scaling Advisor fact retriever: the key of its schedule in
 * `techInsights.factRetrievers`, the `factIds` of checks, and its scheduler task id.
 *
 * @public
 */
export const SCALING_FACT_RETRIEVER_ID = 'scalingAdvisorFactRetriever';

/** Rows per `GET /overview` page: the most the scaling API serves at once. */
export const PAGE_SIZE = 500;

/** How often the read starts over when a scan completes between two of its pages. */
const MAX_ATTEMPTS = 3;

/** How long one page may take. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * How long a run waits for the Scaling Advisor's first scan when none is stored yet, and how
 * often it looks. The retriever's first run comes seconds after the backend starts, before the
 * first scan (15 s after start by default) has completed; returning nothing then would leave
 * checks without facts until the next run, up to a cadence later.
 */
const FIRST_SCAN_WAIT_MS = 5 * 60_000;
const FIRST_SCAN_POLL_MS = 5_000;

/**
 * The facts of each stored assessment. Unknown values are `null` (never left out), so that a
 * check reading them is evaluated (and a numeric comparison with `null` fails) rather than
 * skipped for a missing fact.
 *
 * @public
 */
export const scalingFactSchema: FactRetriever['schema'] = {
  currentTier: {
    type: 'string',
    description:
      'The tier the service runs on: single-vps, managed-cloud, kubernetes or enterprise; null when unknown',
  },
  recommendedTier: {
    type: 'string',
    description:
      'The tier the service should be on, from its active users: single-vps, managed-cloud, kubernetes or enterprise; null when unknown',
  },
  status: {
    type: 'string',
    description:
      'aligned, under-provisioned, over-provisioned or insufficient-data',
  },
  readinessScore: {
    type: 'integer',
    description:
      'Readiness to move to the recommended tier, 0 to 100; null when there is nothing to move to',
  },
  blockers: {
    type: 'set',
    description:
      'The ids of the readiness items that block the move to the recommended tier (empty when none)',
  },
  practicesScore: {
    type: 'integer',
    description:
      "The share of its current tier's practices (the scaling guide's best practices and cost tips) the service follows, 0 to 100; null when the tier is unknown",
  },
  failingPractices: {
    type: 'set',
    description:
      'The ids of the practices of its current tier the service does not follow (pod-security, disruption-budget…; empty when none)',
  },
};

/** The fact values of one stored overview row. */
export function factsOf(item: OverviewItem): TechInsightFact['facts'] {
  return {
    currentTier: item.currentTier ?? null,
    recommendedTier: item.recommendedTier ?? null,
    status: item.status,
    readinessScore: item.readinessScore ?? null,
    blockers: [...new Set((item.blockers ?? []).map(b => b.id))],
    // Rows from a scaling backend that predates practices have none.
    practicesScore: item.practicesScore ?? null,
    failingPractices: [...(item.practices?.failed ?? [])],
  };
}

/** The error the retriever fails with: nothing is stored from a run that ends in one. */
export class ScalingOverviewError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScalingOverviewError';
  }
}

async function getPage(url: string, token: string): Promise<OverviewResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ScalingOverviewError(`GET ${url} failed: ${error}`, {
      cause: error,
    });
  }
  if (!response.ok) {
    const body = (await response.text().catch(() => '')).slice(0, 500);
    throw new ScalingOverviewError(
      `GET ${url} answered ${response.status} ${response.statusText}${
        body ? `: ${body}` : ''
      }`,
    );
  }
  const page = (await response.json().catch(() => undefined)) as
    OverviewResponse | undefined;
  if (
    !page ||
    !Array.isArray(page.items) ||
    typeof page.totalCount !== 'number'
  ) {
    throw new ScalingOverviewError(
      `GET ${url} answered no overview (expected items and totalCount)`,
    );
  }
  return page;
}

/**
 * Every stored row of the overview, page by page, all from the same scan; `undefined` while no
 * scan has been stored (the overview is then assessed live, which is not published).
 */
export async function readStoredOverview(options: {
  baseUrl: string;
  token: string;
  pageSize?: number;
}): Promise<{ items: OverviewItem[]; scanStartedAt: string } | undefined> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const items: OverviewItem[] = [];
    let scanStartedAt: string | undefined;
    let changed = false;
    for (let offset = 0; ; offset += pageSize) {
      const query = new URLSearchParams({
        kind: 'Component',
        limit: String(pageSize),
        offset: String(offset),
      });
      const page = await getPage(
        `${options.baseUrl}/overview?${query}`,
        options.token,
      );
      if (!page.lastScan) return undefined;
      if (scanStartedAt === undefined) scanStartedAt = page.lastScan.startedAt;
      if (page.lastScan.startedAt !== scanStartedAt) {
        changed = true;
        break;
      }
      items.push(...page.items);
      if (page.items.length === 0 || offset + pageSize >= page.totalCount) {
        break;
      }
    }
    if (!changed) return { items, scanStartedAt: scanStartedAt! };
  }
  throw new ScalingOverviewError(
    `the stored overview changed during each of ${MAX_ATTEMPTS} reads (scans completing while it was paged)`,
  );
}

/** Options of {@link createScalingFactRetriever}. @public */
export interface ScalingFactRetrieverOptions {
  /**
   * How long a run waits for the first stored scan when there is none yet (default 5 minutes);
   * `0` returns no facts at once.
   */
  firstScanWaitMs?: number;
  /** How often a waiting run looks for the first scan (default 5 seconds). */
  firstScanPollMs?: number;
}

/**
 * Publishes each stored assessment of a Component (the org-wide scan's latest rows) as facts:
 * `currentTier`, `recommendedTier`, `status`, `readinessScore` and `blockers`. It reads
 * `GET /api/scaling/overview` page by page with the tech-insights plugin's own service
 * credentials. Before the first scan is stored, a run waits for it (see
 * {@link ScalingFactRetrieverOptions}), so that the first facts exist seconds after the first
 * scan rather than a cadence later. A failure of the scaling API fails the run with a clear
 * error, which the tech-insights engine logs; nothing of that run is stored, and the facts of
 * the last good run stay the latest.
 *
 * @public
 */
export function createScalingFactRetriever(
  options: ScalingFactRetrieverOptions = {},
): FactRetriever {
  const waitMs = options.firstScanWaitMs ?? FIRST_SCAN_WAIT_MS;
  const pollMs = options.firstScanPollMs ?? FIRST_SCAN_POLL_MS;
  return {
    id: SCALING_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Scaling Advisor',
    description:
      "Each service's current and recommended tier, status, readiness score and blockers, from the Scaling Advisor's last stored scan",
    entityFilter: [{ kind: 'component' }],
    schema: scalingFactSchema,
    async handler(ctx: FactRetrieverContext): Promise<TechInsightFact[]> {
      const { discovery, auth, logger } = ctx;
      let stored;
      try {
        const baseUrl = await discovery.getBaseUrl('scaling');
        const read = async () => {
          // A token per read: a wait for the first scan may outlast one.
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await auth.getOwnServiceCredentials(),
            targetPluginId: 'scaling',
          });
          return readStoredOverview({ baseUrl, token });
        };
        stored = await read();
        if (!stored && waitMs > 0) {
          logger.info(
            `The Scaling Advisor has no stored scan yet; waiting up to ${Math.round(
              waitMs / 1000,
            )} s for its first scan`,
          );
          const deadline = Date.now() + waitMs;
          while (!stored && Date.now() < deadline) {
            await new Promise(r =>
              setTimeout(r, Math.min(pollMs, deadline - Date.now())),
            );
            stored = await read();
          }
        }
      } catch (error) {
        logger.error(
          `Could not read the Scaling Advisor's stored assessments; no facts stored: ${error}`,
        );
        throw error;
      }
      if (!stored) {
        logger.info(
          'The Scaling Advisor has no stored scan yet; no facts until its first scan completes',
        );
        return [];
      }
      const facts = new Map<string, TechInsightFact>();
      for (const item of stored.items) {
        const ref = parseEntityRef(item.entityRef);
        facts.set(item.entityRef, {
          entity: { kind: ref.kind, namespace: ref.namespace, name: ref.name },
          facts: factsOf(item),
        });
      }
      logger.info(
        `Read ${facts.size} stored assessments from the scan started ${stored.scanStartedAt}`,
      );
      return [...facts.values()];
    },
  };
}

/**
 * The retriever with its defaults, as the module registers it.
 *
 * @public
 */
export const scalingFactRetriever: FactRetriever = createScalingFactRetriever();
