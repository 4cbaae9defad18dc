import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { InstalledProvider } from '@scaling-advisor/backstage-plugin-scaling-common';
import { ScalingEvidenceProvider } from '@scaling-advisor/backstage-plugin-scaling-node';
import { withDeadline } from './withDeadline';

/** How long a provider's progress is reused: the overview asks on every request. */
const PROGRESS_TTL_MS = 5_000;
/** How long a provider may take to say how far it has got. */
const PROGRESS_TIMEOUT_MS = 2_000;

/**
 * The provider modules the backend has, for the overview's coverage hints: configured or not,
 * and for evidence providers that gather on a schedule of their own, how far they have got
 * (asked at most every few seconds; a provider that fails to say is listed without it).
 */
export class InstalledProviders {
  private cached?: { at: number; list: Promise<InstalledProvider[]> };

  constructor(
    private readonly installed: readonly InstalledProvider[],
    private readonly evidenceProviders: readonly ScalingEvidenceProvider[],
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Promise<InstalledProvider[]> {
    const now = this.now();
    if (!this.cached || now - this.cached.at >= PROGRESS_TTL_MS) {
      this.cached = { at: now, list: this.load() };
    }
    return this.cached.list;
  }

  private async load(): Promise<InstalledProvider[]> {
    return Promise.all(
      this.installed.map(async entry => {
        const provider = this.evidenceProviders.find(
          p =>
            entry.kind === 'evidence' && entry.configured && p.id === entry.id,
        );
        if (!provider?.progress) return entry;
        try {
          const progress = await withDeadline(PROGRESS_TIMEOUT_MS, () =>
            provider.progress!(),
          );
          return progress ? { ...entry, progress } : entry;
        } catch (error) {
          this.logger.warn(`evidence provider ${entry.id}: no progress`, {
            cause: stringifyError(error),
          });
          return entry;
        }
      }),
    );
  }
}
