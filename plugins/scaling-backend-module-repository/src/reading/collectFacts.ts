/*
 * What one read of a repository's tree found, file by file: most files are recognized as they
 * arrive; a Helm chart's files are held until the tree is read (its `Chart.yaml` may come after
 * its templates, and a HelmRelease or an Argo CD Application anywhere in the repository may pass
 * it values), then the chart is rendered and its manifests recognized like any other. Held files
 * are bounded in total size.
 */
import { posix } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { ChartRelease, renderChart } from '../helm/render';
import { recognizeFile } from '../recognize';
import { MAX_YAML_ALIAS_EXPANSION } from '../recognize/parse';
import {
  FileRecognition,
  HelmValuesOverride,
  Link,
  Observation,
  Unit,
} from '../recognize/types';

/** A part of the repository left unread; `path` '' for the whole tree. */
export interface SkippedContent {
  path: string;
  message: string;
}

/** How much chart text is held for rendering at most, in all. */
export const MAX_CHART_BYTES = 4 * 1024 * 1024;
/** Releases rendered per chart at most (each a full render). */
const MAX_RELEASES_PER_CHART = 5;

const TEMPLATE = /(^|\/)templates\/.+\.(ya?ml|tpl|json|txt)$/i;
const VALUES = /(^|\/)values[\w.-]*\.ya?ml$/i;

/** Whether a file may belong to a Helm chart, and is held until the tree is read. */
export function mayBeChartFile(path: string): boolean {
  return (
    TEMPLATE.test(path) ||
    VALUES.test(path) ||
    posix.basename(path) === 'Chart.yaml'
  );
}

export class FactCollector {
  readonly observations: Observation[] = [];
  readonly units: Unit[] = [];
  readonly links: Link[] = [];
  readonly skipped: SkippedContent[] = [];
  private readonly held = new Map<string, string>();
  private heldBytes = 0;
  private readonly overrides: HelmValuesOverride[] = [];

  accept(path: string, text: string): void {
    if (mayBeChartFile(path)) {
      if (this.heldBytes + text.length > MAX_CHART_BYTES) {
        this.skipped.push({
          path,
          message: `${path}: Helm chart files past ${Math.round(MAX_CHART_BYTES / 1048576)} MB in all; not read`,
        });
        return;
      }
      this.held.set(path, text);
      this.heldBytes += text.length;
      // Chart.yaml says "a Helm chart" on its own.
      if (posix.basename(path) === 'Chart.yaml')
        this.add(path, recognizeFile({ path, text }));
      return;
    }
    this.add(path, recognizeFile({ path, text }));
  }

  private add(
    path: string,
    recognized: FileRecognition,
    rendered?: string,
  ): void {
    // A rendered template's lines are the render's, not the file's: they are left out.
    const unlined = <T extends { line?: number }>(item: T): T => {
      if (!rendered) return item;
      const { line: _line, ...rest } = item;
      return rest as T;
    };
    this.observations.push(
      ...recognized.observations.map(o =>
        rendered
          ? unlined({ ...o, reason: `${o.reason} (rendered with ${rendered})` })
          : o,
      ),
    );
    for (const unit of recognized.units.map(unlined))
      if (!this.units.some(u => u.id === unit.id)) this.units.push(unit);
    for (const link of recognized.links.map(unlined))
      if (!this.links.some(l => l.id === link.id)) this.links.push(link);
    if (!rendered) this.overrides.push(...recognized.helmValues);
    for (const message of recognized.skipped)
      this.skipped.push({ path, message });
  }

  /** Renders the charts held, and reads the held files that belong to no chart. */
  finish(): void {
    const chartRoots = [...this.held.keys()]
      .filter(p => posix.basename(p) === 'Chart.yaml')
      .map(p => posix.dirname(p))
      .map(d => (d === '.' ? '' : d));
    const rootOf = (path: string) =>
      chartRoots
        .filter(root => root === '' || path.startsWith(`${root}/`))
        .sort((a, b) => b.length - a.length)[0];
    const byChart = new Map<string, Map<string, string>>();
    for (const [path, text] of this.held) {
      const root = rootOf(path);
      if (root === undefined) {
        // Not part of a chart: an ordinary file after all.
        if (posix.basename(path) !== 'Chart.yaml')
          this.add(path, recognizeFile({ path, text }));
        continue;
      }
      if (!byChart.has(root)) byChart.set(root, new Map());
      byChart.get(root)!.set(path, text);
    }
    for (const [root, files] of byChart) {
      // A chart's dependencies (`<chart>/charts/<dependency>`) are other software.
      if (
        chartRoots.some(
          r =>
            r !== root && root.startsWith(`${r === '' ? '' : `${r}/`}charts/`),
        )
      )
        continue;
      this.render(root, files);
    }
    this.held.clear();
  }

  private render(root: string, files: Map<string, string>): void {
    const chartName = chartNameOf(
      files.get(root ? `${root}/Chart.yaml` : 'Chart.yaml'),
    );
    const releases: (ChartRelease | undefined)[] = this.overrides
      .filter(o =>
        o.chartPath !== undefined
          ? normalizePath(o.chartPath) === root
          : o.chartName !== undefined && o.chartName === chartName,
      )
      .slice(0, MAX_RELEASES_PER_CHART)
      .map(o => ({
        from: o.path,
        releaseName: o.releaseName,
        namespace: o.namespace,
        values: o.values,
        valueFiles: o.valueFiles,
      }));
    // Deployed by a release in the repository: as it deploys it; otherwise with its defaults.
    for (const release of releases.length > 0 ? releases : [undefined]) {
      let render;
      try {
        render = renderChart({ root, files }, release);
      } catch (error) {
        this.skipped.push({
          path: root,
          message: `${root || 'the root chart'}: the chart could not be rendered (${(error as Error).message}); nothing in it is counted`,
        });
        return;
      }
      for (const { path, text } of render.rendered) {
        this.add(path, recognizeFile({ path, text }), render.values);
      }
      for (const { path, reason } of render.failed) {
        this.skipped.push({
          path,
          message: `${path}: the template could not be evaluated (${reason}); nothing in it is counted`,
        });
      }
    }
  }
}

function normalizePath(path: string): string {
  const normalized = posix
    .normalize(path.replace(/^\.?\/+/, ''))
    .replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized;
}

function chartNameOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const chart = parseYamlText(text, {
      maxAliasCount: MAX_YAML_ALIAS_EXPANSION,
    });
    return typeof chart?.name === 'string' ? chart.name : undefined;
  } catch {
    return undefined;
  }
}
