import {
  MAX_YAML_ALIASES,
  MAX_YAML_DEPTH,
  parseJson,
  parseYaml,
} from './parse';

describe('parseYaml', () => {
  it('reads every document of a stream, leaving out those that do not parse', () => {
    const stream = 'kind: A\n---\nkind: [B\n---\nkind: C\n';
    expect(parseYaml('all.yaml', stream)).toEqual({
      documents: [{ kind: 'A' }, { kind: 'C' }],
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

  it('reads a template that does not parse by its apiVersion and kind lines', () => {
    const template = `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
{{- end }}
---
# no resource here
{{ .Values.extra }}
`;
    expect(parseYaml('templates/hpa.yaml', template)).toEqual({
      documents: [
        { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
      ],
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
      skipped: `values.yaml: YAML alias expansion past ${MAX_YAML_ALIASES} aliases; the file is not read`,
    });
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
