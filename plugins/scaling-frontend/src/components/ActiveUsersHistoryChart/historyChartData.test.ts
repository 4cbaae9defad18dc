import { HistoryResponse } from '@scaling-advisor/backstage-plugin-scaling-common';
import { HISTORY } from '../../__testUtils__/fixtures';
import { userThresholds } from './historyChartData';

/** A backend whose app-config moves every user threshold away from the defaults. */
const OVERRIDDEN: HistoryResponse = {
  ...HISTORY,
  forecast: { ...HISTORY.forecast!, threshold: 20000 },
  userThresholds: {
    'managed-cloud': 2000,
    kubernetes: 20000,
    enterprise: 100000,
  },
};

describe('userThresholds', () => {
  it('draws the thresholds the backend reports, not the defaults', () => {
    expect(userThresholds(OVERRIDDEN)).toEqual([
      { tier: 'managed-cloud', users: 2000 },
      { tier: 'kubernetes', users: 20000 },
      { tier: 'enterprise', users: 100000 },
    ]);
  });

  it("lets the forecast's threshold stand for its tier", () => {
    expect(
      userThresholds({
        ...OVERRIDDEN,
        forecast: { ...OVERRIDDEN.forecast!, threshold: 25000 },
      }),
    ).toEqual([
      { tier: 'managed-cloud', users: 2000 },
      { tier: 'kubernetes', users: 25000 },
      { tier: 'enterprise', users: 100000 },
    ]);
  });
});
