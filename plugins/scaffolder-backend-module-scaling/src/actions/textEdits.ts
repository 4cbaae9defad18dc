import { Document, YAMLMap, isNode, isScalar } from 'yaml';

/*
 * Edits of a YAML file's text at the places yaml's parser found its nodes, so that everything
 * not edited stays byte for byte: the comments, the spacing, the quoting and the flow style
 * that writing a document again with yaml would normalise.
 */

/** A scalar as YAML writes it in a mapping: plain where it can be, else single-quoted. */
function scalarText(value: string): string | undefined {
  const rendered = new Document(value)
    .toString({ singleQuote: true, lineWidth: 0 })
    .replace(/\n$/, '');
  return rendered.includes('\n') ? undefined : rendered;
}

/** How far an offset is from the start of its line. */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

interface Insertion {
  at: number;
  /** The column of the mapping's keys: at one offset, the deeper insertion comes first. */
  depth: number;
  entries: string[];
  render(entries: string[]): string;
}

/**
 * Edits of the file's text, each made where yaml's parser found the node: a changed value
 * replaces the value's own characters; added annotations are new lines after the mapping's last
 * (or, in a flow mapping, entries before its `}`). On a shape it does not edit in place it
 * gives up, and the caller has yaml write the document.
 */
export class TextEdits {
  private readonly replacements: Array<{
    start: number;
    end: number;
    text: string;
  }> = [];
  private readonly insertions = new Map<string, Insertion>();
  private usable = true;

  constructor(private readonly text: string) {}

  changeValue(node: unknown, value: string) {
    const rendered = scalarText(value);
    if (!isScalar(node) || !node.range || rendered === undefined) {
      this.usable = false;
      return;
    }
    this.replacements.push({
      start: node.range[0],
      end: node.range[1],
      text: rendered,
    });
  }

  addPair(map: YAMLMap, key: string, value: string) {
    const entry = entryText(key, value);
    if (entry === undefined) {
      this.usable = false;
    } else if (map.flow) {
      this.addToFlow(map, entry, `pairs@${map.range?.[0]}`, entries =>
        entries.join(', '),
      );
    } else {
      this.addLines(map, entry, `pairs@${map.range?.[0]}`, (indent, entries) =>
        entries.map(e => `${indent}${e}`),
      );
    }
  }

  /** A new `annotations` mapping in the entity's metadata. */
  addAnnotations(metadata: YAMLMap, key: string, value: string) {
    const entry = entryText(key, value);
    const first = !this.insertions.has('annotations');
    if (entry === undefined || (first && metadata.has('annotations'))) {
      // `annotations:` with no value: rare enough to leave to yaml.
      this.usable = false;
    } else if (metadata.flow) {
      const padding = this.padding(metadata);
      this.addToFlow(
        metadata,
        entry,
        'annotations',
        entries => `annotations: {${padding}${entries.join(', ')}${padding}}`,
      );
    } else {
      this.addLines(metadata, entry, 'annotations', (indent, entries) => [
        `${indent}annotations:`,
        ...entries.map(e => `${indent}  ${e}`),
      ]);
    }
  }

  /**
   * A new key with a block value (a mapping, a sequence) at the end of a block mapping, written
   * as YAML writes it and indented as the mapping's keys are. False, with nothing changed, for a
   * flow mapping or one without a usable position.
   */
  addBlock(map: YAMLMap, key: string, value: object): boolean {
    const first = map.items[0]?.key;
    if (map.flow || !map.range || !isNode(first) || !first.range) return false;
    const entry = new Document({ [key]: value })
      .toString({ indent: 2, lineWidth: 0 })
      .replace(/\n$/, '');
    this.addLines(map, entry, `block@${map.range[0]}`, (indent, entries) =>
      entries.flatMap(e => e.split('\n').map(line => `${indent}${line}`)),
    );
    return true;
  }

  /** New documents at the end of the file, each after a `---` and its comment. */
  appendDocuments(documents: Array<{ comment: string; value: object }>) {
    if (documents.length === 0) return;
    const end = this.text.length;
    const lead = end === 0 || this.text.endsWith('\n') ? '' : '\n';
    const body = documents
      .map(d => {
        const yaml = new Document(d.value).toString({
          indent: 2,
          lineWidth: 0,
        });
        return `---\n# ${d.comment}\n${yaml}`;
      })
      .join('');
    this.replacements.push({ start: end, end, text: `${lead}${body}` });
  }

  /** Whether every edit so far can be made in place. */
  get inPlace(): boolean {
    return this.usable;
  }

  /** The text with every edit made, or undefined when one could not be made in place. */
  apply(): string | undefined {
    if (!this.usable) return undefined;
    // From the end; at one offset the shallowest first, so the deepest ends up first in the
    // text (a nested mapping's new keys before its parent's), appended documents last.
    const all = [
      ...this.replacements.map(r => ({ ...r, depth: -1 })),
      ...[...this.insertions.values()].map(i => ({
        start: i.at,
        end: i.at,
        depth: i.depth,
        text: i.render(i.entries),
      })),
    ].sort((a, b) => b.start - a.start || a.depth - b.depth);
    let out = this.text;
    for (const edit of all) {
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    }
    return out;
  }

  private insert(
    id: string,
    at: number,
    depth: number,
    entry: string,
    render: (entries: string[]) => string,
  ) {
    const pending = this.insertions.get(id);
    if (pending) pending.entries.push(entry);
    else this.insertions.set(id, { at, depth, entries: [entry], render });
  }

  /** New lines at the end of a block mapping, indented as its keys are. */
  private addLines(
    map: YAMLMap,
    entry: string,
    id: string,
    lines: (indent: string, entries: string[]) => string[],
  ) {
    const first = map.items[0]?.key;
    if (!map.range || !isNode(first) || !first.range) {
      this.usable = false;
      return;
    }
    const depth = columnOf(this.text, first.range[0]);
    const indent = ' '.repeat(depth);
    let at = map.range[1];
    // Not after the blank lines that end the mapping's range.
    while (at > 1 && this.text[at - 1] === '\n' && this.text[at - 2] === '\n')
      at--;
    const endsLine = this.text[at - 1] === '\n';
    this.insert(id, at, depth, entry, entries => {
      const block = lines(indent, entries).join('\n');
      return endsLine ? `${block}\n` : `\n${block}`;
    });
  }

  /** New entries before the `}` of a flow mapping, after a comma unless it is empty. */
  private addToFlow(
    map: YAMLMap,
    entry: string,
    id: string,
    inner: (entries: string[]) => string,
  ) {
    const open = map.range?.[0];
    const brace =
      open === undefined ? -1 : this.text.lastIndexOf('}', map.range![1] - 1);
    if (open === undefined || this.text[open] !== '{' || brace <= open) {
      this.usable = false;
      return;
    }
    let last = brace - 1;
    while (last > open && /\s/.test(this.text[last])) last--;
    const empty = last === open;
    let separator = ', ';
    if (empty) separator = this.padding(map);
    else if (this.text[last] === ',') separator = ' ';
    this.insert(id, last + 1, 0, entry, entries => separator + inner(entries));
  }

  /** `' '` for a flow mapping written `{ a: b }`, `''` for `{a: b}`. */
  private padding(map: YAMLMap): string {
    const open = map.range?.[0];
    return open !== undefined && /\s/.test(this.text[open + 1] ?? '')
      ? ' '
      : '';
  }
}

function entryText(key: string, value: string): string | undefined {
  const k = scalarText(key);
  const v = scalarText(value);
  return k !== undefined && v !== undefined ? `${k}: ${v}` : undefined;
}
