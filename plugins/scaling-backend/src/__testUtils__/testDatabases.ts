import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { spawnSync } from 'node:child_process';

/**
 * The databases the store is tested on: SQLite always, and the machine's PostgreSQL
 * (127.0.0.1:5432, user postgres, trust auth) unless another is given in
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING. Without a reachable PostgreSQL the
 * PostgreSQL variants are skipped, except under CI, where they must run and so fail.
 */
const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const LOCAL_PG = 'postgresql://postgres@127.0.0.1:5432';

function reachable(connectionString: string): boolean {
  const { hostname: host, port } = new URL(connectionString);
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s=require('net').connect(${Number(port || 5432)},${JSON.stringify(
        host || '127.0.0.1',
      )});s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),10000)`,
    ],
    // Generous: under a parallel test run, starting the probe alone can take seconds.
    { timeout: 20000 },
  );
  return probe.status === 0;
}

export function createTestDatabases(): TestDatabases {
  process.env[PG_ENV] ??= LOCAL_PG;
  const ids: TestDatabaseId[] = ['SQLITE_3'];
  if (reachable(process.env[PG_ENV]!) || process.env.CI) {
    ids.push('POSTGRES_15');
  } else {
    // eslint-disable-next-line no-console
    console.warn(
      `PostgreSQL is not reachable at ${process.env[PG_ENV]}: skipping the PostgreSQL variants. ` +
        `Start it, or set ${PG_ENV}.`,
    );
  }
  return TestDatabases.create({ ids, disableDocker: true });
}
