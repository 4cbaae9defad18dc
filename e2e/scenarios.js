/*
 * The end-to-end scenarios, run in order by e2e/run.js against the started product. They share
 * one browser page (the guest sign-in of the first carries over; after a failure the next gets
 * a fresh page) and get `{ page, context, appUrl, backendUrl, screenshotDir }` (where the
 * README's screenshots go: the run's temporary directory, or docs/screenshots/ under
 * `npm run screenshots`; see e2e/run.js). They use the example org
 * (examples/components.yaml); expected values come from there and, where they depend on the
 * rules, from the scaling API itself, so a scenario checks what the user reads against what
 * the backend said.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const {
  api,
  eventually,
  expectText,
  waitForScan,
  screenshotPath,
  visit,
  entityTab,
  openEntity,
  openScalingTab,
  tableRows,
} = require('./helpers');
const { evidenceScenarios } = require('./evidence');
const { practicesScenarios } = require('./practices');
const { kubernetesScenarios } = require('./kubernetes');
const { laptopScenarios } = require('./laptopWidths');

const scenarios = [
  {
    name: 'guest sign-in opens the catalog with the example org',
    async run({ page, appUrl }) {
      await page.goto(appUrl);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page.waitForURL('**/catalog**');
      await page
        .getByRole('link', { name: 'Scaling Advisor' })
        .first()
        .waitFor();
      await page
        .getByRole('link', { name: 'newsletter', exact: true })
        .waitFor();
    },
  },
  {
    name: 'entity tab: newsletter reads Single VPS → Managed Cloud, under-provisioned, with its readiness',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      const assessment = await api(
        backendUrl,
        '/assessments/component/default/newsletter',
      );
      assert.equal(
        assessment.currentTier,
        'single-vps',
        'examples: newsletter runs on a VPS',
      );
      assert.equal(assessment.recommendedTier, 'managed-cloud');
      assert.equal(assessment.status, 'under-provisioned');
      const score = assessment.readiness.score;
      assert.equal(typeof score, 'number');

      // The summary card on the entity's overview.
      await openEntity(page, appUrl, 'newsletter');
      await page
        .getByRole('group', {
          name: 'Current tier Single VPS, recommended tier Managed Cloud',
        })
        .waitFor();

      // The Scaling tab.
      await entityTab(page, 'Scaling').click();
      const ladder = page.getByRole('list', {
        name: 'Tier ladder: Under-provisioned',
      });
      await ladder.waitFor();
      await expectText(
        ladder.getByRole('listitem').filter({ hasText: 'Current' }),
        'Single VPS + Docker Compose',
      );
      await expectText(
        ladder.getByRole('listitem').filter({ hasText: 'Recommended' }),
        'Managed Cloud (',
      );
      const gauge = page.getByRole('img', {
        name: `Readiness for Managed Cloud: ${score}%`,
      });
      await gauge.waitFor();
      await page.getByText('Ready for Managed Cloud').first().waitFor();
      // Every line of the checklist is read whole: none is cut with an ellipsis.
      const checklist = page.getByRole('list', { name: 'Readiness checklist' });
      const cut = await checklist.evaluate(list =>
        [...list.querySelectorAll('li *')]
          .filter(el => el.scrollWidth > el.clientWidth + 1)
          .map(el => el.textContent.slice(0, 60)),
      );
      assert.deepEqual(cut, [], 'readiness checklist lines cut short');
      await page.screenshot({ path: screenshotPath(env, 'entity-tab.png') });
      // What the user reads inside the gauge is the same score.
      const shown = (await gauge.textContent()).trim();
      assert.equal(
        shown,
        `${score}%`,
        `the readiness gauge shows "${shown}" for a score of ${score}`,
      );
    },
  },
  {
    name: 'what-if: 30,000 users at 99.9% with a Kubernetes team move the recommendation to Kubernetes',
    async run({ page, appUrl }) {
      await openScalingTab(page, appUrl, 'newsletter');
      const form = page.getByRole('form', { name: 'What-if simulation' });
      await form.locator('#scaling-whatif-users').fill('30000');
      await form.locator('#scaling-whatif-sla').fill('99.9');
      await form.locator('#scaling-whatif-budget').fill('3000');
      await form.getByLabel('Team has Kubernetes expertise').check();
      await form.getByRole('button', { name: 'Simulate' }).click();
      const comparison = page.getByRole('table', {
        name: 'What-if comparison',
      });
      // Each row: its label, then today's value and the what-if value.
      const values = label =>
        comparison.getByRole('row').filter({ hasText: label }).locator('td');
      await expectText(values('Recommended tier').nth(0), 'Managed Cloud');
      await expectText(values('Recommended tier').nth(1), 'Kubernetes');
      await expectText(values('Kubernetes criteria').nth(1), /^3 of 7/);
    },
  },
  {
    name: 'launch migration: opens the managed-cloud template with the form filled in from newsletter',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      const { templates } = await api(
        backendUrl,
        '/assessments/component/default/newsletter',
      );
      const offer = templates.find(
        t => t.entityRef === 'template:default/scaling-managed-cloud',
      );
      assert.ok(
        offer,
        `no scaling-managed-cloud offer in ${JSON.stringify(templates)}`,
      );

      await openScalingTab(page, appUrl, 'newsletter');
      await page
        .getByRole('link', {
          name: 'Launch migration: Migrate to managed cloud',
        })
        .click();
      await page.waitForURL(
        '**/create/templates/default/scaling-managed-cloud?formData=*',
      );
      await page.getByText('Migrate to managed cloud').first().waitFor();

      const value = id => page.locator(`#${id}`).inputValue();
      await eventually(async () => {
        assert.equal(
          await value('root_component'),
          'component:default/newsletter',
        );
        assert.equal(await value('root_name'), 'newsletter');
        assert.equal(await value('root_owner'), 'group:default/team-growth');
        assert.equal(await value('root_system'), 'system:default/growth');
      });
      // The repository picker, from github.com/project-slug: acme/newsletter.
      assert.equal(
        await page.getByRole('textbox', { name: 'Owner' }).last().inputValue(),
        'acme',
      );
      assert.equal(
        await page.getByRole('textbox', { name: 'Repository' }).inputValue(),
        'newsletter',
      );
      await page.screenshot({
        path: screenshotPath(env, 'scaffolder-prefilled.png'),
      });

      await page.getByRole('button', { name: 'Next' }).click();
      await page.locator('#root_port').waitFor();
      // The entity's scaling.io/port and health endpoint, not the template's defaults (8080, /health).
      assert.equal(await value('root_port'), String(offer.formData.port));
      assert.equal(await value('root_port'), '3000');
      assert.equal(await value('root_healthPath'), '/up');
      assert.equal(await value('root_minReplicas'), '2');
      assert.equal(await value('root_maxReplicas'), '10');
    },
  },
  {
    name: 'overview: the under-provisioned filter shows exactly the under-provisioned services',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      await waitForScan(backendUrl);
      const expected = await api(
        backendUrl,
        '/overview?status=under-provisioned&limit=100',
      );
      const names = expected.items.map(i => i.name).sort();
      assert.ok(
        names.includes('newsletter') && names.includes('invoicing'),
        names.join(', '),
      );

      await visit(page, appUrl, '/scaling');
      const filter = page.getByRole('button', {
        name: /^Under-provisioned: \d+$/,
      });
      await expectText(filter, `Under-provisioned: ${names.length}`);
      await filter.click();
      await eventually(async () => {
        assert.equal(await filter.getAttribute('aria-pressed'), 'true');
        const rows = await tableRows(page);
        assert.deepEqual(rows.map(r => r.name).sort(), names);
        for (const row of rows) {
          assert.ok(
            row.text.includes('Under-provisioned'),
            `row not under-provisioned: ${row.text}`,
          );
          assert.ok(
            !/Aligned|Over-provisioned|Insufficient data/.test(row.text),
            row.text,
          );
        }
      });
      await page.screenshot({ path: screenshotPath(env, 'overview.png') });
    },
  },
  {
    name: 'overview: Export CSV downloads the filtered services with a header row',
    async run({ page, appUrl, backendUrl }) {
      await waitForScan(backendUrl);
      const expected = await api(
        backendUrl,
        '/overview?status=under-provisioned&limit=100',
      );
      await visit(page, appUrl, '/scaling');
      const filter = page.getByRole('button', {
        name: /^Under-provisioned: \d+$/,
      });
      if ((await filter.getAttribute('aria-pressed')) !== 'true')
        await filter.click();
      await eventually(async () => {
        assert.equal((await tableRows(page)).length, expected.items.length);
      });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'scaling-overview.csv');
      const csv = fs.readFileSync(await download.path(), 'utf8');
      const [header, ...rows] = csv.trim().split(/\r?\n/);
      assert.equal(
        header,
        'entityRef,name,kind,owner,system,currentTier,recommendedTier,status,readinessScore,activeUsers,findings,practicesScore,failingPractices',
      );
      assert.deepEqual(
        rows.map(r => r.split(',')[0]).sort(),
        expected.items.map(i => i.entityRef).sort(),
      );
      for (const row of rows)
        assert.ok(row.includes(',under-provisioned,'), row);
    },
  },
  {
    name: 'bad annotations: broken-annotations and typo-service show their warnings',
    async run({ page, appUrl, backendUrl }) {
      const broken = await api(
        backendUrl,
        '/assessments/component/default/broken-annotations',
      );
      assert.equal(broken.warnings.length, 2, JSON.stringify(broken.warnings));
      await openScalingTab(page, appUrl, 'broken-annotations');
      const signals = page.getByRole('table', { name: 'Signals' });
      await signals.waitFor();
      for (const warning of broken.warnings) {
        await expectText(signals, warning.message);
      }
      await expectText(signals, `scaling.io/active-users: "lots"`);
      await expectText(signals, `scaling.io/uptime-sla: "99.9.9"`);
      // The SLA that does not parse gives way to the org policy's, which says so.
      assert.equal(broken.signals.uptimeSla.source, 'config');
      await expectText(
        signals,
        `from the org policy: ${broken.signals.uptimeSla.evidence}`,
      );

      const typo = await api(
        backendUrl,
        '/assessments/component/default/typo-service',
      );
      const unknownKey = typo.warnings.find(
        w => w.annotation === 'scaling.io/active-user',
      );
      assert.ok(unknownKey, JSON.stringify(typo.warnings));
      await openScalingTab(page, appUrl, 'typo-service');
      await expectText(page.locator('body'), unknownKey.message);
    },
  },
  {
    name: 'no annotations: legacy-reporting takes its SLA from the org policy and says what is still missing',
    async run({ page, appUrl, backendUrl }) {
      const legacy = await api(
        backendUrl,
        '/assessments/component/default/legacy-reporting',
      );
      assert.equal(legacy.status, 'insufficient-data');
      assert.equal(legacy.currentTier, null);
      assert.equal(legacy.signals.uptimeSla.source, 'config');
      await openScalingTab(page, appUrl, 'legacy-reporting');
      await page.getByText('Not enough data to compare tiers').waitFor();
      await expectText(page.locator('body'), 'scaling.io/platform:');
      await expectText(
        page.getByRole('table', { name: 'Signals' }),
        `from the org policy: ${legacy.signals.uptimeSla.evidence}`,
      );
    },
  },
  {
    name: 'day one: petstore, registered from its repository without an annotation, says which file each value came from',
    async run({ page, appUrl, backendUrl }) {
      // The repository module reads the demo repositories soon after the backend starts.
      const petstore = await eventually(
        async () => {
          const a = await api(
            backendUrl,
            '/assessments/component/default/petstore',
          );
          assert.equal(a.signals.platform.source, 'repository');
          return a;
        },
        120_000,
        1000,
      );
      assert.ok(petstore.currentTier, 'petstore has a current tier');
      assert.ok(petstore.recommendedTier, 'petstore has a recommendation');
      await openScalingTab(page, appUrl, 'petstore');
      await expectText(
        page.getByRole('table', { name: 'Signals' }),
        `from the repository: ${petstore.signals.platform.evidence}`,
      );

      // Across the org: what is still unknown, and how to fill it.
      await visit(page, appUrl, '/scaling');
      const missing = page.getByRole('list', { name: 'Missing signals' });
      await missing.waitFor();
      await expectText(missing, /Fix: /);
    },
  },
  {
    name: 'add the missing annotations: petstore opens the annotate template with its file and the known values filled in',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      // Offered once the repository module has read petstore's files (previous scenario).
      const offer = await eventually(
        async () => {
          const { templates } = await api(
            backendUrl,
            '/assessments/component/default/petstore',
          );
          const found = templates.find(t => t.purpose === 'annotate');
          assert.ok(found, `no annotate offer in ${JSON.stringify(templates)}`);
          return found;
        },
        60_000,
        1000,
      );
      assert.equal(offer.entityRef, 'template:default/scaling-annotate');
      // The file it was registered from (examples/acme.yaml).
      assert.match(
        offer.formData.catalogInfoUrl,
        /^https:\/\/github\.test\/acme\/petstore\/(blob|tree)\/main\/catalog-info\.yaml$/,
      );

      await openScalingTab(page, appUrl, 'petstore');
      await page
        .getByRole('link', { name: /^Add the missing annotations: / })
        .click();
      await page.waitForURL(
        '**/create/templates/default/scaling-annotate?formData=*',
      );
      await page
        .getByText('Add the missing Scaling Advisor annotations')
        .first()
        .waitFor();
      const value = id => page.locator(`#${id}`).inputValue();
      await eventually(async () => {
        assert.equal(
          await value('root_component'),
          'component:default/petstore',
        );
        assert.equal(
          await value('root_catalogInfoUrl'),
          offer.formData.catalogInfoUrl,
        );
        assert.equal(await value('root_catalogInfoPath'), 'catalog-info.yaml');
        assert.equal(
          await value('root_gitUrl'),
          'https://github.test/acme/petstore.git',
        );
      });
      // The repository picker, on the demo GitHub the entity was registered from.
      assert.equal(
        await page
          .locator('select:has(option[value="github.test"])')
          .first()
          .inputValue(),
        'github.test',
      );
      assert.equal(
        await page
          .getByRole('textbox', { name: 'Owner', exact: true })
          .last()
          .inputValue(),
        'acme',
      );
      assert.equal(
        await page
          .getByRole('textbox', { name: 'Repository', exact: true })
          .inputValue(),
        'petstore',
      );
      await page.screenshot({
        path: screenshotPath(env, 'annotate-prefilled.png'),
      });

      // The values page: what the repository and the org policy already supplied.
      await page.getByRole('button', { name: 'Next' }).click();
      await page.locator('#root_activeUsers').waitFor();
      for (const field of ['activeUsers', 'uptimeSla', 'monthlyBudgetUsd']) {
        assert.equal(
          await value(`root_${field}`),
          offer.formData[field] ?? '',
          `${field} as the offer has it`,
        );
      }
      // The review lists what the pull request will be opened with: the host the entity came
      // from.
      await page.getByRole('button', { name: 'Review' }).click();
      const review = page.locator('body');
      await expectText(review, offer.formData.repoUrl);
      await expectText(review, offer.formData.catalogInfoUrl);
      if (offer.formData.platform) {
        await expectText(review, offer.formData.platform);
      }
      await page.screenshot({
        path: screenshotPath(env, 'annotate-review.png'),
      });
    },
  },
  {
    name: 'backend failing while the page is open: the tab shows the API error, not a blank page',
    async run({ page, appUrl }) {
      await openEntity(page, appUrl, 'invoicing');
      await page.getByRole('group', { name: /^Current tier/ }).waitFor();

      // The scaling API answers with an error, as Backstage backends do.
      const message =
        'Scaling Advisor is restarting (injected by the e2e test)';
      await page.route('**/api/scaling/**', route =>
        route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { name: 'ServiceUnavailableError', message },
            request: { method: 'GET', url: '/api/scaling' },
            response: { statusCode: 503 },
          }),
        }),
      );
      try {
        await entityTab(page, 'Scaling').click();
        const panel = page.getByText(
          'Error: Request failed with 503 Service Unavailable',
        );
        await panel.waitFor();
        // The panel's details hold the API's own message.
        await panel.click();
        await page.getByText(message).first().waitFor();
        await page
          .getByRole('heading', { name: 'invoicing', exact: true })
          .first()
          .waitFor();

        // The backend is gone altogether: the request cannot connect.
        await page.unroute('**/api/scaling/**');
        await page.route('**/api/scaling/**', route =>
          route.abort('connectionrefused'),
        );
        await entityTab(page, 'Overview').click();
        await entityTab(page, 'Scaling').click();
        await page
          .getByText(/Failed to fetch/)
          .first()
          .waitFor();
        await page
          .getByRole('heading', { name: 'invoicing', exact: true })
          .first()
          .waitFor();
      } finally {
        await page.unroute('**/api/scaling/**');
      }
    },
  },
  {
    name: 'overview: Rescan starts a scan now and shows it as the last scan when it is done',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      await waitForScan(backendUrl);
      const before = (await api(backendUrl, '/overview?limit=1')).lastScan;
      await visit(page, appUrl, '/scaling');
      const rescan = page.getByRole('button', { name: 'Rescan' });
      const status = page.getByRole('status').filter({ hasText: /scan/i });
      // A scheduled scan (or one after new repository evidence) may be running: then the
      // button says so (409), and a later click starts one.
      await eventually(
        async () => {
          await rescan.click({ timeout: 5000 });
          const text = await expectText(status, /Scan started|already/, 5000);
          assert.match(text, /Scan started/);
        },
        90_000,
        2000,
      );
      const finished = await expectText(
        status,
        /Scan finished: \d+ entities assessed\./,
        90_000,
      );
      const after = (await api(backendUrl, '/overview?limit=1')).lastScan;
      assert.ok(
        Date.parse(after.startedAt) > Date.parse(before?.startedAt ?? 0),
        `last scan ${JSON.stringify(after)} is not newer than ${JSON.stringify(before)}`,
      );
      assert.ok(finished.includes(`${after.entities} entities assessed`));
      await page
        .getByText(`(${after.entities.toLocaleString('en-US')} entities`)
        .first()
        .waitFor();
    },
  },
  ...evidenceScenarios,
  ...practicesScenarios,
  ...kubernetesScenarios,
  ...laptopScenarios,
];

module.exports = { scenarios };
