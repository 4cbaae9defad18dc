import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, Entity } from '@backstage/catalog-model';
import { MetricsInput } from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityMetrics,
  ScalingMetricsEntity,
  ScalingMetricsProvider,
} from './types';

/** When a provider does not say how long it may take. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 3000;

const METRIC_NAMES = [
  'activeUsers',
  'measuredUptime',
  'requestsPerSecond',
] as const;

class ProviderTimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'ProviderTimeoutError';
  }
}

export function toMetricsEntity(entity: Entity): ScalingMetricsEntity {
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    annotations: entity.metadata.annotations ?? {},
  };
}

/**
 * Asks every provider about a batch of entities, in parallel, each within its own deadline:
 * a provider that fails or is late is reported per entity as unavailable, and the rules fall
 * back to annotations. The deadline holds even if a provider ignores the abort signal.
 */
export class MetricsCollector {
  constructor(
    private readonly providers: readonly ScalingMetricsProvider[],
    private readonly logger: LoggerService,
  ) {}

  get hasProviders(): boolean {
    return this.providers.length > 0;
  }

  private async ask(
    provider: ScalingMetricsProvider,
    entities: ScalingMetricsEntity[],
  ): Promise<Map<string, EntityMetrics>> {
    const timeoutMs = provider.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ProviderTimeoutError(timeoutMs));
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        provider.getMetrics(entities, { signal: controller.signal }),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Metrics per entity ref, merged in provider order (the first value wins). */
  async collect(
    entities: ScalingMetricsEntity[],
  ): Promise<Map<string, MetricsInput>> {
    const result = new Map<string, MetricsInput>();
    if (this.providers.length === 0 || entities.length === 0) return result;
    for (const e of entities) result.set(e.entityRef, {});

    const answers = await Promise.allSettled(
      this.providers.map(p => this.ask(p, entities)),
    );
    answers.forEach((answer, i) => {
      const provider = this.providers[i];
      if (answer.status === 'rejected') {
        const message =
          (answer.reason as Error)?.message ?? String(answer.reason);
        this.logger.warn(`metrics provider ${provider.id} unavailable`, {
          provider: provider.id,
          entities: entities.length,
          cause: message,
        });
        for (const input of result.values()) {
          (input.failures ??= []).push({ provider: provider.id, message });
        }
        return;
      }
      for (const [ref, metrics] of answer.value) {
        const input = result.get(ref);
        if (!input) continue;
        for (const name of METRIC_NAMES) {
          const value = metrics[name];
          if (
            input[name] === undefined &&
            typeof value === 'number' &&
            Number.isFinite(value)
          ) {
            input[name] = { value, provider: provider.id };
          }
        }
      }
    });
    return result;
  }
}
