/*
 * The overview's services table at laptop widths, with the sidebar open: every column's header
 * and the first row's migration button are on screen or reachable by the table's own
 * horizontal scroll, and no word in the table is broken across two lines; nor in the practices
 * table above it.
 */
const assert = require('node:assert/strict');
const {
  brokenWords,
  eventually,
  screenshotPath,
  servicesTable,
  tableRows,
  visit,
  waitForScan,
} = require('./helpers');

/** The widths a laptop gives the browser: 1280×800 and 1440×900. */
const LAPTOPS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
];

/**
 * Measured in the page: for each header, whether it is inside the viewport as the page is, or
 * once the table's own scroll container scrolls to it (the page itself never scrolls
 * sideways); and every word of the table that the browser laid out on more than one line.
 */
function measureTable() {
  // The services table: the practices table above it has no "Name / System" header.
  const table = [...document.querySelectorAll('table')].find(t =>
    [...t.querySelectorAll('thead th')].some(
      th => th.textContent.trim() === 'Name / System',
    ),
  );
  let scroller = table.parentElement;
  while (scroller && getComputedStyle(scroller).overflowX === 'visible')
    scroller = scroller.parentElement;
  const inViewport = el => {
    const r = el.getBoundingClientRect();
    return r.left >= 0 && r.right <= window.innerWidth + 0.5 && r.width > 0;
  };
  const reach = el => {
    if (inViewport(el)) return 'visible';
    if (!scroller) return 'unreachable';
    const before = scroller.scrollLeft;
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const reached = inViewport(el);
    scroller.scrollLeft = before;
    return reached ? 'by scroll' : 'unreachable';
  };
  const headers = [...table.querySelectorAll('thead th')].map(th => ({
    title: th.textContent.trim(),
    reach: reach(th),
  }));
  const firstButton = table.querySelector(
    'tbody tr button[aria-label^="Launch migration for"]',
  );
  const broken = [];
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
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
  return {
    headers,
    button: firstButton ? reach(firstButton) : 'missing',
    broken,
    pageScrollsSideways:
      document.documentElement.scrollWidth > window.innerWidth,
  };
}

const laptopScenarios = LAPTOPS.map(size => ({
  name: `overview at ${size.width}×${size.height}: every column reachable, the migration button on screen, no word broken`,
  async run(env) {
    const { page, appUrl, backendUrl } = env;
    await waitForScan(backendUrl);
    const before = page.viewportSize();
    await page.setViewportSize(size);
    try {
      await visit(page, appUrl, '/scaling');
      await eventually(async () =>
        assert.ok((await tableRows(page)).length > 0, 'no rows yet'),
      );
      const m = await page.evaluate(measureTable);
      assert.deepEqual(
        m.headers.map(h => h.title),
        [
          'Name / System',
          'Owner',
          'Current',
          'Recommended',
          'Status',
          'Readiness',
          'Practices',
          'Users',
          'Findings',
          'Migration',
        ],
      );
      const unreachable = m.headers.filter(h => h.reach === 'unreachable');
      assert.deepEqual(unreachable, [], JSON.stringify(m.headers));
      // The action is pinned: on screen without scrolling.
      assert.equal(m.button, 'visible');
      assert.deepEqual(m.broken, []);
      assert.equal(m.pageScrollsSideways, false);
      // The practices table above it: its labels wrap between words only.
      assert.deepEqual(
        await page
          .getByRole('table', { name: 'Practices across the org' })
          .evaluate(brokenWords),
        [],
      );
      // Actionable: visible, not covered by another cell, receives the click.
      await page
        .getByRole('button', { name: /^Launch migration for / })
        .first()
        .click({ trial: true });
      if (size.width === 1440) {
        await servicesTable(page).scrollIntoViewIfNeeded();
        await page.screenshot({
          path: screenshotPath(env, 'overview-1440.png'),
        });
      }
    } finally {
      await page.setViewportSize(before);
    }
  },
}));

module.exports = { laptopScenarios, measureTable };
