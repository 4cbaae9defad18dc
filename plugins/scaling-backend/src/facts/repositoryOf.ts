import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
} from '@backstage/catalog-model';
import {
  ScmIntegrationRegistry,
  getAzureCommitsUrl,
} from '@backstage/integration';
import {
  EntityRepository,
  ScmType,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import parseGitUrl from 'git-url-parse';

const SUPPORTED: ReadonlySet<string> = new Set<ScmType>([
  'github',
  'gitlab',
  'bitbucketCloud',
  'bitbucketServer',
  'azure',
]);

/** The part of a repository URL that names the repository, by host type. */
interface RepositoryName {
  /** GitHub owner, GitLab group path, Bitbucket workspace or project key, Azure project. */
  owner: string;
  name: string;
  /** Azure DevOps only. */
  organization?: string;
  /** The file's path in the repository, when the URL points at a file. */
  filepath: string;
}

function nameOf(url: string, type: ScmType): RepositoryName | undefined {
  if (type === 'azure') {
    // Backstage's own reading of an Azure DevOps URL, from the API URL it derives:
    // /<org>/<project>/_apis/git/repositories/<repo>/commits.
    const api = new URL(getAzureCommitsUrl(url));
    const [organization, owner, , , , name] = api.pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const path = new URL(url).searchParams.get('path') ?? '';
    return organization && owner && name
      ? { organization, owner, name, filepath: path.replace(/^\/+/, '') }
      : undefined;
  }
  const parsed = parseGitUrl(url);
  return parsed.owner && parsed.name
    ? {
        owner: parsed.owner,
        name: parsed.name,
        filepath: parsed.filepath ?? '',
      }
    : undefined;
}

/** The RepoUrlPicker value (`host?owner=…&repo=…`) and the clone URL of a repository. */
function locate(
  url: URL,
  type: ScmType,
  repo: RepositoryName,
): Pick<EntityRepository, 'repoUrl' | 'gitUrl'> {
  const q = (params: Record<string, string>) =>
    `${url.host}?${new URLSearchParams(params).toString()}`;
  switch (type) {
    case 'gitlab':
      return {
        repoUrl: q({ owner: repo.owner, repo: repo.name }),
        gitUrl: `${url.origin}/${repo.owner}/${repo.name}.git`,
      };
    case 'bitbucketCloud':
      // A Bitbucket Cloud URL does not name the repository's project: the form asks for it.
      return {
        repoUrl: q({ workspace: repo.owner, repo: repo.name }),
        gitUrl: `${url.origin}/${repo.owner}/${repo.name}.git`,
      };
    case 'bitbucketServer':
      return {
        repoUrl: q({ project: repo.owner, repo: repo.name }),
        gitUrl: `${url.origin}/scm/${repo.owner.toLowerCase()}/${repo.name}.git`,
      };
    case 'azure':
      return {
        repoUrl: q({
          organization: repo.organization!,
          project: repo.owner,
          repo: repo.name,
        }),
        gitUrl: `${url.origin}/${repo.organization}/${repo.owner}/_git/${repo.name}`,
      };
    default:
      return {
        repoUrl: q({ owner: repo.owner, repo: repo.name }),
        gitUrl: `${url.origin}/${repo.owner}/${repo.name}.git`,
      };
  }
}

/** The repository at a URL, when an integration the app knows serves it. */
function repositoryAt(
  target: string,
  integrations: ScmIntegrationRegistry,
): (EntityRepository & { filepath: string }) | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const type = integrations.byUrl(url)?.type;
  if (!type || !SUPPORTED.has(type)) return undefined;
  let repo: RepositoryName | undefined;
  try {
    repo = nameOf(target, type as ScmType);
  } catch {
    return undefined;
  }
  if (!repo) return undefined;
  return {
    scm: type as ScmType,
    ...locate(url, type as ScmType, repo),
    filepath: repo.filepath,
  };
}

function withoutUndefined(repository: EntityRepository): EntityRepository {
  if (repository.fileUrls === undefined) delete repository.fileUrls;
  return repository;
}

function urlOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.startsWith('url:') ? value.slice('url:'.length) : undefined;
}

/** At most this many files of one entity get a URL: the evidence names a few. */
const MAX_FILE_URLS = 50;

/**
 * The URL of each file (a path from the repository's root) in the repository of the
 * catalog-info.yaml, resolved by the integration that serves it, as the catalog resolves a
 * Location's relative targets.
 */
function fileUrlsOf(
  files: readonly string[],
  base: string,
  integrations: ScmIntegrationRegistry,
): Record<string, string> | undefined {
  const urls: Record<string, string> = {};
  for (const file of files.slice(0, MAX_FILE_URLS)) {
    const path = file.replace(/^\/+/, '');
    if (!path || path.split('/').includes('..')) continue;
    try {
      urls[file] = integrations.resolveUrl({ url: `/${path}`, base });
    } catch {
      // A path the host cannot name is left out: the template is not offered for it.
    }
  }
  return Object.keys(urls).length > 0 ? urls : undefined;
}

/**
 * Where an entity's code lives, for the templates' forms: from `backstage.io/source-location`
 * on any host the app's integrations know, else `github.com/project-slug`, else
 * `gitlab.com/project-slug`; and its catalog-info.yaml, from `backstage.io/managed-by-location`
 * or `backstage.io/edit-url`, with the URLs of the `files` the evidence names (paths from the
 * repository's root) when that file is in the same repository.
 */
export function repositoryOf(
  annotations: Record<string, string>,
  integrations: ScmIntegrationRegistry,
  files: readonly string[] = [],
): EntityRepository | undefined {
  const catalogInfoUrl =
    urlOf(annotations[ANNOTATION_LOCATION]) ?? annotations[ANNOTATION_EDIT_URL];
  const catalogInfo = catalogInfoUrl
    ? repositoryAt(catalogInfoUrl, integrations)
    : undefined;
  const withCatalogInfo = (repository: EntityRepository): EntityRepository =>
    catalogInfo && catalogInfo.repoUrl === repository.repoUrl
      ? withoutUndefined({
          ...repository,
          catalogInfoUrl,
          catalogInfoPath: catalogInfo.filepath || 'catalog-info.yaml',
          fileUrls: fileUrlsOf(files, catalogInfoUrl!, integrations),
        })
      : repository;

  const source = urlOf(annotations[ANNOTATION_SOURCE_LOCATION]);
  const fromSource = source ? repositoryAt(source, integrations) : undefined;
  if (fromSource) {
    const { filepath, ...repository } = fromSource;
    return withCatalogInfo(repository);
  }
  for (const [annotation, host] of [
    ['github.com/project-slug', 'https://github.com'],
    ['gitlab.com/project-slug', 'https://gitlab.com'],
  ] as const) {
    const slug = annotations[annotation]?.trim();
    if (!slug) continue;
    const found = repositoryAt(`${host}/${slug}`, integrations);
    if (found) {
      const { filepath, ...repository } = found;
      return withCatalogInfo(repository);
    }
  }
  return catalogInfo
    ? withCatalogInfo({
        scm: catalogInfo.scm,
        repoUrl: catalogInfo.repoUrl,
        gitUrl: catalogInfo.gitUrl,
      })
    : undefined;
}
