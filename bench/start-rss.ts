// Peak RSS of `lookout start` (issue #8 item 10): the process as a user runs it (`node bin/lookout.js
// start`, dist/ built), watching for START_ROUNDS rounds with a fresh data directory, measured by
// `/usr/bin/time -v` (the kernel's high-water mark, VmHWM, of that one process).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDnsFixture } from './dns-fixture.js';

export const START_ROUNDS = 10;

export interface StartRss {
  rssMiB: number;
  targets: number;
  /** `done: …` as start printed it (what the targets were at the end: healthy, empty, …). */
  done: string;
  wallSeconds: number;
  /** User + system CPU of the start process. */
  cpuSeconds: number;
}

export interface ManyTargetsRss extends StartRss {
  /** What answered the names (knotd, or the in-process DemoDnsServer of this bench process). */
  server: string;
}

/** The shipped config's targets and resolvers, probed every second instead of every 5 (same work per round). */
export function startRssShipped(root: string, dir: string): Promise<StartRss> {
  const shipped = readFileSync(join(root, 'lookout.config.yaml'), 'utf8');
  const config = join(dir, 'shipped.yaml');
  writeFileSync(config, shipped.replace(/^(\s+intervalSeconds:\s*)\d+/m, '$11'));
  return measureStart(root, config, join(dir, 'data-shipped'));
}

/**
 * `count` names (A, two addresses each) on two local DNS servers — never the internet — every target
 * asking both, one round a second. The servers run in this bench process or as knotd processes, so
 * their memory is never in the start's peak.
 */
export async function startRssMany(
  root: string,
  dir: string,
  count: number,
  prefer: 'knot' | 'demo',
): Promise<ManyTargetsRss> {
  const fixture = await startDnsFixture(count, prefer);
  try {
    const config = join(dir, `targets-${count}.yaml`);
    writeFileSync(
      config,
      [
        'probe:',
        '  intervalSeconds: 1',
        `  resolvers: [${fixture.resolvers.map((r) => `'${r}'`).join(', ')}]`,
        'slack:',
        "  channel: '#lookout-alerts'",
        'targets:',
        ...fixture.names.map((name) => `  - name: ${name}`),
        '',
      ].join('\n'),
    );
    return { ...(await measureStart(root, config, join(dir, `data-${count}`))), server: fixture.server };
  } finally {
    await fixture.stop();
  }
}

/** Runs `lookout start --rounds START_ROUNDS` under `/usr/bin/time -v`, without blocking this event loop. */
async function measureStart(root: string, config: string, dataDir: string): Promise<StartRss> {
  const args = [
    '-v',
    process.execPath,
    join(root, 'bin/lookout.js'),
    'start',
    '--rounds',
    String(START_ROUNDS),
    '--config',
    config,
    '--data',
    dataDir,
  ];
  const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn('/usr/bin/time', args, {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1', SLACK_BOT_TOKEN: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    },
  );
  const field = (label: string) => new RegExp(`${label}: ([\\d:.]+)`).exec(run.stderr)?.[1];
  const kib = field('Maximum resident set size \\(kbytes\\)');
  const done = /^done: .*$/m.exec(run.stdout)?.[0];
  if (run.status !== 0 || kib === undefined || done === undefined)
    throw new Error(`lookout start under /usr/bin/time -v failed (${run.status}): ${run.stderr.slice(-400)}`);
  return {
    rssMiB: Number(kib) / 1024,
    targets: Number(/done: \d+ rounds?, (\d+) targets/.exec(done)?.[1] ?? Number.NaN),
    done,
    wallSeconds: seconds(field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') ?? 'NaN'),
    cpuSeconds: Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)')),
  };
}

/** `/usr/bin/time`'s `m:ss.cc` or `h:mm:ss`. */
function seconds(clock: string): number {
  return clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}
