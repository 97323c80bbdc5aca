// Issue item 9: snapshot + diff of a 100,000-record zone through the Route 53 API server with Route 53's
// own throttling on (burst 50, 10 requests/s), paced by Lookout's client-side limiter.
//
//   node --import tsx bench/route53-snapshot.ts          human summary on stdout
//   node --import tsx bench/route53-snapshot.ts --json   one JSON line on stdout (run.ts collects it)
//
// Three processes, so the memory reported for Lookout is Lookout's alone:
// - this one ("service side"): FakeRoute53 holding the 100k-record zone, and dynalite holding the table —
//   on AWS these are Route 53 and DynamoDB, not in the Lambda;
// - a child (`--poller`) with only what the zone-poller Lambda holds: the real SDK client, Lookout's
//   RateLimiter, Route53Adapter, store, createRoute53Services and ZonePoller. Its peak RSS is its own
//   (VmHWM from /proc/self/status, plus RSS sampled every 50 ms per run);
// - `run.ts` spawns this file, so none of the harness's memory is in either number.
// Progress goes to stderr. Everything listens on 127.0.0.1 and is stopped at the end.
// BENCH_R53_POLLER_HEAP_MB=N caps the poller's V8 old space (--max-old-space-size=N) for a what-if run.
//
// This file is the entry every process runs; the parts live in bench/route53/: spawn.ts (run.ts side),
// service-side.ts (+ zone-fixture.ts), poller-side.ts (+ isolated-diff.ts), report.ts, types.ts.
import './env.js';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollerSide } from './route53/poller-side.js';
import { route53Section, route53Summary } from './route53/report.js';
import { serviceSide } from './route53/service-side.js';

export { route53Section, route53Summary } from './route53/report.js';
export { benchRoute53Snapshot } from './route53/spawn.js';
export type { PhaseItem, Route53SnapshotResult, SnapshotRun } from './route53/types.js';

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--poller')) {
    await pollerSide();
  } else {
    const result = await serviceSide(process.argv.includes('--quick'));
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${[...route53Summary(result), '', ...route53Section(result)].join('\n')}\n`);
  }
}
