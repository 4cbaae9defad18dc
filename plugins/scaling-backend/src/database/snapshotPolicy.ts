/**
 * When a scan writes a history snapshot of an entity: at once when its tiers, status or
 * readiness score changed since its newest snapshot, otherwise once per snapshot interval
 * (`scaling.scan.snapshotInterval`), at an offset of the entity's own.
 */

/** The values of an assessment whose change is worth a snapshot at once. */
export interface SnapshotValues {
  current_tier: string | null;
  recommended_tier: string | null;
  status: string;
  readiness_score: number | null;
}

/** What the newest snapshot of an entity recorded (its {@link snapshotKey}), and when. */
export interface PreviousSnapshot {
  key: string;
  at: Date;
}

/**
 * What makes a change worth a snapshot at once: the tiers, the status and the readiness
 * score. Since any change of them takes a snapshot, the latest row's key is always its newest
 * snapshot's.
 */
export function snapshotKey(values: SnapshotValues): string {
  return `${values.current_tier}|${values.recommended_tier}|${values.status}|${values.readiness_score}`;
}

/** FNV-1a: a cheap, stable hash of a string, as a non-negative 32-bit integer. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Decides, entity by entity, whether a scan writes a snapshot. */
export class SnapshotPolicy {
  /** @param intervalMs - how often an unchanged entity gets a snapshot; 0: at every scan. */
  constructor(private readonly intervalMs: number) {}

  /** Whether the entity, with these values at this time, is due for a snapshot. */
  isDue(
    entityRef: string,
    values: SnapshotValues,
    takenAt: Date,
    previous: PreviousSnapshot | undefined,
  ): boolean {
    return (
      !previous ||
      previous.key !== snapshotKey(values) ||
      this.intervalOf(entityRef, takenAt) >
        this.intervalOf(entityRef, previous.at)
    );
  }

  /**
   * Which snapshot interval a time falls in, for one entity. Each entity's intervals start at
   * its own offset (from a hash of its ref), so that unchanged entities whose first snapshots
   * were taken together get their next ones spread over the interval's scans, not all in one.
   */
  private intervalOf(entityRef: string, time: Date): number {
    const interval = this.intervalMs;
    if (interval <= 0) return time.getTime();
    return Math.floor(
      (time.getTime() + (hashOf(entityRef) % interval)) / interval,
    );
  }
}
