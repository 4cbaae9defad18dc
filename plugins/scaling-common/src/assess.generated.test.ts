import { assess } from './assess';
import {
  randomAnnotations,
  seededRandom,
} from './__testUtils__/randomAnnotations';
import { ASSESSMENT_STATUSES } from './types';
import { TIER_IDS } from './tiers';

describe('assess over generated input', () => {
  it('never throws and always returns a well-formed assessment (10,000 maps)', () => {
    const random = seededRandom(20261128);
    const statuses = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const annotations = randomAnnotations(random);
      const context =
        random() < 0.5
          ? {
              serviceCount: Math.floor(random() * 10),
              teamK8sExpertise: random() < 0.5,
              databases: random() < 0.5 ? [{ managed: random() < 0.5 }] : [],
            }
          : undefined;
      let result;
      try {
        result = assess({ annotations, context });
      } catch (e) {
        throw new Error(
          `assess threw for ${JSON.stringify(annotations)}: ${e}`,
        );
      }
      expect(ASSESSMENT_STATUSES).toContain(result.status);
      statuses.add(result.status);
      expect([null, ...TIER_IDS]).toContain(result.currentTier);
      expect([null, ...TIER_IDS]).toContain(result.recommendedTier);
      const score = result.readiness.score;
      if (score !== null && !(score >= 0 && score <= 100)) {
        throw new Error(`score ${score} for ${JSON.stringify(annotations)}`);
      }
      expect(result.kubernetesCriteria.items).toHaveLength(7);
    }
    // The generator reaches every status, so the loop tests all four paths.
    expect([...statuses].sort()).toEqual([...ASSESSMENT_STATUSES].sort());
  });
});
