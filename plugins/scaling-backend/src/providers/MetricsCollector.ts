import { LoggerService } from '@backstage/backend-plugin-api';
import {
  METRIC_NAMES,
  MetricsInput,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  ScalingMetricsProvider,
  ScalingProviderEntity,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { askProviders } from './askProviders';

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

  /** Metrics per entity ref, merged in provider order (the first value wins). */
  async collect(
    entities: ScalingProviderEntity[],
  ): Promise<Map<string, MetricsInput>> {
    const result = new Map<string, MetricsInput>();
    if (this.providers.length === 0 || entities.length === 0) return result;
    for (const e of entities) result.set(e.entityRef, {});

    const answers = await askProviders(this.providers, {
      kind: 'metrics',
      batchSize: entities.length,
      logger: this.logger,
      ask: (p, signal) => p.getMetrics(entities, { signal }),
    });
    for (const answer of answers) {
      const { provider } = answer;
      if ('unavailable' in answer) {
        for (const input of result.values()) {
          (input.failures ??= []).push({
            provider: provider.id,
            message: answer.unavailable,
          });
        }
        continue;
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
    }
    return result;
  }
}
