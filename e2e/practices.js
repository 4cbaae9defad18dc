/*
 * Practices (docs/rules.md#practices): how well a service runs on the tier it is on, whatever
 * its status. The entity tab's "Running well on …" card for an over-provisioned, an aligned and
 * an under-provisioned service of the example org, each found through the API and checked
 * against what the API says; and the overview's practices table, whose failing count filters
 * the services table to exactly the services the API lists for `failingPractice`.
 */
const assert = require('node:assert/strict');
const {
  api,
  brokenWords,
  eventually,
  expectText,
  openScalingTab,
  screenshotPath,
  tableRows,
  visit,
  waitForScan,
} = require('./helpers');

/** The tiers' short names, as the card's title and the gauge's label read them. */
const TIER_NAMES = {
  'single-vps': 'Single VPS',
  'managed-cloud': 'Managed Cloud',
  kubernetes: 'Kubernetes',
  enterprise: 'Enterprise',
};

const SEVERITY_ORDER = ['high', 'medium', 'low'];

/** The overview page's order: most failed, then most severe, then by label. */
function worstFirst(practices) {
  return [...practices].sort(
    (a, b) =>
      b.failed - a.failed ||
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.label.localeCompare(b.label, 'en'),
  );
}

/**
 * A service of the example org with this status and practices: by preference one the backend
 * offers the practices template for, then one that fails a practice (so that the card has a
 * failed item to check), then any.
 */
async function serviceWith(backendUrl, status) {
  const { items } = await api(
    backendUrl,
    `/overview?status=${status}&limit=100&sort=name`,
  );
  const withPractices = items.filter(i => i.practicesScore !== null);
  assert.ok(
    withPractices.length > 0,
    `no ${status} service with practices in the example org: ${items
      .map(i => i.name)
      .join(', ')}`,
  );
  const failing = withPractices.filter(i => i.practices.failed.length > 0);
  const candidates = [];
  for (const item of failing.length ? failing : withPractices.slice(0, 1)) {
    const assessment = await api(
      backendUrl,
      `/assessments/component/default/${item.name}`,
    );
    candidates.push({ name: item.name, assessment });
  }
  const found =
    candidates.find(c =>
      c.assessment.templates.some(t => t.purpose === 'practices'),
    ) ?? candidates[0];
  assert.equal(found.assessment.status, status);
  assert.ok(found.assessment.practices, `${found.name} has no practices`);
  return found;
}

/** The "Running well on …" card of the open tab. */
function practicesCard(page, tier) {
  return page.locator('.MuiCard-root').filter({
    has: page.getByText(`Running well on ${TIER_NAMES[tier]}`, {
      exact: true,
    }),
  });
}

const CARD_STATUSES = ['over-provisioned', 'aligned', 'under-provisioned'];

const practicesScenarios = [
  ...CARD_STATUSES.map(status => ({
    name: `practices: the tab of an ${status} service shows "Running well on …" with the score and the failed practices the API gives`,
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      await waitForScan(backendUrl);
      const { name, assessment } = await serviceWith(backendUrl, status);
      const { practices } = assessment;
      const tier = TIER_NAMES[practices.tier];
      assert.equal(
        practices.tier,
        assessment.currentTier,
        `${name}: the practices are those of its current tier`,
      );

      // Narrower than the suite's window: a laptop's, where a label must still read whole.
      const before = page.viewportSize();
      if (status === 'over-provisioned') {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      try {
        await openScalingTab(page, appUrl, name);
        const card = practicesCard(page, practices.tier);
        await card.waitFor();
        const gauge = card.getByRole('img', {
          name: `Practices on ${tier}: ${practices.score}%`,
        });
        await gauge.waitFor();
        assert.equal((await gauge.textContent()).trim(), `${practices.score}%`);
        await expectText(
          card.getByRole('group', { name: 'Practice counts' }),
          `${practices.passed} passed${practices.failed} failed${practices.unknown} unknown`,
        );

        const checklist = card.getByRole('list', {
          name: 'Practices checklist',
        });
        const items = checklist
          .getByRole('list')
          .locator(':scope > li')
          .filter({ has: page.locator('.MuiListItemText-primary') });
        await eventually(async () =>
          assert.equal(await items.count(), practices.items.length),
        );
        const failed = practices.items.filter(i => i.passed === false);
        assert.equal(
          failed.length,
          practices.failed,
          `${name}: the failed items and the count agree`,
        );
        for (const item of failed) {
          const row = items.filter({
            has: page
              .locator('.MuiListItemText-primary')
              .getByText(item.label, { exact: false }),
          });
          await row.getByRole('img', { name: 'Failed' }).waitFor();
          await expectText(row, item.evidence);
          await expectText(row, `How to: ${item.howTo}`);
        }
        // And as many of each outcome as the API counts.
        for (const [outcome, count] of [
          ['Passed', practices.passed],
          ['Failed', practices.failed],
          ['Unknown', practices.unknown],
        ]) {
          assert.equal(
            await checklist.getByRole('img', { name: outcome }).count(),
            count,
            `${name}: ${outcome} icons`,
          );
        }

        // The pull request that fixes them, when the backend offers the practices template.
        const offer = assessment.templates.find(t => t.purpose === 'practices');
        const fix = card.getByRole('link', {
          name: /^Fix in a pull request/,
        });
        if (offer) {
          assert.equal(
            await fix.getAttribute('aria-label'),
            `Fix in a pull request: ${offer.title}`,
          );
        } else {
          assert.equal(await fix.count(), 0, `${name}: no practices offer`);
        }

        const broken = await card.evaluate(brokenWords);
        assert.deepEqual(broken, [], `words broken in the card of ${name}`);

        if (status === 'over-provisioned') {
          await card.scrollIntoViewIfNeeded();
          await card.screenshot({
            path: screenshotPath(env, 'entity-practices.png'),
          });
        }
        if (offer) {
          // It opens the template with the failing practices and the files filled in.
          const [, namespace, template] = /^template:([^/]+)\/(.+)$/.exec(
            offer.entityRef,
          );
          await fix.click();
          await page.waitForURL(
            `**/create/templates/${namespace}/${template}?formData=*`,
          );
          await page.getByText(offer.title).first().waitFor();
          const formData = JSON.parse(
            new URL(page.url()).searchParams.get('formData'),
          );
          assert.deepEqual(formData, offer.formData);
        }
      } finally {
        await page.setViewportSize(before);
      }
    },
  })),
  {
    name: 'practices: the overview lists the practices across the org, and a failing count shows exactly the services the API lists as failing it',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      await waitForScan(backendUrl);
      const overview = await api(backendUrl, '/overview?limit=1');
      const ordered = worstFirst(overview.practices);
      assert.ok(ordered.length > 0, 'no practices across the example org');
      const worst = ordered[0];
      assert.ok(worst.failed > 0, 'no practice fails anywhere in the org');
      const expected = await api(
        backendUrl,
        `/overview?failingPractice=${worst.id}&limit=100`,
      );
      assert.equal(expected.totalCount, worst.failed);
      const names = expected.items.map(i => i.name).sort();

      await visit(page, appUrl, '/scaling');
      // Earlier scenarios may have left a status pressed: the whole org here.
      const statuses = page
        .getByRole('group', { name: 'Filter by status' })
        .getByRole('button', { pressed: true });
      while ((await statuses.count()) > 0) await statuses.first().click();

      const table = page.getByRole('table', {
        name: 'Practices across the org',
      });
      await table.waitFor();
      await eventually(async () => {
        const labels = await table
          .locator('tbody th')
          .evaluateAll(ths => ths.map(th => th.firstChild.textContent));
        assert.deepEqual(
          labels,
          ordered.slice(0, 10).map(p => p.label),
        );
      });
      const row = table.locator('tbody tr').first();
      await expectText(row, worst.label);
      // Group, passing, failing, unknown, by tier.
      const cells = row.locator('td');
      assert.deepEqual(
        await Promise.all(
          [1, 2, 3].map(async i => (await cells.nth(i).textContent()).trim()),
        ),
        [worst.passed, worst.failed, worst.unknown].map(n =>
          n.toLocaleString('en-US'),
        ),
      );
      const show = row.getByRole('button', {
        name: `Show the services failing ${worst.label}: ${worst.failed}`,
      });
      await show.click();
      try {
        await eventually(async () => {
          assert.equal(await show.getAttribute('aria-pressed'), 'true');
          assert.equal(
            await page
              .getByRole('combobox', { name: 'Failing practice' })
              .inputValue(),
            worst.id,
          );
          const rows = await tableRows(page);
          assert.deepEqual(rows.map(r => r.name).sort(), names);
        });
        await table.scrollIntoViewIfNeeded();
        await page
          .locator('.MuiCard-root')
          .filter({ has: table })
          .screenshot({ path: screenshotPath(env, 'overview-practices.png') });
      } finally {
        // The next scenarios see the whole org.
        await show.click();
        await eventually(async () =>
          assert.equal(await show.getAttribute('aria-pressed'), 'false'),
        );
      }
    },
  },
];

module.exports = { practicesScenarios };
