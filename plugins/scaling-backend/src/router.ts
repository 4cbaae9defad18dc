import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  Assessment,
  HistoryResponse,
  OverviewItem,
  OverviewQuery,
  OverviewResponse,
  SimulateRequest,
  toCsv,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { ScanStatus } from './scans/ScanRuns';
import {
  parseHistoryDays,
  parseOverviewQuery,
  parseRouteEntityRef,
  parseSimulateRequest,
} from './validation';

/** What the routes ask of the assessments (the AssessmentService). */
export interface RouterAssessments {
  assessEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Assessment>;
  simulate(request: SimulateRequest): Assessment;
}

/** What the routes ask of the org-wide views (the ScanResultsService). */
export interface RouterResults {
  overview(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewResponse>;
  items(
    query: OverviewQuery,
    credentials: BackstageCredentials,
  ): Promise<OverviewItem[]>;
  history(
    ref: CompoundEntityRef,
    days: number | undefined,
    credentials: BackstageCredentials,
  ): Promise<HistoryResponse>;
}

/** What the routes ask of "scan now" (the ScanTrigger). */
export interface RouterScans {
  start(
    credentials: BackstageCredentials,
    request?: express.Request,
  ): Promise<{ scanId: string }>;
  get(
    credentials: BackstageCredentials,
    scanId: string,
  ): Promise<ScanStatus | undefined>;
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  assessments: RouterAssessments;
  results: RouterResults;
  /** Without it, `/scans` is not served. */
  scans?: RouterScans;
}

/**
 * The REST API (docs/rules.md#rest-api). Errors from `@backstage/errors` map to status codes.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, assessments, results, scans } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/assessments/:kind/:namespace/:name', async (req, res) => {
    const ref = parseRouteEntityRef(req.params);
    const credentials = await httpAuth.credentials(req);
    res.json(await assessments.assessEntity(ref, credentials));
  });

  router.get(
    '/assessments/:kind/:namespace/:name/history',
    async (req, res) => {
      const ref = parseRouteEntityRef(req.params);
      const days = parseHistoryDays(req.query);
      const credentials = await httpAuth.credentials(req);
      res.json(await results.history(ref, days, credentials));
    },
  );

  router.get('/overview', async (req, res) => {
    const query = parseOverviewQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    res.json(await results.overview(query, credentials));
  });

  router.get('/overview.csv', async (req, res) => {
    const query = parseOverviewQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    const items = await results.items(query, credentials);
    res.type('text/csv').attachment('scaling-overview.csv').send(toCsv(items));
  });

  router.post('/simulate', async (req, res) => {
    await httpAuth.credentials(req);
    res.json(assessments.simulate(parseSimulateRequest(req.body)));
  });

  if (scans) {
    router.post('/scans', async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { scanId } = await scans.start(credentials, req);
      res
        .status(202)
        .location(`${req.baseUrl}/scans/${encodeURIComponent(scanId)}`)
        .json({ scanId });
    });

    router.get('/scans/:scanId', async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const scan = await scans.get(credentials, req.params.scanId);
      if (!scan) {
        throw new NotFoundError(`No scan with id '${req.params.scanId}'`);
      }
      res.json(scan);
    });
  }

  return router;
}
