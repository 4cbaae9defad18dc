import {
  EntityEvidence,
  ScalingEvidenceProvider,
  ScalingProviderEntity,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { LiveStore } from './database/LiveStore';
import { isOnKubernetes } from './KubernetesRefresher';

/**
 * The live cluster's evidence, measured (it ranks above the entity's annotations): what the
 * Kubernetes module last read of each Kubernetes-annotated entity, from its store; a
 * `kubernetes-unavailable` problem when the last read failed (the action not offered, a
 * cluster down or past the deadline), with the last good read's values.
 */
export class KubernetesEvidenceProvider implements ScalingEvidenceProvider {
  readonly id = 'kubernetes';
  readonly measured = true;

  constructor(
    private readonly store: LiveStore,
    private readonly changes: (listener: () => void) => void,
  ) {}

  onEvidenceChanged(listener: () => void) {
    this.changes(listener);
  }

  async getEvidence(
    entities: ScalingProviderEntity[],
  ): Promise<Map<string, EntityEvidence>> {
    const found = new Map<string, EntityEvidence>();
    const live = entities.filter(e => isOnKubernetes(e.annotations));
    if (live.length === 0) return found;
    const records = await this.store.get(live.map(e => e.entityRef));
    for (const entity of live) {
      const record = records.get(entity.entityRef.toLocaleLowerCase('en-US'));
      const evidence: EntityEvidence = record?.evidence
        ? {
            ...record.evidence,
            problems: [...(record.evidence.problems ?? [])],
          }
        : { values: {}, problems: [] };
      const since = record?.readAt
        ? `the values are those read at ${record.readAt.toISOString()}`
        : 'no value from it';
      if (record?.error) {
        evidence.problems!.push({
          id: 'kubernetes-unavailable',
          message: `The last read of the live cluster failed at ${record.attemptedAt.toISOString()} (${record.error}); ${since}.`,
        });
      }
      if (record) found.set(entity.entityRef, evidence);
    }
    return found;
  }
}
