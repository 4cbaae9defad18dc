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
      this.addToFlow(map, entry, 'pairs', entries => entries.join(', '));
    } else {
      this.addLines(map, entry, 'pairs', (indent, entries) =>
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

  /** The text with every edit made, or undefined when one could not be made in place. */
  apply(): string | undefined {
    if (!this.usable) return undefined;
    const all = [
      ...this.replacements,
      ...[...this.insertions.values()].map(i => ({
        start: i.at,
        end: i.at,
        text: i.render(i.entries),
      })),
    ].sort((a, b) => b.start - a.start);
    let out = this.text;
    for (const edit of all) {
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    }
    return out;
  }

  private insert(
    id: string,
    at: number,
    entry: string,
    render: (entries: string[]) => string,
  ) {
    const pending = this.insertions.get(id);
    if (pending) pending.entries.push(entry);
    else this.insertions.set(id, { at, entries: [entry], render });
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
    const indent = ' '.repeat(columnOf(this.text, first.range[0]));
    let at = map.range[1];
    // Not after the blank lines that end the mapping's range.
    while (at > 1 && this.text[at - 1] === '\n' && this.text[at - 2] === '\n')
      at--;
    const endsLine = this.text[at - 1] === '\n';
    this.insert(id, at, entry, entries => {
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
    this.insert(id, last + 1, entry, entries => separator + inner(entries));
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
