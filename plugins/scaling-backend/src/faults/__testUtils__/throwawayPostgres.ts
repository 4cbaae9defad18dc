import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './faultHarness';

const run = promisify(execFile);

/** The folder of the machine's PostgreSQL binaries, or undefined without them. */
export async function postgresBinaries(): Promise<string | undefined> {
  try {
    const { stdout } = await run('pg_config', ['--bindir']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A PostgreSQL cluster of the test's own: `initdb` into a temporary folder, served on a free
 * loopback port, so that a test may stop and restart it (never the machine's own server).
 * PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user.
 */
export async function throwawayPostgres(bindir: string) {
  const dir = mkdtempSync(join(tmpdir(), 'scaling-pg-'));
  // The postgres user must reach its data folder inside the temporary one.
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) => {
    const binary = join(bindir, command);
    return process.getuid?.() === 0
      ? run('runuser', ['-u', 'postgres', '--', binary, ...args])
      : run(binary, args);
  };
  const pgCtl = (...args: string[]) =>
    asPostgres('pg_ctl', ['-D', data, '-w', '-t', '30', ...args]);

  await asPostgres('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
  ].join(' ');
  const start = () =>
    pgCtl('-o', options, '-l', join(dir, 'server.log'), 'start');
  await start();

  return {
    connection: { host: '127.0.0.1', port, user: 'postgres' },
    url: `postgresql://postgres@127.0.0.1:${port}`,
    start,
    /** A fast shutdown: every client connection is terminated. */
    stop: () => pgCtl('-m', 'fast', 'stop'),
    async destroy() {
      await pgCtl('-m', 'immediate', 'stop').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
