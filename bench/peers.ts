import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pool } from './pool.js';

const run = promisify(execFile);

/** One pass of a peer tool over the same names and resolvers: wall and CPU it spent. */
export interface PeerPass {
  wallMs: number;
  /** CPU (user + system) of the peer's own process(es), milliseconds. */
  cpuMs: number;
  /** Queries that did not come back with an answer. */
  failed: number;
}

export function hasDnsperf(): boolean {
  return onPath('dnsperf');
}

export function hasBlackbox(): boolean {
  return onPath('prometheus-blackbox-exporter');
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, tool)));
}

/**
 * dnsperf (Debian `dnsperf`), the DNS benchmark tool: one process per resolver at once, each sending
 * every name once with `outstanding` queries in flight (Lookout's 32 targets × both resolvers = 64 in
 * flight, so 32 each). Wall time is dnsperf's own "Run time" (the longer of the two), not process
 * start-up; CPU is both processes' user + system time as the shell's `times` reports it.
 */
export async function dnsperfPass(
  names: readonly string[],
  resolvers: readonly string[],
  outstanding: number,
): Promise<PeerPass> {
  const dir = await mkdtemp(join(tmpdir(), 'lookout-dnsperf-'));
  try {
    const input = join(dir, 'queries.txt');
    await writeFile(input, names.map((n) => `${n} A\n`).join(''));
    const results = await Promise.all(
      resolvers.map(async (resolver) => {
        const at = resolver.lastIndexOf(':');
        const args = [
          'dnsperf',
          '-s',
          resolver.slice(0, at),
          '-p',
          resolver.slice(at + 1),
          '-d',
          input,
          '-n',
          '1',
          '-c',
          '1',
          '-q',
          String(outstanding),
          '-t',
          '2',
        ].join(' ');
        const { stdout } = await run('bash', ['-c', `${args}; times`], { maxBuffer: 1 << 20 });
        return parseDnsperf(stdout);
      }),
    );
    return {
      wallMs: Math.max(...results.map((r) => r.wallMs)),
      cpuMs: results.reduce((sum, r) => sum + r.cpuMs, 0),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parseDnsperf(stdout: string): PeerPass {
  const runTime = /Run time \(s\):\s+([\d.]+)/.exec(stdout)?.[1];
  const sent = /Queries sent:\s+(\d+)/.exec(stdout)?.[1];
  const noError = /NOERROR (\d+)/.exec(stdout)?.[1];
  // `times` prints the shell's own user/sys line, then its children's (dnsperf): "0m0.123s 0m0.045s".
  const children = stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (runTime === undefined || sent === undefined || seconds.length !== 2)
    throw new Error(`dnsperf: unexpected output: ${stdout.slice(0, 300)}`);
  return {
    wallMs: Number(runTime) * 1000,
    cpuMs: ((seconds[0] ?? 0) + (seconds[1] ?? 0)) * 1000,
    failed: Number(sent) - Number(noError ?? 0),
  };
}

/** A running Prometheus blackbox exporter with one DNS module per name. */
export interface Blackbox {
  pass(names: readonly string[], resolvers: readonly string[], concurrency: number): Promise<PeerPass>;
  stop(): Promise<void>;
}

/**
 * The Prometheus blackbox exporter (Debian `prometheus-blackbox-exporter`), the peer a team would
 * run instead: one `dns` module per name, probed over its HTTP API once per name and resolver with
 * as many probes in flight as Lookout has queries. CPU is the exporter process's own (from
 * /proc/<pid>/stat), not the HTTP client's that stands in for Prometheus.
 */
export async function startBlackbox(names: readonly string[]): Promise<Blackbox> {
  const dir = await mkdtemp(join(tmpdir(), 'lookout-blackbox-'));
  const config = join(dir, 'blackbox.yml');
  await writeFile(
    config,
    `modules:\n${names
      .map(
        (name, i) =>
          `  m${i}:\n    prober: dns\n    timeout: 2s\n    dns:\n      query_name: "${name}"\n      query_type: A\n      preferred_ip_protocol: ip4\n      ip_protocol_fallback: false\n      valid_rcodes: [NOERROR]\n`,
      )
      .join('')}`,
  );
  const port = await freePort();
  const child = spawn(
    'prometheus-blackbox-exporter',
    [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(`${base}/-/healthy`, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const index = new Map(names.map((name, i) => [name, i]));
  return {
    stop,
    async pass(passNames, resolvers, concurrency) {
      const probes = passNames.flatMap((name) => resolvers.map((resolver) => ({ name, resolver })));
      let failed = 0;
      const cpuBefore = await processCpuMs(child.pid ?? 0);
      const started = performance.now();
      await pool(probes, concurrency, async ({ name, resolver }) => {
        const response = await fetch(`${base}/probe?module=m${index.get(name)}&target=${resolver}`);
        const body = await response.text();
        if (!/^probe_success 1$/m.test(body)) failed++;
      });
      const wallMs = performance.now() - started;
      return { wallMs, cpuMs: (await processCpuMs(child.pid ?? 0)) - cpuBefore, failed };
    },
  };
}

async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const { stdout } = await run('getconf', ['CLK_TCK']);
  return (ticks / Number(stdout.trim())) * 1000;
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`blackbox exporter exited: ${stderr().slice(0, 300)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`blackbox exporter not ready after 5 s: ${stderr().slice(0, 300)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
