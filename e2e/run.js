#!/usr/bin/env node
/*
 * `npm run test:e2e [-- --app-port 3001 --backend-port 7008]`: the end-to-end suite. Starts the
 * whole product with scripts/start.js (the dev backend and the dev app, on :7007 and :3000
 * unless told otherwise), drives Debian's Chromium through playwright-core over the scenarios
 * in e2e/scenarios.js, stops everything and ends with `N passed, N failed` on a line of its
 * own. Exits non-zero on any failure.
 *
 * Screenshots: the scenarios take the README's screenshots into the run's temporary directory
 * (kept with the logs when a scenario fails, removed otherwise), so that `npm test` leaves the
 * tracked files alone. `npm run screenshots` (`--screenshots docs/screenshots`, or the
 * E2E_SCREENSHOTS_DIR variable; relative to the repository root) runs the same suite and
 * writes them there instead.
 *
 * Chromium: /usr/bin/chromium (`apt-get install -y chromium`) or CHROMIUM_PATH. Without it the
 * suite is skipped, except when CI is set: then it fails.
 *
 * While working on the scenarios, against a product already started with `npm start`:
 *   E2E_APP_URL=http://localhost:3000 [E2E_BACKEND_URL=http://localhost:7007] npm run test:e2e
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { scenarios } = require('./scenarios');

const root = path.resolve(__dirname, '..');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const START_TIMEOUT_MS = 8 * 60_000;
const SCENARIO_TIMEOUT_MS = 90_000;
const READY_LINE = /^Scaling Advisor is ready in [\d.]+s: open (\S+)/m;

const seconds = ms => `${(ms / 1000).toFixed(1)}s`;

/**
 * Takes `--screenshots <dir>` (or `--screenshots=<dir>`) out of the arguments; the rest go to
 * scripts/start.js. The flag wins over E2E_SCREENSHOTS_DIR.
 */
function parseArgs(argv) {
  const startArgs = [];
  let screenshots = process.env.E2E_SCREENSHOTS_DIR || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--screenshots') {
      screenshots = argv[++i];
      if (!screenshots) throw new Error('--screenshots needs a directory');
    } else if (arg.startsWith('--screenshots=')) {
      screenshots = arg.slice('--screenshots='.length);
    } else {
      startArgs.push(arg);
    }
  }
  return { startArgs, screenshots };
}

function chromiumPath() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(candidate)) return { path: candidate };
  return {
    reason: process.env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${candidate} does not exist`
      : 'no Chromium at /usr/bin/chromium',
  };
}

/** Starts scripts/start.js; resolves with the app's URL once it prints that it is ready. */
function startProduct(args, logFile) {
  const log = fs.createWriteStream(logFile);
  const child = spawn(
    process.execPath,
    [path.join(root, 'scripts/start.js'), ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C on the suite reaches it only through stopProduct.
      detached: true,
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  );
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const onData = chunk => {
      log.write(chunk);
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      const match = READY_LINE.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', code =>
      reject(
        new Error(
          `scripts/start.js exited (code ${code}) before the product was ready:\n${output
            .split('\n')
            .slice(-25)
            .join('\n')}`,
        ),
      ),
    );
    setTimeout(
      () =>
        reject(
          new Error(
            `the product was not ready after ${seconds(START_TIMEOUT_MS)}`,
          ),
        ),
      START_TIMEOUT_MS,
    ).unref();
  });
  return { child, ready };
}

/** Ctrl-C for scripts/start.js, which stops the backend and the app (their process groups). */
async function stopProduct(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = new Promise(resolve =>
    setTimeout(() => resolve('timeout'), 30_000).unref(),
  );
  if ((await Promise.race([exited, timer])) === 'timeout') {
    console.error('scripts/start.js did not stop within 30 s; killing it');
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} timed out after ${seconds(ms)}`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const { startArgs, screenshots } = parseArgs(process.argv.slice(2));
  const chromium = chromiumPath();
  if (!chromium.path) {
    const how =
      'install it with `apt-get install -y chromium` or point CHROMIUM_PATH at one';
    if (process.env.CI) {
      console.error(
        `e2e: ${chromium.reason}; ${how}. CI is set, so this is a failure.`,
      );
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
    console.log(`e2e: skipped, ${chromium.reason}; ${how}.`);
    console.log(`0 passed, 0 failed, ${scenarios.length} skipped`);
    return;
  }

  const suiteStarted = Date.now();
  const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-e2e-'));
  const logFile = path.join(outputDir, 'start.log');
  const screenshotDir = screenshots
    ? path.resolve(root, screenshots)
    : path.join(outputDir, 'screenshots');
  fs.mkdirSync(screenshotDir, { recursive: true });
  if (screenshots) {
    console.log(`e2e: writing the screenshots to ${screenshotDir}`);
  }

  const running = process.env.E2E_APP_URL;
  let product;
  if (running) {
    console.log(`e2e: against the product already running at ${running}`);
    product = { ready: Promise.resolve(running) };
  } else {
    console.log(`e2e: starting the product (npm start; log: ${logFile})`);
    product = startProduct(startArgs, logFile);
  }
  let browser;
  let interrupted = false;
  const onSignal = async () => {
    if (interrupted) return;
    interrupted = true;
    console.error('\ne2e: interrupted; stopping the product');
    await browser?.close().catch(() => {});
    await stopProduct(product.child);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const results = [];
  try {
    const appUrl = await product.ready;
    const readyMs = Date.now() - suiteStarted;
    console.log(`e2e: ready in ${seconds(readyMs)} at ${appUrl}`);
    const backendUrl = running
      ? process.env.E2E_BACKEND_URL || 'http://localhost:7007'
      : readBackendUrl(fs.readFileSync(logFile, 'utf8'));

    const { chromium: playwrightChromium } = require('playwright-core');
    browser = await playwrightChromium.launch({
      executablePath: chromium.path,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      acceptDownloads: true,
    });
    context.setDefaultTimeout(20_000);
    const env = { appUrl, backendUrl, context, screenshotDir, outputDir };

    // One page for the whole suite: the dev bundle takes seconds to load, so scenarios move
    // around the app as a user does (e2e/scenarios.js `visit`). A failed scenario leaves the
    // next one a fresh page.
    let page;
    let consoleErrors = [];
    const newPage = async () => {
      page = await context.newPage();
      consoleErrors = [];
      page.on('pageerror', error => consoleErrors.push(error.message));
    };
    await newPage();
    const scenariosStarted = Date.now();
    for (const scenario of scenarios) {
      const started = Date.now();
      try {
        await withTimeout(
          scenario.run({ ...env, page }),
          SCENARIO_TIMEOUT_MS,
          scenario.name,
        );
        results.push({ name: scenario.name, passed: true });
        console.log(`  ✔ ${scenario.name} (${seconds(Date.now() - started)})`);
      } catch (error) {
        const shot = path.join(outputDir, `failed-${results.length + 1}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        results.push({ name: scenario.name, passed: false });
        console.log(`  ✘ ${scenario.name} (${seconds(Date.now() - started)})`);
        console.log(indent(error.message ?? String(error)));
        console.log(indent(`page: ${page.url()}\nscreenshot: ${shot}`));
        if (consoleErrors.length) {
          console.log(
            indent(`page errors:\n${consoleErrors.slice(0, 5).join('\n')}`),
          );
        }
        await page.close().catch(() => {});
        await newPage();
      }
    }
    console.log(
      `e2e: product ready in ${seconds(readyMs)}, scenarios ${seconds(
        Date.now() - scenariosStarted,
      )}, suite ${seconds(Date.now() - suiteStarted)}`,
    );
  } catch (error) {
    console.error(`e2e: ${error.message}`);
    if (/already in use/.test(error.message)) {
      console.error(
        'e2e: the same flags move the suite: npm run test:e2e -- --app-port 3001 --backend-port 7008',
      );
    }
    results.push({ name: 'start the product', passed: false });
  } finally {
    await browser?.close().catch(() => {});
    await stopProduct(product.child);
  }

  const passed = results.filter(r => r.passed).length;
  const failed = results.length - passed;
  if (failed === 0) {
    fs.rmSync(outputDir, { recursive: true, force: true });
  } else {
    console.log(`e2e: logs and failure screenshots kept in ${outputDir}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

function readBackendUrl(log) {
  const match = /the backend is on (\S+?)\./.exec(log);
  return match ? match[1] : 'http://localhost:7007';
}

function indent(text) {
  return text
    .split('\n')
    .map(line => `      ${line}`)
    .join('\n');
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
