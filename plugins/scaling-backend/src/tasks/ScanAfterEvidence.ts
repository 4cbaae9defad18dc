import { LoggerService } from '@backstage/backend-plugin-api';

/** Tries before giving up until the next change (a scan that runs longer than that is rare). */
const MAX_TRIES = 40;

/**
 * Starts the org-wide scan soon after an evidence provider has new evidence, so that it reaches
 * the overview without waiting for the scan's period. Changes that come in a burst (a provider
 * reading an org in passes) start one scan; a change while a scan runs starts another once the
 * scheduler takes it (the trigger is tried again until it does).
 */
export class ScanAfterEvidence {
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly trigger: () => Promise<void>,
    private readonly logger: LoggerService,
    private readonly options: {
      /** How long after a change the scan starts: changes meanwhile join it. */
      delayMs: number;
      /** How long to wait before trying again when the scan could not start (one is running). */
      retryMs: number;
    } = { delayMs: 2_000, retryMs: 15_000 },
  ) {}

  /** A provider has new evidence. */
  changed(): void {
    if (this.stopped || this.timer) return;
    this.schedule(this.options.delayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.trigger().then(
        () => {
          this.timer = undefined;
          this.failures = 0;
        },
        error => {
          this.failures += 1;
          if (this.failures >= MAX_TRIES) {
            this.logger.warn('could not start a scan after new evidence', {
              cause: String(error),
            });
            this.timer = undefined;
            this.failures = 0;
            return;
          }
          this.logger.info(
            'the scan after new evidence waits for the running one',
            { cause: String(error) },
          );
          if (!this.stopped) this.schedule(this.options.retryMs);
        },
      );
    }, ms);
    this.timer.unref?.();
  }
}
