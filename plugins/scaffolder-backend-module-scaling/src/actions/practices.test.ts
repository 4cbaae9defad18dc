import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApplyPracticesAction } from './practices';

/** The action's handler with the parts of a context it uses (the dry-runs use the real one). */
async function run(workspacePath: string, input: Record<string, unknown>) {
  const output: Record<string, unknown> = {};
  const logger = { info: () => {} };
  await createApplyPracticesAction().handler({
    input,
    workspacePath,
    logger,
    output: (name: string, value: unknown) => {
      output[name] = value;
    },
  } as any);
  return output;
}

describe('scaling:manifests:apply-practices', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'practices-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('names a file missing from the workspace, and one too large to read', async () => {
    await expect(
      run(dir, { paths: ['k8s/missing.yaml'], practices: ['probes'] }),
    ).rejects.toThrow(
      'paths[0]: no file k8s/missing.yaml in the workspace; fetch it first',
    );
    await fs.writeFile(path.join(dir, 'big.yaml'), 'a'.repeat(1024 * 1024 + 1));
    await expect(
      run(dir, { paths: [{ path: 'big.yaml' }], practices: ['probes'] }),
    ).rejects.toThrow('paths[0]: big.yaml is larger than 1024 kB; refused');
  });

  it('refuses a path outside the workspace', async () => {
    await expect(
      run(dir, { paths: ['../etc/passwd'], practices: ['probes'] }),
    ).rejects.toThrow(/outside/);
  });

  it('writes the file it changed and reports what it added and left', async () => {
    const file = path.join(dir, 'app.yaml');
    await fs.writeFile(
      file,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector:\n    matchLabels:\n      app: app\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n',
    );
    const output = await run(dir, {
      paths: [{ path: 'app.yaml', url: 'https://example.test/app.yaml' }],
      practices: ['disruption-budget', 'probes'],
      port: '',
    });
    expect(output).toEqual({
      changed: ['app.yaml'],
      added: ['app.yaml: Deployment app: PodDisruptionBudget app'],
      skipped: [
        'app.yaml: Deployment app, container app: probes not added (no health path: set scaling.io/health-endpoint or fill it in the form)',
      ],
    });
    expect(await fs.readFile(file, 'utf8')).toContain(
      'kind: PodDisruptionBudget',
    );
  });
});
