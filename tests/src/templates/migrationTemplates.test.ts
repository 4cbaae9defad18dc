/* eslint-disable jest/no-conditional-expect -- the checks branch on the platform being tested, not on results */
/*
 * The migration templates of /templates (docs/rules.md #templates), run through the real scaffolder backend's
 * dry-run (`POST /api/scaffolder/v2/dry-run`, with the GitHub module so that the
 * `publish:github:pull-request` step runs in dry-run mode) on a test backend that also runs the
 * scaling plugin over a catalog holding the example org and the four templates. The form values
 * are the `formData` the scaling backend offers for the example services, completed with the
 * templates' defaults as the scaffolder form does. Checks that every rendered file parses, that
 * the Kubernetes objects (the Helm chart rendered with its values) validate against the
 * Kubernetes schemas, that the scaling guide's numbers are there, that nothing is left unrendered, and
 * that bad parameters are rejected by the templates' schemas naming the field.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import request from 'supertest';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import {
  Assessment,
  MIGRATION_DEFAULTS,
  TemplateOffer,
} from '@scaling-advisor/backstage-plugin-scaling-common';
import scalingPlugin from '@scaling-advisor/backstage-plugin-scaling-backend';
import { mergeValues, renderChart } from '../__testUtils__/helm';
import { perPluginDatabases } from '../__testUtils__/databases';

const ROOT = path.resolve(__dirname, '../../..');
const TEMPLATES_DIR = path.join(ROOT, 'templates');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const USER = `Bearer ${mockCredentials.user.token('user:default/alice.nguyen')}`;

// ── The catalog: the templates as registered by templates/all.yaml, and the example org ────

function readYamlDocs(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((doc, i) => {
    if (doc.errors.length > 0)
      throw new Error(`${file} document ${i + 1}: ${doc.errors[0].message}`);
    return doc.toJS();
  });
}

const LOCATION = readYamlDocs(path.join(TEMPLATES_DIR, 'all.yaml'))[0];
const ALL_TEMPLATES: Entity[] = (LOCATION.spec.targets as string[]).map(
  target => {
    const file = path.resolve(TEMPLATES_DIR, target);
    const [template] = readYamlDocs(file);
    return {
      ...template,
      metadata: {
        ...template.metadata,
        namespace: 'default',
        annotations: {
          ...template.metadata.annotations,
          'backstage.io/managed-by-location': `file:${file}`,
        },
      },
      relations: [],
    };
  },
);
/** The migration templates; the annotate template is tested with every SCM host (scmHosts.test.ts). */
const TEMPLATES = ALL_TEMPLATES.filter(
  t => t.metadata.annotations?.['scaling.io/migration-target'],
);
const templateNamed = (name: string) =>
  TEMPLATES.find(t => t.metadata.name === name)!;

/** The example org, stitched as the catalog serves it: with its relations. */
function exampleEntities(): Entity[] {
  const entities: Entity[] = [
    'org.yaml',
    'systems.yaml',
    'resources.yaml',
    'components.yaml',
  ].flatMap(file => readYamlDocs(path.join(EXAMPLES_DIR, file)));
  const ref = (value: string, defaultKind: string) =>
    stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  return entities.map(e => {
    const spec = (e.spec ?? {}) as Record<string, any>;
    const relations: Entity['relations'] = [];
    if (typeof spec.owner === 'string')
      relations.push({ type: 'ownedBy', targetRef: ref(spec.owner, 'group') });
    if (typeof spec.system === 'string')
      relations.push({ type: 'partOf', targetRef: ref(spec.system, 'system') });
    for (const dep of spec.dependsOn ?? [])
      relations.push({ type: 'dependsOn', targetRef: ref(dep, 'component') });
    return {
      ...e,
      metadata: { ...e.metadata, namespace: 'default' },
      relations,
    };
  });
}
/**
 * No example service is headed for a single VPS (that is where they all start), so the catalog
 * also holds one that is: a new service, not deployed anywhere yet, with a few hundred users.
 */
const NEW_SERVICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'gift-cards',
    namespace: 'default',
    annotations: {
      'github.com/project-slug': 'acme/gift-cards',
      'scaling.io/active-users': '300',
      'scaling.io/health-endpoint': '/healthz',
      'scaling.io/port': '3000',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:team-growth',
    system: 'growth',
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-growth' },
    { type: 'partOf', targetRef: 'system:default/growth' },
  ],
};
const EXAMPLES = [...exampleEntities(), NEW_SERVICE];

// ── Running a template ────────────────────────────────────────────────────────────────────

interface FileOut {
  path: string;
  text: string;
  executable: boolean;
}

interface DryRun {
  status: number;
  body: any;
  files: Map<string, FileOut>;
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

// ── The test backend ──────────────────────────────────────────────────────────────────────

const database = perPluginDatabases();
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

async function dryRun(
  template: Entity,
  values: Record<string, unknown>,
): Promise<DryRun> {
  const { relations, ...templateJson } = template;
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', USER)
    .send({
      template: templateJson,
      values,
      directoryContents: directoryContents(template.metadata.name),
    });
  const files = new Map<string, FileOut>();
  for (const f of res.body.directoryContents ?? []) {
    files.set(f.path, {
      path: f.path,
      text: Buffer.from(f.base64Content, 'base64').toString('utf8'),
      executable: Boolean(f.executable),
    });
  }
  return { status: res.status, body: res.body, files };
}

async function offersFor(name: string): Promise<TemplateOffer[]> {
  const res = await request(server)
    .get(`/api/scaling/assessments/component/default/${name}`)
    .set('Authorization', USER);
  expect(res.status).toBe(200);
  return (res.body as Assessment).templates;
}

/** One run per template and platform choice. */
interface Case {
  template: string;
  platform?: string;
  /** The example service whose offer the values come from. */
  entity: string;
  values: Record<string, unknown>;
  run: DryRun;
}

const CASES: Case[] = [];
const caseFor = (template: string, platform?: string) => {
  const found = CASES.find(
    c => c.template === template && c.platform === platform,
  );
  if (!found) throw new Error(`no dry-run of ${template} ${platform ?? ''}`);
  return found;
};

const PLATFORMS: Record<string, Array<string | undefined>> = {
  'scaling-compose-baseline': [undefined],
  'scaling-managed-cloud': [
    'ecs-fargate',
    'cloud-run',
    'azure-container-instances',
  ],
  'scaling-kubernetes': ['eks', 'aks', 'gke'],
  'scaling-enterprise': ['eks', 'aks', 'gke'],
};

beforeAll(async () => {
  backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderGithubModule,
      scalingPlugin,
      database,
      catalogServiceMock.factory({ entities: [...EXAMPLES, ...ALL_TEMPLATES] }),
      mockServices.rootConfig.factory({
        data: {
          // The PR step needs a GitHub credential even in dry-run mode; it is never sent.
          integrations: {
            github: [{ host: 'github.com', token: 'dry-run-only' }],
          },
        },
      }),
    ],
  });
  server = backend.server;

  // What the scaling backend offers each example service: the formData "launch migration" opens.
  const offers = new Map<
    string,
    Array<{ entity: string; offer: TemplateOffer }>
  >();
  for (const component of EXAMPLES.filter(e => e.kind === 'Component')) {
    for (const offer of await offersFor(component.metadata.name)) {
      const name = parseEntityRef(offer.entityRef).name;
      offers.set(name, [
        ...(offers.get(name) ?? []),
        { entity: component.metadata.name, offer },
      ]);
    }
  }

  for (const [templateName, platforms] of Object.entries(PLATFORMS)) {
    const offered = offers.get(templateName) ?? [];
    if (offered.length === 0)
      throw new Error(`no example service is offered ${templateName}`);
    for (const platform of platforms) {
      // The offer for a service on that platform's cloud if there is one; otherwise the user
      // picks the platform in the form.
      const chosen =
        offered.find(o => o.offer.platform === platform) ?? offered[0];
      const formData = platform
        ? { ...chosen.offer.formData, platform }
        : chosen.offer.formData;
      const template = templateNamed(templateName);
      const values = withDefaults(template, formData);
      CASES.push({
        template: templateName,
        platform,
        entity: chosen.entity,
        values,
        run: await dryRun(template, values),
      });
    }
  }
}, 60_000);

afterAll(() => backend?.stop());

// ── Helpers for the assertions ────────────────────────────────────────────────────────────

function parseYamlFile(file: FileOut): any[] {
  const docs = parseAllDocuments(file.text);
  for (const doc of docs) {
    if (doc.errors.length > 0)
      throw new Error(`${file.path}: ${doc.errors[0].message}`);
  }
  return docs.map(d => d.toJS()).filter(d => d !== null && d !== undefined);
}

const isChartTemplate = (p: string) => /^charts\/[^/]+\/templates\//.test(p);

/** Parses every YAML and JSON file (chart templates are Go templates: rendered first, below). */
function parseAll(files: Map<string, FileOut>) {
  const parsed = new Map<string, any[]>();
  for (const file of files.values()) {
    if (isChartTemplate(file.path)) continue;
    if (/\.ya?ml$/.test(file.path)) parsed.set(file.path, parseYamlFile(file));
    else if (file.path.endsWith('.json'))
      parsed.set(file.path, [JSON.parse(file.text)]);
  }
  return parsed;
}

const VALIDATORS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Pod': Pod,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Validates a core Kubernetes object against its schema; throws naming the object. */
function validateK8s(obj: any, where: string) {
  const Model = VALIDATORS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model)
    throw new Error(`${where}: no schema for ${obj.apiVersion} ${obj.kind}`);
  try {
    new Model(obj).validate();
  } catch (e) {
    throw new Error(
      `${where} ${obj.kind} ${obj.metadata?.name}: ${(e as Error).message}`,
    );
  }
}

/** `helm template` of the chart in the run's files, optionally with extra values files. */
function renderChartOf(
  files: Map<string, FileOut>,
  name: string,
  namespace: string,
  ...overlays: any[]
) {
  const prefix = `charts/${name}/`;
  const chartFiles: Record<string, string> = {};
  for (const [p, f] of files)
    if (p.startsWith(prefix)) chartFiles[p.slice(prefix.length)] = f.text;
  const chart = parseYaml(chartFiles['Chart.yaml']);
  const values = [parseYaml(chartFiles['values.yaml']), ...overlays].reduce(
    mergeValues,
  );
  const rendered = renderChart({
    chart: {
      name: chart.name,
      version: chart.version,
      appVersion: chart.appVersion,
    },
    files: chartFiles,
    values,
    release: { name, namespace },
  });
  const objects: any[] = [];
  for (const [file, text] of Object.entries(rendered)) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0)
        throw new Error(`${file} rendered: ${doc.errors[0].message}\n${text}`);
      const obj = doc.toJS();
      if (obj) objects.push(obj);
    }
  }
  for (const obj of objects) validateK8s(obj, `charts/${name} (helm template)`);
  const byKind = (kind: string) => {
    const found = objects.filter(o => o.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { objects, byKind };
}

const paths = (run: DryRun) => [...run.files.keys()].sort();

// ── The tests ─────────────────────────────────────────────────────────────────────────────

describe('migration templates', () => {
  it('are four Template entities, each annotated with its target tier, listed by templates/all.yaml', () => {
    expect(LOCATION).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
    });
    expect(
      TEMPLATES.map(t => [
        t.apiVersion,
        t.kind,
        t.metadata.name,
        t.metadata.annotations?.['scaling.io/migration-target'],
      ]),
    ).toEqual([
      [
        'scaffolder.backstage.io/v1beta3',
        'Template',
        'scaling-compose-baseline',
        'single-vps',
      ],
      [
        'scaffolder.backstage.io/v1beta3',
        'Template',
        'scaling-managed-cloud',
        'managed-cloud',
      ],
      [
        'scaffolder.backstage.io/v1beta3',
        'Template',
        'scaling-kubernetes',
        'kubernetes',
      ],
      [
        'scaffolder.backstage.io/v1beta3',
        'Template',
        'scaling-enterprise',
        'enterprise',
      ],
    ]);
    // And the annotate template, by its purpose.
    expect(
      ALL_TEMPLATES.filter(
        t =>
          t.metadata.annotations?.['scaling.io/template-purpose'] ===
          'annotate',
      ).map(t => t.metadata.name),
    ).toEqual(['scaling-annotate']);
    for (const t of TEMPLATES) {
      const steps = (t.spec as any).steps;
      // The change is rendered, then opened by the action of the repository's host: one
      // pull-request step per host, each under its own condition.
      expect(
        steps.find((s: any) => s.action === 'fetch:template'),
      ).toBeDefined();
      const publishing = steps
        .filter(
          (s: any) => s.id.startsWith('publish-') || s.id === 'push-azure',
        )
        .map((s: any) => [s.action, s.if]);
      expect(publishing).toEqual([
        ['publish:github:pull-request', "${{ parameters.scm == 'github' }}"],
        ['publish:gitlab:merge-request', "${{ parameters.scm == 'gitlab' }}"],
        [
          'publish:bitbucketCloud:pull-request',
          "${{ parameters.scm == 'bitbucketCloud' }}",
        ],
        [
          'publish:bitbucketServer:pull-request',
          "${{ parameters.scm == 'bitbucketServer' }}",
        ],
        ['azure:repository:push', "${{ parameters.scm == 'azure' }}"],
        ['azure:pr:create', "${{ parameters.scm == 'azure' }}"],
      ]);
      expect((t.spec as any).output.links[0].title).toBe('Pull request');
    }
  });

  it('declare every formData key the backend pre-fills, with the scaling guide defaults and the pickers', () => {
    for (const t of TEMPLATES) {
      const properties = Object.assign(
        {},
        ...[(t.spec as any).parameters].flat().map((p: any) => p.properties),
      );
      const offered = CASES.filter(c => c.template === t.metadata.name).flatMap(
        c => Object.keys(c.values),
      );
      for (const key of offered)
        expect([t.metadata.name, key, key in properties]).toEqual([
          t.metadata.name,
          key,
          true,
        ]);
      expect(properties.component['ui:field']).toBe('EntityPicker');
      // One host of each supported type to pick (the scaffolder's picker offers only allowed
      // hosts); the host's own action opens the change.
      expect(properties.repoUrl['ui:field']).toBe('RepoUrlPicker');
      expect(properties.repoUrl['ui:options']?.allowedHosts).toEqual([
        'github.com',
        'gitlab.com',
        'bitbucket.org',
        'dev.azure.com',
        'github.test',
      ]);
      expect(properties.scm.enum).toEqual([
        'github',
        'gitlab',
        'bitbucketCloud',
        'bitbucketServer',
        'azure',
      ]);
      expect(properties.name).toMatchObject({
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        maxLength: 63,
      });
      expect(properties.port).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 65535,
        default: MIGRATION_DEFAULTS.port,
      });
      expect(properties.healthPath.default).toBe(MIGRATION_DEFAULTS.healthPath);
    }
    const defaults = (name: string) => {
      const props = Object.assign(
        {},
        ...[(templateNamed(name).spec as any).parameters]
          .flat()
          .map((p: any) => p.properties),
      );
      return Object.fromEntries(
        ['minReplicas', 'maxReplicas', 'cpuTarget', 'memoryTarget']
          .filter(k => props[k])
          .map(k => [k, props[k].default]),
      );
    };
    expect(defaults('scaling-managed-cloud')).toEqual(
      MIGRATION_DEFAULTS['managed-cloud'],
    );
    expect(defaults('scaling-kubernetes')).toEqual(
      MIGRATION_DEFAULTS.kubernetes,
    );
    expect(defaults('scaling-enterprise')).toEqual(
      MIGRATION_DEFAULTS.kubernetes,
    );
  });

  it('reference only declared parameters and values (the scaffolder renders an unknown one as empty)', () => {
    const expressions = (text: string) =>
      [...text.matchAll(/\$\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)].map(
        m => m[1] ?? m[2],
      );
    const names = (text: string, object: string) =>
      new Set(
        expressions(text).flatMap(e =>
          [...e.matchAll(new RegExp(`\\b${object}\\.(\\w+)`, 'g'))].map(
            m => m[1],
          ),
        ),
      );
    for (const t of TEMPLATES) {
      const spec = t.spec as any;
      const declared = Object.keys(
        Object.assign(
          {},
          ...[spec.parameters].flat().map((p: any) => p.properties),
        ),
      );
      const used = names(
        JSON.stringify({ steps: spec.steps, output: spec.output }),
        'parameters',
      );
      expect([
        t.metadata.name,
        [...used].filter(n => !declared.includes(n)),
      ]).toEqual([t.metadata.name, []]);

      const fetchValues = new Set(
        spec.steps
          .filter((s: any) => s.action === 'fetch:template')
          .flatMap((s: any) => Object.keys(s.input.values)),
      );
      const skeleton = directoryContents(t.metadata.name).filter(f =>
        f.path.startsWith('skeleton/'),
      );
      for (const file of skeleton) {
        const text = `${file.path}\n${Buffer.from(file.base64Content, 'base64').toString('utf8')}`;
        const unknown = [...names(text, 'values')].filter(
          n => !fetchValues.has(n),
        );
        expect([t.metadata.name, file.path, unknown]).toEqual([
          t.metadata.name,
          file.path,
          [],
        ]);
      }
    }
  });

  it('run in dry-run mode for every platform, up to the pull request, leaving nothing unrendered', () => {
    expect(
      CASES.map(c => [c.template, c.platform ?? '-', c.run.status]),
    ).toEqual(
      Object.entries(PLATFORMS).flatMap(([t, ps]) =>
        ps.map(p => [t, p ?? '-', 200]),
      ),
    );
    for (const c of CASES) {
      const { body } = c.run;
      const where = `${c.template} ${c.platform ?? ''}`;
      // The publish step ran (in dry-run mode), and the output links to the pull request.
      const log = body.log.map((l: any) => l.body.message).join('\n');
      expect([where, log]).toEqual([
        where,
        expect.stringContaining('Performing dry run of creating pull request'),
      ]);
      expect(body.output.links[0]).toEqual({
        title: 'Pull request',
        url: c.values.repoUrl,
      });
      expect(body.output.links[1]).toMatchObject({
        entityRef: c.values.component,
      });
      expect(c.run.files.size).toBeGreaterThan(0);
      for (const file of c.run.files.values()) {
        expect([where, file.path, file.text.includes('${{')]).toEqual([
          where,
          file.path,
          false,
        ]);
        expect([where, file.path, /\{%|%\}|\{#/.test(file.text)]).toEqual([
          where,
          file.path,
          false,
        ]);
        expect([where, file.path, file.path.includes('${{')]).toEqual([
          where,
          file.path,
          false,
        ]);
      }
      // Every YAML and JSON file parses.
      expect(() => parseAll(c.run.files)).not.toThrow();
    }
  });

  it('render shell scripts that parse, with the shebang of their shell', () => {
    const scripts = CASES.flatMap(c =>
      [...c.run.files.values()].filter(f => f.path.endsWith('.sh')),
    );
    expect(scripts.map(f => f.path).sort()).toEqual([
      'deploy/azure-container-instances/deploy.sh',
      'deploy/cloud-run/deploy.sh',
      'deploy/ecs-fargate/deploy.sh',
      'scripts/backup-db.sh',
    ]);
    for (const script of scripts) {
      const shell = script.text.startsWith('#!/usr/bin/env bash\n')
        ? 'bash'
        : 'sh';
      if (shell === 'sh')
        expect(script.text.startsWith('#!/bin/sh\n')).toBe(true);
      // `-n`: read and parse only, run nothing.
      expect(() =>
        execFileSync(shell, ['-n'], {
          input: script.text,
          stdio: ['pipe', 'pipe', 'pipe'],
        }),
      ).not.toThrow();
    }
  });

  it('uses the formData of example services on each tier', () => {
    expect(
      CASES.map(c => [c.template, c.platform ?? '-', c.values.component]),
    ).toEqual(
      CASES.map(c => [
        c.template,
        c.platform ?? '-',
        `component:default/${c.entity}`,
      ]),
    );
  });

  describe('scaling-compose-baseline', () => {
    it('adds a Dockerfile, a Compose file with health checks and restart policies, .env.example and a scheduled backup', () => {
      const { run, values } = caseFor('scaling-compose-baseline');
      expect(paths(run)).toEqual([
        '.dockerignore',
        '.env.example',
        'Dockerfile',
        'backups/.gitignore',
        'docker-compose.yml',
        'docs/scaling/single-vps.md',
        'scripts/backup-db.sh',
      ]);
      const [compose] = parseAll(run.files).get('docker-compose.yml')!;
      expect(Object.keys(compose.services)).toEqual(['app', 'db', 'db-backup']);
      for (const service of Object.values<any>(compose.services)) {
        expect(service.restart).toBe('unless-stopped');
        expect(service.healthcheck.test[0]).toBe('CMD-SHELL');
      }
      expect(compose.services.app.healthcheck.test[1]).toBe(
        `curl -fsS http://localhost:${values.port}${values.healthPath} || exit 1`,
      );
      expect(compose.services.app.ports).toEqual([
        `${values.port}:${values.port}`,
      ]);
      expect(compose.services['db-backup'].command[0]).toContain(
        'backup-db.sh',
      );

      const env = Object.fromEntries(
        run.files
          .get('.env.example')!
          .text.split('\n')
          .filter(l => l && !l.startsWith('#'))
          .map(l => l.split(/=(.*)/s).slice(0, 2)),
      );
      expect(env).toMatchObject({
        PORT: String(values.port),
        BACKUP_RETENTION_DAYS: '7',
      });
      expect(env.DATABASE_URL).toMatch(
        /^postgresql:\/\/\w+:change-me@db:5432\/\w+$/,
      );

      const dockerfile = run.files.get('Dockerfile')!.text;
      expect(dockerfile).toContain(`EXPOSE ${values.port}`);
      expect(dockerfile).toMatch(/^USER /m);
      const backup = run.files.get('scripts/backup-db.sh')!.text;
      expect(backup.startsWith('#!/bin/sh\n')).toBe(true);
      expect(backup).toContain('pg_dump');
      expect(backup).toContain(': "${BACKUP_RETENTION_DAYS:=7}"');
    });
  });

  describe('scaling-managed-cloud', () => {
    it('adds the ECS task definition, service and CPU target-tracking autoscaling (256/512, 2–10 at 70%)', () => {
      const { run, values } = caseFor('scaling-managed-cloud', 'ecs-fargate');
      expect(paths(run)).toEqual([
        'deploy/ecs-fargate/deploy.sh',
        'deploy/ecs-fargate/scalable-target.json',
        'deploy/ecs-fargate/scaling-policy.json',
        'deploy/ecs-fargate/service.json',
        'deploy/ecs-fargate/task-definition.json',
        'docs/scaling/managed-cloud.md',
      ]);
      const parsed = parseAll(run.files);
      const [task] = parsed.get('deploy/ecs-fargate/task-definition.json')!;
      expect(task).toMatchObject({
        cpu: '256',
        memory: '512',
        requiresCompatibilities: ['FARGATE'],
      });
      const container = task.containerDefinitions[0];
      expect(container.portMappings).toEqual([
        { containerPort: values.port, protocol: 'tcp' },
      ]);
      expect(container.healthCheck.command).toEqual([
        'CMD-SHELL',
        `curl -f http://localhost:${values.port}${values.healthPath} || exit 1`,
      ]);
      const [service] = parsed.get('deploy/ecs-fargate/service.json')!;
      expect(service).toMatchObject({ desiredCount: 2, launchType: 'FARGATE' });
      const [target] = parsed.get('deploy/ecs-fargate/scalable-target.json')!;
      expect(target).toMatchObject({
        MinCapacity: 2,
        MaxCapacity: 10,
        ScalableDimension: 'ecs:service:DesiredCount',
      });
      const [policy] = parsed.get('deploy/ecs-fargate/scaling-policy.json')!;
      expect(policy).toMatchObject({
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 70,
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'ECSServiceAverageCPUUtilization',
          },
        },
      });
      // One cluster per System, as the scaling guide's `[project]-cluster`.
      const system = parseEntityRef(values.system as string).name;
      expect(service.cluster).toBe(`${system}-cluster`);
      expect(target.ResourceId).toBe(
        `service/${system}-cluster/${values.name}`,
      );
      const notes = run.files.get('docs/scaling/managed-cloud.md')!.text;
      expect(notes).toContain('Amazon RDS for PostgreSQL');
      expect(notes).toContain('CloudWatch');
    });

    it('adds the Cloud Run service (2–10 instances, 1 CPU, 512Mi)', () => {
      const { run, values } = caseFor('scaling-managed-cloud', 'cloud-run');
      expect(paths(run)).toEqual([
        'deploy/cloud-run/deploy.sh',
        'deploy/cloud-run/service.yaml',
        'docs/scaling/managed-cloud.md',
      ]);
      const [svc] = parseAll(run.files).get('deploy/cloud-run/service.yaml')!;
      expect(svc).toMatchObject({
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
      });
      expect(svc.spec.template.metadata.annotations).toMatchObject({
        'autoscaling.knative.dev/minScale': '2',
        'autoscaling.knative.dev/maxScale': '10',
      });
      const container = svc.spec.template.spec.containers[0];
      expect(container.resources.limits).toEqual({ cpu: '1', memory: '512Mi' });
      expect(container.livenessProbe.httpGet).toEqual({
        path: values.healthPath,
        port: values.port,
      });
      // Cloud Run's container is a Kubernetes container.
      validateK8s(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'x' },
          spec: { containers: [{ name: 'x', ...container }] },
        },
        'deploy/cloud-run/service.yaml',
      );
      const notes = run.files.get('docs/scaling/managed-cloud.md')!.text;
      expect(notes).toContain('Cloud SQL for PostgreSQL');
      expect(notes).toContain('Cloud Monitoring');
    });

    it('adds the Azure container group (1 CPU, 1.5 GB)', () => {
      const { run, values } = caseFor(
        'scaling-managed-cloud',
        'azure-container-instances',
      );
      expect(paths(run)).toEqual([
        'deploy/azure-container-instances/container-group.json',
        'deploy/azure-container-instances/container-group.parameters.json',
        'deploy/azure-container-instances/deploy.sh',
        'docs/scaling/managed-cloud.md',
      ]);
      const parsed = parseAll(run.files);
      const [arm] = parsed.get(
        'deploy/azure-container-instances/container-group.json',
      )!;
      const group = arm.resources[0];
      expect(group.type).toBe('Microsoft.ContainerInstance/containerGroups');
      expect(group.properties.restartPolicy).toBe('Always');
      const container = group.properties.containers[0].properties;
      expect(container.resources.requests).toEqual({ cpu: 1, memoryInGB: 1.5 });
      expect(container.ports).toEqual([{ port: values.port, protocol: 'TCP' }]);
      expect(container.livenessProbe.httpGet.path).toBe(values.healthPath);
      const [params] = parsed.get(
        'deploy/azure-container-instances/container-group.parameters.json',
      )!;
      expect(Object.keys(params.parameters).sort()).toEqual(
        Object.keys(arm.parameters)
          .filter(k => !arm.parameters[k].defaultValue || k === 'instanceCount')
          .sort(),
      );
      const notes = run.files.get('docs/scaling/managed-cloud.md')!.text;
      expect(notes).toContain('Azure Database for PostgreSQL');
      expect(notes).toContain('Azure Monitor');
    });
  });

  describe('scaling-kubernetes', () => {
    it.each(['eks', 'aks', 'gke'])(
      'adds a Helm chart whose objects validate, with the scaling guide numbers, an Argo CD Application and a Velero schedule (%s)',
      platform => {
        const { run, values } = caseFor('scaling-kubernetes', platform);
        const name = values.name as string;
        expect(paths(run)).toEqual(
          [
            `charts/${name}/Chart.yaml`,
            `charts/${name}/templates/_helpers.tpl`,
            `charts/${name}/templates/deployment.yaml`,
            `charts/${name}/templates/hpa.yaml`,
            `charts/${name}/templates/ingress.yaml`,
            `charts/${name}/templates/networkpolicy.yaml`,
            `charts/${name}/templates/pdb.yaml`,
            `charts/${name}/templates/service.yaml`,
            `charts/${name}/templates/serviceaccount.yaml`,
            `charts/${name}/values.yaml`,
            'deploy/argocd/application.yaml',
            'deploy/velero/schedule.yaml',
            'docs/scaling/kubernetes.md',
          ].sort(),
        );
        // The chart's own templates are copied, not rendered by the scaffolder.
        const skeleton = path.join(
          TEMPLATES_DIR,
          'scaling-kubernetes/skeleton/charts/${{ values.name }}/templates',
        );
        for (const file of fs.readdirSync(skeleton)) {
          expect(run.files.get(`charts/${name}/templates/${file}`)!.text).toBe(
            fs.readFileSync(path.join(skeleton, file), 'utf8'),
          );
        }

        const { objects, byKind } = renderChartOf(
          run.files,
          name,
          'production',
        );
        expect(objects.map(o => o.kind).sort()).toEqual([
          'Deployment',
          'HorizontalPodAutoscaler',
          'Ingress',
          'NetworkPolicy',
          'PodDisruptionBudget',
          'Service',
          'ServiceAccount',
        ]);
        const deployment = byKind('Deployment');
        const pod = deployment.spec.template.spec;
        const container = pod.containers[0];
        expect(container.resources).toEqual({
          requests: { cpu: '250m', memory: '256Mi' },
          limits: { cpu: '500m', memory: '512Mi' },
        });
        expect(container.ports).toEqual([
          { name: 'http', containerPort: values.port, protocol: 'TCP' },
        ]);
        expect(container.livenessProbe.httpGet).toEqual({
          path: values.healthPath,
          port: 'http',
        });
        expect(container.readinessProbe.httpGet).toEqual({
          path: values.healthPath,
          port: 'http',
        });
        expect(container.env[0]).toEqual({
          name: 'DATABASE_URL',
          valueFrom: {
            secretKeyRef: { name: `${name}-db-credentials`, key: 'url' },
          },
        });
        // The restricted Pod Security Standard.
        expect(pod.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(
          pod.affinity.podAntiAffinity
            .preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm,
        ).toEqual({
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: { matchLabels: deployment.spec.selector.matchLabels },
        });
        expect(deployment.spec.replicas).toBeUndefined(); // the HPA owns it

        const hpa = byKind('HorizontalPodAutoscaler');
        expect(hpa.spec).toMatchObject({
          scaleTargetRef: { kind: 'Deployment', name },
          minReplicas: 3,
          maxReplicas: 10,
        });
        expect(
          hpa.spec.metrics.map((m: any) => [
            m.resource.name,
            m.resource.target.averageUtilization,
          ]),
        ).toEqual([
          ['cpu', 70],
          ['memory', 80],
        ]);
        expect(byKind('PodDisruptionBudget').spec).toEqual({
          maxUnavailable: 1,
          selector: { matchLabels: deployment.spec.selector.matchLabels },
        });
        expect(byKind('NetworkPolicy').spec.podSelector.matchLabels).toEqual(
          deployment.spec.selector.matchLabels,
        );
        const ingress = byKind('Ingress');
        expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
          name,
          port: { name: 'http' },
        });
        expect(
          ingress.spec.ingressClassName ??
            ingress.metadata.annotations['kubernetes.io/ingress.class'],
        ).toBe(
          { eks: 'alb', aks: 'webapprouting.kubernetes.azure.com', gke: 'gce' }[
            platform
          ],
        );
        expect(byKind('Service').spec.ports[0].targetPort).toBe('http');

        const parsed = parseAll(run.files);
        const [app] = parsed.get('deploy/argocd/application.yaml')!;
        const { owner, repo } = Object.fromEntries(
          new URLSearchParams((values.repoUrl as string).split('?')[1]),
        );
        expect(app).toMatchObject({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          spec: {
            source: {
              repoURL: `https://github.com/${owner}/${repo}.git`,
              path: `charts/${name}`,
            },
            destination: { namespace: 'production' },
            syncPolicy: {
              managedNamespaceMetadata: {
                labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
              },
            },
          },
        });
        const [schedule] = parsed.get('deploy/velero/schedule.yaml')!;
        expect(schedule).toMatchObject({
          apiVersion: 'velero.io/v1',
          kind: 'Schedule',
          spec: {
            schedule: '0 3 * * *',
            template: { includedNamespaces: ['production'] },
          },
        });
      },
    );

    it('renders the chart with the HPA off as a fixed Deployment that still validates', () => {
      const { run, values } = caseFor('scaling-kubernetes', 'eks');
      const { byKind, objects } = renderChartOf(
        run.files,
        values.name as string,
        'staging',
        {
          autoscaling: { enabled: false },
          ingress: { enabled: false, host: 'orders.example.com' },
        },
      );
      expect(byKind('Deployment').spec.replicas).toBe(3);
      expect(objects.map(o => o.kind)).not.toContain('HorizontalPodAutoscaler');
      expect(objects.map(o => o.kind)).not.toContain('Ingress');
    });
  });

  describe('scaling-enterprise', () => {
    const REGIONS: Record<string, string[]> = {
      eks: ['us-east-1', 'eu-west-1'],
      aks: ['eastus', 'westeurope'],
      gke: ['us-central1', 'europe-west1'],
    };
    const CDN_FILES: Record<string, string[]> = {
      eks: [
        'deploy/cdn/cloudfront-distribution.json',
        'deploy/cdn/route53-origin-records.json',
      ],
      aks: ['deploy/cdn/front-door.json'],
      gke: ['deploy/cdn/multi-cluster-ingress.yaml'],
    };

    it.each(['eks', 'aks', 'gke'])(
      'adds a multi-region overlay with topology spread across zones, the CDN and a DR schedule per region (%s)',
      platform => {
        const { run, values } = caseFor('scaling-enterprise', platform);
        const name = values.name as string;
        const regions = REGIONS[platform];
        expect(paths(run)).toEqual(
          [
            `charts/${name}/values-multi-region.yaml`,
            'deploy/argocd/applicationset.yaml',
            'deploy/velero/dr-schedules.yaml',
            'docs/scaling/enterprise.md',
            ...CDN_FILES[platform],
          ].sort(),
        );
        const parsed = parseAll(run.files);
        const [overlay] = parsed.get(
          `charts/${name}/values-multi-region.yaml`,
        )!;
        expect(overlay.autoscaling).toEqual({
          enabled: true,
          minReplicas: 3,
          maxReplicas: 10,
          targetCPUUtilizationPercentage: 70,
          targetMemoryUtilizationPercentage: 80,
        });
        expect(overlay.topologySpreadConstraints[0]).toEqual({
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
        });

        // The overlay on the Kubernetes template's chart: still valid objects, spread over zones.
        const k8s = caseFor('scaling-kubernetes', platform);
        const { byKind, objects } = renderChartOf(
          k8s.run.files,
          k8s.values.name as string,
          'production',
          {
            ...overlay,
            ...(k8s.values.name === name
              ? {}
              : { nameOverride: name, fullnameOverride: name }),
          },
        );
        const deployment = byKind('Deployment');
        expect(deployment.spec.template.spec.topologySpreadConstraints).toEqual(
          overlay.topologySpreadConstraints,
        );
        expect(deployment.spec.template.metadata.labels).toMatchObject(
          overlay.topologySpreadConstraints[0].labelSelector.matchLabels,
        );
        expect(objects.some(o => o.kind === 'Ingress')).toBe(
          platform !== 'gke',
        );

        const [appSet] = parsed.get('deploy/argocd/applicationset.yaml')!;
        expect(appSet.kind).toBe('ApplicationSet');
        expect(
          appSet.spec.generators[0].list.elements.map((e: any) => e.region),
        ).toEqual(regions);
        expect(appSet.spec.template.spec.source.helm.valueFiles).toEqual([
          'values.yaml',
          'values-multi-region.yaml',
        ]);

        const dr = parsed.get('deploy/velero/dr-schedules.yaml')!;
        const schedules = dr.filter(d => d.kind === 'Schedule');
        expect(
          schedules.map(s => [
            s.metadata.labels['scaling.io/region'],
            s.spec.template.storageLocation,
          ]),
        ).toEqual([
          [regions[0], `dr-${regions[1]}`],
          [regions[1], `dr-${regions[0]}`],
        ]);
        expect(
          dr
            .filter(d => d.kind === 'BackupStorageLocation')
            .map(d => d.metadata.name),
        ).toEqual(schedules.map(s => s.spec.template.storageLocation));

        if (platform === 'eks') {
          const [cf] = parsed.get('deploy/cdn/cloudfront-distribution.json')!;
          expect(cf.Origins.Quantity).toBe(cf.Origins.Items.length);
          expect(cf.Origins.Items.map((o: any) => o.Id)).toEqual([
            'latency',
            ...regions,
          ]);
          expect(cf.Aliases.Items).toEqual([values.host]);
          const [records] = parsed.get(
            'deploy/cdn/route53-origin-records.json',
          )!;
          expect(
            records.Changes.map((c: any) => c.ResourceRecordSet.Region),
          ).toEqual(regions);
        } else if (platform === 'aks') {
          const [afd] = parsed.get('deploy/cdn/front-door.json')!;
          expect(afd.parameters.regions.defaultValue).toEqual(regions);
          expect(
            afd.resources.find(
              (r: any) => r.type === 'Microsoft.Cdn/profiles/originGroups',
            ).properties.healthProbeSettings.probePath,
          ).toBe(values.healthPath);
        } else {
          const docs = parsed.get('deploy/cdn/multi-cluster-ingress.yaml')!;
          expect(docs.map(d => d.kind)).toEqual([
            'BackendConfig',
            'MultiClusterService',
            'MultiClusterIngress',
          ]);
          expect(docs[0].spec.cdn.enabled).toBe(true);
          expect(docs[1].spec.clusters.map((c: any) => c.link)).toEqual(
            regions.map(r => `${r}/gke-${r}`),
          );
        }
      },
    );

    it('takes the regions from the form, primary first', async () => {
      const { values } = caseFor('scaling-enterprise', 'eks');
      const regions = ['us-west-2', 'us-east-1', 'eu-central-1'];
      const run = await dryRun(templateNamed('scaling-enterprise'), {
        ...values,
        regions,
      });
      expect(run.status).toBe(200);
      const dr = parseYamlFile(
        run.files.get('deploy/velero/dr-schedules.yaml')!,
      );
      expect(
        dr
          .filter(d => d.kind === 'Schedule')
          .map(s => s.spec.template.storageLocation),
      ).toEqual(['dr-us-east-1', 'dr-eu-central-1', 'dr-us-west-2']);
      const [cf] = parseAll(run.files).get(
        'deploy/cdn/cloudfront-distribution.json',
      )!;
      expect(cf.Origins.Quantity).toBe(4);
    });
  });

  describe('bad parameters', () => {
    const cases: Array<
      [
        string,
        (v: Record<string, unknown>) => Record<string, unknown>,
        string,
        string,
      ]
    > = [
      [
        'port 0',
        v => ({ ...v, port: 0 }),
        'instance.port',
        'must be greater than or equal to 1',
      ],
      [
        'port 70000',
        v => ({ ...v, port: 70000 }),
        'instance.port',
        'must be less than or equal to 65535',
      ],
      [
        'a name that is not DNS-safe',
        v => ({ ...v, name: 'Orders_API' }),
        'instance.name',
        'does not match pattern',
      ],
      [
        'a name longer than 63 characters',
        v => ({ ...v, name: 'a'.repeat(64) }),
        'instance.name',
        'does not meet maximum length of 63',
      ],
      [
        'a missing component',
        ({ component, ...v }) => v,
        'instance',
        'requires property "component"',
      ],
      [
        'a health path without a leading slash',
        v => ({ ...v, healthPath: 'health' }),
        'instance.healthPath',
        'does not match pattern',
      ],
    ];
    it.each(
      Object.keys(PLATFORMS).flatMap(template =>
        cases.map(
          ([what, change, property, message]) =>
            [template, what, change, property, message] as const,
        ),
      ),
    )(
      '%s rejects %s with 400 naming the field',
      async (template, _what, change, property, message) => {
        const { values } = CASES.find(c => c.template === template)!;
        const run = await dryRun(templateNamed(template), change(values));
        expect(run.status).toBe(400);
        expect(run.body.errors).toEqual([
          expect.objectContaining({
            property,
            message: expect.stringContaining(message),
          }),
        ]);
        expect(run.files.size).toBe(0);
      },
    );

    it('rejects a platform the template does not offer', async () => {
      const { values } = caseFor('scaling-managed-cloud', 'ecs-fargate');
      const run = await dryRun(templateNamed('scaling-managed-cloud'), {
        ...values,
        platform: 'eks',
      });
      expect(run.status).toBe(400);
      expect(run.body.errors).toEqual([
        expect.objectContaining({ property: 'instance.platform' }),
      ]);
    });
  });
});
