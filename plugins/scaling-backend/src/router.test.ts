import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotFoundError } from '@backstage/errors';
import { assess } from '@scaling-advisor/backstage-plugin-scaling-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import { AssessmentService } from './services/AssessmentService';
import { ScanResultsService } from './services/ScanResultsService';

/** The router alone, over fake services. */
async function app(
  fake: Partial<AssessmentService>,
  results: Partial<ScanResultsService> = {},
) {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.user(),
    }),
    assessments: fake as AssessmentService,
    results: results as ScanResultsService,
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express().use(router).use(middleware.error());
}

describe('createRouter', () => {
  it('passes a normalized entity ref and the credentials to the service', async () => {
    const assessEntity = jest.fn(async () => assess({ annotations: {} }));
    const res = await request(await app({ assessEntity })).get(
      '/assessments/Component/Default/orders',
    );
    expect(res.status).toBe(200);
    expect(assessEntity).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'orders' },
      expect.objectContaining({
        principal: expect.objectContaining({ type: 'user' }),
      }),
    );
  });

  it('maps the service`s NotFoundError to 404', async () => {
    const res = await request(
      await app({
        assessEntity: async () => {
          throw new NotFoundError('No entity x found');
        },
      }),
    ).get('/assessments/component/default/x');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No entity x found');
  });

  it('validates before calling the service', async () => {
    const overview = jest.fn();
    const history = jest.fn();
    const server = await app({}, { overview, history });
    const res = await request(server).get('/overview?offset=-1');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid query: offset: expected at least 0',
    );
    const days = await request(server).get(
      '/assessments/component/default/a/history?days=0',
    );
    expect(days.status).toBe(400);
    expect(days.body.error.message).toBe(
      'Invalid query: days: expected at least 1',
    );
    expect(overview).not.toHaveBeenCalled();
    expect(history).not.toHaveBeenCalled();
  });

  it('passes the parsed query to the results service', async () => {
    const overview = jest.fn(async () => ({ items: [], totalCount: 0 }));
    await request(await app({}, { overview: overview as any })).get(
      '/overview?kind=API&limit=20&status=aligned',
    );
    expect(overview).toHaveBeenCalledWith(
      { kind: 'API', limit: 20, status: 'aligned' },
      expect.anything(),
    );
  });

  it('passes the history window', async () => {
    const history = jest.fn(async () => ({ snapshots: [], forecast: null }));
    const res = await request(await app({}, { history })).get(
      '/assessments/component/default/a/history?days=30',
    );
    expect(res.body).toEqual({ snapshots: [], forecast: null });
    expect(history).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'a' },
      30,
      expect.anything(),
    );
  });

  it('rejects a body that is not JSON object', async () => {
    const simulate = jest.fn();
    const res = await request(await app({ simulate }))
      .post('/simulate')
      .set('content-type', 'application/json')
      .send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid body: expected a JSON object with annotations',
    );
  });
});
