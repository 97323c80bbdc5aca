// The CLI's own weight (issue #8 item 10): `lookout --help` wall time against a bare `node -e 0` (medians,
// runs interleaved so both see the same machine load), and the peak RSS of `lookout start` watching the
// default targets for 10 rounds. Written to its own section of BENCHMARKS.md, after the main report.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HELP_RATIO_LIMIT = 8;
const START_RSS_LIMIT_MIB = 80;
const START_ROUNDS = 10;
const BEGIN = '<!-- cli-footprint:begin -->';
const END = '<!-- cli-footprint:end -->';

export interface CliFootprint {
  runs: number;
  nodeMs: number;
  helpMs: number;
  startRssMiB: number;
  startTargets: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function wallMs(args: string[], cwd: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  return performance.now() - started;
}

/** Measures the CLI as `npm install` leaves it (dist/ built and fresh). */
export function benchCliFootprint(root: string, runs: number): CliFootprint {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--if-stale'], { stdio: 'inherit' });
  const bin = join(root, 'bin/lookout.js');
  const node: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(wallMs(['-e', '0'], root));
    help.push(wallMs([bin, '--help'], root));
  }

  // The shipped config's targets, probed every second instead of every 5 (same work per round, shorter run).
  const dir = mkdtempSync(join(tmpdir(), 'lookout-cli-footprint-'));
  try {
    const shipped = readFileSync(join(root, 'lookout.config.yaml'), 'utf8');
    const config = join(dir, 'lookout.config.yaml');
    writeFileSync(config, shipped.replace(/^(\s+intervalSeconds:\s*)\d+/m, '$11'));
    const run = spawnSync(
      '/usr/bin/time',
      [
        '-v',
        process.execPath,
        bin,
        'start',
        '--rounds',
        String(START_ROUNDS),
        '--config',
        config,
        '--data',
        join(dir, 'data'),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SLACK_BOT_TOKEN: '' } },
    );
    const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
    if (run.status !== 0 || kib === undefined)
      throw new Error(
        `lookout start under /usr/bin/time -v failed (${run.status}): ${run.stderr.slice(-400)}`,
      );
    const targets = /done: \d+ rounds, (\d+) targets/.exec(run.stdout)?.[1];
    return {
      runs,
      nodeMs: median(node),
      helpMs: median(help),
      startRssMiB: Number(kib) / 1024,
      startTargets: Number(targets ?? Number.NaN),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Check {
  name: string;
  measured: string;
  limit: string;
  met: boolean;
}

function checks(f: CliFootprint): Check[] {
  const ratio = f.helpMs / f.nodeMs;
  return [
    {
      name: '`lookout --help` / `node -e 0`',
      measured: `${ratio.toFixed(1)}×`,
      limit: `≤ ${HELP_RATIO_LIMIT}×`,
      met: ratio <= HELP_RATIO_LIMIT,
    },
    {
      name: `\`lookout start\` peak RSS (${f.startTargets} default targets, ${START_ROUNDS} rounds)`,
      measured: `${f.startRssMiB.toFixed(0)} MiB`,
      limit: `≤ ${START_RSS_LIMIT_MIB} MiB`,
      met: f.startRssMiB <= START_RSS_LIMIT_MIB,
    },
  ];
}

export function renderCliSection(f: CliFootprint): string {
  const rows = checks(f).map(
    (c) => `| ${c.name} | ${c.measured} | ${c.limit} | ${c.met ? 'met' : '**missed**'} |`,
  );
  return `${BEGIN}
## CLI footprint

The CLI as \`npm install\` leaves it: built to JavaScript in \`dist/\`, each command loaded only when named.
Medians of ${f.runs} interleaved runs: \`node -e 0\` ${f.nodeMs.toFixed(0)} ms, \`lookout --help\` ${f.helpMs.toFixed(0)} ms.
Peak RSS from \`/usr/bin/time -v\`, \`lookout start --rounds ${START_ROUNDS}\` on the shipped targets (probe interval 1 s).
Before the build (tsx transpiling at run time, every command loaded for any run; 2026-12-02, same machine):
\`--help\` 2,191 ms against \`node -e 0\` 108 ms (20×), \`start\` peak 149 MiB. \`start\` with 1,000 targets is
not measured here yet.

| measure | measured | target | |
|---|---|---|---|
${rows.join('\n')}
${END}
`;
}

/** Replaces (or appends) the CLI section of BENCHMARKS.md, leaving the rest as the main report wrote it. */
export function writeCliSection(root: string, f: CliFootprint): void {
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const section = renderCliSection(f);
  const next =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END.length + 1)}`
      : `${text.trimEnd()}\n\n${section}`;
  writeFileSync(file, next);
}

/** `npm run bench`'s CLI part: measure, print, write the section (full runs only), fail on a missed target. */
export function runCliFootprint(root: string, options: { only: string | undefined; quick: boolean }): void {
  if (options.only !== undefined && !'cli footprint'.includes(options.only)) return;
  const footprint = benchCliFootprint(root, options.quick ? 5 : 11);
  if (options.only === undefined) writeCliSection(root, footprint);
  const missed = checks(footprint).filter((c) => !c.met);
  for (const c of checks(footprint))
    process.stdout.write(`cli: ${c.name}: ${c.measured} (target ${c.limit})${c.met ? '' : ' MISSED'}\n`);
  if (missed.length) process.exitCode = 1;
}
