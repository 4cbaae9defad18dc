import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EvidenceInput,
  LiveWorkload,
  SCALING_VALUE_KEYS,
  SuppliedValues,
  normalizeScalingValue,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityEvidence,
  ScalingEvidenceProvider,
  ScalingProviderEntity,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { askProviders } from './askProviders';

/**
 * Asks every evidence provider about a batch of entities, in parallel, each within its own
 * deadline. A provider that fails or is late is reported for each entity of the batch as
 * `evidence-unavailable`, and the rules go on without it; a value not of its key's type is
 * dropped (and logged), so that no provider can hand the rules a value an annotation could not
 * hold.
 */
export class EvidenceCollector {
  constructor(
    private readonly providers: readonly ScalingEvidenceProvider[],
    private readonly logger: LoggerService,
  ) {}

  /** Per entity ref, each provider's evidence in provider order (the first value wins). */
  async collect(
    entities: ScalingProviderEntity[],
  ): Promise<Map<string, EvidenceInput[]>> {
    const result = new Map<string, EvidenceInput[]>();
    if (this.providers.length === 0 || entities.length === 0) return result;
    for (const e of entities) result.set(e.entityRef, []);

    const answers = await askProviders(this.providers, {
      kind: 'evidence',
      batchSize: entities.length,
      logger: this.logger,
      ask: (p, signal) => p.getEvidence(entities, { signal }),
    });
    for (const answer of answers) {
      const { provider } = answer;
      if ('unavailable' in answer) {
        for (const inputs of result.values()) {
          inputs.push({
            values: {},
            problems: [
              {
                id: 'evidence-unavailable',
                message: `The ${provider.id} evidence provider is unavailable (${answer.unavailable}); its values are left out.`,
              },
            ],
          });
        }
        continue;
      }
      for (const [ref, evidence] of answer.value) {
        result.get(ref)?.push(this.toInput(provider, ref, evidence));
      }
    }
    return result;
  }

  private toInput(
    provider: ScalingEvidenceProvider,
    entityRef: string,
    evidence: EntityEvidence,
  ): EvidenceInput {
    const values: Record<string, unknown> = {};
    for (const key of SCALING_VALUE_KEYS) {
      const found = evidence.values?.[key];
      if (!found) continue;
      const value = normalizeScalingValue(key, found.value);
      if (value === undefined) {
        this.logger.warn(
          `evidence provider ${provider.id} gave a value of the wrong type; ignored`,
          {
            provider: provider.id,
            entityRef,
            key,
            value: JSON.stringify(found.value)?.slice(0, 200),
          },
        );
        continue;
      }
      values[key] = {
        value,
        source: found.source ?? provider.id,
        evidence: String(found.evidence ?? '').slice(0, 500),
        ...(typeof found.file === 'string'
          ? { file: found.file.slice(0, 500) }
          : {}),
        ...(Number.isInteger(found.line) && found.line! > 0
          ? { line: found.line }
          : {}),
      };
    }
    // Names for people, from repository text: bounded in number and length.
    const thirdParty = (evidence.thirdParty ?? [])
      .filter((n): n is string => typeof n === 'string' && n.length > 0)
      .slice(0, 50)
      .map(n => n.slice(0, 100));
    const workloads = boundedWorkloads(evidence.workloads);
    return {
      values: values as SuppliedValues,
      problems: evidence.problems ?? [],
      ...(thirdParty.length > 0 ? { thirdParty } : {}),
      ...(provider.measured ? { measured: true } : {}),
      ...(workloads.length > 0 ? { workloads } : {}),
    };
  }
}

const finite = (n: unknown): number | null =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;

/** A provider's live workloads, checked field by field and bounded: cluster content is untrusted. */
function boundedWorkloads(workloads: unknown): LiveWorkload[] {
  if (!Array.isArray(workloads)) return [];
  const text = (s: unknown) => (typeof s === 'string' ? s.slice(0, 253) : '');
  return workloads.slice(0, 50).flatMap((w): LiveWorkload[] => {
    if (!w || typeof w !== 'object' || !Array.isArray(w.containers)) return [];
    const hpa = w.autoscaler;
    const min = finite(hpa?.min);
    const max = finite(hpa?.max);
    const current = finite(hpa?.current);
    return [
      {
        cluster: text(w.cluster),
        kind: text(w.kind),
        namespace: text(w.namespace),
        name: text(w.name),
        replicas: {
          desired: finite(w.replicas?.desired),
          ready: finite(w.replicas?.ready),
        },
        autoscaler:
          min !== null && max !== null && current !== null
            ? { min, max, current }
            : null,
        containers: w.containers.slice(0, 20).map((c: any) => ({
          name: text(c?.name),
          cpuRequestCores: finite(c?.cpuRequestCores),
          memoryRequestBytes: finite(c?.memoryRequestBytes),
          cpuUsageCores: finite(c?.cpuUsageCores),
          memoryUsageBytes: finite(c?.memoryUsageBytes),
          restarts: finite(c?.restarts) ?? 0,
        })),
      },
    ];
  });
}
