import { BackendFeature } from '@backstage/backend-plugin-api';
import Module from 'node:module';

/**
 * The real `@backstage/plugin-kubernetes-backend` plugin, loaded by Node's own module loader
 * instead of Jest's, for a test backend to run.
 *
 * Why: the plugin `import()`s the ESM-only `@kubernetes/client-node` at run time (for the
 * service-account credential, for every request to a cluster, and for the pod metrics). Code
 * that Jest loads cannot do that unless Node runs with `--experimental-vm-modules`, which
 * `backstage-cli package test` does not pass: the action then fails with "A dynamic import
 * callback was invoked without --experimental-vm-modules". Loaded by Node, the plugin's
 * `import()` works, and it meets the test backend by the ids of its service and extension
 * point refs, which are strings.
 *
 * What follows: the plugin and its own dependencies live outside Jest's module registry, so
 * `jest.mock()` does not reach them, coverage does not count them, and they are shared by the
 * test files that one Jest worker runs (they hold no state between backends).
 */
export function realKubernetesBackendPlugin(): BackendFeature {
  // Jest hands test code its own `module` class, but with Node's static `_load`.
  const load = (
    Module as unknown as {
      _load(request: string, parent: null): { default: BackendFeature };
    }
  )._load;
  return load(require.resolve('@backstage/plugin-kubernetes-backend'), null)
    .default;
}
