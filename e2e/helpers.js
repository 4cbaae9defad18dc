/*
 * What the end-to-end scenarios share: the scaling API as a script calls it, waiting for a
 * condition or a text, and moving around the app as a user does.
 */
const assert = require('node:assert/strict');
const path = require('node:path');

/** The static token app-config.yaml gives scripts (backend.auth.externalAccess). */
const API_TOKEN = 'scaling-dev-token';

/** GET from the scaling API, as a script would (docs/rules.md#rest-api). */
async function api(backendUrl, route) {
  const res = await fetch(`${backendUrl}/api/scaling${route}`, {
    headers: { Authorization: `Bearer ${API_TOKEN}` },
  });
  if (!res.ok) {
    throw new Error(
      `GET /api/scaling${route}: ${res.status} ${await res.text()}`,
    );
  }
  return res.headers.get('content-type')?.includes('json')
    ? res.json()
    : res.text();
}

/** Retries `check` until it stops throwing; rethrows its last error after `timeoutMs`. */
async function eventually(check, timeoutMs = 20_000, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(r => setTimeout(r, intervalMs));
    }
  }
}

/** Waits until the element's text (as in the DOM, before CSS capitalisation) has `expected`. */
async function expectText(locator, expected, timeoutMs) {
  return eventually(async () => {
    const text = (await locator.textContent({ timeout: 1000 })).replace(
      /\s+/g,
      ' ',
    );
    if (expected instanceof RegExp) assert.match(text, expected);
    else
      assert.ok(
        text.includes(expected),
        `expected "${expected}" in: ${text.slice(0, 400)}`,
      );
    return text;
  }, timeoutMs);
}

/** When the stored overview was last seen settled, per backend. */
const settled = new Map();

/**
 * The org scan fills the overview shortly after the backend starts, and the repository
 * module's first refresh (seconds later) starts another scan with the evidence it read. A
 * scenario that compares the page with the API waits until the stored overview has settled:
 * a completed scan that is still the latest a few seconds later.
 */
async function waitForScan(backendUrl) {
  if (settled.get(backendUrl)) return;
  let previous;
  await eventually(
    async () => {
      const overview = await api(backendUrl, '/overview?limit=1');
      const scan = overview.lastScan;
      assert.ok(
        overview.totalCount > 0 && scan?.finishedAt,
        'the first org scan has not finished yet',
      );
      const same = previous === scan.startedAt;
      previous = scan.startedAt;
      assert.ok(same, 'a scan finished moments ago; another may follow');
    },
    120_000,
    4000,
  );
  settled.set(backendUrl, true);
}

/**
 * Words of the element laid out on more than one line (a label broken mid-word). Runs in the
 * page: `locator.evaluate(brokenWords)`.
 */
function brokenWords(root) {
  const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.textContent.matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set(
        [...range.getClientRects()]
          .filter(r => r.width > 0)
          .map(r => Math.round(r.top)),
      );
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}

function screenshotPath(env, name) {
  return path.join(env.screenshotDir, name);
}

/**
 * Opens a path of the app as typing it into the address bar would, without reloading the
 * app when it is already open (the dev bundle takes seconds to load).
 */
async function visit(page, appUrl, route) {
  const url = new URL(route, appUrl).href;
  const appOpen =
    page.url().startsWith(appUrl) &&
    (await page.getByRole('link', { name: 'Scaling Advisor' }).count()) > 0;
  if (!appOpen) {
    await page.goto(url);
    return;
  }
  await page.evaluate(href => {
    window.history.pushState({}, '', href);
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, url);
}

/** The entity page's tabs are links in its header. */
function entityTab(page, title) {
  return page.getByRole('link', { name: title, exact: true });
}

async function openEntity(page, appUrl, name) {
  const entityPath = `/catalog/default/component/${name}`;
  await visit(page, appUrl, entityPath);
  await page.waitForURL(url => url.pathname === entityPath);
  await page.getByRole('heading', { name, exact: true }).first().waitFor();
}

async function openScalingTab(page, appUrl, name) {
  await openEntity(page, appUrl, name);
  await entityTab(page, 'Scaling').click();
  await page.waitForURL(`**/catalog/default/component/${name}/scaling`);
}

/** The overview's services table (not the practices table above it). */
function servicesTable(page) {
  return page
    .locator('table')
    .filter({ has: page.locator('thead th', { hasText: 'Name / System' }) });
}

/** The overview table's body rows: the service name (first cell) and the row's text. */
async function tableRows(page) {
  const rows = servicesTable(page)
    .locator('tbody tr')
    .filter({ has: page.locator('a') });
  return rows.evaluateAll(trs =>
    trs.map(tr => ({
      name: tr.querySelector('td a')?.textContent?.trim() ?? '',
      text: tr.textContent ?? '',
    })),
  );
}

module.exports = {
  API_TOKEN,
  api,
  brokenWords,
  eventually,
  expectText,
  waitForScan,
  screenshotPath,
  visit,
  entityTab,
  openEntity,
  openScalingTab,
  servicesTable,
  tableRows,
};
