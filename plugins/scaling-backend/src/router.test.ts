import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotFoundError } from '@backstage/errors';
import {
  DEFAULT_THRESHOLDS,
  assess,
  coverageOf,
  rightSizingOverviewOf,
  totalsOf,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import express from 'express';
import request from 'supertest';
import { RouterAssessments, RouterResults, createRouter } from './router';

/** Fakes of the services the router calls; each test sets what it needs. */
function fakes() {
  const assessments: jest.Mocked<RouterAssessments> = {
    assessEntity: jest.fn(),
    simulate: jest.fn(),
  };
  const results: jest.Mocked<RouterResults> = {
    overview: jest.fn(),
    items: jest.fn(),
    history: jest.fn(),
  };
  return { assessments, results };
}

/** The router alone, over fake services. */
async function app({ assessments, results }: ReturnType<typeof fakes>) {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.user(),
    }),
    assessments,
    results,
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express().use(router).use(middleware.error());
}

describe('createRouter', () => {
  it('passes a normalized entity ref and the credentials to the service', async () => {
    const services = fakes();
    services.assessments.assessEntity.mockResolvedValue(
      assess({ annotations: {} }),
    );
    const res = await request(await app(services)).get(
      '/assessments/Component/Default/orders',
    );
    expect(res.status).toBe(200);
    expect(services.assessments.assessEntity).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'orders' },
      expect.objectContaining({
        principal: expect.objectContaining({ type: 'user' }),
      }),
    );
  });

  it('maps the service`s NotFoundError to 404', async () => {
    const services = fakes();
    services.assessments.assessEntity.mockRejectedValue(
      new NotFoundError('No entity x found'),
    );
    const res = await request(await app(services)).get(
      '/assessments/component/default/x',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No entity x found');
  });

  it('validates before calling the service', async () => {
    const services = fakes();
    const server = await app(services);
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
    expect(services.results.overview).not.toHaveBeenCalled();
    expect(services.results.history).not.toHaveBeenCalled();
  });

  it('passes the parsed query to the results service', async () => {
    const services = fakes();
    services.results.overview.mockResolvedValue({
      items: [],
      totalCount: 0,
      totals: totalsOf([]),
      coverage: coverageOf([]),
      practices: [],
      rightSizing: rightSizingOverviewOf([]),
      lastScan: null,
    });
    await request(await app(services)).get(
      '/overview?kind=API&limit=20&status=aligned',
    );
    expect(services.results.overview).toHaveBeenCalledWith(
      { kind: 'API', limit: 20, status: 'aligned' },
      expect.anything(),
    );
  });

  it('passes the history window', async () => {
    const services = fakes();
    const history = {
      snapshots: [],
      forecast: null,
      userThresholds: DEFAULT_THRESHOLDS.users,
    };
    services.results.history.mockResolvedValue(history);
    const res = await request(await app(services)).get(
      '/assessments/component/default/a/history?days=30',
    );
    expect(res.body).toEqual(history);
    expect(services.results.history).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'a' },
      30,
      expect.anything(),
    );
  });

  it('rejects a body that is not JSON object', async () => {
    const services = fakes();
    const res = await request(await app(services))
      .post('/simulate')
      .set('content-type', 'application/json')
      .send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid body: expected a JSON object with annotations',
    );
    expect(services.assessments.simulate).not.toHaveBeenCalled();
  });
});
