/*
 * The corpus: repositories written in the patterns real public repositories use (their
 * deployment files modelled on what teams ship, none copied), each with the evidence the module
 * must read for it, written down before the module ran (`__fixtures__/corpus-expected.yaml`).
 * All of them go through the loopback GitHub, the real UrlReader and the real catalog, the
 * repository refresh and the org scan, and are checked in the assessments the API serves.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Assessment } from '@scaling-advisor/backstage-plugin-scaling-common';
import { CORPUS_EXPECTED, corpusRepositories } from './__fixtures__';
import { GithubApiServer } from './__testUtils__/githubApiServer';
import {
  Backend,
  assessment,
  components,
  refreshAndScan,
  startBackend,
  until,
} from './__testUtils__/moduleBackend';

jest.setTimeout(180_000);

interface Expectation {
  modelledOn: string;
  expect?: Record<string, unknown>;
  absent?: string[];
  thirdParty?: string[];
  problems?: string[];
  files?: Record<string, string>;
}

const expected: Record<string, Expectation> = YAML.parse(
  fs.readFileSync(CORPUS_EXPECTED, 'utf8'),
);

function repositoryEvidence(a: Assessment) {
  return Object.fromEntries(
    a.evidence.items
      .filter(i => i.source === 'repository')
      .map(i => [i.key, i]),
  );
}

describe('the repository module on the corpus of real-world patterns', () => {
  const repositories = corpusRepositories();
  let server: GithubApiServer;
  let backend: Backend;
  const assessments = new Map<string, Assessment>();

  beforeAll(async () => {
    server = await GithubApiServer.start(repositories);
    backend = await startBackend(server, repositories);
    await until('the catalog to hold the corpus', async () => {
      const found = await components(backend);
      return found.length >= repositories.length ? found : undefined;
    });
    const first = await refreshAndScan(backend);
    // A second scan: owners' services on Kubernetes are counted from the stored first one.
    await backend.scheduler().triggerTask('scaling-org-scan');
    await until('a second scan', async () => {
      const a = await assessment(backend, 'team-orbit-worker');
      return a.assessedAt > (first.lastScan?.finishedAt ?? '') ? a : undefined;
    });
    for (const name of Object.keys(expected)) {
      assessments.set(name, await assessment(backend, name));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  it('holds at least 30 repositories, each with its expectation', () => {
    const names = repositories.map(r => r.name).sort();
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(names);
  });

  it.each(Object.entries(expected))('%s', (name, expectation) => {
    const a = assessments.get(name)!;
    const evidence = repositoryEvidence(a);
    const read = Object.fromEntries(
      Object.entries(evidence).map(([k, item]) => [k, item.value]),
    );
    for (const [key, value] of Object.entries(expectation.expect ?? {})) {
      expect({ [key]: read[key] }).toEqual({ [key]: value });
    }
    for (const key of expectation.absent ?? []) {
      expect({ [key]: read[key] }).toEqual({ [key]: undefined });
    }
    expect([...a.evidence.thirdParty].sort()).toEqual(
      [...(expectation.thirdParty ?? [])].sort(),
    );
    const skipped = a.findings
      .filter(f => f.id === 'repository-content-skipped')
      .map(f => f.message);
    const problems = expectation.problems ?? [];
    expect(skipped).toHaveLength(problems.length);
    for (const text of problems) {
      expect({ text, found: skipped.some(m => m.includes(text)) }).toEqual({
        text,
        found: true,
      });
    }
    for (const [key, file] of Object.entries(expectation.files ?? {})) {
      expect({ [key]: evidence[key]?.file }).toEqual({ [key]: file });
    }
  });

  it('meets team-expertise for a team whose other service runs on Kubernetes', () => {
    const worker = assessments.get('team-orbit-worker')!;
    expect(worker.signals.teamK8sExpertise).toEqual({
      value: true,
      source: 'owner',
      evidence: 'owner team-orbit runs 1 service on Kubernetes',
    });
    expect(
      worker.kubernetesCriteria.items.find(i => i.id === 'team-expertise'),
    ).toMatchObject({ met: true });
  });

  it('keeps the module to one archive and one status request per repository on the first read', () => {
    const tree = server
      .requests()
      .filter(r => r.path.includes('/commits/') || r.path.includes('/tarball'));
    expect(tree.length).toBe(2 * repositories.length);
    expect(path.basename(CORPUS_EXPECTED)).toBe('corpus-expected.yaml');
  });
});
