/*
 * A loopback stand-in for the file-reading part of five SCM hosts' APIs, for Backstage's REAL
 * UrlReaders (`UrlReaders.default` of `@backstage/backend-defaults/urlReader`) and so for the
 * catalog's url locations and the scaffolder's `fetch:plain:file`. Only `readUrl` of one file is
 * served (and so `search` of a path without a glob, which calls `readUrl`); no archives, no trees.
 *
 * What each reader requests (read from @backstage/backend-defaults 0.18.0 and
 * @backstage/integration 2.1.2), and what answers it here:
 *
 *   github           https://github.test/<o>/<r>/blob/<ref>/<path>
 *                    → GET {apiBaseUrl}/repos/<o>/<r>/contents/<path>?ref=<ref>
 *                      Accept: application/vnd.github.v3.raw, Authorization: Bearer <token>
 *                      apiBaseUrl = <baseUrl>/github
 *   gitlab           http://127.0.0.1:<port>/<group>/<project>/-/blob/<ref>/<path>
 *                    → GET <origin of that URL>/api/v4/projects/<group%2Fproject>/repository/files/
 *                      <path, encodeURIComponent'd>/raw?ref=<ref>, Authorization: Bearer <token>
 *                      (the project is taken from the URL; the API is not asked to resolve it)
 *   bitbucketServer  https://bitbucket.test/projects/<KEY>/repos/<slug>/browse/<path>?at=<ref>
 *                    → GET {apiBaseUrl}/projects/<KEY>/repos/<slug>/raw/<path>?at=<ref>
 *                      Authorization: Bearer <token>; apiBaseUrl = <baseUrl>/bitbucket-server/rest/api/1.0
 *                      (without `?at=` the reader sends `at=`: the default branch is served)
 *   bitbucketCloud   https://bitbucket.org/<workspace>/<repo>/src/<ref>/<path>   (ref required)
 *                    → GET https://api.bitbucket.org/2.0/repositories/<ws>/<repo>/src/<ref>/<path>
 *                      Authorization: Basic base64(<username>:<token>)
 *                      The integration hard-codes both `host: bitbucket.org` and that apiBaseUrl
 *                      (config `host`/`apiBaseUrl` are ignored), so while a Bitbucket Cloud
 *                      repository is served, `globalThis.fetch` (which that reader calls) is
 *                      wrapped to send `https://api.bitbucket.org/` to `<baseUrl>/bitbucket-cloud/`
 *                      (undone by close()). Jest gives every test file its own global, so this
 *                      reaches every UrlReader of the test file, the catalog's and scaffolder's too.
 *   azure            http://127.0.0.1:<azurePort>/<org>/<project>/_git/<repo>?path=/<path>&version=GB<ref>
 *                    → GET <origin of that URL>/<org>/<project>/_apis/git/repositories/<repo>/items
 *                      ?api-version=6.0&path=%2F<path>&version=<ref>, Authorization: Basic base64(:<pat>)
 *                      AzureUrl keeps the URL's own scheme and origin, so plain http works. But the
 *                      GitLab and Azure readers both pick a URL by `url.host` alone (the Azure one is
 *                      registered first), so they cannot share 127.0.0.1:<port>: Azure is served by a
 *                      second listener of this same server, on 127.0.0.1:<azurePort>.
 *
 * Missing files answer 404 with each host's error body (→ NotFoundError); a request without the
 * configured credentials answers 401 (Azure: 203 with a sign-in page, as Azure DevOps does, which
 * its reader rejects). Every file has an ETag, and `If-None-Match` with it answers 304.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { JsonObject } from '@backstage/types';

export type ScmType =
  'github' | 'gitlab' | 'bitbucketServer' | 'bitbucketCloud' | 'azure';

export interface ScmRepository {
  type: ScmType;
  /**
   * github: the owner; gitlab: the group path (`a` or `a/b`); bitbucketServer: the project key;
   * bitbucketCloud: the workspace; azure: `<org>/<project>` (or `<org>` alone, for a repository
   * named like its project).
   */
  owner: string;
  name: string;
  /** The only branch there is; `main` when left out. */
  defaultBranch?: string;
  /** POSIX paths, no leading `/`, to text. */
  files: Record<string, string>;
}

export interface ScmRequest {
  method: string;
  /** The path as received, still percent-encoded, without the query. */
  path: string;
  /** The query as received, with its `?`, or ''. */
  query: string;
  /** The host type whose API the request was routed to, when one was. */
  type?: ScmType;
}

export interface ScmServerOptions {
  /**
   * Wrap `globalThis.fetch` to send Bitbucket Cloud's fixed API (https://api.bitbucket.org/) to
   * this server. Default: true when a bitbucketCloud repository is given.
   */
  redirectBitbucketCloud?: boolean;
}

/** The credentials in {@link ScmServer.integrationsConfig}, which the server requires. */
export const SCM_CREDENTIALS = {
  github: 'github-test-token',
  gitlab: 'gitlab-test-token',
  bitbucketServer: 'bitbucket-server-test-token',
  bitbucketCloud: { username: 'bb-cloud-user', token: 'bb-cloud-test-token' },
  azure: 'azure-test-pat',
} as const;

export const GITHUB_HOST = 'github.test';
export const BITBUCKET_SERVER_HOST = 'bitbucket.test';
export const BITBUCKET_CLOUD_HOST = 'bitbucket.org';
const BITBUCKET_CLOUD_API = 'https://api.bitbucket.org/';

const GITHUB_PREFIX = '/github';
const BITBUCKET_SERVER_PREFIX = '/bitbucket-server/rest/api/1.0';
const BITBUCKET_CLOUD_PREFIX = '/bitbucket-cloud';

interface Stored {
  repo: ScmRepository;
  branch: string;
  id: number;
}

function key(...parts: string[]): string {
  return parts.join('/').toLowerCase();
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function encodePath(filePath: string): string {
  return filePath.split('/').map(encodeURIComponent).join('/');
}

function etagOf(content: string): string {
  return `"${crypto.createHash('sha1').update(content).digest('hex')}"`;
}

function splitAzureOwner(repo: ScmRepository): {
  org: string;
  project: string;
} {
  const slash = repo.owner.indexOf('/');
  if (slash === -1) return { org: repo.owner, project: repo.name };
  return {
    org: repo.owner.slice(0, slash),
    project: repo.owner.slice(slash + 1),
  };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** A fake of the five SCM hosts' file APIs on loopback ports. */
export class ScmServer {
  /** `http://127.0.0.1:<port>`: GitLab's host, and the API of GitHub and both Bitbuckets. */
  readonly baseUrl: string;
  /** `http://127.0.0.1:<azurePort>`: Azure DevOps' host (see the file's comment for why apart). */
  readonly azureBaseUrl: string;

  private readonly servers: http.Server[];
  private readonly repositories = new Map<string, Stored>();
  private log: ScmRequest[] = [];
  private nextId = 1;
  private restoreFetch?: () => void;

  /** Starts the server holding `repositories`; stop it with {@link ScmServer.close}. */
  static async start(
    repositories: ScmRepository[],
    options: ScmServerOptions = {},
  ): Promise<ScmServer> {
    const main = http.createServer();
    const azure = http.createServer();
    let port: number;
    let azurePort: number;
    try {
      port = await listen(main);
      azurePort = await listen(azure);
    } catch (error) {
      main.close();
      azure.close();
      throw error;
    }
    const instance = new ScmServer(
      [main, azure],
      `http://127.0.0.1:${port}`,
      `http://127.0.0.1:${azurePort}`,
    );
    for (const repo of repositories) instance.setRepository(repo);
    const redirect =
      options.redirectBitbucketCloud ??
      repositories.some(r => r.type === 'bitbucketCloud');
    if (redirect) instance.redirectBitbucketCloud();
    return instance;
  }

  private constructor(
    servers: http.Server[],
    baseUrl: string,
    azureBaseUrl: string,
  ) {
    this.servers = servers;
    this.baseUrl = baseUrl;
    this.azureBaseUrl = azureBaseUrl;
    const [main, azure] = servers;
    main.on('request', (req, res) =>
      this.guard(res, () => this.handle(req, res)),
    );
    azure.on('request', (req, res) =>
      this.guard(res, () => this.handleAzure(req, res)),
    );
  }

  /** Adds a repository, or replaces the one of the same type, owner and name. */
  setRepository(repo: ScmRepository): void {
    for (const filePath of Object.keys(repo.files)) {
      if (
        !filePath ||
        filePath.startsWith('/') ||
        filePath.split('/').some(s => s === '' || s === '.' || s === '..')
      ) {
        throw new Error(
          `${repo.type} ${repo.owner}/${repo.name}: invalid path '${filePath}'`,
        );
      }
    }
    const k = this.storeKey(repo);
    const existing = this.repositories.get(k);
    this.repositories.set(k, {
      repo: { ...repo, files: { ...repo.files } },
      branch: repo.defaultBranch ?? 'main',
      id: existing?.id ?? this.nextId++,
    });
  }

  /** The config for `UrlReaders.default` / `ScmIntegrations.fromConfig`, all on this server. */
  integrationsConfig(): JsonObject {
    return {
      integrations: {
        github: [
          {
            host: GITHUB_HOST,
            apiBaseUrl: `${this.baseUrl}${GITHUB_PREFIX}`,
            token: SCM_CREDENTIALS.github,
          },
        ],
        gitlab: [
          {
            host: new URL(this.baseUrl).host,
            baseUrl: this.baseUrl,
            apiBaseUrl: `${this.baseUrl}/api/v4`,
            token: SCM_CREDENTIALS.gitlab,
          },
        ],
        bitbucketServer: [
          {
            host: BITBUCKET_SERVER_HOST,
            apiBaseUrl: `${this.baseUrl}${BITBUCKET_SERVER_PREFIX}`,
            token: SCM_CREDENTIALS.bitbucketServer,
          },
        ],
        // host and apiBaseUrl are fixed by @backstage/integration (bitbucket.org,
        // https://api.bitbucket.org/2.0): see redirectBitbucketCloud().
        bitbucketCloud: [
          {
            username: SCM_CREDENTIALS.bitbucketCloud.username,
            token: SCM_CREDENTIALS.bitbucketCloud.token,
          },
        ],
        azure: [
          {
            host: new URL(this.azureBaseUrl).host,
            credentials: [{ personalAccessToken: SCM_CREDENTIALS.azure }],
          },
        ],
      },
    };
  }

  /** The browser URL of a file, as a catalog `url` location (and managed-by-location) holds it. */
  fileUrl(repo: ScmRepository, filePath: string): string {
    const branch = repo.defaultBranch ?? 'main';
    const p = encodePath(filePath.replace(/^\//, ''));
    const ref = encodeURIComponent(branch);
    switch (repo.type) {
      case 'github':
        return `https://${GITHUB_HOST}/${repo.owner}/${repo.name}/blob/${ref}/${p}`;
      case 'gitlab':
        return `${this.baseUrl}/${repo.owner}/${repo.name}/-/blob/${ref}/${p}`;
      case 'bitbucketServer':
        return `https://${BITBUCKET_SERVER_HOST}/projects/${repo.owner}/repos/${repo.name}/browse/${p}?at=${ref}`;
      case 'bitbucketCloud':
        return `https://${BITBUCKET_CLOUD_HOST}/${repo.owner}/${repo.name}/src/${ref}/${p}`;
      case 'azure': {
        const { org, project } = splitAzureOwner(repo);
        const repoPath =
          project === repo.name
            ? `${org}/_git/${repo.name}`
            : `${org}/${project}/_git/${repo.name}`;
        return `${this.azureBaseUrl}/${repoPath}?path=/${p}&version=GB${ref}`;
      }
      default:
        throw new Error(`Unknown SCM type ${(repo as ScmRepository).type}`);
    }
  }

  /**
   * The repository root as the catalog's `backstage.io/source-location` names it for an entity
   * registered from `fileUrl(repo, 'catalog-info.yaml')`, without the annotation's `url:`
   * prefix: the catalog (AnnotateLocationEntityProcessor) sets it to
   * `url:` + integration.resolveUrl({ url: './', base: <location target> }).
   */
  treeUrl(repo: ScmRepository): string {
    const branch = encodeURIComponent(repo.defaultBranch ?? 'main');
    switch (repo.type) {
      case 'github':
        return `https://${GITHUB_HOST}/${repo.owner}/${repo.name}/tree/${branch}/`;
      case 'gitlab':
        return `${this.baseUrl}/${repo.owner}/${repo.name}/-/blob/${branch}/`;
      case 'bitbucketServer':
        return `https://${BITBUCKET_SERVER_HOST}/projects/${repo.owner}/repos/${repo.name}/browse/?at=${branch}`;
      case 'bitbucketCloud':
        return `https://${BITBUCKET_CLOUD_HOST}/${repo.owner}/${repo.name}/src/${branch}/`;
      case 'azure': {
        const url = new URL(this.fileUrl(repo, 'catalog-info.yaml'));
        url.searchParams.set('path', '/');
        return url.toString();
      }
      default:
        throw new Error(`Unknown SCM type ${(repo as ScmRepository).type}`);
    }
  }

  /**
   * `backstage.io/managed-by-location` (and `backstage.io/location`) of an entity registered
   * from `fileUrl(repo, filePath)`: `url:` + that URL, except on GitHub, where the catalog
   * rewrites `/blob/` to `/tree/`: it resolves a url Location's target with
   * `ScmIntegrations.resolveUrl({ url: target, base })`, and GitHub's resolveUrl sets the URL
   * type to `tree` even for an absolute URL.
   */
  managedByLocation(repo: ScmRepository, filePath: string): string {
    const url = this.fileUrl(repo, filePath);
    if (repo.type !== 'github') return `url:${url}`;
    return `url:${url.replace(
      /^(https:\/\/[^/]+\/[^/]+\/[^/]+\/)blob\//,
      '$1tree/',
    )}`;
  }

  /** `backstage.io/source-location` of that entity: `url:` + {@link ScmServer.treeUrl}. */
  sourceLocation(repo: ScmRepository): string {
    return `url:${this.treeUrl(repo)}`;
  }

  /** Every request since the start (or the last reset), in order. */
  requests(): ScmRequest[] {
    return this.log.map(r => ({ ...r }));
  }

  resetRequests(): void {
    this.log = [];
  }

  /**
   * Wraps `globalThis.fetch` so that requests to https://api.bitbucket.org/ go to
   * `<baseUrl>/bitbucket-cloud/`; done by start() when a Bitbucket Cloud repository is given.
   */
  redirectBitbucketCloud(): void {
    if (this.restoreFetch) return;
    const original = globalThis.fetch;
    const target = `${this.baseUrl}${BITBUCKET_CLOUD_PREFIX}/`;
    const redirected: typeof fetch = (input, init) => {
      let url: string;
      if (typeof input === 'string') url = input;
      else if (input instanceof URL) url = input.href;
      else url = input.url;
      if (!url.startsWith(BITBUCKET_CLOUD_API)) return original(input, init);
      const moved = target + url.slice(BITBUCKET_CLOUD_API.length);
      if (typeof input === 'string' || input instanceof URL) {
        return original(moved, init);
      }
      return original(new Request(moved, input), init);
    };
    globalThis.fetch = redirected;
    this.restoreFetch = () => {
      if (globalThis.fetch === redirected) globalThis.fetch = original;
    };
  }

  async close(): Promise<void> {
    this.restoreFetch?.();
    this.restoreFetch = undefined;
    await Promise.all(
      this.servers.map(
        server =>
          new Promise<void>((resolve, reject) => {
            server.close(error => (error ? reject(error) : resolve()));
            server.closeAllConnections();
          }),
      ),
    );
  }

  // --- request handling -----------------------------------------------------------------

  private storeKey(repo: ScmRepository): string {
    if (repo.type === 'azure') {
      const { org, project } = splitAzureOwner(repo);
      return key('azure', org, project, repo.name);
    }
    return key(repo.type, repo.owner, repo.name);
  }

  private guard(res: http.ServerResponse, run: () => void): void {
    try {
      run();
    } catch (error) {
      if (!res.headersSent) {
        this.json(res, 500, { message: String((error as Error)?.message) });
      } else {
        res.destroy(error as Error);
      }
    }
  }

  private record(req: http.IncomingMessage, type?: ScmType): URL {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    req.resume();
    this.log.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      type,
    });
    return url;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const rawPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const prefixes: Array<[string, ScmType]> = [
      [`${GITHUB_PREFIX}/`, 'github'],
      ['/api/v4/', 'gitlab'],
      [`${BITBUCKET_SERVER_PREFIX}/`, 'bitbucketServer'],
      [`${BITBUCKET_CLOUD_PREFIX}/`, 'bitbucketCloud'],
    ];
    const type = prefixes.find(([prefix]) => rawPath.startsWith(prefix))?.[1];
    const url = this.record(req, type);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      this.json(res, 405, { message: 'Method Not Allowed' });
      return;
    }
    switch (type) {
      case 'github':
        this.github(req, res, url);
        return;
      case 'gitlab':
        this.gitlab(req, res, url);
        return;
      case 'bitbucketServer':
        this.bitbucketServer(req, res, url);
        return;
      case 'bitbucketCloud':
        this.bitbucketCloud(req, res, url);
        return;
      default:
        this.json(res, 404, { message: 'Not Found' });
    }
  }

  private lookup(
    type: ScmType,
    ...parts: Array<string | undefined>
  ): Stored | undefined {
    if (parts.some(p => p === undefined)) return undefined;
    return this.repositories.get(key(type, ...(parts as string[])));
  }

  /** A ref as the hosts resolve it here: the branch, by name or full ref, or none (default). */
  private refMatches(stored: Stored, ref: string | null | undefined): boolean {
    return (
      !ref ||
      ref === stored.branch ||
      ref === `refs/heads/${stored.branch}` ||
      ref === 'HEAD'
    );
  }

  private bearer(req: http.IncomingMessage, token: string): boolean {
    const header = req.headers.authorization ?? '';
    return /^(bearer|token)\s+/i.test(header)
      ? header.replace(/^(bearer|token)\s+/i, '') === token
      : false;
  }

  private basic(
    req: http.IncomingMessage,
    user: string,
    password: string,
  ): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^basic\s+(.+)$/i.exec(header);
    return (
      !!match &&
      Buffer.from(match[1], 'base64').toString('utf8') === `${user}:${password}`
    );
  }

  /** GET /github/repos/:owner/:repo/contents/:path?ref= (raw with Accept: …raw). */
  private github(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): void {
    const notFound = {
      message: 'Not Found',
      documentation_url:
        'https://docs.github.com/rest/repos/contents#get-repository-content',
      status: '404',
    };
    if (!this.bearer(req, SCM_CREDENTIALS.github)) {
      this.json(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return;
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(
      url.pathname.slice(GITHUB_PREFIX.length),
    );
    const stored = m && this.lookup('github', decode(m[1]), decode(m[2]));
    if (!m || !stored) {
      this.json(res, 404, notFound);
      return;
    }
    const ref = url.searchParams.get('ref');
    if (!this.refMatches(stored, ref)) {
      this.json(res, 404, {
        message: `No commit found for the ref ${ref}`,
        documentation_url: notFound.documentation_url,
        status: '404',
      });
      return;
    }
    const filePath = m[3].split('/').map(decode).join('/');
    const content = stored.repo.files[filePath];
    if (content === undefined) {
      this.json(res, 404, notFound);
      return;
    }
    if (!/raw/.test(String(req.headers.accept ?? ''))) {
      const data = Buffer.from(content);
      this.json(res, 200, {
        type: 'file',
        encoding: 'base64',
        size: data.length,
        name: filePath.split('/').pop()!,
        path: filePath,
        content: data.toString('base64'),
        sha: crypto
          .createHash('sha1')
          .update(`blob ${data.length}\0`)
          .update(data)
          .digest('hex'),
      });
      return;
    }
    this.file(req, res, content, 'application/vnd.github.raw');
  }

  /** GET /api/v4/projects/:id/repository/files/:file_path/raw?ref= */
  private gitlab(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): void {
    if (!this.bearer(req, SCM_CREDENTIALS.gitlab)) {
      this.json(res, 401, { message: '401 Unauthorized' });
      return;
    }
    const m =
      /^\/api\/v4\/projects\/([^/]+)\/repository\/files\/([^/]+)\/raw$/.exec(
        url.pathname,
      );
    if (!m) {
      this.json(res, 404, { error: '404 Not Found' });
      return;
    }
    const id = decode(m[1]);
    const stored = [...this.repositories.values()].find(
      s =>
        s.repo.type === 'gitlab' &&
        id !== undefined &&
        (String(s.id) === id ||
          key(s.repo.owner, s.repo.name) === id.toLowerCase()),
    );
    if (!stored) {
      this.json(res, 404, { message: '404 Project Not Found' });
      return;
    }
    const ref = url.searchParams.get('ref');
    if (!this.refMatches(stored, ref)) {
      this.json(res, 404, { message: '404 Commit Not Found' });
      return;
    }
    const filePath = decode(m[2]);
    const content =
      filePath === undefined ? undefined : stored.repo.files[filePath];
    if (content === undefined) {
      this.json(res, 404, { message: '404 File Not Found' });
      return;
    }
    this.file(req, res, content, 'text/plain; charset=utf-8', {
      'x-gitlab-file-path': filePath!,
      'x-gitlab-ref': ref || stored.branch,
    });
  }

  /** GET /bitbucket-server/rest/api/1.0/projects/:key/repos/:slug/raw/:path?at= */
  private bitbucketServer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): void {
    if (!this.bearer(req, SCM_CREDENTIALS.bitbucketServer)) {
      this.json(res, 401, {
        errors: [
          {
            context: null,
            message:
              'Authentication failed. Please check your credentials and try again.',
            exceptionName:
              'com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException',
          },
        ],
      });
      return;
    }
    const m = /^\/projects\/([^/]+)\/repos\/([^/]+)\/raw\/(.+)$/.exec(
      url.pathname.slice(BITBUCKET_SERVER_PREFIX.length),
    );
    const stored =
      m && this.lookup('bitbucketServer', decode(m[1]), decode(m[2]));
    if (!m || !stored) {
      this.json(res, 404, {
        errors: [
          {
            context: null,
            message: m
              ? `Repository ${decode(m[1])}/${decode(m[2])} does not exist.`
              : 'Not Found',
            exceptionName:
              'com.atlassian.bitbucket.repository.NoSuchRepositoryException',
          },
        ],
      });
      return;
    }
    const at = url.searchParams.get('at');
    const filePath = m[3].split('/').map(decode).join('/');
    if (!this.refMatches(stored, at)) {
      this.json(res, 404, {
        errors: [
          {
            context: null,
            message: `Object '${at}' does not exist in repository '${stored.repo.name}'.`,
            exceptionName:
              'com.atlassian.bitbucket.commit.NoSuchCommitException',
          },
        ],
      });
      return;
    }
    const content = stored.repo.files[filePath];
    if (content === undefined) {
      this.json(res, 404, {
        errors: [
          {
            context: null,
            message: `The path "${filePath}" does not exist at revision "${at || stored.branch}"`,
            exceptionName:
              'com.atlassian.bitbucket.content.NoSuchPathException',
          },
        ],
      });
      return;
    }
    this.file(req, res, content, 'text/plain;charset=UTF-8');
  }

  /** GET /bitbucket-cloud/2.0/repositories/:workspace/:repo/src/:ref/:path */
  private bitbucketCloud(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): void {
    const { username, token } = SCM_CREDENTIALS.bitbucketCloud;
    if (!this.basic(req, username, token)) {
      this.json(res, 401, {
        type: 'error',
        error: { message: 'Unauthorized' },
      });
      return;
    }
    const m = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/src\/(.+)$/.exec(
      url.pathname.slice(BITBUCKET_CLOUD_PREFIX.length),
    );
    const stored =
      m && this.lookup('bitbucketCloud', decode(m[1]), decode(m[2]));
    if (!m || !stored) {
      this.json(res, 404, {
        type: 'error',
        error: {
          message: m
            ? `Repository ${decode(m[1])}/${decode(m[2])} not found`
            : 'Resource not found',
        },
      });
      return;
    }
    const rest = m[3].split('/').map(decode).join('/');
    const ref = [stored.branch, `refs/heads/${stored.branch}`, 'HEAD'].find(r =>
      rest.startsWith(`${r}/`),
    );
    if (!ref) {
      this.json(res, 404, {
        type: 'error',
        error: { message: `Commit not found: ${rest.split('/')[0]}` },
      });
      return;
    }
    const filePath = rest.slice(ref.length + 1);
    const content = stored.repo.files[filePath];
    if (content === undefined) {
      this.json(res, 404, {
        type: 'error',
        error: { message: `No such file or directory: ${filePath}` },
      });
      return;
    }
    this.file(req, res, content, 'text/plain');
  }

  /** GET /:org/:project/_apis/git/repositories/:repo/items?api-version=6.0&path=&version= */
  private handleAzure(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): void {
    const url = this.record(req, 'azure');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      this.json(res, 405, { message: 'Method Not Allowed' });
      return;
    }
    const header = req.headers.authorization;
    if (!header) {
      // Azure DevOps answers an anonymous request with its sign-in page, status 203.
      res.writeHead(203, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<html><head><title>Azure DevOps Services | Sign In</title></head></html>',
      );
      return;
    }
    if (!this.basic(req, '', SCM_CREDENTIALS.azure)) {
      res.writeHead(401, {
        'content-type': 'text/plain; charset=utf-8',
        'www-authenticate': 'Basic realm="https://dev.azure.com/"',
      });
      res.end('Unauthorized');
      return;
    }
    const m =
      /^\/([^/]+)\/([^/]+)\/_apis\/git\/repositories\/([^/]+)\/items$/.exec(
        url.pathname,
      );
    const stored =
      m && this.lookup('azure', decode(m[1]), decode(m[2]), decode(m[3]));
    if (!m || !stored) {
      this.json(res, 404, {
        $id: '1',
        innerException: null,
        message: m
          ? `TF401019: The Git repository with name or identifier ${decode(m[3])} does not exist or you do not have permissions for the operation you are attempting.`
          : 'Not Found',
        typeName:
          'Microsoft.TeamFoundation.Git.Server.GitRepositoryNotFoundException, Microsoft.TeamFoundation.Git.Server',
        typeKey: 'GitRepositoryNotFoundException',
        errorCode: 0,
        eventId: 3000,
      });
      return;
    }
    const version = url.searchParams.get('version');
    if (!this.refMatches(stored, version)) {
      this.json(res, 404, {
        $id: '1',
        innerException: null,
        message: `TF401175: The version descriptor <Branch: ${version} > could not be resolved to a version in the repository ${stored.repo.name}`,
        typeName:
          'Microsoft.TeamFoundation.Git.Server.GitUnresolvableToCommitException, Microsoft.TeamFoundation.Git.Server',
        typeKey: 'GitUnresolvableToCommitException',
        errorCode: 0,
        eventId: 3000,
      });
      return;
    }
    const itemPath = url.searchParams.get('path') ?? '';
    const filePath = itemPath.replace(/^\/+/, '');
    const content = stored.repo.files[filePath];
    if (content === undefined) {
      this.json(res, 404, {
        $id: '1',
        innerException: null,
        message: `TF401174: The item '${itemPath}' could not be found in the repository '${stored.repo.name}' at the version specified by '<Branch: ${version || stored.branch} >'.`,
        typeName:
          'Microsoft.TeamFoundation.Git.Server.GitItemNotFoundException, Microsoft.TeamFoundation.Git.Server',
        typeKey: 'GitItemNotFoundException',
        errorCode: 0,
        eventId: 3000,
      });
      return;
    }
    this.file(req, res, content, 'application/octet-stream');
  }

  private file(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    content: string,
    contentType: string,
    headers: Record<string, string> = {},
  ): void {
    const etag = etagOf(content);
    const ifNoneMatch = req.headers['if-none-match'];
    if (
      ifNoneMatch &&
      ifNoneMatch
        .split(',')
        .map(t => t.trim().replace(/^W\//, ''))
        .some(t => t === etag || t === '*')
    ) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    const data = Buffer.from(content);
    res.writeHead(200, {
      'content-type': contentType,
      'content-length': String(data.length),
      etag,
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }
}
