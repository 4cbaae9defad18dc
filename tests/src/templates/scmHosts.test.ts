/*
 * The templates on every SCM host (issue 14): a catalog holding services registered from a
 * GitHub, GitLab, Bitbucket Cloud, Bitbucket Server and Azure DevOps repository (each its own
 * catalog-info.yaml, read through Backstage's real UrlReaders from a loopback server that speaks
 * the part of each host's API they use: ../__testUtils__/scmServer.ts), the templates registered
 * from templates/all.yaml, the real scaling backend, and the real scaffolder with every host's
 * pull-request module and the scaling:catalog-info:annotate action.
 *
 * For every template and every host, the offer the scaling backend makes for that host's service
 * is run through the scaffolder's `/v2/dry-run`, with the form's defaults filled in as the form
 * does. Each run must succeed; only the host's own steps may run; their inputs, as rendered,
 * must satisfy the action's own input schema (as `/v2/actions` publishes it), and the repoUrl
 * must parse with the scaffolder's parseRepoUrl for the host's integration, as the action does
 * before it opens the change. Actions without a dry-run mode are skipped by the dry-run (after
 * logging their rendered inputs), so this is what checks them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogScaffolderModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import scaffolderBitbucketCloudModule from '@backstage/plugin-scaffolder-backend-module-bitbucket-cloud';
import scaffolderBitbucketServerModule from '@backstage/plugin-scaffolder-backend-module-bitbucket-server';
import scaffolderAzureDevopsModule from '@backstage-community/plugin-scaffolder-backend-module-azure-devops';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { validate as validateJsonSchema } from 'jsonschema';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import {
  Assessment,
  TemplateOffer,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import scaffolderScalingModule from '@scaling-advisor/backstage-plugin-scaffolder-backend-module-scaling';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  EntityEvidence,
  scalingEvidenceExtensionPoint,
} from '@scaling-advisor/backstage-plugin-scaling-node';
import { perPluginDatabases } from '../__testUtils__/databases';
import { ScmRepository, ScmServer, ScmType } from '../__testUtils__/scmServer';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../../..');
const TEMPLATES_DIR = path.join(ROOT, 'templates');
const USER = `Bearer ${mockCredentials.user.token('user:default/alice.nguyen')}`;

// ── One repository per host, each with the same four services ─────────────────────────────

interface Host {
  type: ScmType;
  /** The services' name prefix. */
  prefix: string;
  repo: ScmRepository;
  /** The steps of this host in every template (the others' must not run). */
  steps: string[];
}

/**
 * A real-world catalog-info.yaml: comments, flow style, quoted and plain scalars, several
 * documents. The first service is the one the annotate template edits; the other documents
 * must come out byte for byte.
 */
function catalogInfo(prefix: string): string {
  return `# Services of the ${prefix} team, registered from this file.
# Keep one document per entity.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${prefix}-gift-cards
  description: Gift cards, launching next quarter # not deployed anywhere yet
  annotations:
    scaling.io/active-users: '300' # the launch plan's estimate
    scaling.io/health-endpoint: /healthz
    scaling.io/port: "3000"
  tags: [new, payments]
spec: { type: service, lifecycle: experimental, owner: team-${prefix} }
---
# On one VPS with Docker Compose, and growing.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${prefix}-shop
  annotations:
    scaling.io/platform: docker-compose
    scaling.io/active-users: '5,000'
    scaling.io/uptime-sla: '99.5'
    scaling.io/monthly-budget-usd: '500'
spec:
  type: service
  lifecycle: production
  owner: team-${prefix}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${prefix}-cart
  annotations: { scaling.io/platform: ecs-fargate, scaling.io/active-users: '20000', scaling.io/uptime-sla: '99.9', scaling.io/monthly-budget-usd: '3000', scaling.io/deployment-strategy: canary }
spec: { type: service, lifecycle: production, owner: team-${prefix} }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${prefix}-checkout
  annotations:
    scaling.io/platform: eks
    scaling.io/active-users: '82000'
    scaling.io/uptime-sla: '99.95%'
    scaling.io/monthly-budget-usd: '$15,000'
    scaling.io/multi-region-required: 'true'
    scaling.io/deployment-strategy: canary
    scaling.io/service-mesh: istio
spec:
  type: service
  lifecycle: production
  owner: team-${prefix}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${prefix}-orders
  annotations:
    scaling.io/platform: eks
    scaling.io/active-users: '30000'
    scaling.io/uptime-sla: '99.9'
    scaling.io/monthly-budget-usd: '4000'
spec: { type: service, lifecycle: production, owner: team-${prefix} }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${prefix}-ledger
  annotations:
    scaling.io/active-users: '30000'
    scaling.io/uptime-sla: '99.9'
    backstage.io/kubernetes-id: ledger
spec: { type: service, lifecycle: production, owner: team-${prefix} }
`;
}

/** The ledger service's manifest: sized for a launch that did not come. */
const LEDGER_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
  namespace: finance
spec:
  replicas: 3
  selector:
    matchLabels:
      app: ledger
  template:
    metadata:
      labels:
        app: ledger
    spec:
      containers:
        - name: ledger
          image: registry.example.com/finance/ledger:5.1.0
          resources:
            requests:
              cpu: "1" # sized for the launch
              memory: 2Gi
            limits:
              cpu: "2"
              memory: 4Gi
`;
const LEDGER_PATH = 'deploy/ledger.yaml';

/** The orders service's manifest: a Deployment and its Service, without resources or a PDB. */
const ORDERS_MANIFEST = `# orders: the API behind the shop. Deployed by Argo CD from this folder.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  labels:
    app.kubernetes.io/name: orders
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: orders
  template:
    metadata:
      labels:
        app.kubernetes.io/name: orders
    spec:
      containers:
        - name: orders
          image: registry.example.com/shop/orders:2.3.0 # pinned by the release job
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: { path: /ready, port: http }
          livenessProbe:
            httpGet: { path: /live, port: http }
---
apiVersion: v1
kind: Service
metadata:
  name: orders
spec:
  selector:
    app.kubernetes.io/name: orders
  ports:
    - port: 80
      targetPort: http
`;
const ORDERS_PATH = 'deploy/k8s/orders.yaml';

/**
 * Stands in for the repository module, which reads whole trees (this loopback server serves
 * files only): it says what that module says of ORDERS_MANIFEST, through the real extension
 * point, so that the scaling backend offers the practices template with that file.
 */
const ordersEvidence = createBackendModule({
  pluginId: 'scaling',
  moduleId: 'test-orders-evidence',
  register(reg) {
    reg.registerInit({
      deps: { evidence: scalingEvidenceExtensionPoint },
      async init({ evidence }) {
        evidence.addProvider({
          id: 'repository',
          async getEvidence(entities) {
            const found = new Map<string, EntityEvidence>();
            for (const e of entities) {
              if (!e.entityRef.endsWith('-orders')) continue;
              found.set(e.entityRef, {
                values: {
                  resourceLimits: {
                    value: false,
                    evidence:
                      'Deployment orders: a container without requests and limits',
                    file: ORDERS_PATH,
                    line: 2,
                  },
                  disruptionBudget: {
                    value: false,
                    evidence:
                      'Deployment orders: no PodDisruptionBudget selects it',
                    file: ORDERS_PATH,
                    line: 2,
                  },
                  probes: {
                    value: true,
                    evidence:
                      'Deployment orders: liveness and readiness probes',
                    file: ORDERS_PATH,
                    line: 23,
                  },
                },
              });
            }
            for (const e of entities) {
              if (!e.entityRef.endsWith('-ledger')) continue;
              found.set(e.entityRef, {
                values: {
                  resourceLimits: {
                    value: true,
                    evidence: 'Deployment ledger: requests and limits',
                    file: LEDGER_PATH,
                    line: 1,
                  },
                },
              });
            }
            return found;
          },
        });
        // And what the Kubernetes module says of the ledger's live pods: far below its requests.
        evidence.addProvider({
          id: 'kubernetes',
          measured: true,
          async getEvidence(entities) {
            const found = new Map<string, EntityEvidence>();
            for (const e of entities) {
              if (!e.entityRef.endsWith('-ledger')) continue;
              found.set(e.entityRef, {
                values: {
                  platform: {
                    value: 'kubernetes',
                    evidence: 'production: Deployment finance/ledger',
                  },
                },
                workloads: [
                  {
                    cluster: 'production',
                    kind: 'Deployment',
                    namespace: 'finance',
                    name: 'ledger',
                    replicas: { desired: 3, ready: 3 },
                    autoscaler: null,
                    containers: [
                      {
                        name: 'ledger',
                        cpuRequestCores: 1,
                        memoryRequestBytes: 2 * 1024 ** 3,
                        cpuUsageCores: 0.05,
                        memoryUsageBytes: 200 * 1024 ** 2,
                        restarts: 0,
                      },
                    ],
                  },
                ],
              });
            }
            return found;
          },
        });
      },
    });
  },
});

const SERVICES = ['gift-cards', 'shop', 'cart', 'checkout'] as const;

function host(
  type: ScmType,
  prefix: string,
  owner: string,
  steps: string[],
): Host {
  return {
    type,
    prefix,
    steps,
    repo: {
      type,
      owner,
      name: `${prefix}-services`,
      files: {
        'catalog-info.yaml': catalogInfo(prefix),
        [ORDERS_PATH]: ORDERS_MANIFEST,
        [LEDGER_PATH]: LEDGER_MANIFEST,
      },
    },
  };
}

const HOSTS: Host[] = [
  host('github', 'gh', 'acme', ['publish-github']),
  host('gitlab', 'gl', 'acme/shop', ['publish-gitlab']),
  host('bitbucketCloud', 'bbc', 'acme', ['publish-bitbucket-cloud']),
  host('bitbucketServer', 'bbs', 'SHOP', ['publish-bitbucket-server']),
  host('azure', 'az', 'acme/shop', [
    'clone-azure',
    'push-azure',
    'publish-azure',
  ]),
];
const ALL_HOST_STEPS = HOSTS.flatMap(h => h.steps);

/** The template each service is offered, by the tier the scaling backend recommends. */
const MIGRATION_OF: Record<(typeof SERVICES)[number], string> = {
  'gift-cards': 'scaling-compose-baseline',
  shop: 'scaling-managed-cloud',
  cart: 'scaling-kubernetes',
  checkout: 'scaling-enterprise',
};

// ── The backend ───────────────────────────────────────────────────────────────────────────

const database = perPluginDatabases();
let scm: ScmServer;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let http: Awaited<ReturnType<typeof startTestBackend>>['server'];
let integrations: ScmIntegrations;
let actionSchemas: Map<string, JsonObject>;

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

async function entity(ref: string): Promise<Entity | undefined> {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const res = await request(http)
    .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
    .set('Authorization', USER);
  return res.status === 200 ? (res.body as Entity) : undefined;
}

async function assessmentOf(name: string): Promise<Assessment> {
  const res = await request(http)
    .get(`/api/scaling/assessments/component/default/${name}`)
    .set('Authorization', USER);
  expect(res.status).toBe(200);
  return res.body as Assessment;
}

beforeAll(async () => {
  scm = await ScmServer.start(HOSTS.map(h => h.repo));
  const scmConfig = scm.integrationsConfig();
  integrations = ScmIntegrations.fromConfig(new ConfigReader(scmConfig));
  backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogScaffolderModule,
      scaffolderPlugin,
      scaffolderGithubModule,
      scaffolderGitlabModule,
      scaffolderBitbucketCloudModule,
      scaffolderBitbucketServerModule,
      scaffolderAzureDevopsModule,
      scaffolderScalingModule,
      scalingPlugin,
      ordersEvidence,
      database,
      mockServices.rootConfig.factory({
        data: {
          ...scmConfig,
          catalog: {
            rules: [{ allow: ['Component', 'Template', 'Location'] }],
            locations: [
              ...HOSTS.map(h => ({
                type: 'url',
                target: scm.fileUrl(h.repo, 'catalog-info.yaml'),
              })),
              { type: 'file', target: path.join(TEMPLATES_DIR, 'all.yaml') },
            ],
          },
          scaling: {
            scan: {
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 5 },
                initialDelay: { hours: 24 },
              },
            },
          },
        },
      }),
    ],
  });
  http = backend.server;

  // The catalog has read every file: the services of each host, and the five templates.
  await until('the catalog to hold every service and template', async () => {
    for (const h of HOSTS)
      for (const s of SERVICES)
        if (!(await entity(`component:default/${h.prefix}-${s}`)))
          return undefined;
    for (const h of HOSTS)
      for (const s of ['orders', 'ledger'])
        if (!(await entity(`component:default/${h.prefix}-${s}`)))
          return undefined;
    for (const t of [
      ...Object.values(MIGRATION_OF),
      'scaling-annotate',
      'scaling-practices',
    ])
      if (!(await entity(`template:default/${t}`))) return undefined;
    return true;
  });

  const actions = await request(http)
    .get('/api/scaffolder/v2/actions')
    .set('Authorization', USER);
  if (actions.status !== 200)
    throw new Error(`GET /v2/actions: ${actions.status} ${actions.text}`);
  actionSchemas = new Map(
    (actions.body as Array<{ id: string; schema?: { input?: JsonObject } }>)
      .filter(a => a.schema?.input)
      .map(a => [a.id, a.schema!.input!]),
  );
});

afterAll(async () => {
  await backend?.stop();
  await scm?.close();
});

// ── Running an offer ──────────────────────────────────────────────────────────────────────

/** What the scaffolder form does before submitting: fill the schema defaults in. */
function withDefaults(template: Entity, values: Record<string, unknown>) {
  const filled: Record<string, unknown> = { ...values };
  for (const page of [(template.spec as any).parameters].flat()) {
    for (const [key, schema] of Object.entries<any>(page.properties ?? {})) {
      if (filled[key] === undefined && schema.default !== undefined)
        filled[key] = schema.default;
    }
  }
  return filled;
}

/** Every file of the template's directory, as the template editor uploads them. */
function directoryContents(templateName: string) {
  const dir = path.join(TEMPLATES_DIR, templateName);
  const out: Array<{ path: string; base64Content: string }> = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), {
      withFileTypes: true,
    })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else
        out.push({
          path: rel,
          base64Content: fs
            .readFileSync(path.join(dir, rel))
            .toString('base64'),
        });
    }
  };
  walk('');
  return out;
}

interface StepRun {
  action: string;
  input: JsonObject;
}

interface DryRun {
  status: number;
  body: any;
  /** The steps that ran, by id, with their rendered inputs. */
  ran: Map<string, StepRun>;
  files: Map<string, string>;
  log: string[];
}

/** The line the dry-run logs for every step it reaches (after the step's `if:`). */
const RUNNING =
  /^info: Running (\S+) in dry-run mode with inputs \(secrets redacted\): ([\s\S]*)$/;
// eslint-disable-next-line no-control-regex
const ANSI_COLOR = /\u001b\[[0-9;]*m/g;

async function dryRun(
  templateRef: string,
  values: Record<string, unknown>,
): Promise<DryRun> {
  const template = (await entity(templateRef))!;
  const { relations, status, ...templateJson } = template as any;
  const res = await request(http)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', USER)
    .send({
      template: templateJson,
      values: withDefaults(template, values),
      directoryContents: directoryContents(template.metadata.name),
    });
  const ran = new Map<string, StepRun>();
  const log: string[] = [];
  for (const entry of res.body.log ?? []) {
    const message = String(entry.body?.message ?? '').replace(ANSI_COLOR, '');
    log.push(message);
    const match = RUNNING.exec(message);
    if (match && entry.body.stepId) {
      ran.set(entry.body.stepId, {
        action: match[1],
        input: JSON.parse(match[2]),
      });
    }
  }
  const files = new Map<string, string>();
  for (const f of res.body.directoryContents ?? [])
    files.set(f.path, Buffer.from(f.base64Content, 'base64').toString('utf8'));
  return { status: res.status, body: res.body, ran, files, log };
}

/** Checks a step's rendered input the way its action will: the schema, then the repoUrl. */
function expectValidInput(step: string, run: StepRun) {
  const schema = actionSchemas.get(run.action);
  expect({ step, action: run.action, known: Boolean(schema) }).toEqual({
    step,
    action: run.action,
    known: true,
  });
  const result = validateJsonSchema(run.input, schema!);
  expect({ step, errors: result.errors.map(e => e.stack) }).toEqual({
    step,
    errors: [],
  });
  for (const [key, value] of Object.entries(run.input)) {
    if (typeof value === 'string')
      expect({ step, key, value: value.includes('${{') }).toEqual({
        step,
        key,
        value: false,
      });
  }
  if (typeof run.input.repoUrl === 'string') {
    expect(() =>
      parseRepoUrl(run.input.repoUrl as string, integrations),
    ).not.toThrow();
  }
}

/**
 * The form values for one host's service: the backend's formData, with what the form still
 * asks of the user. Bitbucket Cloud's URLs do not name the repository's project, which its
 * RepoUrlPicker asks for (and parseRepoUrl requires), so the test picks it as a user would.
 */
function formValues(h: Host, offer: TemplateOffer): Record<string, unknown> {
  const values: Record<string, unknown> = { ...offer.formData };
  if (h.type === 'bitbucketCloud')
    values.repoUrl = `${values.repoUrl}&project=SHOP`;
  return values;
}

// ── The tests ─────────────────────────────────────────────────────────────────────────────

describe('templates on every SCM host', () => {
  it.each(HOSTS.map(h => [h.type, h]))(
    'offers the %s services their own host in repoUrl, with the clone URL',
    async (_type, h) => {
      const expected = expectedRepository(h);
      for (const s of SERVICES) {
        const assessment = await assessmentOf(`${h.prefix}-${s}`);
        const migrate = assessment.templates.filter(
          t => t.purpose === 'migrate',
        );
        expect({
          service: s,
          templates: migrate.map(t => t.entityRef),
        }).toEqual({
          service: s,
          templates: [`template:default/${MIGRATION_OF[s]}`],
        });
        expect(migrate[0].formData).toMatchObject({
          component: `component:default/${h.prefix}-${s}`,
          ...expected,
        });
      }
    },
  );

  it('reads GitLab from the entity registered from a GitLab URL, not GitHub', async () => {
    const gitlab = HOSTS.find(h => h.type === 'gitlab')!;
    const cart = await entity(`component:default/${gitlab.prefix}-cart`);
    expect(
      cart!.metadata.annotations!['backstage.io/managed-by-location'],
    ).toBe(scm.managedByLocation(gitlab.repo, 'catalog-info.yaml'));
    const [offer] = (await assessmentOf(`${gitlab.prefix}-cart`)).templates;
    expect(offer.formData.scm).toBe('gitlab');
    expect(offer.formData.repoUrl).toBe(
      `${new URL(scm.baseUrl).host}?owner=acme%2Fshop&repo=gl-services`,
    );
    expect(
      parseRepoUrl(offer.formData.repoUrl as string, integrations),
    ).toMatchObject({ owner: 'acme/shop', repo: 'gl-services' });
  });

  describe.each(HOSTS.map(h => [h.type, h]))('%s', (_type, h) => {
    it.each(SERVICES.map(s => [MIGRATION_OF[s], s]))(
      'runs %s (for %s) up to its own pull-request steps',
      async (templateName, service) => {
        const assessment = await assessmentOf(`${h.prefix}-${service}`);
        const offer = assessment.templates.find(
          t => t.entityRef === `template:default/${templateName}`,
        )!;
        const run = await dryRun(offer.entityRef, formValues(h, offer));
        expect({ status: run.status, error: run.body.error }).toEqual({
          status: 200,
          error: undefined,
        });
        for (const step of ALL_HOST_STEPS) {
          expect({ step, ran: run.ran.has(step) }).toEqual({
            step,
            ran: h.steps.includes(step),
          });
        }
        for (const step of h.steps) expectValidInput(step, run.ran.get(step)!);
        for (const [step, input] of Object.entries(expectedInputs(h))) {
          expect({ step, input: run.ran.get(step)!.input }).toMatchObject({
            step,
            input,
          });
        }
        // Something was rendered for the pull request to carry.
        expect(run.files.size).toBeGreaterThan(0);
      },
    );

    it('offers "Add the missing annotations" where values are missing, and its pull request adds them, leaving every other document byte for byte', async () => {
      const name = `${h.prefix}-gift-cards`;
      const assessment = await assessmentOf(name);
      const annotate = assessment.templates.filter(
        t => t.purpose === 'annotate',
      );
      expect(annotate).toHaveLength(1);
      expect(annotate[0]).toMatchObject({
        entityRef: 'template:default/scaling-annotate',
        targetTier: null,
        platform: null,
        formData: {
          component: `component:default/${name}`,
          ...expectedRepository(h),
          catalogInfoUrl: scm
            .managedByLocation(h.repo, 'catalog-info.yaml')
            .slice('url:'.length),
          catalogInfoPath: 'catalog-info.yaml',
        },
      });
      // The user fills in what nobody knew.
      const values = {
        ...formValues(h, annotate[0]),
        platform: 'vps',
        uptimeSla: '99.5',
        monthlyBudgetUsd: '150',
      };
      const run = await dryRun(annotate[0].entityRef, values);
      expect({ status: run.status, error: run.body.error }).toEqual({
        status: 200,
        error: undefined,
      });
      expect(
        [...run.ran.keys()].filter(s => ALL_HOST_STEPS.includes(s)),
      ).toEqual(h.steps);
      for (const step of h.steps) expectValidInput(step, run.ran.get(step)!);

      const original = h.repo.files['catalog-info.yaml'];
      const edited = run.files.get('catalog-info.yaml')!;
      expect(edited).toBeDefined();
      const before = parseAllDocuments(original);
      const after = parseAllDocuments(edited);
      expect(after).toHaveLength(before.length);
      // Every document but the first, as text, unchanged.
      const tail = (text: string) => text.slice(text.indexOf('\n---\n'));
      expect(tail(edited)).toBe(tail(original));
      // The first: the new annotations, the old ones and the comments kept.
      const annotations = (after[0].toJS() as Entity).metadata.annotations;
      expect(annotations).toEqual({
        'scaling.io/active-users': '300',
        'scaling.io/health-endpoint': '/healthz',
        'scaling.io/port': '3000',
        'scaling.io/platform': 'vps',
        'scaling.io/uptime-sla': '99.5',
        'scaling.io/monthly-budget-usd': '150',
      });
      for (const line of [
        "    scaling.io/active-users: '300' # the launch plan's estimate",
        '  description: Gift cards, launching next quarter # not deployed anywhere yet',
        '  tags: [new, payments]',
        `spec: { type: service, lifecycle: experimental, owner: team-${h.prefix} }`,
      ])
        expect(edited).toContain(line);
      const descriptions = run.ran.get(h.steps[h.steps.length - 1])!.input;
      expect(JSON.stringify(descriptions)).toContain(
        'scaling.io/platform, scaling.io/uptime-sla, scaling.io/monthly-budget-usd',
      );
    });

    it('offers "Fix the practices" for a service whose manifest lacks requests and limits and a PDB, and its pull request adds them, every other line byte for byte', async () => {
      const name = `${h.prefix}-orders`;
      const offers = (await assessmentOf(name)).templates.filter(
        t => t.purpose === 'practices',
      );
      expect(offers).toHaveLength(1);
      const manifestUrl = scm
        .managedByLocation(h.repo, ORDERS_PATH)
        .slice('url:'.length);
      expect(offers[0]).toMatchObject({
        entityRef: 'template:default/scaling-practices',
        formData: {
          component: `component:default/${name}`,
          ...expectedRepository(h),
          manifests: [{ path: ORDERS_PATH }],
          practices: ['disruption-budget', 'requests-and-limits'],
        },
      });
      // The file's URL as the host's integration resolves it (Azure DevOps encodes the path).
      const [manifest] = offers[0].formData.manifests as Array<{ url: string }>;
      expect(decodeURIComponent(manifest.url)).toBe(manifestUrl);
      const run = await dryRun(offers[0].entityRef, formValues(h, offers[0]));
      expect({ status: run.status, error: run.body.error }).toEqual({
        status: 200,
        error: undefined,
      });
      expect(
        [...run.ran.keys()].filter(s => ALL_HOST_STEPS.includes(s)),
      ).toEqual(h.steps);
      for (const step of h.steps) expectValidInput(step, run.ran.get(step)!);

      const edited = run.files.get(ORDERS_PATH)!;
      expect(edited).toBeDefined();
      // Written before running: the container's resources at the guide's values, then a PDB.
      expect(insertedLines(ORDERS_MANIFEST, edited)).toEqual([
        '          resources:',
        '            requests:',
        '              cpu: 250m',
        '              memory: 256Mi',
        '            limits:',
        '              cpu: 500m',
        '              memory: 512Mi',
        '---',
        '# Scaling Advisor: at most one pod of orders down at a time during node drains and upgrades.',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata:',
        '  name: orders',
        'spec:',
        '  maxUnavailable: 1',
        '  selector:',
        '    matchLabels:',
        '      app.kubernetes.io/name: orders',
      ]);
      expect(parseAllDocuments(edited).map(d => d.toJS().kind)).toEqual([
        'Deployment',
        'Service',
        'PodDisruptionBudget',
      ]);
      const description = JSON.stringify(
        run.ran.get(h.steps[h.steps.length - 1])!.input,
      );
      expect(description).toContain(
        `${ORDERS_PATH}: Deployment orders: PodDisruptionBudget orders`,
      );
    });

    it('does not offer the annotate template where every value is annotated', async () => {
      const assessment = await assessmentOf(`${h.prefix}-checkout`);
      expect(assessment.templates.map(t => t.purpose)).toEqual(['migrate']);
    });
  });

  it('fails the annotate step on a bad value, naming the field', async () => {
    const h = HOSTS[0];
    const [offer] = (
      await assessmentOf(`${h.prefix}-gift-cards`)
    ).templates.filter(t => t.purpose === 'annotate');
    const run = await dryRun(offer.entityRef, {
      ...offer.formData,
      platform: 'vps',
      uptimeSla: '150',
    });
    // The scaffolder answers the step's InputError as a 400, before any pull request.
    expect(run.status).toBe(400);
    expect(run.body.error.name).toBe('InputError');
    expect(run.body.error.message).toMatch(
      /^annotations\["scaling\.io\/uptime-sla"\]: expected an uptime percentage .*, got '150'$/,
    );
  });
});

describe('right-sized requests from the live cluster', () => {
  it.each(HOSTS.map(h => [h.type, h]))(
    '%s: the practices template replaces the over-requested requests in place, every other line byte for byte',
    async (_type, h) => {
      const [offer] = (
        await assessmentOf(`${h.prefix}-ledger`)
      ).templates.filter(t => t.purpose === 'practices');
      // Written before running: 0.05 cores and 200 MiB used, plus 30%: 70m and 260Mi.
      expect(offer?.formData).toMatchObject({
        manifests: [{ path: LEDGER_PATH }],
        rightSize: [
          {
            workload: 'ledger',
            container: 'ledger',
            cpu: '70m',
            memory: '260Mi',
          },
        ],
      });
      const run = await dryRun(offer.entityRef, formValues(h, offer));
      expect({ status: run.status, error: run.body.error }).toEqual({
        status: 200,
        error: undefined,
      });
      for (const step of h.steps) expectValidInput(step, run.ran.get(step)!);
      expect(run.files.get(LEDGER_PATH)).toBe(
        LEDGER_MANIFEST.replace('cpu: "1" # sized', 'cpu: 70m # sized').replace(
          'memory: 2Gi',
          'memory: 260Mi',
        ),
      );
    },
  );
});

describe('the practices action on bad input', () => {
  it.each([
    // The form's schema refuses what it can describe, naming the field and the value…
    [
      { practices: ['autoscaling'] },
      /^instance\.practices\[0\] is not one of enum values: .* \("autoscaling"\)$/,
    ],
    [
      { healthPath: 'healthz' },
      /^instance\.healthPath does not match pattern "\^\/" \("healthz"\)$/,
    ],
    // …and the action what it cannot.
    [{ port: 70000 }, /^port: expected a port from 1 to 65535, got '70000'$/],
  ])('fails the step naming the field: %j', async (change, message) => {
    const h = HOSTS[0];
    const [offer] = (await assessmentOf(`${h.prefix}-orders`)).templates.filter(
      t => t.purpose === 'practices',
    );
    const run = await dryRun(offer.entityRef, { ...offer.formData, ...change });
    expect(run.status).toBe(400);
    const said: string =
      run.body.error?.message ??
      run.body.errors
        .map(
          (e: any) =>
            `${e.property} ${e.message} (${JSON.stringify(e.instance)})`,
        )
        .join('; ');
    expect(said).toMatch(message);
  });
});

/**
 * The lines of `edited` that are not in `original`, when `edited` is `original` with lines
 * inserted and nothing else changed; fails naming the first original line changed or missing.
 */
function insertedLines(original: string, edited: string): string[] {
  const before = original.split('\n');
  const inserted: string[] = [];
  let matched = 0;
  for (const line of edited.split('\n')) {
    if (line === before[matched]) matched++;
    else inserted.push(line);
  }
  expect({ unchangedUpTo: matched }).toEqual({ unchangedUpTo: before.length });
  return inserted;
}

/** What the host's steps are given: the repository, as each action names it. */
function expectedInputs(h: Host): Record<string, JsonObject> {
  const { repoUrl, gitUrl } = expectedRepository(h);
  switch (h.type) {
    case 'azure':
      return {
        'clone-azure': { remoteUrl: gitUrl },
        'push-azure': { remoteUrl: gitUrl },
        'publish-azure': {
          organization: 'acme',
          project: 'shop',
          repoName: 'az-services',
          server: new URL(scm.azureBaseUrl).host,
        },
      };
    case 'bitbucketCloud':
      return { [h.steps[0]]: { repoUrl: `${repoUrl}&project=SHOP` } };
    default:
      return { [h.steps[0]]: { repoUrl } };
  }
}

/** The repository part of an offer's formData for this host's repository. */
function expectedRepository(h: Host): Record<string, string> {
  const r = h.repo;
  switch (h.type) {
    case 'github':
      return {
        scm: 'github',
        repoUrl: `github.test?owner=${r.owner}&repo=${r.name}`,
        gitUrl: `https://github.test/${r.owner}/${r.name}.git`,
      };
    case 'gitlab':
      return {
        scm: 'gitlab',
        repoUrl: `${new URL(scm.baseUrl).host}?owner=${encodeURIComponent(r.owner)}&repo=${r.name}`,
        gitUrl: `${scm.baseUrl}/${r.owner}/${r.name}.git`,
      };
    case 'bitbucketCloud':
      return {
        scm: 'bitbucketCloud',
        repoUrl: `bitbucket.org?workspace=${r.owner}&repo=${r.name}`,
        gitUrl: `https://bitbucket.org/${r.owner}/${r.name}.git`,
      };
    case 'bitbucketServer':
      return {
        scm: 'bitbucketServer',
        repoUrl: `bitbucket.test?project=${r.owner}&repo=${r.name}`,
        gitUrl: `https://bitbucket.test/scm/${r.owner.toLowerCase()}/${r.name}.git`,
      };
    default: {
      const [organization, project] = r.owner.split('/');
      return {
        scm: 'azure',
        repoUrl: `${new URL(scm.azureBaseUrl).host}?organization=${organization}&project=${project}&repo=${r.name}`,
        gitUrl: `${scm.azureBaseUrl}/${organization}/${project}/_git/${r.name}`,
      };
    }
  }
}
