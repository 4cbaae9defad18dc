module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // The frontend shows what the backend computed with the thresholds in force there (app-config
  // may override them): it must not recompute a rule with the defaults. Fixtures, tests and
  // dev/ (which build responses as a backend would) may.
  restrictedSrcImports: [
    {
      name: '@scaling-advisor/backstage-plugin-scaling-common',
      importNames: ['DEFAULT_THRESHOLDS', 'resolveThresholds', 'demandOf'],
      message:
        'Display what the response carries (e.g. `assessment.demand`, `assessment.thresholds`, `history.userThresholds`); the backend may run with other thresholds.',
    },
  ],
  rules: {
    // The repository's root tsconfig compiles JSX with the classic runtime (`"jsx": "react"`),
    // so React must be in scope: keep the default imports until the root moves to `react-jsx`.
    'no-restricted-syntax': 'off',
  },
});
