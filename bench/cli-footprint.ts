// The CLI's own weight (issue #8 item 10): `lookout --help` wall time against a bare `node -e 0` (medians,
// runs interleaved so both see the same machine load), and the peak RSS of `lookout start` over 10
// rounds, watching the default targets and watching 1,000 names on local DNS servers. Written to its own
// section of BENCHMARKS.md, after the main report.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ManyTargetsRss,
  START_ROUNDS,
  type StartRss,
  startRssMany,
  startRssShipped,
} from './start-rss.js';

const HELP_RATIO_LIMIT = 8;
const START_RSS_LIMIT_MIB = 80;
const MANY_TARGETS = 1000;
const MANY_RSS_LIMIT_MIB = 160;
const BEGIN = '<!-- cli-footprint:begin -->';
const END = '<!-- cli-footprint:end -->';

export interface CliFootprint {
  runs: number;
  nodeMs: number;
  helpMs: number;
  start: StartRss;
  many: ManyTargetsRss;
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
export async function benchCliFootprint(
  root: string,
  runs: number,
  dnsServer: 'knot' | 'demo',
): Promise<CliFootprint> {
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs'), '--if-stale'], { stdio: 'inherit' });
  const bin = join(root, 'bin/lookout.js');
  const node: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(wallMs(['-e', '0'], root));
    help.push(wallMs([bin, '--help'], root));
  }
  const dir = mkdtempSync(join(tmpdir(), 'lookout-cli-footprint-'));
  try {
    const start = await startRssShipped(root, dir);
    const many = await startRssMany(root, dir, MANY_TARGETS, dnsServer);
    return { runs, nodeMs: median(node), helpMs: median(help), start, many };
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
      name: `\`lookout start\` peak RSS (${f.start.targets} default targets, ${START_ROUNDS} rounds)`,
      measured: `${f.start.rssMiB.toFixed(0)} MiB`,
      limit: `≤ ${START_RSS_LIMIT_MIB} MiB`,
      met: f.start.rssMiB <= START_RSS_LIMIT_MIB,
    },
    {
      name: `\`lookout start\` peak RSS (${f.many.targets.toLocaleString('en-US')} targets on local DNS, ${START_ROUNDS} rounds)`,
      measured: `${f.many.rssMiB.toFixed(0)} MiB`,
      limit: `≤ ${MANY_RSS_LIMIT_MIB} MiB`,
      met: f.many.rssMiB <= MANY_RSS_LIMIT_MIB,
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
Peak RSS from \`/usr/bin/time -v\` (that process's high-water mark), \`lookout start --rounds ${START_ROUNDS}\` with a fresh
data directory and the probe interval at 1 s: on the shipped targets and resolvers (${run(f.start)}), and on
${MANY_TARGETS.toLocaleString('en-US')} A names served by ${f.many.server} (${run(f.many)}); the DNS servers' memory is not in it.
Before the build (tsx transpiling at run time, every command loaded for any run; 2026-12-02, same machine):
\`--help\` 2,191 ms against \`node -e 0\` 108 ms (20×), \`start\` peak 149 MiB.

| measure | measured | target | |
|---|---|---|---|
${rows.join('\n')}
${END}
`;
}

/** How a start run ended and what it cost, for the report. */
function run(s: StartRss): string {
  return `\`${s.done}\`, ${s.wallSeconds.toFixed(1)} s, CPU ${s.cpuSeconds.toFixed(1)} s`;
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
export async function runCliFootprint(
  root: string,
  options: { only: string | undefined; quick: boolean; dnsServer: 'knot' | 'demo' },
): Promise<void> {
  if (options.only !== undefined && !'cli footprint'.includes(options.only)) return;
  const footprint = await benchCliFootprint(root, options.quick ? 5 : 11, options.dnsServer);
  if (options.only === undefined) writeCliSection(root, footprint);
  const missed = checks(footprint).filter((c) => !c.met);
  for (const c of checks(footprint))
    process.stdout.write(`cli: ${c.name}: ${c.measured} (target ${c.limit})${c.met ? '' : ' MISSED'}\n`);
  if (missed.length) process.exitCode = 1;
}
