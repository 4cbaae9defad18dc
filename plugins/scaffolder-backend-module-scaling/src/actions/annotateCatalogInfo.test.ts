import { parseAllDocuments } from 'yaml';
import { annotateCatalogInfo } from './annotateCatalogInfo';

/** A catalog-info.yaml as teams write them: comments, several documents, flow style. */
const MULTI_DOCUMENT = `# Owned by the playback team; see the runbook in docs/.
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: audio-playback # the system
spec: {owner: team-a}
---
# The service itself.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: playback-order
  description: Orders playback   # keep me
  annotations:
    backstage.io/techdocs-ref: dir:.
    github.com/project-slug: acme/playback-order
  tags: [java, playback]
spec:
  type: service
  lifecycle: production # production since 2023
  owner: team-a
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: { name: playback-api }
spec:
  type: openapi
  lifecycle: production
  owner: team-a
  definition: |
    openapi: 3.0.0
`;

/** The documents of a YAML stream as their exact source text. */
function documentTexts(text: string): string[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  return docs.map((d, i) => text.slice(i === 0 ? 0 : d.range[0], d.range[2]));
}

describe('annotateCatalogInfo', () => {
  it('adds annotations to the named entity only, and leaves every other document byte for byte', () => {
    const { text, changed } = annotateCatalogInfo(
      MULTI_DOCUMENT,
      'component:default/playback-order',
      {
        'scaling.io/platform': 'ecs-fargate',
        'scaling.io/uptime-sla': '99.9',
        'scaling.io/monthly-budget-usd': '',
      },
    );
    expect(changed).toEqual(['scaling.io/platform', 'scaling.io/uptime-sla']);

    const before = documentTexts(MULTI_DOCUMENT);
    const after = documentTexts(text);
    expect(after).toHaveLength(3);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);

    // In the entity's own document: only the two new lines, after the other annotations, in
    // the file's own indentation and quoting. Comments, spacing and flow style stay.
    expect(after[1]).toBe(
      before[1].replace(
        '    github.com/project-slug: acme/playback-order\n',
        "    github.com/project-slug: acme/playback-order\n    scaling.io/platform: ecs-fargate\n    scaling.io/uptime-sla: '99.9'\n",
      ),
    );
    const annotations = (parseAllDocuments(text) as any[])[1].toJS().metadata
      .annotations;
    expect(annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
      'github.com/project-slug': 'acme/playback-order',
      'scaling.io/platform': 'ecs-fargate',
      // A string, as every annotation must be: quoted in the file.
      'scaling.io/uptime-sla': '99.9',
    });
  });

  it('changes an existing annotation and keeps a flow-style mapping in flow style', () => {
    const flow = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: shop, annotations: { scaling.io/uptime-sla: '99', team: web } }
spec: { type: service, lifecycle: production, owner: web }
`;
    const { text, changed } = annotateCatalogInfo(flow, 'component:shop', {
      'scaling.io/uptime-sla': '99.95',
    });
    expect(changed).toEqual(['scaling.io/uptime-sla']);
    // The scalar keeps its quotes; nothing else in the document moves.
    expect(text).toBe(flow.replace("'99'", "'99.95'"));
  });

  it('creates the annotations mapping when the entity has none, in the default namespace', () => {
    const bare = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: searcher
spec:
  type: service
`;
    const { text } = annotateCatalogInfo(bare, 'component:default/searcher', {
      'scaling.io/active-users': 12000,
    });
    expect(text).toBe(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: searcher
  annotations:
    scaling.io/active-users: '12000'
spec:
  type: service
`);
  });

  it('adds to a flow-style mapping in flow style, and creates one in flow-style metadata', () => {
    const flow = `kind: Component
metadata: {name: a, annotations: {team: web}}
spec: { type: service }
---
kind: Component
metadata: { name: b }
spec: { type: service }
`;
    const a = annotateCatalogInfo(flow, 'component:a', {
      'scaling.io/platform': 'vps',
      'scaling.io/uptime-sla': '99.5',
    });
    expect(a.text).toBe(
      flow.replace(
        '{team: web}',
        "{team: web, scaling.io/platform: vps, scaling.io/uptime-sla: '99.5'}",
      ),
    );
    const b = annotateCatalogInfo(flow, 'component:b', {
      'scaling.io/platform': 'vps',
      'scaling.io/uptime-sla': '99.5',
    });
    expect(b.text).toBe(
      flow.replace(
        '{ name: b }',
        "{ name: b, annotations: { scaling.io/platform: vps, scaling.io/uptime-sla: '99.5' } }",
      ),
    );
  });

  it('changes a value in place, keeping its comment, and adds after the blank line that ends a mapping', () => {
    const commented = `kind: Component
metadata:
  name: x
  annotations:
      scaling.io/uptime-sla: "99" # agreed with sales
      scaling.io/platform: vps

  tags: [a]
spec: {type: service}`;
    const { text, changed } = annotateCatalogInfo(commented, 'component:x', {
      'scaling.io/uptime-sla': '99.9',
      'scaling.io/active-users': '2,000',
    });
    expect(changed).toEqual([
      'scaling.io/uptime-sla',
      'scaling.io/active-users',
    ]);
    expect(text).toBe(`kind: Component
metadata:
  name: x
  annotations:
      scaling.io/uptime-sla: '99.9' # agreed with sales
      scaling.io/platform: vps
      scaling.io/active-users: 2,000

  tags: [a]
spec: {type: service}`);
  });

  it('adds to a mapping that ends the file without a newline', () => {
    const last = `kind: Component
metadata:
  name: x
  annotations:
    scaling.io/platform: vps`;
    const { text } = annotateCatalogInfo(last, 'component:x', {
      'scaling.io/uptime-sla': '99',
    });
    expect(text).toBe(`${last}\n    scaling.io/uptime-sla: '99'`);
  });

  it('has yaml write the document again where the shape is unusual (an empty annotations key)', () => {
    const empty = `# first
kind: Component
metadata:
  name: x
  annotations:
spec: {type: service}
---
kind: Component
metadata: {name: y}
`;
    const { text } = annotateCatalogInfo(empty, 'component:x', {
      'scaling.io/platform': 'vps',
    });
    const docs = parseAllDocuments(text) as any[];
    expect(docs[0].toJS().metadata.annotations).toEqual({
      'scaling.io/platform': 'vps',
    });
    expect(text).toContain('# first');
    expect(text.endsWith('---\nkind: Component\nmetadata: {name: y}\n')).toBe(
      true,
    );
  });

  it('finds the entity by kind, namespace and name, case-insensitively', () => {
    const twoNamespaces = `kind: Component
metadata: { name: a, namespace: other }
spec: { type: service }
---
kind: Component
metadata: { name: A }
spec: { type: service }
`;
    const { text } = annotateCatalogInfo(twoNamespaces, 'Component:default/a', {
      'scaling.io/platform': 'vps',
    });
    const [first, second] = (parseAllDocuments(text) as any[]).map(d =>
      d.toJS(),
    );
    expect(first.metadata.annotations).toBeUndefined();
    expect(second.metadata.annotations).toEqual({
      'scaling.io/platform': 'vps',
    });
  });

  it('changes nothing when the values are already there', () => {
    const annotated = `kind: Component
metadata:
  name: x
  annotations:
    scaling.io/platform: ecs-fargate
`;
    const result = annotateCatalogInfo(annotated, 'component:x', {
      'scaling.io/platform': 'ecs-fargate',
    });
    expect(result).toEqual({ text: annotated, changed: [] });
  });

  it('names the entity, and those the file holds, when it is not there', () => {
    expect(() =>
      annotateCatalogInfo(MULTI_DOCUMENT, 'component:default/queue-proxy', {
        'scaling.io/platform': 'vps',
      }),
    ).toThrow(
      'No entity component:default/queue-proxy in the catalog-info file; it holds system:default/audio-playback, component:default/playback-order, api:default/playback-api',
    );
  });

  it.each([
    [
      { 'scaling.io/uptime-sla': 'high' },
      'annotations["scaling.io/uptime-sla"]: expected an uptime percentage',
    ],
    [
      { 'scaling.io/platform': 'heroku' },
      'annotations["scaling.io/platform"]: expected a platform',
    ],
    [
      { 'scaling.io/uptime-slaa': '99' },
      'annotations["scaling.io/uptime-slaa"]: not a Scaling Advisor annotation; did you mean scaling.io/uptime-sla?',
    ],
    [
      { 'scaling.io/migration-target': 'kubernetes' },
      'annotations["scaling.io/migration-target"]: not a Scaling Advisor annotation',
    ],
    [
      { 'scaling.io/active-users': { many: true } },
      'annotations["scaling.io/active-users"]: expected a string',
    ],
  ])('refuses %j, naming the field', (annotations, message) => {
    expect(() =>
      annotateCatalogInfo(
        MULTI_DOCUMENT,
        'component:default/playback-order',
        annotations,
      ),
    ).toThrow(message);
  });

  it('refuses a file that does not parse, and one that is too large', () => {
    expect(() =>
      annotateCatalogInfo(
        'kind: Component\nmetadata: [unclosed\n',
        'component:x',
        {
          'scaling.io/platform': 'vps',
        },
      ),
    ).toThrow(/does not parse/);
    expect(() =>
      annotateCatalogInfo(`# ${'x'.repeat(1024 * 1024)}\n`, 'component:x', {
        'scaling.io/platform': 'vps',
      }),
    ).toThrow(/larger than 1024 kB/);
  });
});
