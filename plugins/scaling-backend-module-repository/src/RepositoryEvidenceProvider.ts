import { EvidenceProblem } from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityEvidence,
  ScalingEvidenceProvider,
  ScalingProviderEntity,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { RepositoryStore, StoredTree } from './database/RepositoryStore';
import { summarize } from './recognize';
import { SourceTree, sourceTreeOf } from './reading/sourceLocation';

/** Whether a repository path lies in an entity's folder ('' is the whole repository). */
function inSubtree(path: string, subpath: string): boolean {
  return subpath === '' || path === subpath || path.startsWith(`${subpath}/`);
}

/**
 * The evidence of each entity's repository, as the last refresh stored it: the facts of the
 * deployment files under the entity's own folder (`backstage.io/source-location`), each naming
 * its file. Answers from the plugin's database only; the repositories are read on the
 * refresh's schedule, never while an assessment waits.
 */
export class RepositoryEvidenceProvider implements ScalingEvidenceProvider {
  readonly id = 'repository';
  readonly timeoutMs = 10_000;

  constructor(
    private readonly store: RepositoryStore,
    private readonly onChange?: (listener: () => void) => void,
  ) {}

  onEvidenceChanged(listener: () => void): void {
    this.onChange?.(listener);
  }

  async getEvidence(
    entities: ScalingProviderEntity[],
  ): Promise<Map<string, EntityEvidence>> {
    const located = new Map<string, SourceTree>();
    for (const entity of entities) {
      const tree = sourceTreeOf(entity.annotations);
      if (tree) located.set(entity.entityRef, tree);
    }
    const stored = await this.store.get(
      [...located.values()].map(t => t.repoKey),
    );
    const result = new Map<string, EntityEvidence>();
    for (const [entityRef, tree] of located) {
      const known = stored.get(tree.repoKey);
      if (known) result.set(entityRef, evidenceOf(known, tree.subpath));
    }
    return result;
  }
}

function evidenceOf(tree: StoredTree, subpath: string): EntityEvidence {
  const problems: EvidenceProblem[] = [];
  if (tree.error) {
    problems.push({
      id: 'repository-unreadable',
      message: tree.readAt
        ? `The last read of ${tree.rootUrl} failed (${tree.error}); the repository's evidence is from ${tree.readAt.toISOString()}.`
        : `The repository ${tree.rootUrl} could not be read: ${tree.error}`,
    });
  }
  for (const skipped of tree.skipped) {
    if (skipped.path === '' || inSubtree(skipped.path, subpath)) {
      problems.push({
        id: 'repository-content-skipped',
        message:
          skipped.path === ''
            ? `${tree.rootUrl}: ${skipped.message}`
            : `In ${tree.rootUrl}, ${skipped.message}`,
      });
    }
  }
  const observations = tree.observations.filter(o =>
    inSubtree(o.path, subpath),
  );
  return { values: summarize(observations), problems };
}
