// `npm run bench`: measures Lookout and overwrites BENCHMARKS.md. Progress → stderr, summary → stdout.
// `--quick` runs every benchmark with fewer repetitions (for checking the harness, not for numbers).
// BENCH_DNS_SERVER=demo runs the sweep and the 1,000-target `lookout start` against the in-process
// DemoDnsServer even when knot is installed.
// `--only NAME` runs only the sections whose name contains NAME (e.g. `--only route53`) and leaves BENCHMARKS.md alone.
import './env.js';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleComposition } from './bundle-composition.js';
import { synthBundles } from './bundles.js';
import { runCliFootprint } from './cli-footprint.js';
import { benchDemoLatency } from './demo-latency.js';
import { describeMachine } from './machine.js';
import { benchModuleInit } from './module-init.js';
import { type BenchResults, renderReport, type Section } from './report.js';
import { benchRoute53Server, route53ServerSummary } from './route53-server.js';
import { benchRoute53Snapshot, route53Summary } from './route53-snapshot.js';
import { benchSlackAck, SLACK_ACK_P95_LIMIT_MS, type SlackAckResult, slackAckSummary } from './slack-ack.js';
import { progress } from './stats.js';
import { benchStorm } from './storm.js';
import { stormSummary, stormTargets } from './storm-report.js';
import { benchSweep } from './sweep.js';
import { sweepTargets, type TargetCheck } from './targets.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const RUNS = quick
  ? { demo: 2, demoIntervals: [1], sweep: 2, spawns: 3 }
  : { demo: 5, demoIntervals: [1, 0.5], sweep: 7, spawns: 10 };
const SWEEP_NAMES = 1000;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

/** A failing benchmark is reported in its section; the others still run and the exit code says so. */
async function attempt<T>(name: string, fn: () => Promise<T>): Promise<Section<T>> {
  if (only !== undefined && !name.includes(only)) return { ok: false, error: `skipped (--only ${only})` };
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    progress(`${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

const started = performance.now();
const machine = describeMachine();
progress(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${quick ? ' — QUICK mode' : ''}`);

const demo = await attempt('demo latency', async () => {
  const results = [];
  for (const interval of RUNS.demoIntervals) results.push(await benchDemoLatency(interval, RUNS.demo));
  return results;
});
const dnsServer = process.env.BENCH_DNS_SERVER === 'demo' ? 'demo' : 'knot';
const sweep = await attempt('sweep', () => benchSweep(SWEEP_NAMES, RUNS.sweep, dnsServer));

progress('cdk synth -q …');
const synth = await attempt('cdk synth', () => synthBundles(ROOT));
let bundles: BenchResults['bundles'];
let init: BenchResults['init'];
let slackAck: Section<SlackAckResult>;
if (synth.ok) {
  try {
    bundles = await attempt('bundle sizes', async () => ({
      synthSeconds: synth.value.seconds,
      bundles: await Promise.all(
        synth.value.bundles.map(async (b) => ({ ...b, composition: await bundleComposition(b.entryFile) })),
      ),
    }));
    init = await attempt('module init', async () => {
      const results = [];
      for (const bundle of synth.value.bundles) results.push(await benchModuleInit(bundle, RUNS.spawns));
      return results;
    });
    const inits = init.ok ? init.value : [];
    slackAck = await attempt('slack ack', () =>
      benchSlackAck({ quick, spawns: RUNS.spawns, bundles: synth.value.bundles, inits }),
    );
  } finally {
    await synth.value.dispose();
  }
} else {
  bundles = synth;
  init = synth;
  // `--only slack` skips the run's synth: the section synthesises the bundles it compares by itself.
  slackAck = await attempt('slack ack', async () => {
    const own = await synthBundles(ROOT);
    try {
      return await benchSlackAck({ quick, spawns: RUNS.spawns, bundles: own.bundles });
    } finally {
      await own.dispose();
    }
  });
}
const route53 = await attempt('route53 snapshot', () => benchRoute53Snapshot({ quick }));
const route53Server = await attempt('route53 server', () => benchRoute53Server({ quick }));
// Real time by design (a 60 s storm into a rate-limited Slack): --quick does not shorten it.
const storm = await attempt('storm', () => benchStorm());

// Every number the issue holds Lookout to; a missed one fails the run (exit 1) and is listed.
const targets: TargetCheck[] = sweep.ok ? sweepTargets(sweep.value) : [];
if (slackAck.ok)
  targets.push({
    name: 'Slack: acknowledgement p95, warm (signed /lookout help, status and an operator’s note through the handler)',
    measured: `${slackAck.value.all.p95.toFixed(1)} ms`,
    limit: `≤ ${SLACK_ACK_P95_LIMIT_MS} ms`,
    met: slackAck.value.all.p95 <= SLACK_ACK_P95_LIMIT_MS,
  });
if (storm.ok) targets.push(...stormTargets(storm.value));
const results: BenchResults = {
  machine,
  targets,
  seconds: (performance.now() - started) / 1000,
  loadAverageAtEnd: loadavg()[0] ?? 0,
  demo,
  sweep,
  bundles,
  init,
  route53,
  route53Server,
  slackAck,
  storm,
};
if (only === undefined) await writeFile(join(ROOT, 'BENCHMARKS.md'), renderReport(results));
await runCliFootprint(ROOT, { only, quick, dnsServer });
process.stdout.write(summary(results));
const missed = targets.filter((t) => !t.met);
if (missed.length) {
  process.stdout.write(
    `MISSED ${missed.length} target(s):\n${missed.map((t) => `  ${t.name}: ${t.measured} (target ${t.limit})`).join('\n')}\n`,
  );
  process.exitCode = 1;
}
if (
  ![demo, sweep, bundles, init, route53, route53Server, slackAck, storm].every(
    (s) => s.ok || s.error.startsWith('skipped'),
  )
)
  process.exitCode = 1;

function summary(r: BenchResults): string {
  const lines = [
    `Lookout benchmarks (${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}) → ${only ? `BENCHMARKS.md not written (--only ${only})` : 'BENCHMARKS.md'}`,
  ];
  if (r.demo.ok)
    for (const d of r.demo.value)
      lines.push(
        `  demo detection latency @${d.intervalSeconds}s: median ${d.latency.median.toFixed(2)} s (min ${d.latency.min.toFixed(2)}, max ${d.latency.max.toFixed(2)}, n=${d.latency.runs})`,
      );
  if (r.sweep.ok) {
    const s = r.sweep.value;
    const qps = (ms: number) => Math.round(s.queries / (ms / 1000)).toLocaleString('en-US');
    const dnsperf = s.peers.dnsperf?.wallMs.median;
    lines.push(
      `  sweep ${s.names}×${s.resolvers.length}: Lookout steady round ${s.ms.lookoutRound.median.toFixed(0)} ms (${qps(s.ms.lookoutRound.median)} q/s), ${s.series.rounds}-round mean ${s.series.meanMs.toFixed(0)} ms (writes included), probe only ${s.ms.probeOnly.median.toFixed(0)} ms, Node floor ${s.ms.floorShared.median.toFixed(0)} ms` +
        (dnsperf
          ? `, dnsperf ${dnsperf.toFixed(1)} ms → ${(s.ms.lookoutRound.median / dnsperf).toFixed(1)}× dnsperf steady, ${(s.series.meanMs / dnsperf).toFixed(1)}× amortized`
          : ', dnsperf not installed'),
    );
  }
  for (const t of r.targets)
    lines.push(`  target ${t.met ? 'met' : 'MISSED'}: ${t.name}: ${t.measured} (${t.limit})`);
  if (r.bundles.ok)
    for (const b of r.bundles.value.bundles)
      lines.push(
        `  bundle ${b.function}: index.mjs ${b.entryBytes.toLocaleString('en-US')} B, asset dir ${b.assetBytes.toLocaleString('en-US')} B`,
      );
  if (r.init.ok)
    for (const i of r.init.value)
      for (const v of i.variants)
        lines.push(
          `  init ${i.function} — ${v.label}: +${(v.processMs.median - i.baseline.processMs.median).toFixed(0)} ms over bare Node (${i.baseline.processMs.median.toFixed(0)} ms)`,
        );
  if (r.route53.ok) lines.push(...route53Summary(r.route53.value));
  if (r.route53Server.ok) lines.push(...route53ServerSummary(r.route53Server.value));
  if (r.slackAck.ok) lines.push(...slackAckSummary(r.slackAck.value));
  if (r.storm.ok) lines.push(...stormSummary(r.storm.value));
  for (const [name, s] of Object.entries({
    demo: r.demo,
    sweep: r.sweep,
    bundles: r.bundles,
    init: r.init,
    route53: r.route53,
    route53Server: r.route53Server,
    slackAck: r.slackAck,
    storm: r.storm,
  }))
    if (!s.ok && !s.error.startsWith('skipped')) lines.push(`  ${name}: FAILED — ${s.error.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}
