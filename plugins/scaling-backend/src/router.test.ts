import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotFoundError } from '@backstage/errors';
import { assess } from '@scaling-advisor/backstage-plugin-scaling-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from './router';
import { AssessmentService } from './services/AssessmentService';

/** The router alone, over a fake assessment service. */
async function app(fake: Partial<AssessmentService>) {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({ defaultCredentials: mockCredentials.user() }),
    assessments: fake as AssessmentService,
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
    const res = await request(await app({ assessEntity })).get('/assessments/Component/Default/orders');
    expect(res.status).toBe(200);
    expect(assessEntity).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'orders' },
      expect.objectContaining({ principal: expect.objectContaining({ type: 'user' }) }),
    );
  });

  it('maps the service`s NotFoundError to 404', async () => {
    const res = await request(
      await app({ assessEntity: async () => { throw new NotFoundError('No entity x found'); } }),
    ).get('/assessments/component/default/x');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No entity x found');
  });

  it('validates before calling the service', async () => {
    const assessAll = jest.fn();
    const res = await request(await app({ assessAll })).get('/overview?offset=-1');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invalid query: offset: expected at least 0');
    expect(assessAll).not.toHaveBeenCalled();
  });

  it('lists Components unless another kind is asked for', async () => {
    const assessAll = jest.fn(async () => []);
    const server = await app({ assessAll });
    await request(server).get('/overview');
    await request(server).get('/overview?kind=API');
    expect(assessAll.mock.calls.map(c => (c as unknown[])[0])).toEqual(['Component', 'API']);
  });

  it('serves an empty overview with zeroed totals', async () => {
    const res = await request(await app({ assessAll: async () => [] })).get('/overview');
    expect(res.body).toEqual({
      items: [],
      totalCount: 0,
      totals: {
        byCurrentTier: { 'single-vps': 0, 'managed-cloud': 0, kubernetes: 0, enterprise: 0, unknown: 0 },
        byRecommendedTier: { 'single-vps': 0, 'managed-cloud': 0, kubernetes: 0, enterprise: 0, unknown: 0 },
        byStatus: { 'under-provisioned': 0, 'over-provisioned': 0, aligned: 0, 'insufficient-data': 0 },
      },
      lastScan: null,
    });
  });

  it('rejects a body that is not JSON object', async () => {
    const simulate = jest.fn();
    const res = await request(await app({ simulate }))
      .post('/simulate')
      .set('content-type', 'application/json')
      .send('[1,2]');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invalid body: expected a JSON object with annotations');
  });
});
