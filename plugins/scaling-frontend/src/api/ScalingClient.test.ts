import { ResponseError } from '@backstage/errors';
import { ScalingClient } from './ScalingClient';

function jsonResponse(
  body: unknown,
  status = 200,
  contentType = 'application/json',
) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    headers: { 'Content-Type': contentType },
  });
}

/** The body Backstage backends send for errors. */
function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'GET', url: '/' },
    response: { statusCode },
  };
}

function setup(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new ScalingClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backstage/api/${id}`,
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('ScalingClient', () => {
  it('gets an assessment by the entity ref parts', async () => {
    const { client, fetch } = setup(() =>
      jsonResponse({ entityRef: 'component:default/shop' }),
    );
    await expect(
      client.getAssessment('component:default/shop'),
    ).resolves.toEqual({
      entityRef: 'component:default/shop',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage/api/scaling/assessments/component/default/shop',
      undefined,
    );
  });

  it("rejects with a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      jsonResponse(
        errorBody('NotFoundError', 'No entity component:default/nope', 404),
        404,
      ),
    );
    const error = await client
      .getAssessment('component:default/nope')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe('No entity component:default/nope');
    expect(error.statusCode).toBe(404);
  });

  it('reads history for 90 days and treats 404 as no history', async () => {
    const { client, fetch } = setup(() =>
      jsonResponse(errorBody('NotFoundError', 'no history', 404), 404),
    );
    await expect(
      client.getHistory({
        kind: 'Component',
        namespace: 'default',
        name: 'shop',
      }),
    ).resolves.toBeUndefined();
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/scaling/assessments/Component/default/shop/history?days=90',
    );
  });

  it('still fails on other history errors', async () => {
    const { client } = setup(() =>
      jsonResponse(errorBody('Error', 'boom', 500), 500),
    );
    const error = await client
      .getHistory('component:default/shop')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe('boom');
  });

  it('passes overview filters, sort and paging as query parameters, leaving out empty ones', async () => {
    const { client, fetch } = setup(() =>
      jsonResponse({ items: [], totalCount: 0 }),
    );
    await client.getOverview({
      owner: 'group:default/payments',
      status: 'under-provisioned',
      q: '',
      sort: '-readinessScore',
      limit: 20,
      offset: 40,
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/scaling/overview');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      owner: 'group:default/payments',
      status: 'under-provisioned',
      sort: '-readinessScore',
      limit: '20',
      offset: '40',
    });
  });

  it('passes the failing-practice filter and the practices sort to the overview and its CSV', async () => {
    const { client, fetch } = setup(() =>
      jsonResponse({ items: [], totalCount: 0 }),
    );
    await client.getOverview({
      failingPractice: 'network-policy',
      sort: '-practicesScore',
      limit: 20,
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/scaling/overview?failingPractice=network-policy&sort=-practicesScore&limit=20',
    );
    await client.getOverviewCsv({
      failingPractice: 'pod-security',
      status: 'aligned',
      limit: 20,
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backstage/api/scaling/overview.csv?failingPractice=pod-security&status=aligned',
    );
  });

  it('downloads CSV with the same filters and no paging', async () => {
    const { client, fetch } = setup(() =>
      jsonResponse('entityRef,name\r\n', 200, 'text/csv'),
    );
    await expect(
      client.getOverviewCsv({
        system: 'system:default/shop',
        limit: 20,
        offset: 20,
      }),
    ).resolves.toBe('entityRef,name\r\n');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backstage/api/scaling/overview.csv?system=system%3Adefault%2Fshop',
    );
  });

  it('posts what-if requests as JSON', async () => {
    const { client, fetch } = setup(() => jsonResponse({ entityRef: null }));
    await client.simulate({
      annotations: { 'scaling.io/active-users': '12000' },
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/scaling/simulate');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      annotations: { 'scaling.io/active-users': '12000' },
    });
  });

  it('starts a scan with POST /scans and follows it with GET /scans/:scanId', async () => {
    const { client, fetch } = setup(() =>
      jsonResponse({ scanId: 'scan 1' }, 200),
    );
    await expect(client.startScan()).resolves.toEqual({ scanId: 'scan 1' });
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backstage/api/scaling/scans',
      {
        method: 'POST',
      },
    );
    await client.getScan('scan 1');
    expect(fetch).toHaveBeenLastCalledWith(
      'http://backstage/api/scaling/scans/scan%201',
      undefined,
    );
  });

  it("rejects a refused scan with the backend's 409 message", async () => {
    const { client } = setup(() =>
      jsonResponse(
        errorBody('ConflictError', 'A scan is already running', 409),
        409,
      ),
    );
    const error = await client.startScan().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('A scan is already running');
  });
});
