import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Assessment } from '@scaling-advisor/backstage-plugin-scaling-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import {
  OUTSIDER_TOKEN,
  startActionsBackend,
  USER,
} from './__testUtils__/startActionsBackend';

/** A fresh in-memory SQLite database per backend, closed after the tests. */
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ACTIONS = '/api/scaling/.backstage/actions/v1/actions';

type Backend = Awaited<ReturnType<typeof startActionsBackend>>;

let backend: Backend;
beforeAll(async () => {
  backend = await startActionsBackend(await databases.init('SQLITE_3'));
});
afterAll(async () => {
  await backend?.stop();
});

function invoke(id: string, input: unknown, token = USER) {
  return request(backend.server)
    .post(`${ACTIONS}/${encodeURIComponent(id)}/invoke`)
    .set('Authorization', token)
    .send(input as object);
}

describe('scaling actions through the actions registry endpoint', () => {
  it('lists the three read-only actions with their schemas', async () => {
    const res = await request(backend.server)
      .get(ACTIONS)
      .set('Authorization', USER);
    expect(res.status).toBe(200);
    const actions = res.body.actions as Array<{
      id: string;
      pluginId: string;
      attributes: object;
      schema: { input: { properties: object; required?: string[] } };
    }>;
    expect(actions.map(a => a.id)).toEqual([
      'scaling:get-assessment',
      'scaling:list-services',
      'scaling:simulate',
    ]);
    for (const action of actions) {
      expect(action.pluginId).toBe('scaling');
      expect(action.attributes).toEqual({
        readOnly: true,
        idempotent: true,
        destructive: false,
      });
    }
    expect(actions[0].schema.input.required).toEqual(['entityRef']);
    expect(Object.keys(actions[1].schema.input.properties)).toEqual([
      'owner',
      'system',
      'kind',
      'currentTier',
      'recommendedTier',
      'status',
      'failingPractice',
      'q',
      'sort',
      'limit',
      'offset',
    ]);
    expect(actions[1].schema.input.properties).toMatchObject({
      status: {
        enum: [
          'under-provisioned',
          'over-provisioned',
          'aligned',
          'insufficient-data',
        ],
      },
    });
  });

  it('scaling:get-assessment answers what the REST route answers, summarized', async () => {
    const res = await invoke('scaling:get-assessment', {
      entityRef: 'component:default/orders',
    });
    expect(res.status).toBe(200);
    const { output } = res.body;
    const rest = await request(backend.server)
      .get('/api/scaling/assessments/component/default/orders')
      .set('Authorization', USER);
    const assessment = rest.body as Assessment;

    expect(output).toMatchObject({
      entityRef: 'component:default/orders',
      currentTier: 'managed-cloud',
      currentPlatform: 'ecs-fargate',
      recommendedTier: 'kubernetes',
      status: 'under-provisioned',
      kubernetesCriteria: { met: 3, required: 3 },
      findingCount: assessment.findings.length,
    });
    expect(output.readiness).toEqual({
      score: assessment.readiness.score,
      targetTier: 'kubernetes',
      blockers: assessment.readiness.blockers,
    });
    expect(output.readiness.score).toBe(25);
    expect(output.findings).toEqual([]);
    // How well it runs on managed cloud: the practices, as the REST API has them.
    expect(output.practices).toEqual({
      tier: 'managed-cloud',
      score: assessment.practices!.score,
      failed: [],
      unknown: assessment.practices!.unknown,
    });
    expect(output.practices.unknown).toBe(5);
  });

  it('scaling:get-assessment names the blockers', async () => {
    const res = await invoke('scaling:get-assessment', {
      entityRef: 'component:default/checkout',
    });
    expect(res.status).toBe(200);
    expect(res.body.output.readiness).toEqual({
      score: 0,
      targetTier: 'managed-cloud',
      blockers: [
        {
          id: 'containerized',
          message: 'The service must run in a container before any migration.',
        },
      ],
    });
  });

  it('scaling:get-assessment accepts a short ref and reports bad annotations', async () => {
    const res = await invoke('scaling:get-assessment', { entityRef: 'broken' });
    expect(res.status).toBe(200);
    expect(res.body.output.entityRef).toBe('component:default/broken');
    expect(res.body.output.status).toBe('insufficient-data');
    expect(
      res.body.output.warnings.map((w: { annotation: string }) => w.annotation),
    ).toEqual([
      'scaling.io/active-user',
      'scaling.io/active-users',
      'scaling.io/uptime-sla',
    ]);
  });

  it('scaling:get-assessment answers 404 for a missing entity and for one the caller may not see', async () => {
    const missing = await invoke('scaling:get-assessment', {
      entityRef: 'component:default/nope',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity component:default/nope found',
    });
    const hidden = await invoke(
      'scaling:get-assessment',
      { entityRef: 'component:default/orders' },
      OUTSIDER_TOKEN,
    );
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.message).toBe(
      'No entity component:default/orders found',
    );
  });

  it('scaling:list-services pages the overview with its filters', async () => {
    const res = await invoke('scaling:list-services', {
      status: 'under-provisioned',
      sort: '-activeUsers',
      limit: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body.output).toEqual({
      items: [
        {
          entityRef: 'component:default/orders',
          name: 'orders',
          kind: 'Component',
          owner: 'group:default/platform',
          system: 'system:default/shop',
          currentTier: 'managed-cloud',
          recommendedTier: 'kubernetes',
          status: 'under-provisioned',
          readinessScore: expect.any(Number),
          activeUsers: 20000,
          // Of its tier's six practices, only the health endpoint is known (followed).
          practicesScore: 17,
          failingPractices: [],
        },
      ],
      totalCount: 2,
      lastScan: null,
    });

    const byOwner = await invoke('scaling:list-services', {
      owner: 'Group:default/platform',
      q: 'ORD',
    });
    expect(
      byOwner.body.output.items.map((i: { name: string }) => i.name),
    ).toEqual(['orders']);

    const failing = await invoke('scaling:list-services', {
      failingPractice: 'min-two-instances',
    });
    expect(failing.body.output.items).toEqual([
      expect.objectContaining({
        name: 'cart',
        failingPractices: ['min-two-instances'],
      }),
    ]);

    const all = await invoke('scaling:list-services', {});
    expect(all.body.output.totalCount).toBe(7);
    const outsider = await invoke('scaling:list-services', {}, OUTSIDER_TOKEN);
    expect(outsider.body.output.totalCount).toBe(6);
    expect(
      outsider.body.output.items.map((i: { name: string }) => i.name),
    ).not.toContain('orders');
  });

  it('scaling:simulate answers what POST /simulate answers, summarized', async () => {
    const body = {
      annotations: {
        'scaling.io/platform': 'vps',
        'scaling.io/active-users': '20000',
      },
      context: { serviceCount: 6, teamK8sExpertise: true },
    };
    const res = await invoke('scaling:simulate', body);
    expect(res.status).toBe(200);
    const rest = await request(backend.server)
      .post('/api/scaling/simulate')
      .set('Authorization', USER)
      .send(body);
    const assessment = rest.body as Assessment;
    expect(res.body.output).toMatchObject({
      currentTier: 'single-vps',
      currentPlatform: 'vps',
      recommendedTier: assessment.recommendedTier,
      status: 'under-provisioned',
      readiness: {
        score: assessment.readiness.score,
        targetTier: assessment.readiness.targetTier,
      },
      findingCount: assessment.findings.length,
      warnings: [],
    });
    expect(res.body.output).not.toHaveProperty('entityRef');
  });

  it('scaling:simulate keeps the five most severe findings', async () => {
    const res = await invoke('scaling:simulate', {
      annotations: {
        'scaling.io/platform': 'docker-swarm',
        'scaling.io/active-users': '200',
        'scaling.io/uptime-sla': '99.99',
        'scaling.io/practices': 'iac,canary,multi-region',
        'scaling.io/monthly-budget-usd': '50',
      },
    });
    expect(res.status).toBe(200);
    const { output } = res.body;
    expect(output.status).toBe('over-provisioned');
    expect(output.findingCount).toBe(7);
    expect(
      output.findings.map((f: { id: string; severity: string }) => [
        f.id,
        f.severity,
      ]),
    ).toEqual([
      ['kubernetes-gate-not-met', 'warning'],
      ['budget-constrained', 'warning'],
      ['over-provisioned-cost', 'warning'],
      ['swarm-off-path', 'warning'],
      ['premature-practice', 'info'],
    ]);
  });

  it.each([
    [
      'scaling:get-assessment',
      { entityRef: 'component:default/Not A Name' },
      "Invalid entityRef 'component:default/Not A Name': Malformed entity ref: invalid name 'Not A Name'",
    ],
    [
      'scaling:get-assessment',
      { entityRef: 'component:default/' },
      "Invalid entityRef 'component:default/': expected an entity ref such as 'component:default/orders'",
    ],
    [
      'scaling:list-services',
      { owner: 'payments' },
      `Invalid owner "payments": owner: expected a full entity ref such as 'group:default/payments'`,
    ],
    [
      'scaling:list-services',
      { limit: 0, q: 'x' },
      'Invalid limit 0: limit: expected at least 1',
    ],
    [
      'scaling:simulate',
      { annotations: {}, context: { serviceCount: 0 } },
      'Invalid context {"serviceCount":0}: context.serviceCount: Number must be greater than or equal to 1',
    ],
  ])(
    '%s answers 400 naming the field and the value: %j',
    async (id, input, message) => {
      const res = await invoke(id, input);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(
        expect.objectContaining({ name: 'InputError', message }),
      );
    },
  );

  it.each([
    ['scaling:list-services', { status: 'bogus' }, ['status', '"bogus"']],
    ['scaling:list-services', { limit: 'ten' }, ['limit', 'got \\"ten\\"']],
    ['scaling:list-services', { tier: 'kubernetes' }, ["'tier'"]],
    [
      'scaling:simulate',
      { annotations: { 'scaling.io/active-users': 20000 } },
      ['scaling.io/active-users', '20000'],
    ],
    ['scaling:get-assessment', {}, ['entityRef', 'Required']],
  ])(
    '%s answers 400 for input off its schema: %j',
    async (id, input, parts) => {
      const res = await invoke(id, input);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      for (const part of parts) {
        expect(res.body.error.message).toContain(part);
      }
    },
  );

  it('refuses anonymous callers', async () => {
    const res = await request(backend.server)
      .post(`${ACTIONS}/scaling:simulate/invoke`)
      .send({ annotations: {} });
    expect(res.status).toBe(401);
  });
});

describe('scaling actions through the MCP actions backend', () => {
  async function connect(token: string) {
    const client = new Client({ name: 'scaling-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(
      new URL(`http://localhost:${backend.server.port()}/api/mcp-actions/v1`),
      { requestInit: { headers: { Authorization: token } } },
    );
    await client.connect(transport);
    return client;
  }

  let client: Client;
  beforeAll(async () => {
    client = await connect(USER);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists the actions as read-only tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name)).toEqual([
      'scaling.get-assessment',
      'scaling.list-services',
      'scaling.simulate',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        idempotentHint: true,
        destructiveHint: false,
      });
    }
    expect(tools[0].inputSchema.properties).toHaveProperty('entityRef');
  });

  it('calls scaling.get-assessment for an entity of the catalog', async () => {
    const call = {
      name: 'scaling.get-assessment',
      arguments: { entityRef: 'component:default/orders' },
    };
    const answer = await client.callTool(call);
    // One tool call with its answer, for the record.
    // eslint-disable-next-line no-console
    console.log(
      `MCP tools/call ${JSON.stringify(call)}\n→ ${JSON.stringify(answer.structuredContent, null, 2)}`,
    );
    expect(answer.isError).toBeFalsy();
    expect(answer.structuredContent).toMatchObject({
      entityRef: 'component:default/orders',
      currentTier: 'managed-cloud',
      recommendedTier: 'kubernetes',
      status: 'under-provisioned',
      readiness: { targetTier: 'kubernetes' },
    });
    const [content] = answer.content as Array<{ type: string; text: string }>;
    expect(JSON.parse(content.text)).toEqual(answer.structuredContent);

    const overProvisioned = await client.callTool({
      name: 'scaling.get-assessment',
      arguments: { entityRef: 'component:default/catalog' },
    });
    expect(overProvisioned.structuredContent).toMatchObject({
      currentTier: 'kubernetes',
      status: 'over-provisioned',
      findings: [{ id: 'over-provisioned-cost', severity: 'warning' }],
      findingCount: 1,
    });
  });

  it('reports bad input and hidden entities as tool errors', async () => {
    const bad = await client.callTool({
      name: 'scaling.list-services',
      arguments: { owner: 'payments' },
    });
    expect(bad.isError).toBe(true);
    expect((bad.content as Array<{ text: string }>)[0].text).toBe(
      `InputError: Invalid owner "payments": owner: expected a full entity ref such as 'group:default/payments'`,
    );

    const outsider = await connect(OUTSIDER_TOKEN);
    try {
      const hidden = await outsider.callTool({
        name: 'scaling.get-assessment',
        arguments: { entityRef: 'component:default/orders' },
      });
      expect(hidden.isError).toBe(true);
      expect((hidden.content as Array<{ text: string }>)[0].text).toBe(
        'NotFoundError: No entity component:default/orders found',
      );
    } finally {
      await outsider.close();
    }
  });

  it('refuses a client without credentials', async () => {
    await expect(connect(mockCredentials.none.header())).rejects.toThrow(/401/);
  });
});
