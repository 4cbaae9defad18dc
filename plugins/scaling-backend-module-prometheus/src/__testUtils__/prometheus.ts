/*
 * A real Prometheus for tests and benchmarks: deterministic series written as OpenMetrics,
 * backfilled with `promtool tsdb create-blocks-from openmetrics`, served by `prometheus` on a
 * free loopback port, stopped afterwards.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const INSTALL_HINT =
  'Prometheus is not installed: these tests need `prometheus` and `promtool` on the PATH ' +
  '(Debian/Ubuntu: apt-get install -y prometheus).';

function findOnPath(binary: string): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter),
    '/usr/bin',
    '/usr/local/bin',
  ];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Paths of the two binaries, or `undefined` when either is missing. */
export function findPrometheus():
  { prometheus: string; promtool: string } | undefined {
  const prometheus = findOnPath('prometheus');
  const promtool = findOnPath('promtool');
  return prometheus && promtool ? { prometheus, promtool } : undefined;
}

/** One metric family: a gauge, or a counter (samples named `<name>_total`). */
export interface MetricFamily {
  name: string;
  type: 'gauge' | 'counter';
  series: Array<{
    labels: Record<string, string>;
    /** A constant (a string for `NaN` and friends), or a value per unix second. */
    value: number | string | ((t: number) => number);
  }>;
}

function escapeLabel(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

/**
 * The families as OpenMetrics text, one sample per `stepSeconds` from `from` to `to` (unix
 * seconds). Samples up to a little after "now" keep the series visible to instant queries
 * (Prometheus looks back 5 minutes) for as long as a test runs.
 */
export function toOpenMetrics(
  families: MetricFamily[],
  options: { from: number; to: number; stepSeconds?: number },
): string {
  const step = options.stepSeconds ?? 60;
  const start = Math.floor(options.from / step) * step;
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    const sampleName =
      family.type === 'counter' ? `${family.name}_total` : family.name;
    for (const series of family.series) {
      const labels = Object.entries(series.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      for (let t = start; t <= options.to; t += step) {
        const v =
          typeof series.value === 'function' ? series.value(t) : series.value;
        lines.push(`${sampleName}{${labels}} ${v} ${t}`);
      }
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const run = promisify(execFile);

/** A running Prometheus over backfilled data. */
export class PrometheusTestServer {
  private exited: Promise<void>;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly log: () => string,
  ) {
    this.exited = new Promise(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /** Backfills `openMetrics` into a fresh TSDB and serves it; resolves once `/-/ready`. */
  static async start(openMetrics: string): Promise<PrometheusTestServer> {
    const bins = findPrometheus();
    if (!bins) throw new Error(INSTALL_HINT);
    const dir = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'scaling-prometheus-'),
    );
    const data = path.join(dir, 'series.om');
    const tsdb = path.join(dir, 'tsdb');
    const config = path.join(dir, 'prometheus.yml');
    await fs.promises.writeFile(data, openMetrics);
    await fs.promises.writeFile(
      config,
      'global:\n  scrape_interval: 1m\nscrape_configs: []\n',
    );
    try {
      await run(
        bins.promtool,
        ['tsdb', 'create-blocks-from', 'openmetrics', data, tsdb],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(
        `promtool could not backfill the series: ${e.stderr || e.message}`,
      );
    }

    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      let output = '';
      const child = spawn(
        bins.prometheus,
        [
          `--web.listen-address=127.0.0.1:${port}`,
          `--storage.tsdb.path=${tsdb}`,
          `--config.file=${config}`,
          '--storage.tsdb.retention.time=30d',
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout!.on('data', d => (output += d));
      child.stderr!.on('data', d => (output += d));
      const server = new PrometheusTestServer(
        `http://127.0.0.1:${port}`,
        child,
        dir,
        () => output,
      );
      if (await server.waitUntilReady(20_000)) return server;
      await server.stop({ keepDir: true });
      lastError = new Error(
        `prometheus did not become ready on port ${port}: ${output.slice(-2000)}`,
      );
    }
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw lastError;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get output(): string {
    return this.log();
  }

  private async waitUntilReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.running) {
      try {
        const res = await fetch(`${this.url}/-/ready`, {
          signal: AbortSignal.timeout(1000),
        });
        if (res.ok) return true;
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 100));
    }
    return false;
  }

  /** Stops the server and waits for it to exit; removes the TSDB unless told otherwise. */
  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(killer);
    }
    if (!options.keepDir)
      await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}
