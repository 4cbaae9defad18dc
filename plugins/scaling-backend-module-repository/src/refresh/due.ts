import { SourceTree } from '../reading/sourceLocation';

/** What the store knows of a repository's reads, without its facts. */
export interface ReadRecord {
  repoKey: string;
  rootUrl: string;
  etag?: string;
  readerVersion: number;
  /** The last successful read or unchanged check. */
  readAt?: Date;
  attemptedAt: Date;
  error?: string;
}

/** Why a repository is read now, most urgent first. */
export type DueReason = 'new' | 'reader' | 'retry' | 'stale';

const URGENCY: Record<DueReason, number> = {
  new: 0,
  reader: 1,
  retry: 2,
  stale: 3,
};

export interface DueTree {
  tree: SourceTree;
  reason: DueReason;
  /** The ETag to pass: the last read's, unless the repository must be read in full. */
  etag?: string;
}

export interface DuePolicy {
  /** How often a repository is read again. */
  refreshEveryMs: number;
  /** How long after a failed read it is tried again. */
  retryFailedMs: number;
  /** The reader version whose rows may be checked with their ETag. */
  readerVersion: number;
}

/**
 * The repositories to read now, most urgent first: those never read (a Component new to the
 * catalog, or one whose source location moved to another repository), those read by an older
 * reader, failed reads after `retryFailedMs`, then those last read `refreshEveryMs` ago or
 * more, the longest ago first. Nothing else is read, so an unchanged repository costs one
 * request per `refreshEveryMs` however often the refresh runs.
 */
export function dueTrees(
  trees: readonly SourceTree[],
  records: ReadonlyMap<string, ReadRecord>,
  now: Date,
  policy: DuePolicy,
): DueTree[] {
  const at = now.getTime();
  const due: Array<DueTree & { since: number }> = [];
  for (const tree of trees) {
    const record = records.get(tree.repoKey);
    if (!record || (!record.readAt && !record.error)) {
      due.push({ tree, reason: 'new', since: 0 });
      continue;
    }
    const current = record.readerVersion === policy.readerVersion;
    const etag = record.readAt && current ? record.etag : undefined;
    const attempted = record.attemptedAt.getTime();
    if (record.error) {
      if (attempted + policy.retryFailedMs <= at) {
        due.push({ tree, reason: 'retry', etag, since: attempted });
      }
      continue;
    }
    if (!current) {
      due.push({ tree, reason: 'reader', since: attempted });
      continue;
    }
    const readAt = record.readAt!.getTime();
    if (readAt + policy.refreshEveryMs <= at) {
      due.push({ tree, reason: 'stale', etag, since: readAt });
    }
  }
  due.sort(
    (a, b) => URGENCY[a.reason] - URGENCY[b.reason] || a.since - b.since,
  );
  return due.map(({ since: _since, ...rest }) => rest);
}
