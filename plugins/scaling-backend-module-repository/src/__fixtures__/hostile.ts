/*
 * Hostile repositories, generated at test time (none of this is committed as files): each is a
 * Component of type service with one hostile part, next to ordinary deployment files where the
 * hostile part should not stop the rest from being read. `repositories/README.md` says what
 * each should read as.
 */
// Fixtures are test-only (never imported by the package's own code), like __testUtils__.
// eslint-disable-next-line no-restricted-imports
import { FakeRepository } from '../__testUtils__/githubApiServer';

/** GitHub owner of the hostile repositories (the same org as the example fixtures). */
export const HOSTILE_OWNER = 'acme';

/** Names of the hostile repositories, in the order {@link hostileRepositories} returns them. */
export const HOSTILE_REPOSITORY_NAMES = {
  largeYaml: 'hostile-large-yaml',
  manyFiles: 'hostile-many-files',
  aliasBomb: 'hostile-alias-bomb',
  symlinks: 'hostile-symlinks',
  malformed: 'hostile-malformed',
} as const;

/** Size in bytes of the large YAML file: just over 600 kB. */
export const LARGE_YAML_BYTES = 600 * 1024 + 1;

/** Files in the many-files repository, `catalog-info.yaml` and the Deployment included. */
export const MANY_FILES_COUNT = 5001;

function catalogInfo(name: string, description: string): string {
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    `  description: ${description}`,
    'spec:',
    '  type: service',
    '  lifecycle: experimental',
    '  owner: team-a',
    '',
  ].join('\n');
}

/** An ordinary Deployment with /health probes, the same in every hostile repository. */
function deployment(name: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${name}`,
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ghcr.io/acme/${name}:1.0.0`,
    '          ports:',
    '            - name: http',
    '              containerPort: 8080',
    '          readinessProbe:',
    '            httpGet:',
    '              path: /health',
    '              port: http',
    '',
  ].join('\n');
}

/** A valid ConfigMap of exactly `bytes` bytes: many generated keys. */
function largeConfigMap(bytes: number): string {
  const head = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: generated-routes',
    'data:',
    '',
  ].join('\n');
  const lines: string[] = [head];
  let size = head.length;
  for (let i = 0; size < bytes - 64; i++) {
    const line = `  route-${String(i).padStart(6, '0')}: /archive/${i.toString(36)}/snapshot\n`;
    lines.push(line);
    size += line.length;
  }
  const pad = bytes - size - '  padding: \n'.length;
  lines.push(`  padding: ${'x'.repeat(Math.max(0, pad))}\n`);
  return lines.join('');
}

/** The YAML "billion laughs": nine levels of anchors, each nine aliases of the one before. */
function aliasBomb(): string {
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: lol',
  ];
  lines.push(`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`);
  for (let l = 1; l < levels.length; l++) {
    const prev = levels[l - 1];
    const aliases = Array.from({ length: 9 }, () => `*${prev}`).join(',');
    lines.push(`${levels[l]}: &${levels[l]} [${aliases}]`);
  }
  lines.push('data:', '  laughs: *i', '');
  return lines.join('\n');
}

/** The five hostile repositories, freshly generated. */
export function hostileRepositories(): FakeRepository[] {
  const n = HOSTILE_REPOSITORY_NAMES;

  const manyFiles: FakeRepository['files'] = {
    'catalog-info.yaml': catalogInfo(n.manyFiles, `${MANY_FILES_COUNT} files`),
    'k8s/deployment.yaml': deployment(n.manyFiles),
  };
  for (let i = 0; Object.keys(manyFiles).length < MANY_FILES_COUNT; i++) {
    const dir = String(Math.floor(i / 500)).padStart(2, '0');
    manyFiles[`data/records/${dir}/record-${String(i).padStart(4, '0')}.yaml`] =
      `id: ${i}\nname: record-${i}\n`;
  }

  return [
    {
      owner: HOSTILE_OWNER,
      name: n.largeYaml,
      files: {
        'catalog-info.yaml': catalogInfo(
          n.largeYaml,
          'A 600 kB YAML file next to a normal Deployment',
        ),
        'k8s/deployment.yaml': deployment(n.largeYaml),
        'k8s/generated-configmap.yaml': largeConfigMap(LARGE_YAML_BYTES),
      },
    },
    {
      owner: HOSTILE_OWNER,
      name: n.manyFiles,
      files: manyFiles,
    },
    {
      owner: HOSTILE_OWNER,
      name: n.aliasBomb,
      files: {
        'catalog-info.yaml': catalogInfo(n.aliasBomb, 'A YAML alias bomb'),
        'k8s/deployment.yaml': deployment(n.aliasBomb),
        'k8s/laughs.yaml': aliasBomb(),
      },
    },
    {
      owner: HOSTILE_OWNER,
      name: n.symlinks,
      files: {
        'catalog-info.yaml': catalogInfo(
          n.symlinks,
          'A symlink out of the tree and one inside it',
        ),
        'k8s/deployment.yaml': deployment(n.symlinks),
        'deploy/passwd': { symlink: '../../../../etc/passwd' },
        'deploy/current.yaml': { symlink: '../k8s/deployment.yaml' },
      },
    },
    {
      owner: HOSTILE_OWNER,
      name: n.malformed,
      files: {
        'catalog-info.yaml': catalogInfo(
          n.malformed,
          'Malformed YAML and JSON next to a normal Deployment',
        ),
        'k8s/deployment.yaml': deployment(n.malformed),
        // An unclosed flow sequence and a tab-indented key: not YAML.
        'k8s/broken.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [broken\n\tspec: {\n',
        // Cut off in the middle of an object: not JSON.
        'ecs/task-definition.json':
          '{\n  "family": "hostile-malformed",\n  "requiresCompatibilities": ["FARGATE"],\n  "containerDefinitions": [\n    { "name": "app", ',
      },
    },
  ];
}
