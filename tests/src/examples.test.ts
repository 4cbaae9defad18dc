/*
 * The example org in /examples is what the dev backend and the product demo load. This test
 * reads it the way the catalog does, builds for every Component the catalog context the
 * backend builds (System size, owner Group expertise, database Resources), assesses it with
 * the shared rule engine, and checks that the examples show every tier, status, platform,
 * finding and kind of bad input they are meant to show.
 */
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  Entity,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  entitySchemaValidator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  ASSESSMENT_STATUSES,
  Assessment,
  CatalogContext,
  PLATFORMS,
  SCALING_ANNOTATIONS,
  TIER_IDS,
  assess,
  hasScalingAnnotations,
  parseBoolean,
} from '@scaling-advisor/backstage-plugin-scaling-common';

const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');
const ENTITY_FILES = [
  'org.yaml',
  'systems.yaml',
  'resources.yaml',
  'components.yaml',
];
const LOCATION_FILE = 'all.yaml';
const ASSESSED_AT = '2025-01-01T00:00:00.000Z';

function loadFile(file: string): Entity[] {
  const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
  return parseAllDocuments(text).map((doc, index) => {
    if ('errors' in doc && doc.errors.length > 0) {
      throw new Error(
        `${file} document ${index + 1}: ${doc.errors[0].message}`,
      );
    }
    return doc.toJS() as Entity;
  });
}

const byFile = new Map(ENTITY_FILES.map(file => [file, loadFile(file)]));
const entities: Entity[] = ENTITY_FILES.flatMap(file => byFile.get(file)!);
const components = entities.filter(e => e.kind === 'Component');

const refOf = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');
const index = new Map(entities.map(e => [refOf(e), e]));

/** `spec.owner` etc. as a full ref, with the default kind the catalog uses for the field. */
function resolve(ref: string, defaultKind?: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/** The context the backend builds for a Component from the catalog (docs/rules.md #signals, #readiness). */
function catalogContextOf(component: Entity): CatalogContext {
  const spec = component.spec ?? {};
  const system =
    typeof spec.system === 'string'
      ? resolve(spec.system, 'system')
      : undefined;
  const serviceCount = system
    ? components.filter(
        c =>
          typeof c.spec?.system === 'string' &&
          resolve(c.spec.system, 'system') === system,
      ).length
    : undefined;

  const owner = index.get(resolve(spec.owner as string, 'group'));
  const expertise =
    owner?.kind === 'Group'
      ? owner.metadata.annotations?.[SCALING_ANNOTATIONS.k8sExpertise]
      : undefined;
  let teamK8sExpertise: boolean | null = null;
  if (expertise !== undefined) {
    const parsed = parseBoolean(expertise);
    teamK8sExpertise = parsed.ok ? parsed.value : null;
  }

  const databases: NonNullable<CatalogContext['databases']> = [];
  for (const ref of (spec.dependsOn as string[] | undefined) ?? []) {
    const target = index.get(resolve(ref));
    if (target?.kind === 'Resource' && target.spec?.type === 'database') {
      const managed =
        target.metadata.annotations?.[SCALING_ANNOTATIONS.managed];
      const parsed = managed === undefined ? undefined : parseBoolean(managed);
      databases.push({
        entityRef: refOf(target),
        managed: parsed?.ok ? parsed.value : null,
      });
    }
  }

  return { serviceCount, teamK8sExpertise, databases };
}

const assessments = new Map<string, Assessment>(
  components.map(component => [
    component.metadata.name,
    assess({
      annotations: component.metadata.annotations ?? {},
      context: catalogContextOf(component),
      entity: {
        entityRef: refOf(component),
        name: component.metadata.name,
        owner: component.spec?.owner as string,
        system: (component.spec?.system as string | undefined) ?? null,
      },
      assessedAt: ASSESSED_AT,
    }),
  ]),
);
const all = [...assessments.values()];

describe('the example org (examples/)', () => {
  it('is a Location that targets every example file', () => {
    const [location, ...rest] = loadFile(LOCATION_FILE);
    expect(rest).toEqual([]);
    expect(location.kind).toBe('Location');
    const targets = (location.spec?.targets as string[]).map(t =>
      path.normalize(t),
    );
    expect(targets.sort()).toEqual([...ENTITY_FILES].sort());
  });

  it('holds at least 25 valid entities, each kind+name once', async () => {
    expect(entities.length).toBeGreaterThanOrEqual(25);
    expect(components.length).toBeGreaterThanOrEqual(18);

    const validateEnvelope = entitySchemaValidator();
    const kindValidators = [
      apiEntityV1alpha1Validator,
      componentEntityV1alpha1Validator,
      domainEntityV1alpha1Validator,
      groupEntityV1alpha1Validator,
      locationEntityV1alpha1Validator,
      resourceEntityV1alpha1Validator,
      systemEntityV1alpha1Validator,
      userEntityV1alpha1Validator,
    ];
    for (const entity of [...entities, ...loadFile(LOCATION_FILE)]) {
      const where = `${entity.kind}:${entity.metadata?.name}`;
      expect({ where, apiVersion: entity.apiVersion }).toEqual({
        where,
        apiVersion: 'backstage.io/v1alpha1',
      });
      expect(() => validateEnvelope(entity)).not.toThrow();
      const results = await Promise.all(
        kindValidators.map(v => v.check(entity)),
      );
      expect({ where, validatedBy: results.filter(Boolean).length }).toEqual({
        where,
        validatedBy: 1,
      });
      expect(entity.metadata.namespace).toBeUndefined();
      expect(entity.metadata.name).toMatch(
        /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/,
      );
    }

    const refs = entities.map(refOf);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('refers only to entities it defines', () => {
    const unresolved: string[] = [];
    const check = (from: Entity, ref: unknown, defaultKind?: string) => {
      if (typeof ref !== 'string' || !index.has(resolve(ref, defaultKind))) {
        unresolved.push(`${refOf(from)} -> ${String(ref)}`);
      }
    };
    for (const entity of entities) {
      const spec = entity.spec ?? {};
      if (['Component', 'System', 'Resource'].includes(entity.kind)) {
        check(entity, spec.owner, 'group');
      }
      if (spec.system !== undefined) check(entity, spec.system, 'system');
      for (const ref of (spec.dependsOn as string[] | undefined) ?? [])
        check(entity, ref);
      for (const ref of (spec.memberOf as string[] | undefined) ?? [])
        check(entity, ref, 'group');
      for (const ref of (spec.children as string[] | undefined) ?? [])
        check(entity, ref, 'group');
    }
    expect(unresolved).toEqual([]);
  });

  it('has the org shape the demo relies on', () => {
    const groups = byFile.get('org.yaml')!.filter(e => e.kind === 'Group');
    const expertise = groups.map(
      g => g.metadata.annotations?.[SCALING_ANNOTATIONS.k8sExpertise],
    );
    expect(expertise).toContain('true');
    expect(expertise.some(v => v === undefined || v === 'false')).toBe(true);
    expect(byFile.get('org.yaml')!.some(e => e.kind === 'User')).toBe(true);

    const systemSizes = byFile
      .get('systems.yaml')!
      .map(
        system =>
          components.filter(c => c.spec?.system === system.metadata.name)
            .length,
      );
    expect(systemSizes).toContain(1);
    expect(Math.max(...systemSizes)).toBeGreaterThanOrEqual(5);

    const databases = entities.filter(
      e => e.kind === 'Resource' && e.spec?.type === 'database',
    );
    const managed = databases.map(
      d => d.metadata.annotations?.[SCALING_ANNOTATIONS.managed],
    );
    expect(managed).toContain('true');
    expect(managed.some(v => v === undefined || v === 'false')).toBe(true);
  });

  it('covers every status, every tier (current and recommended) and every platform', () => {
    const statuses = new Set(all.map(a => a.status));
    const currentTiers = new Set(all.map(a => a.currentTier));
    const recommendedTiers = new Set(all.map(a => a.recommendedTier));
    const platforms = new Set(all.map(a => a.currentPlatform));
    expect([...ASSESSMENT_STATUSES].filter(s => !statuses.has(s))).toEqual([]);
    expect(TIER_IDS.filter(t => !currentTiers.has(t))).toEqual([]);
    expect(TIER_IDS.filter(t => !recommendedTiers.has(t))).toEqual([]);
    expect(PLATFORMS.filter(p => !platforms.has(p))).toEqual([]);

    // Kubernetes known from `backstage.io/kubernetes-id` alone.
    const fromCatalog = components.filter(
      c =>
        c.metadata.annotations?.[SCALING_ANNOTATIONS.platform] === undefined &&
        c.metadata.annotations?.['backstage.io/kubernetes-id'] !== undefined,
    );
    expect(fromCatalog.length).toBeGreaterThanOrEqual(1);
    for (const c of fromCatalog) {
      expect(assessments.get(c.metadata.name)!.signals.platform).toEqual({
        value: 'kubernetes',
        source: 'catalog',
      });
    }
  });

  it('shows every finding the rules raise from the catalog alone', () => {
    const findings = new Set(all.flatMap(a => a.findings.map(f => f.id)));
    for (const id of [
      'kubernetes-gate-not-met',
      'budget-constrained',
      'swarm-off-path',
      'premature-practice',
      'over-provisioned-cost',
    ]) {
      expect(findings).toContain(id);
    }
    // Swarm under an air-gapped constraint is not off the path.
    const airGapped = components.filter(
      c =>
        c.metadata.annotations?.[SCALING_ANNOTATIONS.platform] ===
          'docker-swarm' &&
        /air-gapped/.test(
          c.metadata.annotations?.[SCALING_ANNOTATIONS.constraints] ?? '',
        ),
    );
    expect(airGapped.length).toBeGreaterThanOrEqual(1);
    for (const c of airGapped) {
      const ids = assessments.get(c.metadata.name)!.findings.map(f => f.id);
      expect(ids).not.toContain('swarm-off-path');
    }
  });

  it('has exactly three Components with bad annotations and one with none', () => {
    const withWarnings = components
      .filter(c => assessments.get(c.metadata.name)!.warnings.length > 0)
      .map(c => c.metadata.name);
    expect(withWarnings.sort()).toEqual(
      ['broken-annotations', 'invalid-budget-service', 'typo-service'].sort(),
    );
    expect(
      Object.fromEntries(
        withWarnings.map(name => [
          name,
          assessments
            .get(name)!
            .warnings.map(w => `${w.annotation}=${w.value}`),
        ]),
      ),
    ).toEqual({
      'broken-annotations': [
        'scaling.io/active-users=lots',
        'scaling.io/uptime-sla=99.9.9',
      ],
      'invalid-budget-service': ['scaling.io/monthly-budget-usd=cheap'],
      'typo-service': ['scaling.io/active-user=5000'],
    });

    const unannotated = components.filter(
      c => !hasScalingAnnotations(c.metadata.annotations),
    );
    expect(unannotated.map(c => c.metadata.name)).toEqual(['legacy-reporting']);
    expect(assessments.get('legacy-reporting')).toMatchObject({
      currentTier: null,
      recommendedTier: null,
      status: 'insufficient-data',
    });
  });

  it('assesses each Component as its comment in components.yaml says', () => {
    const summary = Object.fromEntries(
      all.map(a => [
        a.entityRef!.replace(/^component:default\//, ''),
        [
          a.currentTier,
          a.recommendedTier,
          a.status,
          [...new Set(a.findings.map(f => f.id))].join(' '),
        ].join(' | '),
      ]),
    );
    expect(summary).toEqual({
      checkout: 'enterprise | enterprise | aligned | ',
      'orders-api': 'kubernetes | kubernetes | aligned | ',
      search: 'kubernetes | enterprise | under-provisioned | ',
      cart: 'managed-cloud | kubernetes | under-provisioned | ',
      'catalog-api':
        'kubernetes | managed-cloud | over-provisioned | over-provisioned-cost',
      payments:
        'enterprise | kubernetes | over-provisioned | over-provisioned-cost',
      invoicing: 'single-vps | managed-cloud | under-provisioned | ',
      'marketing-site': 'single-vps | single-vps | aligned | ',
      newsletter: 'single-vps | managed-cloud | under-provisioned | ',
      recommendations:
        'managed-cloud | managed-cloud | aligned | kubernetes-gate-not-met',
      'image-resizer': 'managed-cloud | managed-cloud | aligned | ',
      'analytics-ingest':
        'managed-cloud | managed-cloud | aligned | budget-constrained',
      'event-collector': 'managed-cloud | managed-cloud | aligned | ',
      'inventory-sync':
        'managed-cloud | managed-cloud | aligned | swarm-off-path',
      'warehouse-scanner': 'managed-cloud | managed-cloud | aligned | ',
      'status-page':
        'single-vps | managed-cloud | under-provisioned | premature-practice',
      'admin-dashboard':
        'kubernetes | single-vps | over-provisioned | over-provisioned-cost premature-practice',
      notifications: 'kubernetes | kubernetes | aligned | ',
      'feature-flags': 'managed-cloud |  | insufficient-data | ',
      'typo-service': 'managed-cloud | managed-cloud | aligned | ',
      'broken-annotations': 'single-vps |  | insufficient-data | ',
      'invalid-budget-service': 'managed-cloud | managed-cloud | aligned | ',
      'legacy-reporting': ' |  | insufficient-data | ',
    });
  });
});
