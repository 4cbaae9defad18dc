import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  OverviewQuery,
  OverviewResponse,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { callerKey } from './callerKey';
import { TtlCache } from './TtlCache';

/**
 * How many of the latest overview answers are remembered (one per caller and query), and for
 * how long. Each holds one page of rows.
 */
const REMEMBERED_ANSWERS = 200;
const REMEMBERED_FOR_MS = 24 * 3_600_000;

/**
 * Each caller's last overview answer per query, to answer again, marked stale, while what it
 * was computed from (the store, the catalog) is unavailable. Per caller: what a caller may see
 * differs, so an answer is never shown to another.
 */
export class RememberedAnswers {
  private readonly answers = new TtlCache<OverviewResponse>(
    REMEMBERED_FOR_MS,
    REMEMBERED_ANSWERS,
  );
  /** Whether answers are being served from memory (logged once per outage). */
  private serving = false;

  constructor(private readonly logger: LoggerService) {}

  /**
   * The answer `compute` gives, remembered; when it fails as unavailable (a 503), the
   * remembered answer to the same caller and query with `lastScan.stale`, or the failure.
   */
  async answer(
    query: OverviewQuery,
    credentials: BackstageCredentials,
    compute: () => Promise<OverviewResponse>,
  ): Promise<OverviewResponse> {
    const key = `${callerKey(credentials)}\0${JSON.stringify(query)}`;
    try {
      const answer = await compute();
      this.answers.set(key, answer);
      if (this.serving) {
        this.serving = false;
        this.logger.info('overview answered from the store again');
      }
      return answer;
    } catch (error) {
      const remembered = this.answers.get(key);
      if (
        !remembered ||
        !isError(error) ||
        error.name !== 'ServiceUnavailableError'
      ) {
        throw error;
      }
      if (!this.serving) {
        this.serving = true;
        this.logger.warn(
          'overview answered from remembered answers, marked stale, until the store can be read',
          { cause: error.message },
        );
      }
      return {
        ...remembered,
        lastScan: remembered.lastScan && {
          ...remembered.lastScan,
          stale: true,
        },
      };
    }
  }
}
