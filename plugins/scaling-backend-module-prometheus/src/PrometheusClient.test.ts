import { mockServices } from '@backstage/backend-test-utils';
import { BadQueryError, PrometheusClient } from './PrometheusClient';

/** A `fetch` that answers every request with `respond()`, recording the requests. */
function stubFetch(respond: (init?: RequestInit) => Promise<Response>) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    requests.push({ url: String(input), init });
    return respond(init);
  };
  return { fetch, requests };
}

const json = (body: unknown, init?: ResponseInit) =>
  Promise.resolve(
    new Response(JSON.stringify(body), {
      headers: { 'Content-Type': 'application/json' },
      ...init,
    }),
  );

const success = (data: unknown, warnings?: string[]) =>
  json({ status: 'success', data, ...(warnings ? { warnings } : {}) });

function client(
  respond: (init?: RequestInit) => Promise<Response>,
  authorization?: string,
) {
  const stub = stubFetch(respond);
  const logger = mockServices.logger.mock();
  const c = new PrometheusClient({
    baseUrl: 'http://p:9090/prom',
    authorization,
    logger,
    fetch: stub.fetch,
  });
  const query = (signal = new AbortController().signal) =>
    c.query('up', { name: 'activeUsers', signal });
  return { client: c, query, requests: stub.requests, logger };
}

describe('PrometheusClient', () => {
  it('posts an instant query to /api/v1/query, with the Authorization header if any', async () => {
    const { query, requests } = client(
      () => success({ resultType: 'vector', result: [] }),
      'Bearer t',
    );
    await query();
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('http://p:9090/prom/api/v1/query');
    expect(requests[0].init?.method).toBe('POST');
    expect(String(requests[0].init?.body)).toBe('query=up');
    const headers = new Headers(requests[0].init?.headers);
    expect(headers.get('authorization')).toBe('Bearer t');
    expect(headers.get('accept')).toBe('application/json');

    const none = client(() => success({ resultType: 'vector', result: [] }));
    await none.query();
    expect(
      new Headers(none.requests[0].init?.headers).get('authorization'),
    ).toBeNull();
  });

  it('passes the signal on to fetch', async () => {
    const { query, requests } = client(() =>
      success({ resultType: 'vector', result: [] }),
    );
    const controller = new AbortController();
    await query(controller.signal);
    expect(requests[0].init?.signal).toBe(controller.signal);
  });

  it('returns the series of a vector, a scalar as one series without labels', async () => {
    const vector = client(() =>
      success({
        resultType: 'vector',
        result: [
          { metric: { service: 'a' }, value: [1, '12'] },
          { value: [1, 'NaN'] },
        ],
      }),
    );
    expect(await vector.query()).toEqual({
      resultType: 'vector',
      samples: [
        { labels: { service: 'a' }, value: '12' },
        { labels: {}, value: 'NaN' },
      ],
    });

    const scalar = client(() =>
      success({ resultType: 'scalar', result: [1, '3'] }),
    );
    expect(await scalar.query()).toEqual({
      resultType: 'scalar',
      samples: [{ labels: {}, value: '3' }],
    });
  });

  it('returns no samples for other result types', async () => {
    const { query } = client(() =>
      success({ resultType: 'matrix', result: [] }),
    );
    expect(await query()).toEqual({ resultType: 'matrix' });
  });

  it("logs Prometheus' warnings at debug level", async () => {
    const { query, logger } = client(() =>
      success({ resultType: 'vector', result: [] }, ['w1', 'w2']),
    );
    await query();
    expect(logger.debug).toHaveBeenCalledWith(
      'Prometheus warnings for the activeUsers query',
      { warnings: 'w1; w2' },
    );
  });

  it('throws a BadQueryError, naming the query, when the server rejects the query', async () => {
    const { query } = client(() =>
      json(
        { status: 'error', errorType: 'bad_data', error: 'parse error' },
        { status: 400, statusText: 'Bad Request' },
      ),
    );
    const error = await query().catch(e => e);
    expect(error).toBeInstanceOf(BadQueryError);
    expect(error.message).toBe(
      'activeUsers query failed: HTTP 400 bad_data: parse error',
    );
  });

  it('throws with the HTTP status and the error of any other failed answer', async () => {
    const execution = client(() =>
      json(
        { status: 'error', errorType: 'execution', error: 'too many samples' },
        { status: 422 },
      ),
    );
    const error = await execution.query().catch(e => e);
    expect(error).not.toBeInstanceOf(BadQueryError);
    expect(error.message).toBe(
      'activeUsers query failed: HTTP 422 execution: too many samples',
    );

    const notJson = client(() =>
      Promise.resolve(
        new Response('<html>', {
          status: 503,
          statusText: 'Service Unavailable',
        }),
      ),
    );
    await expect(notJson.query()).rejects.toThrow(
      /^activeUsers query failed: HTTP 503 Service Unavailable$/,
    );

    const notSuccess = client(() => json({ status: 'error' }));
    await expect(notSuccess.query()).rejects.toThrow(
      /^activeUsers query failed: HTTP 200$/,
    );
  });

  it('throws with the cause of a network error, or "aborted"', async () => {
    const refused = client(() =>
      Promise.reject(
        new TypeError('fetch failed', {
          cause: new Error('connect ECONNREFUSED 127.0.0.1:9090'),
        }),
      ),
    );
    await expect(refused.query()).rejects.toThrow(
      /^activeUsers query failed: connect ECONNREFUSED 127\.0\.0\.1:9090$/,
    );

    const aborted = client(init =>
      Promise.reject(
        init?.signal?.reason ??
          new DOMException('This operation was aborted', 'AbortError'),
      ),
    );
    const controller = new AbortController();
    controller.abort();
    await expect(aborted.query(controller.signal)).rejects.toThrow(
      /^activeUsers query failed: aborted$/,
    );
  });

  it('shows where it queries', () => {
    expect(String(client(() => json({})).client)).toBe('http://p:9090/prom');
  });
});
