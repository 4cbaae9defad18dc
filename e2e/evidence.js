/*
 * The repository's evidence on the entity tab, whatever the service's status: an
 * over-provisioned service (nothing to move to, so no readiness checklist) still shows what its
 * deployment files say, each fact with its file and line.
 */
const assert = require('node:assert/strict');
const {
  api,
  eventually,
  openScalingTab,
  screenshotPath,
  waitForScan,
} = require('./helpers');

const evidenceScenarios = [
  {
    name: 'evidence: artist-lookup, over-provisioned, shows what its chart and Argo CD Application say, file by file',
    async run(env) {
      const { page, appUrl, backendUrl } = env;
      await waitForScan(backendUrl);
      const assessment = await api(
        backendUrl,
        '/assessments/component/default/artist-lookup',
      );
      assert.equal(assessment.status, 'over-provisioned');
      assert.equal(assessment.readiness.targetTier, null);
      const keys = assessment.evidence.items.map(i => i.key);
      // The chart rendered with its values: its HPA and Ingress are switched on there.
      for (const key of ['helmChart', 'autoscaling', 'ingress', 'gitops'])
        assert.ok(keys.includes(key), `no ${key} in ${keys.join(', ')}`);

      await openScalingTab(page, appUrl, 'artist-lookup');
      const table = page.getByRole('table', { name: 'Repository evidence' });
      await table.waitFor();
      await eventually(async () => {
        const rows = await table
          .locator('tbody tr')
          .evaluateAll(trs => trs.map(tr => tr.textContent ?? ''));
        assert.equal(rows.length, assessment.evidence.items.length);
        for (const item of assessment.evidence.items) {
          const place = item.line ? `${item.file}:${item.line}` : item.file;
          assert.ok(
            rows.some(r => r.includes(place)),
            `no row shows ${place}: ${rows.join(' | ')}`,
          );
        }
        assert.ok(
          rows.some(r => r.includes('charts/artist-lookup/templates/hpa.yaml')),
          'the rendered HPA is not shown',
        );
      });
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: screenshotPath(env, 'entity-evidence.png'),
      });
    },
  },
];

module.exports = { evidenceScenarios };
