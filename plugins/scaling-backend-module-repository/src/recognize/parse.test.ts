import {
  MAX_YAML_ALIAS_EXPANSION,
  MAX_YAML_DEPTH,
  parseJson,
  parseYaml,
} from './parse';

describe('parseYaml', () => {
  it('reads every document of a stream, leaving out those that do not parse', () => {
    const stream = 'kind: A\n---\nkind: [B\n---\nkind: C\n';
    expect(parseYaml('all.yaml', stream)).toEqual({
      documents: [{ kind: 'A' }, { kind: 'C' }],
      lines: [1, 5],
    });
  });

  it('merges `<<` keys, as Compose files use them', () => {
    const compose =
      'x-base: &base\n  restart: always\nservices:\n  app:\n    <<: *base\n    image: app\n';
    expect(parseYaml('compose.yaml', compose).documents).toEqual([
      {
        'x-base': { restart: 'always' },
        services: { app: { restart: 'always', image: 'app' } },
      },
    ]);
  });

  it('says that a template which does not parse is one, and reads nothing from it', () => {
    const template = `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "app.fullname" . }}
{{- end }}
`;
    expect(parseYaml('templates/hpa.yaml', template)).toEqual({
      documents: [],
      lines: [],
      templated: true,
    });
  });

  it('says on which line each document starts', () => {
    const stream = '# head\nkind: A\n---\n\nkind: B\n';
    expect(parseYaml('all.yaml', stream)).toEqual({
      documents: [{ kind: 'A' }, { kind: 'B' }],
      lines: [2, 5],
    });
  });

  it('reads a file whose anchors are used more than a hundred times, each a small expansion', () => {
    const services = Array.from(
      { length: 145 },
      (_, i) => `  s${i}:\n    <<: *defaults\n    image: app:${i}`,
    ).join('\n');
    const compose = `x-defaults: &defaults\n  restart: always\n  logging: { driver: json-file }\nservices:\n${services}\n`;
    const parsed = parseYaml('docker-compose.yml', compose);
    expect(parsed.skipped).toBeUndefined();
    const [document] = parsed.documents as any[];
    expect(Object.keys(document.services)).toHaveLength(145);
    expect(document.services.s144).toEqual({
      restart: 'always',
      logging: { driver: 'json-file' },
      image: 'app:144',
    });
  });

  it('refuses an alias bomb, naming the file and the bound', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        'bcdefghij'.split('').map((name, i) => {
          const previous = 'abcdefghij'[i];
          return `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`;
        }),
      )
      .join('\n');
    expect(parseYaml('values.yaml', bomb)).toEqual({
      documents: [],
      lines: [],
      skipped: `values.yaml: YAML alias expansion past 10,000 nodes; the file is not read`,
    });
    expect(MAX_YAML_ALIAS_EXPANSION).toBe(10_000);
  });
});

describe('parseYaml nesting', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('reads collections nested up to the bound', () => {
    expect(
      parseYaml('deep.yaml', nested(MAX_YAML_DEPTH)).documents,
    ).toHaveLength(1);
  });

  it('refuses deeper nesting before composing it, which could abort the process', () => {
    const refused = {
      documents: [],
      lines: [],
      skipped: `deep.yaml: YAML nested deeper than ${MAX_YAML_DEPTH} levels; the file is not read`,
    };
    expect(parseYaml('deep.yaml', nested(MAX_YAML_DEPTH + 2))).toEqual(refused);
    expect(parseYaml('deep.yaml', nested(20000))).toEqual(refused);
    expect(parseYaml('deep.yaml', `${'- '.repeat(20000)}x\n`)).toEqual(refused);
  });
});

describe('parseJson', () => {
  it('reads a document, with or without a byte order mark', () => {
    expect(parseJson('\uFEFF{"a": 1}')).toEqual([{ a: 1 }]);
  });

  it('reads nothing from malformed JSON', () => {
    expect(parseJson('{"requiresCompatibilities": ["FARGATE"],')).toEqual([]);
  });
});
