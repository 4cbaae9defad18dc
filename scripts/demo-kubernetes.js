/*
 * A demo cluster for `npm start`: a loopback stand-in for a Kubernetes API server (with
 * metrics-server's pod metrics) running the workloads of six services of the example org
 * (examples/components.yaml, each annotated `backstage.io/kubernetes-id`), so that the real
 * Kubernetes backend (@backstage/plugin-kubernetes-backend) reads them as it would a real
 * cluster, and the Scaling Advisor's Kubernetes module reads them through its action. Writes the
 * app-config fragment that points the Kubernetes backend at the server, offers its actions
 * (backend.actions.pluginSources) and has the module read soon after the start and then every
 * minute. Used by scripts/start-backend.js; opt out with SCALING_DEMO_KUBERNETES=off.
 *
 * The server and the cluster are the Kubernetes module's test utilities and fixtures, loaded
 * through Backstage's TypeScript transform: one loopback API server for the tests and the demo.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const MODULE = path.join(root, 'plugins/scaling-backend-module-kubernetes/src');
/** The bearer token the demo cluster asks for, as a service account's would be. */
const TOKEN = 'demo-token';

/**
 * `backend.actions.pluginSources` of app-config.yaml, with `kubernetes` added: a later config
 * file's list replaces the earlier one, so the fragment repeats what app-config.yaml lists.
 */
function pluginSources() {
  const config = YAML.parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  const listed = config?.backend?.actions?.pluginSources ?? [];
  return [...new Set([...listed, 'kubernetes'])];
}

async function startDemoKubernetes(log = console.log) {
  const setting = (process.env.SCALING_DEMO_KUBERNETES || '').toLowerCase();
  if (['off', 'false', '0', 'no'].includes(setting)) {
    log(
      'demo Kubernetes cluster off (SCALING_DEMO_KUBERNETES): no live cluster data',
    );
    return undefined;
  }
  require('@backstage/cli/config/nodeTransform.cjs');
  const { KubernetesApiServer } = require(
    path.join(MODULE, '__testUtils__/kubernetesApiServer.ts'),
  );
  const { EXAMPLE_ORG_IDS, exampleOrgCluster } = require(
    path.join(MODULE, '__fixtures__/cluster.ts'),
  );
  const server = await KubernetesApiServer.start(exampleOrgCluster(), {
    token: TOKEN,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-demo-k8s-'));
  const configFile = path.join(dir, 'app-config.demo-kubernetes.yaml');
  const fragment = {
    backend: { actions: { pluginSources: pluginSources() } },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'demo',
              url: server.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: TOKEN,
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
    // The first read a few seconds after the start, then every minute (default: 5 minutes).
    scaling: {
      kubernetes: {
        schedule: {
          initialDelay: { seconds: 5 },
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
        },
      },
    },
  };
  fs.writeFileSync(
    configFile,
    `# Written by scripts/demo-kubernetes.js: the demo cluster (removed on exit).\n${YAML.stringify(
      fragment,
    )}`,
  );
  const names = Object.values(EXAMPLE_ORG_IDS);
  log(
    `demo Kubernetes cluster on ${server.url} running ${names.length} services of the example org (${names.join(', ')})`,
  );
  const stop = () => {
    server.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: server.url, configFile, stop };
}

module.exports = { startDemoKubernetes };
