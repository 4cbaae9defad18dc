import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { AssessmentService } from './services/AssessmentService';
import { buildOverview, filterItems, sortItems, toCsv, toOverviewItem } from './services/overview';
import {
  parseOverviewQuery,
  parseRouteEntityRef,
  parseSimulateRequest,
} from './validation';

/** @public */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  assessments: AssessmentService;
}

/** The REST API of DESIGN §7. Errors from `@backstage/errors` map to status codes. */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, assessments } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/assessments/:kind/:namespace/:name', async (req, res) => {
    const ref = parseRouteEntityRef(req.params);
    const credentials = await httpAuth.credentials(req);
    res.json(await assessments.assessEntity(ref, credentials));
  });

  async function overviewItems(req: express.Request) {
    const query = parseOverviewQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    const assessed = await assessments.assessAll(query.kind ?? 'Component', credentials);
    return { query, items: assessed.map(toOverviewItem) };
  }

  router.get('/overview', async (req, res) => {
    const { query, items } = await overviewItems(req);
    res.json({ ...buildOverview(items, query), lastScan: null });
  });

  router.get('/overview.csv', async (req, res) => {
    const { query, items } = await overviewItems(req);
    res
      .type('text/csv')
      .attachment('scaling-overview.csv')
      .send(toCsv(sortItems(filterItems(items, query), query.sort)));
  });

  router.post('/simulate', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(assessments.simulate(parseSimulateRequest(req.body)));
  });

  return router;
}
