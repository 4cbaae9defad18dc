import {
  EvidenceProblem,
  ProviderProgress,
  SCALING_ANNOTATIONS,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import {
  EntityEvidence,
  ScalingEvidenceProvider,
  ScalingProviderEntity,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { RepositoryStore, StoredTree } from './database/RepositoryStore';
import { DeploymentScope, inScope, parseDeployPaths } from './recognize/scope';
import { serviceEvidence } from './recognize/service';
import { SourceTree, sourceTreeOf } from './reading/sourceLocation';

/**
 * The evidence of each entity's repository, as the last refresh stored it: the facts of the
 * entity's own workloads in the deployment files under its folder (`backstage.io/source-location`,
 * or the folders its `scaling.io/deploy-path` names), each naming its file. Answers from the
 * plugin's database only; the repositories are read on the refresh's schedule, never while an
 * assessment waits.
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

  /** How far the refresh has got, as its last run stored it. */
  progress(): Promise<ProviderProgress | undefined> {
    return this.store.progress();
  }

  async getEvidence(
    entities: ScalingProviderEntity[],
  ): Promise<Map<string, EntityEvidence>> {
    const located = new Map<
      string,
      { tree: SourceTree; entity: ScalingProviderEntity }
    >();
    for (const entity of entities) {
      const tree = sourceTreeOf(entity.annotations);
      if (tree) located.set(entity.entityRef, { tree, entity });
    }
    const stored = await this.store.get(
      [...located.values()].map(({ tree }) => tree.repoKey),
    );
    const result = new Map<string, EntityEvidence>();
    for (const [entityRef, { tree, entity }] of located) {
      const known = stored.get(tree.repoKey);
      if (known) result.set(entityRef, evidenceOf(known, tree, entity));
    }
    return result;
  }
}

/** The repository's name, from its key (`github.com/acme/petstore@main` → `petstore`). */
function repositoryName(repoKey: string): string | undefined {
  return repoKey.split('@')[0].split('/').pop() || undefined;
}

function evidenceOf(
  tree: StoredTree,
  source: SourceTree,
  entity: ScalingProviderEntity,
): EntityEvidence {
  const problems: EvidenceProblem[] = [];
  if (tree.error) {
    problems.push({
      id: 'repository-unreadable',
      message: tree.readAt
        ? `The last read of ${tree.rootUrl} failed (${tree.error}); the repository's evidence is from ${tree.readAt.toISOString()}.`
        : `The repository ${tree.rootUrl} could not be read: ${tree.error}`,
    });
  }
  const deployPaths = parseDeployPaths(
    entity.annotations[SCALING_ANNOTATIONS.deployPath],
  );
  for (const refused of deployPaths.refused) {
    problems.push({
      id: 'repository-content-skipped',
      message: `${SCALING_ANNOTATIONS.deployPath} names '${refused}', which is not a folder inside the repository; it is ignored`,
    });
  }
  const scope: DeploymentScope = {
    subpath: source.subpath,
    deployPaths: deployPaths.paths,
  };
  for (const skipped of tree.skipped) {
    if (skipped.path === '' || inScope(skipped.path, scope)) {
      problems.push({
        id: 'repository-content-skipped',
        message:
          skipped.path === ''
            ? `${tree.rootUrl}: ${skipped.message}`
            : `In ${tree.rootUrl}, ${skipped.message}`,
      });
    }
  }
  const { values, thirdParty } = serviceEvidence(tree, scope, {
    name: entity.name,
    repository: repositoryName(tree.repoKey),
  });
  return {
    values,
    problems,
    ...(thirdParty.length > 0 ? { thirdParty } : {}),
  };
}
