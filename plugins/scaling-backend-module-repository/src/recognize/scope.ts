/*
 * Which files of a repository are a service's deployment: those under the entity's own folder
 * (`backstage.io/source-location`), or under the folders its `scaling.io/deploy-path` names, and
 * never those in folders that hold examples, tests, documentation or other projects' code. The
 * list is here and only here (docs/rules.md repeats it for people).
 */

/**
 * Folder names (compared case-insensitively) whose files are not the service's deployment:
 * examples and samples of other services, tests and their fixtures, documentation, and
 * vendored or third-party code. A chart's `templates/tests/` (Helm test hooks) is among them.
 */
export const NOT_DEPLOYMENT_FOLDERS: readonly string[] = [
  'example',
  'examples',
  '_examples',
  'sample',
  'samples',
  'test',
  'tests',
  '__tests__',
  'testdata',
  'test-data',
  'testing',
  'e2e',
  'integration-test',
  'integration-tests',
  '_integration-test',
  'fixture',
  'fixtures',
  '__fixtures__',
  'mock',
  'mocks',
  'doc',
  'docs',
  'documentation',
  'vendor',
  'third_party',
  'third-party',
  'thirdparty',
  'node_modules',
  'bower_components',
  '.git',
  '.terraform',
  'hack',
  'contrib',
];

const EXCLUDED = new Set(NOT_DEPLOYMENT_FOLDERS.map(f => f.toLowerCase()));

/** Whether any folder of a relative path is one of {@link NOT_DEPLOYMENT_FOLDERS}. */
export function inExcludedFolder(relativePath: string): boolean {
  const folders = relativePath.split('/').slice(0, -1);
  return folders.some(f => EXCLUDED.has(f.toLowerCase()));
}

/** The part of the repository that is one entity's deployment. */
export interface DeploymentScope {
  /** The entity's folder, '' for the repository's root. */
  subpath: string;
  /** Folders under it named by `scaling.io/deploy-path`; none: the whole folder. */
  deployPaths: string[];
}

function within(path: string, folder: string): string | undefined {
  if (folder === '') return path;
  if (path === folder) return '';
  return path.startsWith(`${folder}/`)
    ? path.slice(folder.length + 1)
    : undefined;
}

/** Whether a repository path is part of an entity's deployment. */
export function inScope(path: string, scope: DeploymentScope): boolean {
  const relative = within(path, scope.subpath);
  if (relative === undefined) return false;
  if (scope.deployPaths.length === 0) return !inExcludedFolder(relative);
  // A folder the team named is the deployment, whatever it is called; below it, the same
  // exclusions hold.
  return scope.deployPaths.some(folder => {
    const below = within(relative, folder);
    return below !== undefined && !inExcludedFolder(below);
  });
}

/**
 * `scaling.io/deploy-path`: a comma-separated list of folders relative to the entity's own
 * folder (`deploy/helm, infra`). An entry that is absolute after trimming `./`, or that climbs
 * out with `..`, is refused and reported.
 */
export function parseDeployPaths(text: string | undefined): {
  paths: string[];
  refused: string[];
} {
  const paths: string[] = [];
  const refused: string[] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const path = entry.replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (
      path.startsWith('/') ||
      path.split('/').some(s => s === '..') ||
      path.length > 300
    ) {
      refused.push(entry.slice(0, 300));
    } else {
      paths.push(path === '.' ? '' : path);
    }
  }
  return { paths, refused };
}

// Continuous integration: what these files run builds the service, it does not run it.
const CI_FILE =
  /(^|\/)(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|[^/]*cloudbuild[^/]*\.(ya?ml|json)|azure-pipelines[^/]*\.ya?ml|bitbucket-pipelines\.ya?ml|\.drone\.ya?ml|\.woodpecker(\.ya?ml|\/[^/]+\.ya?ml)|\.circleci\/config\.ya?ml|buildspec[^/]*\.ya?ml|\.harness\/.+\.ya?ml|\.tekton\/[^/]+\.ya?ml)$/i;

/** Whether a file configures continuous integration (GitHub Actions, GitLab CI, Cloud Build…). */
export function isCiFile(path: string): boolean {
  return CI_FILE.test(path);
}
