/*
 * Demo repositories for `npm start`: Backstage's own example org (the acme components, with
 * their deployment files and no scaling.io/ annotation) served by a loopback stand-in for
 * GitHub's REST API, so that the catalog registers them from URLs as it would from github.com,
 * and the repository module reads their deployment files through the real UrlReader. The
 * catalog reads them as https://github.test/acme/<repo> (examples/acme.yaml); this writes the
 * app-config fragment pointing the `github.test` integration at the server. Used by
 * scripts/start-backend.js; opt out with SCALING_DEMO_GITHUB=off.
 *
 * The server and the repositories are the repository module's test fixtures, loaded through
 * Backstage's TypeScript transform: one set of example repositories for the tests and the demo.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MODULE = path.resolve(
  __dirname,
  '../plugins/scaling-backend-module-repository/src',
);

async function startDemoGithub(log) {
  if (process.env.SCALING_DEMO_GITHUB === 'off') {
    log('SCALING_DEMO_GITHUB=off: no demo repositories');
    return undefined;
  }
  require('@backstage/cli/config/nodeTransform.cjs');
  const { GithubApiServer } = require(
    path.join(MODULE, '__testUtils__/githubApiServer.ts'),
  );
  const { acmeRepositories } = require(
    path.join(MODULE, '__fixtures__/index.ts'),
  );
  const repositories = acmeRepositories();
  const server = await GithubApiServer.start(repositories);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-demo-github-'));
  const configFile = path.join(dir, 'app-config.demo-github.yaml');
  // Lists replace the lists of earlier config files: github.com's entry comes along.
  fs.writeFileSync(
    configFile,
    [
      '# Written by scripts/demo-github.js: the demo GitHub (removed on exit).',
      'integrations:',
      '  github:',
      '    - host: github.com',
      '      token: ${GITHUB_TOKEN:-dry-run-only}',
      '    - host: github.test',
      `      apiBaseUrl: ${server.baseUrl}`,
      '      token: demo-token',
      '',
    ].join('\n'),
  );
  log(
    `demo GitHub on ${server.baseUrl} serving ${repositories.length} repositories of Backstage's example org as github.test/acme`,
  );
  const stop = () => {
    server.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: server.baseUrl, configFile, stop };
}

module.exports = { startDemoGithub };
