/*
 * A Helm chart rendered as `helm template` renders it without a cluster: its templates with its
 * `values.yaml`, overridden by the values a Flux HelmRelease or an Argo CD Application in the
 * repository passes to it. A template its values switch off renders to nothing, so it gives no
 * evidence; one that cannot be evaluated (a function not supported, `.Files`, a library chart's
 * helper) is reported by name and gives nothing either.
 */
import { parse as parseYamlText } from 'yaml';
import {
  DEFAULT_RENDER_LIMITS,
  Evaluator,
  RenderLimits,
  clone,
  isUnsafeKey,
} from './evaluate';
import { Node, TemplateError, parseTemplate } from './parse';

/** One chart's files, as read from the repository. */
export interface ChartFiles {
  /** The chart's folder (where `Chart.yaml` is), no trailing slash; '' for the root. */
  root: string;
  /** Every file of the chart that was read, by its path in the repository. */
  files: Map<string, string>;
}

/** Values passed to the chart by a release in the repository. */
export interface ChartRelease {
  /** What passes them, for people: `deploy/flux/helmrelease.yaml`. */
  from: string;
  releaseName?: string;
  namespace?: string;
  values: Record<string, unknown>;
  /** Values files, relative to the chart's folder. */
  valueFiles?: string[];
}

export interface RenderedTemplate {
  /** The template's path in the repository. */
  path: string;
  /** The manifests it renders to (YAML text, possibly empty). */
  text: string;
}

export interface ChartRender {
  /** What the values came from: `values.yaml`, or the release that passed more. */
  values: string;
  rendered: RenderedTemplate[];
  /** Templates that could not be evaluated, with why. */
  failed: Array<{ path: string; reason: string }>;
}

// The API groups a cluster serves without any custom resource definition: what `helm template`
// answers `.Capabilities.APIVersions.Has` with when it renders without a cluster.
const BUILT_IN_API_VERSIONS = new Set([
  'v1',
  'apps/v1',
  'batch/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'networking.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'storage.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'admissionregistration.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'certificates.k8s.io/v1',
  'node.k8s.io/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
]);

const KUBE_VERSION = {
  Major: '1',
  Minor: '30',
  Version: 'v1.30.0',
  GitVersion: 'v1.30.0',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of values as Helm does: maps merge key by key, anything else replaces. */
export function mergeValues(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const out = clone(base);
  for (const [key, value] of Object.entries(override)) {
    if (isUnsafeKey(key)) continue;
    out[key] =
      isRecord(out[key]) && isRecord(value)
        ? mergeValues(out[key] as Record<string, unknown>, value)
        : clone(value);
  }
  return out;
}

function parseValues(
  text: string | undefined,
  name: string,
): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const parsed = parseYamlText(text, { maxAliasCount: 10_000, merge: true });
    return isRecord(parsed) ? parsed : {};
  } catch {
    throw new TemplateError(`${name} does not parse as YAML`);
  }
}

function capitalized(chart: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(chart)) {
    if (isUnsafeKey(key)) continue;
    out[key.charAt(0).toUpperCase() + key.slice(1)] = value;
  }
  return out;
}

function notEvaluated(what: string): () => never {
  return () => {
    throw new TemplateError(`${what} is not evaluated`);
  };
}

/**
 * Renders a chart: every template that is not a partial (`_helpers.tpl`) or NOTES.txt, with the
 * chart's values merged with the release's. Each template gets its own step budget; one that
 * fails does not stop the others.
 */
export function renderChart(
  chart: ChartFiles,
  release?: ChartRelease,
  limits: RenderLimits = DEFAULT_RENDER_LIMITS,
): ChartRender {
  const prefix = chart.root ? `${chart.root}/` : '';
  const chartYaml = parseValues(
    chart.files.get(`${prefix}Chart.yaml`),
    'Chart.yaml',
  );
  let values = parseValues(
    chart.files.get(`${prefix}values.yaml`),
    'values.yaml',
  );
  for (const file of release?.valueFiles ?? []) {
    const text = chart.files.get(`${prefix}${file.replace(/^\.\//, '')}`);
    if (text !== undefined)
      values = mergeValues(values, parseValues(text, file));
  }
  if (release) values = mergeValues(values, release.values);

  const templatesDir = `${prefix}templates/`;
  const templates = [...chart.files.keys()]
    .filter(path => path.startsWith(templatesDir))
    .sort();
  const defines = new Map<string, Node[]>();
  const parsed = new Map<string, Node[]>();
  const failed: ChartRender['failed'] = [];
  for (const path of templates) {
    try {
      const template = parseTemplate(chart.files.get(path)!);
      for (const [name, body] of template.defines) defines.set(name, body);
      parsed.set(path, template.nodes);
    } catch (error) {
      failed.push({ path, reason: (error as Error).message });
    }
  }

  const chartName =
    typeof chartYaml.name === 'string' ? chartYaml.name : 'chart';
  const root = {
    Values: values,
    Release: {
      Name: release?.releaseName ?? chartName,
      Namespace: release?.namespace ?? 'default',
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1,
    },
    Chart: capitalized(chartYaml),
    Capabilities: {
      KubeVersion: KUBE_VERSION,
      APIVersions: {
        Has: (version: unknown) => {
          const v = String(version);
          return (
            BUILT_IN_API_VERSIONS.has(v) ||
            BUILT_IN_API_VERSIONS.has(v.split('/').slice(0, -1).join('/'))
          );
        },
      },
      HelmVersion: { Version: 'v3.15.0' },
    },
    Template: { BasePath: `${prefix}templates`, Name: '' },
    Files: {
      Get: notEvaluated('.Files.Get'),
      Glob: notEvaluated('.Files.Glob'),
      AsConfig: notEvaluated('.Files.AsConfig'),
      AsSecrets: notEvaluated('.Files.AsSecrets'),
      Lines: notEvaluated('.Files.Lines'),
    },
  };

  const rendered: RenderedTemplate[] = [];
  for (const [path, nodes] of parsed) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name.startsWith('_') || /^NOTES\.txt$/i.test(name)) continue;
    if (!/\.(ya?ml|json|tpl)$/i.test(name)) continue;
    root.Template.Name = path;
    try {
      const text = new Evaluator(defines, root, limits).render(nodes, root);
      rendered.push({ path, text });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      failed.push({ path, reason: error.message });
    }
  }
  return {
    values: release ? `values.yaml and ${release.from}` : 'values.yaml',
    rendered,
    failed,
  };
}
