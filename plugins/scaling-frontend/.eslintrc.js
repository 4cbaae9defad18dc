module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The repository's root tsconfig compiles JSX with the classic runtime (`"jsx": "react"`),
    // so React must be in scope: keep the default imports until the root moves to `react-jsx`.
    'no-restricted-syntax': 'off',
  },
});
