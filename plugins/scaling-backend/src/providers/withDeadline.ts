/** When a provider does not say how long it may take. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 3000;

/** A provider's answer that did not come in time. */
export class ProviderTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'ProviderTimeoutError';
  }
}

/**
 * Runs a provider's call with a deadline: at `timeoutMs` the call's signal is aborted and the
 * returned promise rejects, even if the provider ignores the signal and never settles.
 */
export async function withDeadline<T>(
  timeoutMs: number | undefined,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ms = timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProviderTimeoutError(ms));
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
