/*
 * `helm template` for the tests, without the helm binary (CI has only Node): renders a chart
 * directory's templates with the small part of Go templates and Sprig that the migration
 * templates' chart uses. Anything else — an unknown function, an unknown action, a missing
 * value printed — throws, so a chart change that this renderer cannot follow fails the test
 * instead of passing unchecked.
 */
import { stringify } from 'yaml';

type Node =
  | { type: 'text'; text: string }
  | { type: 'output'; pipeline: string }
  | { type: 'if'; pipeline: string; then: Node[]; otherwise: Node[] }
  | { type: 'define'; name: string; body: Node[] };

interface Token {
  kind: 'text' | 'action';
  value: string;
}

/** Splits a template into text and `{{ }}` actions, applying the `{{-` / `-}}` trim markers. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    let text = source.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1]) text = text.replace(/\s+$/, '');
    tokens.push({ kind: 'text', value: text });
    tokens.push({ kind: 'action', value: m[2].trim() });
    trimNext = Boolean(m[3]);
    last = re.lastIndex;
  }
  let rest = source.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  tokens.push({ kind: 'text', value: rest });
  return tokens;
}

function parse(source: string, file: string): Node[] {
  const root: Node[] = [];
  // Each open block: where its nodes go, and the block itself.
  const stack: Array<{ nodes: Node[]; block?: Node }> = [{ nodes: root }];
  for (const token of tokenize(source)) {
    const top = stack[stack.length - 1];
    if (token.kind === 'text') {
      if (token.value) top.nodes.push({ type: 'text', text: token.value });
      continue;
    }
    const action = token.value;
    if (action.startsWith('/*')) continue;
    const [keyword] = action.split(/\s+/, 1);
    if (keyword === 'if') {
      const node: Node = {
        type: 'if',
        pipeline: action.slice(2).trim(),
        then: [],
        otherwise: [],
      };
      top.nodes.push(node);
      stack.push({ nodes: node.then, block: node });
    } else if (keyword === 'else') {
      if (action !== 'else' || top.block?.type !== 'if') {
        throw new Error(`${file}: unsupported '${action}'`);
      }
      top.nodes = top.block.otherwise;
    } else if (keyword === 'define') {
      const name = JSON.parse(action.slice(6).trim());
      const node: Node = { type: 'define', name, body: [] };
      top.nodes.push(node);
      stack.push({ nodes: node.body, block: node });
    } else if (keyword === 'end') {
      if (stack.length === 1) throw new Error(`${file}: 'end' without a block`);
      stack.pop();
    } else if (
      ['range', 'with', 'template', 'block', 'tpl'].includes(keyword)
    ) {
      throw new Error(
        `${file}: '${keyword}' is not supported by the test renderer`,
      );
    } else {
      top.nodes.push({ type: 'output', pipeline: action });
    }
  }
  if (stack.length !== 1) throw new Error(`${file}: unclosed block`);
  return root;
}

const truthy = (v: unknown) =>
  !(
    v === undefined ||
    v === null ||
    v === false ||
    v === 0 ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && Object.keys(v).length === 0)
  );

const indent = (n: number, s: string) =>
  String(s)
    .split('\n')
    .map(line => ' '.repeat(n) + line)
    .join('\n');

class Renderer {
  readonly defines = new Map<string, Node[]>();

  constructor(private readonly file: string) {}

  private functions: Record<string, (...args: any[]) => unknown> = {
    include: (name: string, dot: unknown) => {
      const body = this.defines.get(name);
      if (!body) throw new Error(`${this.file}: no template named "${name}"`);
      return this.render(body, dot);
    },
    toYaml: (v: unknown) => stringify(v).replace(/\n$/, ''),
    nindent: (n: number, s: string) => `\n${indent(n, s)}`,
    indent: (n: number, s: string) => indent(n, s),
    quote: (s: unknown) => JSON.stringify(String(s ?? '')),
    default: (fallback: unknown, v: unknown) => (truthy(v) ? v : fallback),
    trunc: (n: number, s: string) => String(s).slice(0, n),
    trimSuffix: (suffix: string, s: string) =>
      String(s).endsWith(suffix)
        ? String(s).slice(0, -suffix.length)
        : String(s),
    not: (v: unknown) => !truthy(v),
    eq: (a: unknown, b: unknown) => a === b,
  };

  private value(token: string, dot: any): unknown {
    if (token.startsWith('"')) return JSON.parse(token);
    if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === '.') return dot;
    if (token.startsWith('.')) {
      let v = dot;
      for (const key of token.slice(1).split('.')) v = v?.[key];
      return v;
    }
    throw new Error(`${this.file}: unsupported argument '${token}'`);
  }

  private command(command: string, dot: unknown, piped: unknown[]): unknown {
    const tokens = command.trim().match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
    const [head, ...rest] = tokens;
    if (head === undefined) throw new Error(`${this.file}: empty command`);
    if (head in this.functions) {
      const args = [...rest.map(t => this.value(t, dot)), ...piped];
      return this.functions[head](...args);
    }
    if (/^[a-zA-Z]/.test(head)) {
      throw new Error(
        `${this.file}: function '${head}' is not supported by the test renderer`,
      );
    }
    if (rest.length > 0 || piped.length > 0) {
      throw new Error(`${this.file}: cannot call '${head}'`);
    }
    return this.value(head, dot);
  }

  evaluate(pipeline: string, dot: unknown): unknown {
    const commands = pipeline.match(/(?:"(?:[^"\\]|\\.)*"|[^|"])+/g) ?? [];
    let result: unknown[] = [];
    for (const command of commands) {
      result = [this.command(command, dot, result)];
    }
    return result[0];
  }

  render(nodes: Node[], dot: unknown): string {
    let out = '';
    for (const node of nodes) {
      if (node.type === 'text') out += node.text;
      else if (node.type === 'define') this.defines.set(node.name, node.body);
      else if (node.type === 'if') {
        out += this.render(
          truthy(this.evaluate(node.pipeline, dot))
            ? node.then
            : node.otherwise,
          dot,
        );
      } else {
        const v = this.evaluate(node.pipeline, dot);
        if (v === undefined || v === null) {
          throw new Error(
            `${this.file}: '{{ ${node.pipeline} }}' has no value`,
          );
        }
        if (typeof v === 'object') {
          throw new Error(
            `${this.file}: '{{ ${node.pipeline} }}' prints an object`,
          );
        }
        out += String(v);
      }
    }
    return out;
  }
}

/** Helm's values merge: maps merge deeply, everything else is replaced. */
export function mergeValues(base: any, overlay: any): any {
  if (
    typeof base !== 'object' ||
    base === null ||
    Array.isArray(base) ||
    typeof overlay !== 'object' ||
    overlay === null ||
    Array.isArray(overlay)
  ) {
    return overlay === undefined ? base : overlay;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    merged[key] = mergeValues(base[key], value);
  }
  return merged;
}

/**
 * Renders every `templates/*.yaml` of a chart (files keyed by their path inside the chart,
 * `_helpers.tpl` included), like `helm template RELEASE CHART`. Returns the rendered text per
 * template file.
 */
export function renderChart(options: {
  chart: { name: string; version: string; appVersion?: string };
  files: Record<string, string>;
  values: unknown;
  release: { name: string; namespace: string };
}): Record<string, string> {
  const dot = {
    Values: options.values,
    Release: {
      Name: options.release.name,
      Namespace: options.release.namespace,
      Service: 'Helm',
    },
    Chart: {
      Name: options.chart.name,
      Version: options.chart.version,
      AppVersion: options.chart.appVersion,
    },
  };
  const helpers = new Renderer('templates/_helpers.tpl');
  const parsed = Object.entries(options.files).map(
    ([file, text]) => [file, parse(text, file)] as const,
  );
  // Named templates from every file are visible everywhere, as in Helm.
  for (const [, nodes] of parsed) {
    helpers.render(
      nodes.filter(n => n.type === 'define'),
      dot,
    );
  }
  const rendered: Record<string, string> = {};
  for (const [file, nodes] of parsed) {
    if (!/^templates\/[^_][^/]*\.ya?ml$/.test(file)) continue;
    const renderer = new Renderer(file);
    for (const [name, body] of helpers.defines)
      renderer.defines.set(name, body);
    rendered[file] = renderer.render(nodes, dot);
  }
  return rendered;
}
