module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // The repository's own tests run plugins together on one test backend (the scaling
    // backend with the scaffolder and its modules), which a library may not import.
    '@backstage/no-mixed-plugin-imports': 'off',
  },
});
