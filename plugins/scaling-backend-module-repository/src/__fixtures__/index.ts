/* eslint-disable no-restricted-imports, no-restricted-syntax --
 * Fixtures are test-only (never imported by the package's own code, never built), like
 * __testUtils__: they may use the test utilities, and __dirname is the source folder.
 */
/*
 * The repository fixtures: Backstage's example org as GitHub repositories holding their
 * deployment files (`repositories/acme/<repo>/`, described in `repositories/README.md`), and
 * the hostile repositories generated at test time.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  FakeRepository,
  loadFixtureRepository,
} from '../__testUtils__/githubApiServer';

export {
  HOSTILE_OWNER,
  HOSTILE_REPOSITORY_NAMES,
  LARGE_YAML_BYTES,
  MANY_FILES_COUNT,
  hostileRepositories,
} from './hostile';

/** Absolute path of the folder holding one folder per `acme` repository. */
export const ACME_REPOSITORIES_DIR = path.resolve(
  __dirname,
  'repositories',
  'acme',
);

/** The `README.md` whose table says what each repository should read as. */
export const ACME_REPOSITORIES_README = path.resolve(
  __dirname,
  'repositories',
  'README.md',
);

/** Every folder of {@link ACME_REPOSITORIES_DIR} as a repository of owner `acme`, by name. */
export function acmeRepositories(): FakeRepository[] {
  return fs
    .readdirSync(ACME_REPOSITORIES_DIR, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort()
    .map(name =>
      loadFixtureRepository(
        path.join(ACME_REPOSITORIES_DIR, name),
        'acme',
        name,
      ),
    );
}

/** The expectations of the corpus, written before the module ran on it. */
export const CORPUS_EXPECTED = path.resolve(__dirname, 'corpus-expected.yaml');

/** Folder holding one folder per repository of the corpus (owner `corpus`). */
export const CORPUS_REPOSITORIES_DIR = path.resolve(
  __dirname,
  'repositories',
  'corpus',
);

/**
 * The corpus of real-world patterns: repositories written in the shapes public repositories
 * use, each with its expected evidence in {@link CORPUS_EXPECTED}.
 */
export function corpusRepositories(): FakeRepository[] {
  return fs
    .readdirSync(CORPUS_REPOSITORIES_DIR, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort()
    .map(name =>
      loadFixtureRepository(
        path.join(CORPUS_REPOSITORIES_DIR, name),
        'corpus',
        name,
      ),
    );
}
