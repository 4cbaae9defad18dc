/*
 * A loopback stand-in for the part of GitHub's REST API that Backstage's real GitHub UrlReader
 * (`@backstage/backend-defaults` GithubUrlReader + `@backstage/integration`) calls, so tests can
 * run the real client against repositories held in memory:
 *
 *   GET /repos/:owner/:repo                          repository (default_branch, archive_url, ...)
 *   GET /repos/:owner/:repo/commits/:ref/status      combined status: { sha, repository }  (readTree, search)
 *   GET /repos/:owner/:repo/commits/:ref             a minimal commit
 *   GET /repos/:owner/:repo/tarball[/:ref]           302 to the archive host (as GitHub's to codeload.github.com)
 *   GET /rate_limit                                  the caller's allowance (costs nothing); 404 without
 *                                                    `rateLimit`, as GitHub Enterprise with it off
 *   GET /repos/:owner/:repo/contents[/:path]?ref=    raw file with `Accept: application/vnd.github.v3.raw`
 *                                                    (readUrl), the JSON content object otherwise
 *   GET /repos/:owner/:repo/git/trees/:sha?recursive=true   tree listing (search with a glob)
 *   GET /repos/:owner/:repo/git/blobs/:sha           base64 blob (search with a glob)
 *
 * The archive host is a second server, on another loopback address (127.0.0.2), so the redirect
 * crosses hosts as GitHub's does: the client must not send its token there, and the archive
 * URL carries a short-lived token of its own. It serves the gzip'd tar, one top folder
 * `<owner>-<repo>-<sha7>/`. With `rateLimit`, the API enforces GitHub's primary rate limit per
 * credential (see githubRateLimit.ts); the archive host, as codeload, is not counted.
 *
 * A repository has one commit at a time, whose sha is a hash of its owner/name and files: the same
 * files keep the same sha (Backstage's `etag` → NotModifiedError works), changed files give a
 * new one. Older commits stay readable by sha, as on GitHub. Nothing is written to disk: the
 * tarballs are built in memory from tar headers.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { JsonObject } from '@backstage/types';
import { Header, Pax } from 'tar';
import {
  GithubRateLimit,
  RATE_LIMITED_BODY,
  RateLimitOptions,
} from './githubRateLimit';

const gzip = promisify(zlib.gzip);
const GZIP_OPTIONS: zlib.ZlibOptions = { level: zlib.constants.Z_BEST_SPEED };

/** One file of a fake repository: its text, its bytes, or a symbolic link to `symlink`. */
export type FakeFile = string | Buffer | { symlink: string };

/** A repository as the fake GitHub serves it: `files` maps POSIX paths (no leading `/`) to content. */
export interface FakeRepository {
  owner: string;
  name: string;
  /** The branch a URL without a ref resolves to; `main` when left out. */
  defaultBranch?: string;
  files: Record<string, FakeFile>;
}

/** One request the server received: its method and its path without the query. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Set when the rate limit refused it (403). */
  refused?: boolean;
}

/** One request the archive host received. */
export interface ArchiveRequest {
  path: string;
  /** Whether it carried an Authorization header (a client leaking its API token). */
  authorization: boolean;
  status: number;
}

/** Options of {@link GithubApiServer.start}. */
export interface GithubApiServerOptions {
  /**
   * When set, requests must carry `Authorization: Bearer <token>` (or `token <token>`): a wrong
   * token gets 401 `Bad credentials`, a missing one 404 (GitHub's answer for a private repository).
   * By default any request is served, as for public repositories.
   */
  requireToken?: string;
  /**
   * Entries after which a recursive tree listing is cut and marked `truncated: true`
   * (GitHub: 100,000 entries). Lower it to drive the UrlReader's tarball fallback in `search`.
   */
  treeEntryLimit?: number;
  /** GitHub's primary rate limit, per credential; none by default. */
  rateLimit?: RateLimitOptions;
}

interface Blob {
  kind: 'file' | 'symlink';
  /** The file's bytes, or the link target's. */
  data: Buffer;
  /** Git's blob id: sha1 of `blob <size>\0<data>`. */
  sha: string;
  /** When this path last changed, across the repository's versions. */
  modifiedAt: Date;
}

interface Snapshot {
  sha: string;
  committedAt: Date;
  /** Path → entry, sorted in git's tree order. */
  entries: Map<string, Blob>;
  /** Every folder path (no trailing slash), the root excluded. */
  dirs: Set<string>;
  tarball?: Promise<Buffer>;
  treeShas?: Map<string, string>;
}

interface StoredRepository {
  owner: string;
  name: string;
  defaultBranch: string;
  id: number;
  createdAt: Date;
  head: Snapshot;
  /** Every version ever set, by sha, the head included. */
  history: Map<string, Snapshot>;
}

const NOT_FOUND = { message: 'Not Found' };
const DOCS = 'https://docs.github.com/rest';

function sha1(...parts: Array<string | Buffer>): string {
  const hash = crypto.createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

function repoKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

/** Git's order: byte order of full paths with a `/` after each folder name. */
function gitOrder(a: string, b: string): number {
  // UTF-16 order equals UTF-8 byte order except around surrogates: only compare bytes then.
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\ud7ff]*$/.test(a) && /^[\u0000-\ud7ff]*$/.test(b)) {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  }
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function checkPath(filePath: string, repo: string): void {
  const segments = filePath.split('/');
  if (
    !filePath ||
    filePath.startsWith('/') ||
    filePath.includes('\\') ||
    filePath.includes('\0') ||
    segments.some(s => s === '' || s === '.' || s === '..')
  ) {
    throw new Error(`${repo}: invalid file path '${filePath}'`);
  }
}

function toSnapshot(repo: FakeRepository, previous?: Snapshot): Snapshot {
  const fullName = `${repo.owner}/${repo.name}`;
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const unsorted: Array<[string, Omit<Blob, 'modifiedAt'>]> = [];
  for (const [filePath, content] of Object.entries(repo.files)) {
    checkPath(filePath, fullName);
    let blob: Omit<Blob, 'modifiedAt'>;
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      const data = typeof content === 'string' ? Buffer.from(content) : content;
      blob = {
        kind: 'file',
        data,
        sha: sha1(`blob ${data.length}\0`, data),
      };
    } else if (content && typeof content.symlink === 'string') {
      const data = Buffer.from(content.symlink);
      blob = {
        kind: 'symlink',
        data,
        sha: sha1(`blob ${data.length}\0`, data),
      };
    } else {
      throw new Error(`${fullName}: unsupported content for '${filePath}'`);
    }
    unsorted.push([filePath, blob]);
  }
  const dirs = new Set<string>();
  for (const [filePath] of unsorted) {
    const segments = filePath.split('/');
    for (let i = 1; i < segments.length; i++) {
      dirs.add(segments.slice(0, i).join('/'));
    }
  }
  for (const [filePath] of unsorted) {
    if (dirs.has(filePath)) {
      throw new Error(`${fullName}: '${filePath}' is both a file and a folder`);
    }
  }
  unsorted.sort((a, b) => gitOrder(a[0], b[0]));

  const hash = crypto.createHash('sha1');
  hash.update(`repository ${fullName.toLowerCase()}\n`);
  for (const [filePath, blob] of unsorted) {
    hash.update(`${blob.kind} ${blob.sha} ${filePath}\n`);
  }
  const sha = hash.digest('hex');

  const entries = new Map<string, Blob>();
  for (const [filePath, blob] of unsorted) {
    const before = previous?.entries.get(filePath);
    const modifiedAt =
      before && before.sha === blob.sha && before.kind === blob.kind
        ? before.modifiedAt
        : now;
    entries.set(filePath, { ...blob, modifiedAt });
  }
  return { sha, committedAt: now, entries, dirs };
}

/** The tar headers (and pax header before, when needed) for one entry. */
function tarHeader(fields: {
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink';
  mode: number;
  size: number;
  mtime: Date;
  linkpath?: string;
}): Buffer[] {
  const header = new Header({
    ...fields,
    uid: 0,
    gid: 0,
    uname: 'root',
    gname: 'root',
  });
  const block = Buffer.alloc(512);
  const needPax = header.encode(block);
  if (!needPax) return [block];
  const pax = new Pax({
    path: fields.path,
    linkpath: fields.linkpath,
    size: fields.size,
    mtime: fields.mtime,
  }).encode();
  return [pax, block];
}

/** The global pax header `git archive` (and so GitHub) writes first: `comment=<sha>`. */
function globalHeader(sha: string, mtime: Date): Buffer {
  const body = Buffer.from(new Pax({ comment: sha }, true).encodeBody());
  const block = Buffer.alloc(512);
  new Header({
    path: 'pax_global_header',
    type: 'GlobalExtendedHeader',
    mode: 0o666,
    uid: 0,
    gid: 0,
    uname: 'root',
    gname: 'root',
    size: body.length,
    mtime,
  }).encode(block);
  return Buffer.concat([block, padded(body)]);
}

function padded(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}

/** The tar GitHub's tarball endpoint returns, uncompressed. */
function buildTar(
  owner: string,
  name: string,
  snapshot: { sha: string; committedAt: Date; entries: Map<string, Blob> },
): Buffer {
  const top = `${owner}-${name}-${snapshot.sha.slice(0, 7)}`;
  const mtime = snapshot.committedAt;
  const chunks: Buffer[] = [globalHeader(snapshot.sha, mtime)];
  chunks.push(
    ...tarHeader({
      path: `${top}/`,
      type: 'Directory',
      mode: 0o775,
      size: 0,
      mtime,
    }),
  );
  // Folders as `a/b/`, so that a plain byte sort gives git archive's depth-first order.
  const items: Array<[string, Blob | undefined]> = [];
  const seenDirs = new Set<string>();
  for (const [filePath, blob] of snapshot.entries) {
    const segments = filePath.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = `${segments.slice(0, i).join('/')}/`;
      if (!seenDirs.has(dir)) {
        seenDirs.add(dir);
        items.push([dir, undefined]);
      }
    }
    items.push([filePath, blob]);
  }
  items.sort((a, b) => gitOrder(a[0], b[0]));
  for (const [itemPath, blob] of items) {
    const full = `${top}/${itemPath}`;
    if (!blob) {
      chunks.push(
        ...tarHeader({
          path: full,
          type: 'Directory',
          mode: 0o775,
          size: 0,
          mtime,
        }),
      );
    } else if (blob.kind === 'symlink') {
      chunks.push(
        ...tarHeader({
          path: full,
          type: 'SymbolicLink',
          mode: 0o777,
          size: 0,
          mtime,
          linkpath: blob.data.toString(),
        }),
      );
    } else {
      chunks.push(
        ...tarHeader({
          path: full,
          type: 'File',
          mode: 0o664,
          size: blob.data.length,
          mtime,
        }),
        padded(blob.data),
      );
    }
  }
  chunks.push(Buffer.alloc(1024));
  return Buffer.concat(chunks);
}

function base64Lines(data: Buffer): string {
  return `${(data.toString('base64').match(/.{1,60}/g) ?? []).join('\n')}\n`;
}

function etagMatches(header: string | undefined, sha: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map(t => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .some(t => t === sha || t === '*');
}

/** A fake GitHub REST API on a free loopback port. */
export class GithubApiServer {
  /** `http://127.0.0.1:<port>`: the `apiBaseUrl` of the integration. */
  readonly baseUrl: string;
  /**
   * `<baseUrl>/raw`: serves `/<owner>/<repo>/<ref>/<path>` like raw.githubusercontent.com, for an
   * integration configured with `rawBaseUrl` (and no token), and as the items' `download_url`.
   */
  get rawBaseUrl(): string {
    return `${this.baseUrl}/raw`;
  }

  /** `http://127.0.0.2:<port>`: the archive host the tarball endpoint redirects to. */
  readonly archiveBaseUrl: string;

  private readonly server: http.Server;
  private readonly archiveServer: http.Server;
  private readonly options: GithubApiServerOptions;
  private readonly repositories = new Map<string, StoredRepository>();
  private log: RecordedRequest[] = [];
  private archiveLog: ArchiveRequest[] = [];
  /** The archive URLs' tokens: what each one may fetch, until when. */
  private readonly archiveTokens = new Map<
    string,
    { repo: StoredRepository; snapshot: Snapshot; expires: number }
  >();
  private rateLimit?: GithubRateLimit;
  private nextId = 1;

  /** Starts a server holding `repositories`; stop it with {@link GithubApiServer.close}. */
  static async start(
    repositories: FakeRepository[] = [],
    options: GithubApiServerOptions = {},
  ): Promise<GithubApiServer> {
    const server = await listen('127.0.0.1');
    const archiveServer = await listen('127.0.0.2');
    const address = (s: http.Server) => s.address() as AddressInfo;
    const instance = new GithubApiServer(
      server,
      `http://127.0.0.1:${address(server).port}`,
      archiveServer,
      `http://127.0.0.2:${address(archiveServer).port}`,
      options,
    );
    for (const repo of repositories) instance.setRepository(repo);
    return instance;
  }

  private constructor(
    server: http.Server,
    baseUrl: string,
    archiveServer: http.Server,
    archiveBaseUrl: string,
    options: GithubApiServerOptions,
  ) {
    this.server = server;
    this.baseUrl = baseUrl;
    this.archiveServer = archiveServer;
    this.archiveBaseUrl = archiveBaseUrl;
    this.options = options;
    this.setRateLimit(options.rateLimit);
    const serve =
      (
        handle: (
          req: http.IncomingMessage,
          res: http.ServerResponse,
        ) => Promise<void>,
      ) =>
      (req: http.IncomingMessage, res: http.ServerResponse) => {
        handle(req, res).catch(error => {
          if (!res.headersSent) {
            this.json(res, 500, { message: String(error?.message ?? error) });
          } else {
            res.destroy(error);
          }
        });
      };
    server.on(
      'request',
      serve((req, res) => this.handle(req, res)),
    );
    archiveServer.on(
      'request',
      serve((req, res) => this.archive(req, res)),
    );
  }

  /** How many rate-limit windows have started since the limit was set. */
  rateLimitWindows(): number {
    return this.rateLimit?.windowsStarted ?? 0;
  }

  /** Enforces GitHub's primary rate limit from now on (fresh windows), or none. */
  setRateLimit(options: RateLimitOptions | undefined): void {
    this.rateLimit = options ? new GithubRateLimit(options) : undefined;
  }

  /**
   * Adds a repository, or replaces the one of the same owner/name (case-insensitive, as on
   * GitHub). New files give a new sha; the same files keep the sha they had.
   */
  setRepository(repo: FakeRepository): void {
    const key = repoKey(repo.owner, repo.name);
    const existing = this.repositories.get(key);
    const head = toSnapshot(repo, existing?.head);
    if (existing) {
      if (existing.head.sha === head.sha) {
        existing.defaultBranch = repo.defaultBranch ?? 'main';
        return;
      }
      const known = existing.history.get(head.sha);
      existing.head.tarball = undefined;
      existing.head = known ?? head;
      existing.history.set(existing.head.sha, existing.head);
      existing.defaultBranch = repo.defaultBranch ?? 'main';
      return;
    }
    this.repositories.set(key, {
      owner: repo.owner,
      name: repo.name,
      defaultBranch: repo.defaultBranch ?? 'main',
      id: this.nextId++,
      createdAt: head.committedAt,
      head,
      history: new Map([[head.sha, head]]),
    });
  }

  /** Removes a repository: it answers 404 from then on. */
  deleteRepository(owner: string, name: string): void {
    this.repositories.delete(repoKey(owner, name));
  }

  /** The current commit sha of a repository (what readTree returns as `etag`). */
  shaOf(owner: string, name: string): string {
    const repo = this.repositories.get(repoKey(owner, name));
    if (!repo) throw new Error(`No repository ${owner}/${name}`);
    return repo.head.sha;
  }

  /** Every request since the last reset, in order. */
  requests(): RecordedRequest[] {
    return this.log.map(r => ({ ...r }));
  }

  /** The requests the rate limit refused since the last reset. */
  refusals(): RecordedRequest[] {
    return this.log.filter(r => r.refused).map(r => ({ ...r }));
  }

  /** Every request the archive host received since the last reset. */
  archiveRequests(): ArchiveRequest[] {
    return this.archiveLog.map(r => ({ ...r }));
  }

  resetRequests(): void {
    this.log = [];
    this.archiveLog = [];
  }

  /** How many requests since the last reset concerned `owner/name` (`/repos/owner/name[/...]`). */
  countFor(owner: string, name: string): number {
    const prefixes = [`/repos/${owner}/${name}`, `/raw/${owner}/${name}`].map(
      p => p.toLowerCase(),
    );
    return this.log.filter(r => {
      const p = safeDecode(r.path).toLowerCase();
      return prefixes.some(
        prefix => p === prefix || p.startsWith(`${prefix}/`),
      );
    }).length;
  }

  async close(): Promise<void> {
    await Promise.all(
      [this.server, this.archiveServer].map(
        server =>
          new Promise<void>((resolve, reject) => {
            server.close(error => (error ? reject(error) : resolve()));
            server.closeAllConnections();
          }),
      ),
    );
  }

  // --- request handling -----------------------------------------------------------------

  private async handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const recorded: RecordedRequest = { method, path: url.pathname };
    this.log.push(recorded);
    req.resume();

    res.setHeader('x-github-media-type', 'github.v3; format=json');
    if (!this.authorized(req, res)) return;
    const credential = req.headers.authorization ?? 'anonymous';
    if (url.pathname === '/rate_limit') {
      if (!this.rateLimit) {
        // GitHub Enterprise Server's answer when rate limiting is turned off.
        this.json(res, 404, { message: 'Rate limiting is not enabled.' });
        return;
      }
      const { body, headers } = this.rateLimit.status(credential);
      this.json(res, 200, body, headers);
      return;
    }
    if (this.rateLimit) {
      const decision = this.rateLimit.take(credential);
      for (const [k, v] of Object.entries(decision.headers))
        res.setHeader(k, v);
      if (!decision.allowed) {
        recorded.refused = true;
        this.json(res, 403, RATE_LIMITED_BODY);
        return;
      }
      // A 304 to a conditional request is free, as on GitHub.
      res.once('finish', () => {
        if (res.statusCode === 304) this.rateLimit?.refund(credential);
      });
    } else {
      res.setHeader('x-ratelimit-limit', '5000');
      res.setHeader('x-ratelimit-remaining', '4999');
      res.setHeader('x-ratelimit-resource', 'core');
      res.setHeader(
        'x-ratelimit-reset',
        String(Math.floor(Date.now() / 1000) + 3600),
      );
    }
    if (method !== 'GET' && method !== 'HEAD') {
      this.json(res, 404, NOT_FOUND);
      return;
    }

    const rawMatch = /^\/raw\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(
      url.pathname,
    );
    if (rawMatch) {
      this.raw(req, res, rawMatch.slice(1).map(safeDecode));
      return;
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    if (!match) {
      this.json(res, 404, NOT_FOUND);
      return;
    }
    const [owner, name] = [match[1], match[2]].map(safeDecode);
    const rest = match[3];
    const repo = this.repositories.get(repoKey(owner, name));
    if (!repo) {
      this.json(res, 404, NOT_FOUND);
      return;
    }

    if (rest === undefined || rest === '') {
      this.json(res, 200, this.repositoryJson(repo));
      return;
    }

    const status = /^commits\/(.+)\/status$/.exec(rest);
    const commit = /^commits\/(.+)$/.exec(rest);
    const tarball = /^tarball(?:\/(.+))?$/.exec(rest);
    const contents = /^contents(?:\/(.*))?$/.exec(rest);
    const tree = /^git\/trees\/(.+)$/.exec(rest);
    const blob = /^git\/blobs\/([0-9a-f]{40})$/.exec(rest);
    if (status) {
      const ref = safeDecode(status[1]);
      const snapshot = this.resolve(repo, ref);
      if (!snapshot) {
        this.json(res, 422, {
          message: `No commit found for SHA: ${ref}`,
          documentation_url: `${DOCS}/commits/statuses#get-the-combined-status-for-a-specific-reference`,
        });
        return;
      }
      this.json(res, 200, {
        state: 'pending',
        statuses: [],
        sha: snapshot.sha,
        total_count: 0,
        repository: this.repositoryJson(repo, true),
        commit_url: `${this.repoApi(repo)}/commits/${snapshot.sha}`,
        url: `${this.repoApi(repo)}/commits/${snapshot.sha}/status`,
      });
      return;
    }
    if (commit) {
      const ref = safeDecode(commit[1]);
      const snapshot = this.resolve(repo, ref);
      if (!snapshot) {
        this.json(res, 422, {
          message: `No commit found for SHA: ${ref}`,
          documentation_url: `${DOCS}/commits/commits#get-a-commit`,
        });
        return;
      }
      this.json(res, 200, this.commitJson(repo, snapshot));
      return;
    }
    if (tarball) {
      const snapshot = this.resolve(
        repo,
        tarball[1] ? safeDecode(tarball[1]) : undefined,
      );
      if (!snapshot) {
        this.json(res, 404, NOT_FOUND);
        return;
      }
      // As GitHub: a redirect to the archive host, with a token of its own in the URL.
      const token = crypto.randomBytes(12).toString('hex');
      this.archiveTokens.set(token, {
        repo,
        snapshot,
        expires: Date.now() + 5 * 60_000,
      });
      res.writeHead(302, {
        location: `${this.archiveBaseUrl}/${repo.owner}/${repo.name}/legacy.tar.gz/${snapshot.sha}?token=${token}`,
        'content-length': '0',
      });
      res.end();
      return;
    }
    if (contents) {
      this.contents(req, res, url, repo, contents[1] ?? '');
      return;
    }
    if (tree) {
      this.tree(res, url, repo, safeDecode(tree[1]));
      return;
    }
    if (blob) {
      this.blob(req, res, repo, blob[1]);
      return;
    }
    this.json(res, 404, NOT_FOUND);
  }

  /** The archive host: the tarball a token from the API's redirect names, once per token. */
  private async archive(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    req.resume();
    const url = new URL(req.url ?? '/', this.archiveBaseUrl);
    const token = url.searchParams.get('token') ?? '';
    const granted = this.archiveTokens.get(token);
    const entry: ArchiveRequest = {
      path: url.pathname,
      authorization: req.headers.authorization !== undefined,
      status: 404,
    };
    this.archiveLog.push(entry);
    const { repo, snapshot } = granted ?? {};
    if (
      !granted ||
      !repo ||
      !snapshot ||
      granted.expires < Date.now() ||
      url.pathname !==
        `/${repo.owner}/${repo.name}/legacy.tar.gz/${snapshot.sha}`
    ) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404: Not Found');
      return;
    }
    this.archiveTokens.delete(token);
    const body = await this.tarball(repo, snapshot);
    entry.status = 200;
    res.writeHead(200, {
      'content-type': 'application/x-gzip',
      'content-disposition': `attachment; filename=${repo.owner}-${repo.name}-${snapshot.sha.slice(0, 7)}.tar.gz`,
      'content-length': String(body.length),
      etag: `"${snapshot.sha}"`,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private authorized(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): boolean {
    const token = this.options.requireToken;
    if (token === undefined) return true;
    const header = req.headers.authorization;
    if (!header) {
      this.json(res, 404, NOT_FOUND);
      return false;
    }
    const given = header.replace(/^(bearer|token)\s+/i, '');
    if (given !== token) {
      this.json(res, 401, {
        message: 'Bad credentials',
        documentation_url: DOCS,
      });
      return false;
    }
    return true;
  }

  /** A ref as GitHub resolves it: the default branch, `HEAD`, or a (short) sha of a version. */
  private resolve(
    repo: StoredRepository,
    ref: string | undefined,
  ): Snapshot | undefined {
    if (
      ref === undefined ||
      ref === 'HEAD' ||
      ref === repo.defaultBranch ||
      ref === `heads/${repo.defaultBranch}` ||
      ref === `refs/heads/${repo.defaultBranch}`
    ) {
      return repo.head;
    }
    if (/^[0-9a-f]{7,40}$/i.test(ref)) {
      const lower = ref.toLowerCase();
      if (repo.head.sha.startsWith(lower)) return repo.head;
      for (const snapshot of repo.history.values()) {
        if (snapshot.sha.startsWith(lower)) return snapshot;
      }
    }
    return undefined;
  }

  private tarball(repo: StoredRepository, snapshot: Snapshot): Promise<Buffer> {
    if (!snapshot.tarball) {
      const promise = gzip(
        buildTar(repo.owner, repo.name, snapshot),
        GZIP_OPTIONS,
      );
      // Only the head keeps its archive cached: older versions are rebuilt when asked for.
      if (snapshot === repo.head) snapshot.tarball = promise;
      return promise;
    }
    return snapshot.tarball;
  }

  private contents(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    repo: StoredRepository,
    rawPath: string,
  ): void {
    const ref = url.searchParams.get('ref') ?? undefined;
    const snapshot = this.resolve(repo, ref || undefined);
    if (!snapshot) {
      this.json(res, 404, {
        message: `No commit found for the ref ${ref}`,
        documentation_url: `${DOCS}/repos/contents#get-repository-content`,
      });
      return;
    }
    const filePath = rawPath
      .split('/')
      .filter(Boolean)
      .map(safeDecode)
      .join('/');
    const raw = /raw/.test(String(req.headers.accept ?? ''));
    const refName = ref || repo.defaultBranch;

    if (filePath === '' || snapshot.dirs.has(filePath)) {
      this.json(res, 200, this.listing(repo, snapshot, filePath, refName));
      return;
    }
    let entry = snapshot.entries.get(filePath);
    if (!entry) {
      this.json(res, 404, {
        ...NOT_FOUND,
        documentation_url: `${DOCS}/repos/contents#get-repository-content`,
      });
      return;
    }
    let servedPath = filePath;
    if (entry.kind === 'symlink') {
      // GitHub answers a link to a file of the repository with that file, any other link
      // as a symlink object (and its target text when raw).
      const target = path.posix.normalize(
        path.posix.join(path.posix.dirname(filePath), entry.data.toString()),
      );
      const targetEntry = snapshot.entries.get(target);
      if (targetEntry?.kind === 'file' && !target.startsWith('../')) {
        entry = targetEntry;
        servedPath = target;
      } else if (!raw) {
        this.json(res, 200, {
          ...this.itemJson(repo, filePath, entry, refName),
          target: entry.data.toString(),
        });
        return;
      }
    }

    const etag = `"${entry.sha}"`;
    const lastModified = entry.modifiedAt.toUTCString();
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    const notModified = ifNoneMatch
      ? etagMatches(ifNoneMatch, entry.sha)
      : ifModifiedSince !== undefined &&
        !Number.isNaN(Date.parse(ifModifiedSince)) &&
        entry.modifiedAt.getTime() <= Date.parse(ifModifiedSince);
    if (notModified) {
      res.writeHead(304, { etag, 'last-modified': lastModified });
      res.end();
      return;
    }
    if (raw) {
      res.writeHead(200, {
        'content-type': 'application/vnd.github.raw',
        'content-length': String(entry.data.length),
        etag,
        'last-modified': lastModified,
      });
      res.end(req.method === 'HEAD' ? undefined : entry.data);
      return;
    }
    const tooLarge = entry.data.length > 1024 * 1024;
    this.json(
      res,
      200,
      {
        ...this.itemJson(repo, servedPath, entry, refName),
        content: tooLarge ? '' : base64Lines(entry.data),
        encoding: tooLarge ? 'none' : 'base64',
      },
      { etag, 'last-modified': lastModified },
    );
  }

  /** raw.githubusercontent.com: the file's bytes as text/plain, a bare `404: Not Found` else. */
  private raw(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    [owner, name, ref, filePath]: string[],
  ): void {
    const repo = this.repositories.get(repoKey(owner, name));
    const snapshot = repo && this.resolve(repo, ref);
    let entry = snapshot?.entries.get(filePath);
    if (snapshot && entry?.kind === 'symlink') {
      const target = path.posix.normalize(
        path.posix.join(path.posix.dirname(filePath), entry.data.toString()),
      );
      const targetEntry = snapshot.entries.get(target);
      if (targetEntry?.kind === 'file') entry = targetEntry;
    }
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('404: Not Found');
      return;
    }
    const etag = `"${entry.sha}"`;
    if (etagMatches(req.headers['if-none-match'], entry.sha)) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(entry.data.length),
      etag,
    });
    res.end(req.method === 'HEAD' ? undefined : entry.data);
  }

  private listing(
    repo: StoredRepository,
    snapshot: Snapshot,
    dir: string,
    refName: string,
  ): JsonObject[] {
    const prefix = dir ? `${dir}/` : '';
    const seen = new Set<string>();
    const items: JsonObject[] = [];
    for (const [filePath, entry] of snapshot.entries) {
      if (!filePath.startsWith(prefix)) continue;
      const rest = filePath.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) {
        items.push(this.itemJson(repo, filePath, entry, refName));
      } else {
        const child = prefix + rest.slice(0, slash);
        if (seen.has(child)) continue;
        seen.add(child);
        items.push(this.dirJson(repo, snapshot, child, refName));
      }
    }
    return items.sort((a, b) => gitOrder(String(a.name), String(b.name)));
  }

  private itemJson(
    repo: StoredRepository,
    filePath: string,
    entry: Blob,
    refName: string,
  ): JsonObject {
    const api = this.repoApi(repo);
    const self = `${api}/contents/${filePath}?ref=${refName}`;
    const html = `${this.htmlBase(repo)}/blob/${refName}/${filePath}`;
    const git = `${api}/git/blobs/${entry.sha}`;
    return {
      type: entry.kind,
      name: path.posix.basename(filePath),
      path: filePath,
      sha: entry.sha,
      size: entry.data.length,
      url: self,
      html_url: html,
      git_url: git,
      download_url: `${this.rawBaseUrl}/${repo.owner}/${repo.name}/${refName}/${filePath}`,
      _links: { self, git, html },
    };
  }

  private dirJson(
    repo: StoredRepository,
    snapshot: Snapshot,
    dir: string,
    refName: string,
  ): JsonObject {
    const api = this.repoApi(repo);
    const sha = this.treeShas(snapshot).get(dir) ?? '';
    const self = `${api}/contents/${dir}?ref=${refName}`;
    const html = `${this.htmlBase(repo)}/tree/${refName}/${dir}`;
    const git = `${api}/git/trees/${sha}`;
    return {
      type: 'dir',
      name: path.posix.basename(dir),
      path: dir,
      sha,
      size: 0,
      url: self,
      html_url: html,
      git_url: git,
      download_url: null,
      _links: { self, git, html },
    };
  }

  /** A stable id per folder of a version (the root under the key ''). */
  private treeShas(snapshot: Snapshot): Map<string, string> {
    if (!snapshot.treeShas) {
      const shas = new Map<string, string>();
      shas.set('', sha1('tree', snapshot.sha));
      for (const dir of snapshot.dirs) {
        shas.set(dir, sha1('tree', snapshot.sha, dir));
      }
      snapshot.treeShas = shas;
    }
    return snapshot.treeShas;
  }

  private tree(
    res: http.ServerResponse,
    url: URL,
    repo: StoredRepository,
    ref: string,
  ): void {
    let snapshot = this.resolve(repo, ref);
    let dir = '';
    if (!snapshot) {
      for (const candidate of repo.history.values()) {
        for (const [d, sha] of this.treeShas(candidate)) {
          if (sha === ref) {
            snapshot = candidate;
            dir = d;
          }
        }
      }
    }
    if (!snapshot) {
      this.json(res, 404, NOT_FOUND);
      return;
    }
    const recursive = !!url.searchParams.get('recursive');
    const api = this.repoApi(repo);
    const treeShas = this.treeShas(snapshot);
    const prefix = dir ? `${dir}/` : '';
    const limit = this.options.treeEntryLimit ?? 100_000;
    const items: Array<{ path: string; json: JsonObject }> = [];
    for (const d of snapshot.dirs) {
      if (!d.startsWith(prefix)) continue;
      const rel = d.slice(prefix.length);
      if (!recursive && rel.includes('/')) continue;
      const sha = treeShas.get(d)!;
      items.push({
        path: `${rel}/`,
        json: {
          path: rel,
          mode: '040000',
          type: 'tree',
          sha,
          url: `${api}/git/trees/${sha}`,
        },
      });
    }
    for (const [filePath, entry] of snapshot.entries) {
      if (!filePath.startsWith(prefix)) continue;
      const rel = filePath.slice(prefix.length);
      if (!recursive && rel.includes('/')) continue;
      items.push({
        path: rel,
        json: {
          path: rel,
          mode: entry.kind === 'symlink' ? '120000' : '100644',
          type: 'blob',
          sha: entry.sha,
          size: entry.data.length,
          url: `${api}/git/blobs/${entry.sha}`,
        },
      });
    }
    items.sort((a, b) => gitOrder(a.path, b.path));
    const truncated = items.length > limit;
    const sha = treeShas.get(dir)!;
    this.json(res, 200, {
      sha,
      url: `${api}/git/trees/${sha}`,
      tree: items.slice(0, limit).map(i => i.json),
      truncated,
    });
  }

  private blob(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    repo: StoredRepository,
    sha: string,
  ): void {
    let found: Blob | undefined;
    for (const snapshot of [repo.head, ...repo.history.values()]) {
      for (const entry of snapshot.entries.values()) {
        if (entry.sha === sha) {
          found = entry;
          break;
        }
      }
      if (found) break;
    }
    if (!found) {
      this.json(res, 404, NOT_FOUND);
      return;
    }
    if (/raw/.test(String(req.headers.accept ?? ''))) {
      res.writeHead(200, {
        'content-type': 'application/vnd.github.raw',
        'content-length': String(found.data.length),
        etag: `"${sha}"`,
      });
      res.end(req.method === 'HEAD' ? undefined : found.data);
      return;
    }
    this.json(res, 200, {
      sha,
      node_id: Buffer.from(`blob:${sha}`).toString('base64'),
      size: found.data.length,
      url: `${this.repoApi(repo)}/git/blobs/${sha}`,
      content: base64Lines(found.data),
      encoding: 'base64',
    });
  }

  private repoApi(repo: StoredRepository): string {
    return `${this.baseUrl}/repos/${repo.owner}/${repo.name}`;
  }

  private htmlBase(repo: StoredRepository): string {
    return `https://github.test/${repo.owner}/${repo.name}`;
  }

  /** The repository object; `minimal` is the shape embedded in a combined status. */
  private repositoryJson(repo: StoredRepository, minimal = false): JsonObject {
    const api = this.repoApi(repo);
    const fullName = `${repo.owner}/${repo.name}`;
    const base: JsonObject = {
      id: repo.id,
      node_id: Buffer.from(`repo:${repo.id}`).toString('base64'),
      name: repo.name,
      full_name: fullName,
      private: this.options.requireToken !== undefined,
      owner: {
        login: repo.owner,
        id: 1000 + repo.id,
        type: 'Organization',
        url: `${this.baseUrl}/users/${repo.owner}`,
      },
      html_url: this.htmlBase(repo),
      description: null,
      fork: false,
      url: api,
      archive_url: `${api}/{archive_format}{/ref}`,
      blobs_url: `${api}/git/blobs{/sha}`,
      branches_url: `${api}/branches{/branch}`,
      commits_url: `${api}/commits{/sha}`,
      contents_url: `${api}/contents/{+path}`,
      git_commits_url: `${api}/git/commits{/sha}`,
      statuses_url: `${api}/statuses/{sha}`,
      trees_url: `${api}/git/trees{/sha}`,
    };
    if (minimal) return base;
    return {
      ...base,
      created_at: repo.createdAt.toISOString(),
      updated_at: repo.head.committedAt.toISOString(),
      pushed_at: repo.head.committedAt.toISOString(),
      clone_url: `${this.htmlBase(repo)}.git`,
      size: Math.ceil(
        [...repo.head.entries.values()].reduce(
          (sum, e) => sum + e.data.length,
          0,
        ) / 1024,
      ),
      default_branch: repo.defaultBranch,
      archived: false,
      disabled: false,
      visibility:
        this.options.requireToken !== undefined ? 'private' : 'public',
    };
  }

  private commitJson(repo: StoredRepository, snapshot: Snapshot): JsonObject {
    const api = this.repoApi(repo);
    const date = snapshot.committedAt.toISOString();
    const treeSha = this.treeShas(snapshot).get('')!;
    return {
      sha: snapshot.sha,
      url: `${api}/commits/${snapshot.sha}`,
      html_url: `${this.htmlBase(repo)}/commit/${snapshot.sha}`,
      commit: {
        message: 'Fake commit',
        author: { name: 'Test', email: 'test@example.com', date },
        committer: { name: 'Test', email: 'test@example.com', date },
        tree: { sha: treeSha, url: `${api}/git/trees/${treeSha}` },
      },
      parents: [],
    };
  }

  private json(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }
}

/** An HTTP server on a free port of a loopback address. */
async function listen(host: string): Promise<http.Server> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Config for `UrlReaders.default` / `ScmIntegrations.fromConfig`: one GitHub integration for
 * `host` whose API is the fake server, with a token (so readUrl goes through the contents API).
 */
export function githubIntegrationConfig(
  server: GithubApiServer,
  host = 'github.test',
): JsonObject {
  return {
    integrations: {
      github: [{ host, apiBaseUrl: server.baseUrl, token: 'test-token' }],
    },
  };
}

/**
 * Reads a fixture folder into a repository: every file (as bytes) under its path relative to
 * `dir`, symbolic links as `{ symlink: <target> }`. `.DS_Store` files are left out.
 */
export function loadFixtureRepository(
  dir: string,
  owner: string,
  name: string,
): FakeRepository {
  const files: Record<string, FakeFile> = {};
  const walk = (absolute: string, relative: string) => {
    for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === '.DS_Store') continue;
      const abs = path.join(absolute, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        files[rel] = { symlink: fs.readlinkSync(abs) };
      } else if (entry.isDirectory()) {
        walk(abs, rel);
      } else if (entry.isFile()) {
        files[rel] = fs.readFileSync(abs);
      }
    }
  };
  walk(dir, '');
  return { owner, name, defaultBranch: 'main', files };
}
