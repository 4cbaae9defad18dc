import { LoggerService } from '@backstage/backend-plugin-api';
import { withDeadline } from './withDeadline';

/** One provider's answer for a batch: what it returned, or why it is unavailable. */
export type ProviderAnswer<P, T> =
  { provider: P; value: T } | { provider: P; unavailable: string };

/**
 * Asks every provider about a batch, in parallel, each within its own deadline (which holds
 * even if the provider ignores its abort signal). A provider that fails or is late is logged
 * once for the batch and answered as unavailable; the others are unaffected.
 */
export async function askProviders<
  P extends { id: string; timeoutMs?: number },
  T,
>(
  providers: readonly P[],
  options: {
    /** `metrics` or `evidence`, for the log line. */
    kind: string;
    batchSize: number;
    logger: LoggerService;
    ask: (provider: P, signal: AbortSignal) => Promise<T>;
  },
): Promise<Array<ProviderAnswer<P, T>>> {
  const settled = await Promise.allSettled(
    providers.map(p =>
      withDeadline(p.timeoutMs, signal => options.ask(p, signal)),
    ),
  );
  return settled.map((answer, i) => {
    const provider = providers[i];
    if (answer.status === 'fulfilled') return { provider, value: answer.value };
    const unavailable =
      (answer.reason as Error)?.message ?? String(answer.reason);
    options.logger.warn(`${options.kind} provider ${provider.id} unavailable`, {
      provider: provider.id,
      entities: options.batchSize,
      cause: unavailable,
    });
    return { provider, unavailable };
  });
}
