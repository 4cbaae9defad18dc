/*
 * `describe` for the suites that need a real Prometheus. A helper that declares suites, which
 * the Jest lint rules (written for test files) cannot tell from a test file.
 */
/* eslint-disable jest/no-export, jest/valid-title, jest/valid-describe-callback */
import { INSTALL_HINT, findPrometheus } from './prometheus';

/**
 * `describe` for suites that need the real Prometheus: skipped with the install hint when the
 * binaries are missing, except with `CI` set, where the missing binary fails the suite.
 */
export function describeWithPrometheus(name: string, fn: () => void): void {
  if (findPrometheus()) {
    describe(name, fn);
    return;
  }
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') {
    describe(name, () => {
      // It asserts by throwing: CI must have the binaries.
      // eslint-disable-next-line jest/expect-expect
      it('has prometheus and promtool installed (CI is set, so this cannot be skipped)', () => {
        throw new Error(INSTALL_HINT);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED "${name}": ${INSTALL_HINT}`);
  // Off CI only, and said out loud above.
  // eslint-disable-next-line jest/no-disabled-tests
  describe.skip(`${name} (skipped: ${INSTALL_HINT})`, fn);
}
