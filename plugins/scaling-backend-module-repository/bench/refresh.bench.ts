/*
 * Benchmark of the repository module's refresh of 1,000 repositories, each of one Component,
 * served by the loopback GitHub API of the tests (src/__testUtils__/githubApiServer.ts) and read
 * by Backstage's real GitHub UrlReader.
 *
 * One backend (createBackend, as deployed) holds the real catalog, the scaling plugin and this
 * module, on in-memory SQLite, so that every run starts from an empty store. As in
 * module.integration.test.ts, the catalog is fed by url locations: one per repository, its
 * catalog-info.yaml, read through the same UrlReader; the catalog then sets each Component's
 * backstage.io/source-location to `url:https://github.test/acme/<repo>/tree/main/`, which is
 * what the refresher reads. The repositories are the example org's fixtures
 * (src/__fixtures__/repositories/acme, 13 of them: Compose, Kubernetes manifests, Helm, Kustomize,
 * Flux, ECS with Terraform, Cloud Run, Azure Container Instances, a library, a repository with
 * no deployment file), each copied about 77 times under a name of its own.
 *
 * The refresh is the module's scheduled task (`scaling-repository-refresh`, set to
 * `trigger: manual`), triggered through the scheduler's route of the plugin. Its time is the
 * `durationMs` the refresher itself logs ("repository refresh finished"), so the scheduler's
 * pick-up delay (it polls every few seconds) is not counted.
 *
 *   1. first refresh: nothing stored; every repository read (commit status, then its archive);
 *   2. the scan the plugin starts on new evidence is waited for, so that it does not run
 *      alongside the next refresh;
 *   3. second refresh, nothing changed: the stored ETag makes each repository one request;
 *   4. under GitHub's primary rate limit (the loopback server enforces it with GitHub's headers
 *      and answers; its hour scaled down to 2 seconds, BENCH_LIMIT requests per window, default
 *      1,000): every repository changed, then unchanged, runs triggered until all are read. It
 *      prints the time in windows against the fewest the module's share (0.25) allows, the
 *      requests per repository, and the refusals, the module's and the catalog's.
 * The baseline is plain fetch of the same 1,000 archives from the same server, with the
 * refresher's concurrency, measured before the first refresh and after the second (mean).
 * A second reference, timed the same way, adds the module's own parsing (readRepository on
 * each fetched archive), to tell the parsing from the rest of the refresh (UrlReader, catalog,
 * store). The archives are built once before anything is timed, so nothing pays for gzip.
 *
 * Exits non-zero when a request target is exceeded: on the first refresh more than one commit
 * lookup or one archive for a repository, or any other request; on the second more than one
 * request for a repository; under the limit more than 2 (changed) or 1 (unchanged) requests
 * per repository, more than 2 refusals of the module or any of the catalog; or when a refresh
 * did not read (first) or find unchanged (second) every repository. Times are printed, never
 * asserted. GitHub's /rate_limit, which costs nothing, is not counted as a request.
 *
 * Run: npm run bench (in plugins/scaling-backend-module-repository). BENCH_REPOS=<n> for another
 * size; BENCH_CORPUS=1 to add the corpus's kinds; BENCH_PROFILE=<dir> for a CPU profile of each
 * refresh.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  LoggerService,
  RootLoggerService,
  UrlReaderService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { stringify } from 'yaml';
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import repositoryModule from '../src';
import { acmeRepositories, corpusRepositories } from '../src/__fixtures__';
import { readRepository } from '../src/reading/readRepository';
import {
  FakeFile,
  FakeRepository,
  GithubApiServer,
  RecordedRequest,
} from '../src/__testUtils__/githubApiServer';

const REPOS = Number(process.env.BENCH_REPOS ?? 1000);
/** The module's default `scaling.repository.concurrency`, set explicitly for the baseline. */
const CONCURRENCY = 4;
const TOKEN = 'bench-token';
const HOST = 'github.test';
const OWNER = 'acme';
const REFRESH_TASK = 'scaling-repository-refresh';
/**
 * The rate-limited phase: GitHub's primary limit scaled down in time (its hour as 2 seconds),
 * 1,000 requests per window, of which the module's default share (0.25) is 250.
 */
const LIMIT = Number(process.env.BENCH_LIMIT ?? 1000);
const WINDOW_MS = 2_000;
const DEFAULT_SHARE = 0.25;
const LOAD_TIMEOUT_MS = 150_000;
const TASK_TIMEOUT_MS = 150_000;
const headers = { Authorization: `Bearer ${TOKEN}` };

/**
 * The fixture repositories that are one Component each (not the org, not the monorepo); with
 * BENCH_CORPUS=1, the corpus of real-world patterns too (35 more kinds, most of them charts
 * rendered with their values).
 */
function templates(): FakeRepository[] {
  const acme = acmeRepositories().filter(
    r => r.name !== 'org' && r.name !== 'monorepo',
  );
  return process.env.BENCH_CORPUS === '1'
    ? [...acme, ...corpusRepositories()]
    : acme;
}

/**
 * `count` repositories, template after template, each renamed `<template>-<i>` in every text
 * file (its Component's name, image names, chart names), so that each is a repository and a
 * Component of its own.
 */
function generateRepositories(count: number): FakeRepository[] {
  const sources = templates();
  const repositories: FakeRepository[] = [];
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const name = `${source.name}-${String(i).padStart(4, '0')}`;
    // Not inside a longer name: `wayback-archive` must leave `wayback-archive-storage` alone.
    const own = new RegExp(
      `(?<![\\w-])${source.name.replace(/[-]/g, '\\-')}(?![\\w-])`,
      'g',
    );
    const files: Record<string, FakeFile> = {};
    for (const [path, content] of Object.entries(source.files)) {
      files[path] =
        Buffer.isBuffer(content) || typeof content === 'string'
          ? content.toString().replace(own, name)
          : content;
    }
    repositories.push({ owner: OWNER, name, defaultBranch: 'main', files });
  }
  return repositories;
}

/** What the bench reads from the backend's logs: the refresher's and the scan's summaries. */
interface LoggedEvent {
  message: string;
  meta: JsonObject;
}

/**
 * A root logger that keeps info and error messages for the bench, and prints only warnings and
 * errors: the refresher reports its own duration in its log, the scan its end.
 */
function benchLogger(events: LoggedEvent[]): RootLoggerService {
  const make = (fields: JsonObject): LoggerService => {
    const print = (level: string, message: string, meta?: unknown) => {
      let extra = '';
      if (meta instanceof Error) extra = meta.stack ?? String(meta);
      else if (meta) extra = JSON.stringify(meta);
      process.stderr.write(
        `${level} ${fields.plugin ?? ''} ${message} ${extra}\n`,
      );
    };
    const keep = (message: string, meta?: unknown) =>
      events.push({ message, meta: { ...fields, ...(meta as JsonObject) } });
    return {
      error: (message, meta) => {
        keep(message, meta);
        print('error', message, meta);
      },
      warn: (message, meta) => print('warn', message, meta),
      info: (message, meta) => {
        keep(message, meta);
      },
      debug: () => {},
      child: meta => make({ ...fields, ...(meta as JsonObject) }),
    };
  };
  return make({});
}

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startBackend(
  server: GithubApiServer,
  repositories: FakeRepository[],
  events: LoggedEvent[],
) {
  const port = await freePort();
  const manual = { frequency: { trigger: 'manual' }, timeout: { minutes: 30 } };
  const configFile = join(
    mkdtempSync(join(tmpdir(), 'scaling-repository-bench-')),
    'app-config.yaml',
  );
  writeFileSync(
    configFile,
    stringify({
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        auth: {
          externalAccess: [
            { type: 'static', options: { token: TOKEN, subject: 'bench' } },
          ],
        },
      },
      integrations: {
        github: [{ host: HOST, apiBaseUrl: server.baseUrl, token: TOKEN }],
      },
      catalog: {
        rules: [{ allow: ['Component', 'Location'] }],
        locations: repositories.map(r => ({
          type: 'url',
          target: `https://${HOST}/${r.owner}/${r.name}/blob/main/catalog-info.yaml`,
        })),
        // The catalog reads each catalog-info.yaml once; it must not read them again while a
        // refresh is counted.
        processingInterval: { days: 365 },
      },
      scaling: {
        scan: { schedule: manual },
        // Every triggered refresh reads every repository again.
        repository: {
          schedule: manual,
          concurrency: CONCURRENCY,
          refreshEvery: { milliseconds: 1 },
        },
      },
    }),
  );
  process.argv = [process.argv[0], process.argv[1], '--config', configFile];
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => benchLogger(events),
    }),
  );
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(scalingPlugin);
  backend.add(repositoryModule);
  await backend.start();
  return { backend, base: `http://127.0.0.1:${port}` };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms: number,
  every = 100,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, every));
  }
}

async function componentsWithSource(base: string): Promise<number> {
  const res = await fetch(
    `${base}/api/catalog/entities/by-query?limit=1&filter=kind=component,metadata.annotations.backstage.io/source-location`,
    { headers },
  );
  return res.ok ? ((await res.json()) as { totalItems: number }).totalItems : 0;
}

interface RefreshSummary {
  repositories: number;
  read: number;
  notModified: number;
  failed: number;
  durationMs: number;
}

/**
 * Triggers the module's scheduled refresh and waits for the refresher's summary in the log;
 * returns it with the requests the loopback server received meanwhile.
 */
async function refresh(
  base: string,
  server: GithubApiServer,
  events: LoggedEvent[],
  name: string,
): Promise<{
  summary: RefreshSummary;
  requests: RecordedRequest[];
  /** Where the refresher's summary is in `events`: what the refresh started comes after. */
  loggedAt: number;
}> {
  const seen = events.length;
  const profiler = await startProfiler();
  server.resetRequests();
  const triggered = await fetch(
    `${base}/api/scaling/.backstage/scheduler/v1/tasks/${REFRESH_TASK}/trigger`,
    { method: 'POST', headers },
  );
  if (!triggered.ok)
    throw new Error(`triggering the refresh answered ${triggered.status}`);
  const loggedAt = await until(
    'the repository refresh to finish',
    () => {
      const i = events.findIndex(
        (e, j) => j >= seen && e.message === 'repository refresh finished',
      );
      return i >= 0 ? i : undefined;
    },
    TASK_TIMEOUT_MS,
    50,
  );
  await profiler?.stop(`refresh-${name}`);
  return {
    summary: events[loggedAt].meta as unknown as RefreshSummary,
    requests: server.requests(),
    loggedAt,
  };
}

type Kind = 'lookup' | 'archive' | 'catalog' | 'probe' | 'other';

/** The repository and kind of a request: a commit (status) lookup, an archive, or else. */
function classify(request: RecordedRequest): { repo?: string; kind: Kind } {
  // GitHub's /rate_limit, which costs nothing against the limit.
  if (request.path === '/rate_limit') return { kind: 'probe' };
  const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(request.path);
  if (!match) return { kind: 'other' };
  const repo = decodeURIComponent(match[2]);
  const rest = match[3] ?? '';
  if (/^commits\/[^/]+(\/status)?$/.test(rest)) return { repo, kind: 'lookup' };
  if (/^tarball(\/.*)?$/.test(rest)) return { repo, kind: 'archive' };
  // The catalog's reads of catalog-info.yaml, never the refresher's (it reads trees only).
  if (rest.startsWith('contents/catalog-info.yaml'))
    return { repo, kind: 'catalog' };
  return { repo, kind: 'other' };
}

interface Breakdown {
  total: number;
  byKind: Record<Kind, number>;
  perRepo: Map<string, Record<Kind, number>>;
}

function breakdown(requests: RecordedRequest[]): Breakdown {
  const byKind: Record<Kind, number> = {
    lookup: 0,
    archive: 0,
    catalog: 0,
    probe: 0,
    other: 0,
  };
  const perRepo = new Map<string, Record<Kind, number>>();
  for (const request of requests) {
    const { repo, kind } = classify(request);
    byKind[kind] += 1;
    if (!repo) continue;
    const counts = perRepo.get(repo) ?? {
      lookup: 0,
      archive: 0,
      catalog: 0,
      probe: 0,
      other: 0,
    };
    counts[kind] += 1;
    perRepo.set(repo, counts);
  }
  // The refresher's requests: the catalog's own reads and the free probes are counted apart.
  return {
    total: requests.length - byKind.catalog - byKind.probe,
    byKind,
    perRepo,
  };
}

/**
 * With BENCH_PROFILE=<dir>, a CPU profile of each refresh (the whole process, backend and
 * loopback server; list the heaviest functions with
 * `node ../scaling-backend/bench/profile-summary.js <file>`).
 */
async function startProfiler() {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return undefined;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(name: string) {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Plain fetch of every archive from the same server, `CONCURRENCY` at a time. */
async function fetchArchives(
  server: GithubApiServer,
  repositories: FakeRepository[],
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < repositories.length) {
      const r = repositories[next++];
      const res = await fetch(
        `${server.baseUrl}/repos/${r.owner}/${r.name}/tarball/main`,
        { headers: { Authorization: `token ${TOKEN}` } },
      );
      if (!res.ok) throw new Error(`${r.name}: archive answered ${res.status}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

/**
 * The module's own read (readRepository: the archive's deployment files parsed and recognized)
 * on a plain fetch of each archive, `CONCURRENCY` at a time, without Backstage's UrlReader, the
 * catalog or the store: what a refresh cannot do without.
 */
async function fetchAndRead(
  server: GithubApiServer,
  repositories: FakeRepository[],
): Promise<number> {
  const plainReader = (r: FakeRepository): UrlReaderService => ({
    readTree: async () => {
      const res = await fetch(
        `${server.baseUrl}/repos/${r.owner}/${r.name}/tarball/main`,
        { headers: { Authorization: `token ${TOKEN}` } },
      );
      if (!res.ok || !res.body)
        throw new Error(`${r.name}: archive answered ${res.status}`);
      const body = Readable.fromWeb(res.body as NodeWebReadableStream);
      return {
        etag: res.headers.get('etag') ?? '',
        archive: async () => body,
        files: async () => [],
        dir: async () => '',
      };
    },
    readUrl: async () => {
      throw new Error('not used');
    },
    search: async () => {
      throw new Error('not used');
    },
  });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < repositories.length) {
      const r = repositories[next++];
      const result = await readRepository(
        plainReader(r),
        `https://${HOST}/${r.owner}/${r.name}/tree/main/`,
      );
      if (result.status !== 'read')
        throw new Error(`${r.name}: ${JSON.stringify(result)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

interface LimitedPhase {
  name: string;
  key: string;
  read: number;
  runs: number;
  ms: number;
  /** Rate-limit windows the server started meanwhile (each lasts until its announced reset). */
  windows: number;
  /** Windows the module needs at the least at its share: requests / (share × limit). */
  fewestWindows: number;
  requestsPerRepo: number;
  target: number;
  moduleRefusals: number;
  catalogRefusals: number;
}

/**
 * The refresh under GitHub's primary rate limit: every repository changed (so each costs a
 * commit lookup and an archive, as a first read), then unchanged (one lookup each). Runs are
 * triggered one after another until every repository is read; the time is from the first
 * trigger to the last run's end.
 */
async function limitedPhases(
  base: string,
  server: GithubApiServer,
  repositories: FakeRepository[],
  events: LoggedEvent[],
): Promise<LimitedPhase[]> {
  server.setRateLimit({ limit: LIMIT, windowMs: WINDOW_MS });
  const phases: LimitedPhase[] = [];
  for (const [key, name, perRepo] of [
    ['changed', 'every repository changed', 2],
    ['unchanged', 'unchanged', 1],
  ] as const) {
    if (key === 'changed') {
      for (const repo of repositories) {
        server.setRepository({
          ...repo,
          files: { ...repo.files, 'CHANGELOG.md': '# a new commit\n' },
        });
      }
    }
    server.resetRequests();
    const windowsBefore = server.rateLimitWindows();
    const started = performance.now();
    let read = 0;
    let runs = 0;
    const all: RecordedRequest[] = [];
    while (read < REPOS && runs < 20) {
      const run = await refresh(base, server, events, `limited-${key}`);
      runs += 1;
      read += key === 'changed' ? run.summary.read : run.summary.notModified;
      all.push(...run.requests);
    }
    const ms = performance.now() - started;
    const windows = server.rateLimitWindows() - windowsBefore;
    const counts = breakdown(all.filter(r => !r.refused));
    const refusals = all.filter(r => r.refused).map(classify);
    phases.push({
      name,
      key,
      read,
      runs,
      ms,
      windows,
      fewestWindows: (perRepo * REPOS) / (DEFAULT_SHARE * LIMIT),
      requestsPerRepo: counts.total / REPOS,
      target: perRepo,
      moduleRefusals: refusals.filter(
        r => r.kind === 'lookup' || r.kind === 'archive',
      ).length,
      catalogRefusals: refusals.filter(r => r.kind === 'catalog').length,
    });
  }
  return phases;
}

async function main() {
  const failures: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) failures.push(message);
  };
  const fmt = (x: number, digits = 2) => x.toFixed(digits);

  const repositories = generateRepositories(REPOS);
  const server = await GithubApiServer.start(repositories);
  // Builds and caches every archive, so that neither the refresher nor the baseline pays for it.
  await fetchArchives(server, repositories);

  const events: LoggedEvent[] = [];
  const loadStarted = Date.now();
  const { backend, base } = await startBackend(server, repositories, events);
  const startMs = Date.now() - loadStarted;
  await until(
    `the catalog to hold ${REPOS} Components with a source location`,
    async () =>
      (await componentsWithSource(base)) >= REPOS ? true : undefined,
    LOAD_TIMEOUT_MS,
    1000,
  );
  const loadMs = Date.now() - loadStarted;
  console.log(
    `setup: ${REPOS} repositories (${templates().length} kinds); backend started in ${(startMs / 1000).toFixed(1)} s; catalog loaded from ${REPOS} url locations in ${(loadMs / 1000).toFixed(1)} s`,
  );

  const baselineBefore = await fetchArchives(server, repositories);
  const readBefore = await fetchAndRead(server, repositories);

  // 1. The first refresh: nothing stored yet.
  const first = await refresh(base, server, events, 'first');
  const firstCounts = breakdown(first.requests);
  check(
    first.summary.read === REPOS,
    `first refresh read ${first.summary.read} of ${REPOS} repositories (${first.summary.failed} failed)`,
  );
  for (const r of repositories) {
    const c = firstCounts.perRepo.get(r.name);
    check(
      !!c && c.lookup <= 1 && c.archive <= 1 && c.other === 0,
      `first refresh, ${r.name}: ${JSON.stringify(c ?? 'no request')} (target: at most one commit status and one archive)`,
    );
  }

  // 2. New evidence starts a scan of the org; it is left to finish before the next refresh.
  const scanned = await until(
    'the scan after the first refresh',
    () =>
      events.find(
        (e, i) =>
          i > first.loggedAt &&
          (e.message === 'scan finished' ||
            e.message.startsWith('scan failed')),
      ),
    TASK_TIMEOUT_MS,
    200,
  ).catch(error => {
    process.stderr.write(`${error}\n`);
    return undefined;
  });

  // 3. The second refresh: nothing changed.
  const second = await refresh(base, server, events, 'second');
  const secondCounts = breakdown(second.requests);
  check(
    second.summary.notModified === REPOS,
    `second refresh found ${second.summary.notModified} of ${REPOS} repositories unchanged (${second.summary.read} read, ${second.summary.failed} failed)`,
  );
  for (const r of repositories) {
    const c = secondCounts.perRepo.get(r.name);
    const total = c ? c.lookup + c.archive + c.other : 0;
    check(
      total <= 1,
      `second refresh, ${r.name}: ${total} requests ${JSON.stringify(c)} (target: at most one)`,
    );
  }

  const baselineAfter = await fetchArchives(server, repositories);
  const readAfter = await fetchAndRead(server, repositories);
  const baselineMs = (baselineBefore + baselineAfter) / 2;
  const readMs = (readBefore + readAfter) / 2;

  // 4. Under a rate limit: every repository changed (a full read each), then unchanged.
  const limited = await limitedPhases(base, server, repositories, events);
  for (const phase of limited) {
    check(
      phase.read === REPOS,
      `${phase.name}: ${phase.read} of ${REPOS} repositories read after ${phase.runs} runs`,
    );
    check(
      phase.requestsPerRepo <= phase.target,
      `${phase.name}: ${phase.requestsPerRepo.toFixed(2)} requests per repository (target: at most ${phase.target})`,
    );
    check(
      phase.moduleRefusals <= 2,
      `${phase.name}: the module was refused ${phase.moduleRefusals} times (target: at most 2)`,
    );
    check(
      phase.catalogRefusals === 0,
      `${phase.name}: the catalog was refused ${phase.catalogRefusals} times (target: never)`,
    );
  }
  await backend.stop();
  await server.close();

  const firstMs = first.summary.durationMs;
  const secondMs = second.summary.durationMs;
  const perRepo = (x: number) => x / REPOS;
  console.log(
    `first refresh: ${firstMs} ms, ${fmt(perRepo(firstMs))} ms/repo (${first.summary.read} read, ${first.summary.failed} failed)`,
  );
  console.log(
    `  requests/repo: ${fmt(perRepo(firstCounts.total))} = commit/status lookups ${fmt(perRepo(firstCounts.byKind.lookup))} + archives ${fmt(perRepo(firstCounts.byKind.archive))} + other ${fmt(perRepo(firstCounts.byKind.other))} (catalog reads meanwhile, not counted: ${firstCounts.byKind.catalog})`,
  );
  if (scanned)
    console.log(
      `scan started by the new evidence: ${scanned.message}, ${scanned.meta.entities ?? '?'} entities in ${scanned.meta.durationMs ?? '?'} ms (not part of either refresh)`,
    );
  console.log(
    `second, unchanged refresh: ${secondMs} ms, ${fmt(perRepo(secondMs))} ms/repo (${second.summary.notModified} unchanged, ${second.summary.failed} failed)`,
  );
  console.log(
    `  requests/repo: ${fmt(perRepo(secondCounts.total))} = commit/status lookups ${fmt(perRepo(secondCounts.byKind.lookup))} + archives ${fmt(perRepo(secondCounts.byKind.archive))} + other ${fmt(perRepo(secondCounts.byKind.other))} (catalog reads meanwhile, not counted: ${secondCounts.byKind.catalog})`,
  );
  console.log(
    `baseline: plain fetch of the ${REPOS} archives, ${CONCURRENCY} at a time: ${baselineBefore.toFixed(0)} ms before, ${baselineAfter.toFixed(0)} ms after, mean ${fmt(perRepo(baselineMs))} ms/repo`,
  );
  console.log(
    `plain fetch + the module's readRepository (parse and recognize) of the ${REPOS} archives, ${CONCURRENCY} at a time: ${readBefore.toFixed(0)} ms before, ${readAfter.toFixed(0)} ms after, mean ${fmt(perRepo(readMs))} ms/repo`,
  );
  console.log(
    `ratios: first refresh / baseline ${fmt(firstMs / baselineMs)}; second refresh / baseline ${fmt(secondMs / baselineMs)}; first refresh / (fetch + readRepository) ${fmt(firstMs / readMs)}`,
  );
  for (const phase of limited) {
    console.log(
      `${phase.name} under a limit of ${LIMIT} requests per ${WINDOW_MS} ms window (share ${DEFAULT_SHARE}): all ${phase.read} read in ${(phase.ms / 1000).toFixed(1)} s, ${phase.windows} windows (${fmt(phase.fewestWindows, 1)} at the least at the share; ${fmt(phase.windows / phase.fewestWindows)}×), ${phase.runs} run(s); requests/repo ${fmt(phase.requestsPerRepo)}; refused: module ${phase.moduleRefusals}, catalog ${phase.catalogRefusals}`,
    );
  }
  for (const failure of failures.slice(0, 20)) console.log(`FAIL ${failure}`);
  if (failures.length > 20)
    console.log(`FAIL … and ${failures.length - 20} more`);
  console.log(
    `repository_refresh: repos=${REPOS} first_requests_per_repo=${fmt(perRepo(firstCounts.total))} first_ms_per_repo=${fmt(perRepo(firstMs))} second_requests_per_repo=${fmt(perRepo(secondCounts.total))} second_ms_per_repo=${fmt(perRepo(secondMs))} vs_baseline=${fmt(firstMs / baselineMs)} ${limited.map(p => `${p.key}_windows=${p.windows} ${p.key}_vs_fewest=${fmt(p.windows / p.fewestWindows)}`).join(' ')}`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch(error => {
  process.stderr.write(
    `repository refresh bench failed: ${error?.stack ?? error}\n`,
  );
  process.exit(1);
});
