/*
 * The live cluster (docs/rules.md#right-sizing): `npm start` serves workloads of the example
 * org from a demo cluster (scripts/demo-kubernetes.js) that the real Kubernetes backend reads,
 * and the Kubernetes module through its action. After the module's first read, the tab of
 * catalog-api (four replicas that use a twentieth of their requests) shows the "Right-sizing"
 * card with the rows and the saving the API gives, readable at a laptop's width; checkout's,
 * at its autoscaler's maximum, says so; and marketing-site, whose catalog entry says it runs
 * on a VPS while the cluster runs it, shows the declared-vs-running finding.
 */
const assert = require('node:assert/strict');
const {
  api,
  brokenWords,
  eventually,
  expectText,
  openScalingTab,
  screenshotPath,
  visit,
} = require('./helpers');

/** Over-requested in the demo cluster. */
const OVER_REQUESTED = 'catalog-api';
/** At its autoscaler's maximum in the demo cluster. */
const AT_MAX = 'checkout';
/** Declared on a VPS (examples/components.yaml), run by the demo cluster. */
const DECLARED_ELSEWHERE = 'marketing-site';

/** How long the module's first read of the demo cluster may take to reach the API. */
const FIRST_READ_MS = 60_000;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const VERDICTS = {
  'over-requested': 'Over-requested',
  'under-requested': 'Under-requested',
  'no-requests': 'No requests',
  'right-sized': 'Right-sized',
};

// The figures as the card writes them: CPU in m below a core and in cores from one up,
// memory in MiB below a GiB and in GiB from one up, at most two decimals.
const decimals = n => String(Number(n.toFixed(2)));
const cores = n => `${decimals(n)} ${decimals(n) === '1' ? 'core' : 'cores'}`;
const cpu = n => {
  if (n === null || n === undefined) return '—';
  return n < 1 ? `${Math.round(n * 1000)}m` : cores(n);
};
const memory = n => {
  if (n === null || n === undefined) return '—';
  return n < GIB ? `${Math.round(n / MIB)} MiB` : `${decimals(n / GIB)} GiB`;
};
const requested = text => (text === '—' ? 'none' : text);

/** The assessment once the Kubernetes module has read the service in the demo cluster. */
async function afterFirstRead(backendUrl, name) {
  return eventually(
    async () => {
      const assessment = await api(
        backendUrl,
        `/assessments/component/default/${name}`,
      );
      assert.ok(
        assessment.rightSizing,
        `${name}: no right-sizing yet (the demo cluster not read yet?)`,
      );
      return assessment;
    },
    FIRST_READ_MS,
    1000,
  );
}

/** The "Right-sizing" card of the open tab. */
function rightSizingCard(page) {
  return page.locator('.MuiCard-root').filter({
    has: page.getByText('Right-sizing', { exact: true }),
  });
}

/** The rows of the card's table, cell by cell. */
async function tableRows(card) {
  return card
    .getByRole('table', { name: 'Right-sizing' })
    .locator('tbody tr')
    .evaluateAll(trs =>
      trs.map(tr =>
        [...tr.querySelectorAll('td')].map(td =>
          td.textContent.replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

function expectedRows(rightSizing) {
  return rightSizing.containers.map(c => [
    c.workload,
    c.container,
    [
      requested(cpu(c.cpuRequestCores)),
      cpu(c.cpuUsageCores),
      cpu(c.recommended?.cpuCores),
    ].join(' → '),
    [
      requested(memory(c.memoryRequestBytes)),
      memory(c.memoryUsageBytes),
      memory(c.recommended?.memoryBytes),
    ].join(' → '),
    VERDICTS[c.verdict],
  ]);
}

function expectedSaving({ cpuCores, memoryBytes }) {
  const parts = [
    cpuCores > 0 ? cores(cpuCores) : undefined,
    memoryBytes > 0 ? memory(memoryBytes) : undefined,
  ].filter(Boolean);
  return parts.length
    ? `Recommended requests free ${parts.join(' and ')} over the replicas.`
    : 'No container is over-requested: the recommended requests free nothing.';
}

const kubernetesScenarios = [
  {
    name: `right-sizing: after the demo cluster's first read, ${OVER_REQUESTED}'s tab shows the rows and the saving the API gives, readable at 1280 px`,
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      const started = Date.now();
      const { rightSizing, signals } = await afterFirstRead(
        backendUrl,
        OVER_REQUESTED,
      );
      console.log(
        `      (right-sizing in the API after ${((Date.now() - started) / 1000).toFixed(1)}s of this scenario)`,
      );
      assert.equal(signals.platform.source, 'kubernetes');
      assert.ok(
        rightSizing.containers.some(c => c.verdict === 'over-requested'),
        `${OVER_REQUESTED} is not over-requested: ${JSON.stringify(rightSizing)}`,
      );
      assert.ok(rightSizing.saving.cpuCores > 0);
      assert.ok(rightSizing.saving.memoryBytes > 0);

      const before = page.viewportSize();
      await page.setViewportSize({ width: 1280, height: 800 });
      try {
        await openScalingTab(page, appUrl, OVER_REQUESTED);
        const card = rightSizingCard(page);
        await card.waitFor();
        await eventually(async () =>
          assert.deepEqual(await tableRows(card), expectedRows(rightSizing)),
        );
        await expectText(card, expectedSaving(rightSizing.saving));
        await expectText(
          card.getByRole('group', { name: 'Autoscaler' }),
          rightSizing.autoscaler
            ? `Autoscaler: ${rightSizing.autoscaler.min}–${rightSizing.autoscaler.max} replicas, ${rightSizing.autoscaler.current} running.`
            : 'No autoscaler: the replicas are fixed.',
        );
        assert.deepEqual(
          await card.evaluate(brokenWords),
          [],
          `words broken in the right-sizing card of ${OVER_REQUESTED}`,
        );
        // Nothing of it runs off the card's right edge.
        const overflow = await card.evaluate(el => {
          const right = el.getBoundingClientRect().right;
          return [...el.querySelectorAll('td, th')]
            .filter(c => c.getBoundingClientRect().right > right + 0.5)
            .map(c => c.textContent.slice(0, 40));
        });
        assert.deepEqual(overflow, [], 'cells beyond the card');
        await card.scrollIntoViewIfNeeded();
        await card.screenshot({
          path: screenshotPath(env, 'entity-right-sizing.png'),
        });
      } finally {
        await page.setViewportSize(before);
      }
    },
  },
  {
    name: `right-sizing: ${AT_MAX}, at its autoscaler's maximum, says so on its tab and in its findings`,
    async run({ page, appUrl, backendUrl }) {
      const assessment = await afterFirstRead(backendUrl, AT_MAX);
      const { autoscaler } = assessment.rightSizing;
      assert.ok(autoscaler?.atMax, JSON.stringify(autoscaler));
      const finding = assessment.findings.find(
        f => f.id === 'autoscaler-at-max',
      );
      assert.ok(finding, JSON.stringify(assessment.findings));

      await openScalingTab(page, appUrl, AT_MAX);
      const card = rightSizingCard(page);
      await expectText(
        card.getByRole('group', { name: 'Autoscaler' }),
        `Autoscaler: ${autoscaler.min}–${autoscaler.max} replicas, ${autoscaler.current} running. At its maximum: no room left for more load.`,
      );
      await eventually(async () =>
        assert.deepEqual(
          await tableRows(card),
          expectedRows(assessment.rightSizing),
        ),
      );
      await expectText(
        page.getByRole('list', { name: 'Findings' }),
        finding.message,
      );
    },
  },
  {
    name: `right-sizing: ${DECLARED_ELSEWHERE}, declared on a VPS and running in the cluster, shows declared-vs-running`,
    async run({ page, appUrl, backendUrl }) {
      const assessment = await afterFirstRead(backendUrl, DECLARED_ELSEWHERE);
      assert.equal(assessment.signals.platform.raw, 'vps');
      assert.equal(assessment.signals.platform.value, 'kubernetes');
      const findings = assessment.findings.filter(
        f => f.id === 'declared-vs-running',
      );
      assert.equal(findings.length, 1, JSON.stringify(assessment.findings));
      assert.match(findings[0].message, /^Declared platform vps /);

      await openScalingTab(page, appUrl, DECLARED_ELSEWHERE);
      const list = page.getByRole('list', { name: 'Findings' });
      const item = list
        .getByRole('listitem')
        .filter({ hasText: 'declared-vs-running' });
      await expectText(item, `Warning: declared-vs-running`);
      await expectText(item, findings[0].message);
      // The tab reads the platform the cluster runs: the current tier is that of Kubernetes.
      await page
        .getByRole('list', { name: /^Tier ladder/ })
        .getByRole('listitem')
        .filter({ hasText: 'Current' })
        .filter({ hasText: 'Kubernetes' })
        .waitFor();
    },
  },
  {
    name: 'right-sizing: the overview totals what the recommended requests free, by tier and by owner, as the API gives them',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      await afterFirstRead(backendUrl, OVER_REQUESTED);
      // The scan the new evidence starts stores the savings the overview totals.
      const overview = await eventually(
        async () => {
          const body = await api(backendUrl, '/overview?limit=1');
          assert.ok(
            body.rightSizing.total.cpuCores > 0,
            'no right-sizing saving on the overview yet',
          );
          return body;
        },
        FIRST_READ_MS,
        1000,
      );
      const { total } = overview.rightSizing;
      await visit(page, appUrl, '/scaling');
      await expectText(
        page.getByText(/ read from a cluster\.$/),
        `${cores(total.cpuCores)} and ${memory(total.memoryBytes)} across ${total.services} service${total.services === 1 ? '' : 's'} read from a cluster.`,
      );
      const byTier = page.getByRole('table', { name: 'Right-sizing by tier' });
      await eventually(async () => {
        const rows = await byTier.locator('tbody tr').count();
        assert.equal(rows, Object.keys(overview.rightSizing.byTier).length);
      });
    },
  },
];

module.exports = { kubernetesScenarios };
