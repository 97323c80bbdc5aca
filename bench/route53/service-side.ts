// Service side (the entry with --json or no flag): the Route 53 API server with the 100k-record zone and
// dynalite (on AWS: Route 53 and DynamoDB, not in the Lambda), the operator's changes between the runs,
// the poller child it drives over IPC, and the correctness checks.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordSetContent } from '../../lambda/domain/route53/record-set.js';
import { progress } from '../stats.js';
import {
  ACCOUNT,
  ENTRY,
  LIMITER,
  MIX,
  OPERATOR_KEY,
  POLLER_KEY,
  RECORD_QUOTA,
  ROOT,
  SEEDED,
  ZONE,
} from './constants.js';
import { exited, messages, vmHwm } from './process.js';
import type { FromPoller, PollerRun, Route53SnapshotResult, SnapshotRun } from './types.js';
import { plannedChanges, zoneFixture } from './zone-fixture.js';

export async function serviceSide(quick: boolean): Promise<Route53SnapshotResult> {
  const started = performance.now();
  const { FakeRoute53 } = await import('../../emulators/route53/index.js');
  const { change, route53Client } = await import('../../emulators/route53/sdk-helpers.js');
  const { startEmbeddedDynamo } = await import('../../emulators/dynamodb/embedded-dynalite.js');
  const { createStore, ensureTable } = await import('../../lambda/store/store.js');

  const fake = new FakeRoute53({ dns: false, throttling: ACCOUNT });
  const dynamo = await startEmbeddedDynamo();
  const dir = await mkdtemp(join(tmpdir(), 'lookout-r53-bench-'));
  let child: ChildProcess | undefined;
  try {
    const { endpoint } = await fake.start();
    fake.registerPrincipal(POLLER_KEY, 'arn:aws:sts::123456789012:assumed-role/lookout-zone-poller/bench');
    fake.registerPrincipal(OPERATOR_KEY, 'arn:aws:sts::123456789012:assumed-role/operator/bench');
    const pollerArn = 'arn:aws:sts::123456789012:assumed-role/lookout-zone-poller/bench';
    const zoneId = await fake.createZone({ name: ZONE, recordQuota: RECORD_QUOTA });
    fake.seed(zoneId, zoneFixture(zoneId));
    const totalRecordSets = fake.zoneInfo(zoneId).recordSetCount;
    const tableName = 'lookout-bench-route53';
    await ensureTable(dynamo.client, tableName);
    const store = createStore(dynamo.client, tableName);
    progress(
      `route53: zone ${zoneId} holds ${totalRecordSets.toLocaleString('en-US')} record sets (quota ${RECORD_QUOTA.toLocaleString('en-US')}); ` +
        `API server throttles at ${ACCOUNT.perSecond}/s burst ${ACCOUNT.burst}; Lookout's limiter ${LIMITER.perSecond}/s burst ${LIMITER.burst}`,
    );

    child = spawn(
      process.execPath,
      [
        '--expose-gc',
        // Optional: cap the poller's V8 old space (MiB) to see whether it fits a smaller Lambda.
        ...(process.env.BENCH_R53_POLLER_HEAP_MB
          ? [`--max-old-space-size=${process.env.BENCH_R53_POLLER_HEAP_MB}`]
          : []),
        '--import',
        'tsx',
        ENTRY,
        '--poller',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: {
          ...process.env,
          BENCH_R53_ENDPOINT: endpoint,
          BENCH_R53_DYNAMO: dynamo.endpoint,
          BENCH_R53_DYNAMO_TOKEN: dynamo.credentials.secretAccessKey,
          BENCH_R53_TABLE: tableName,
          BENCH_R53_ZONE: zoneId,
          BENCH_R53_QUICK: quick ? '1' : '',
        },
      },
    );
    const childExit = exited(child, 5 * 60_000);
    const inbox = messages<FromPoller>(child);

    const planned = plannedChanges(zoneId);
    const finalRecordSets = totalRecordSets - planned.deleted;
    const runs: SnapshotRun[] = [];
    const serverStats = (from: number, to: number) => {
      const entries = fake.requestLog.slice(from, to).filter((e) => e.caller === pollerArn);
      const byOperation: Record<string, number> = {};
      for (const e of entries) byOperation[e.operation] = (byOperation[e.operation] ?? 0) + 1;
      return {
        requests: entries.length,
        ok: entries.filter((e) => e.status < 300).length,
        throttled: entries.filter((e) => e.errorCode === 'Throttling').length,
        otherErrors: entries.filter((e) => e.status >= 300 && e.errorCode !== 'Throttling').length,
        byOperation,
      };
    };
    const finish = (run: PollerRun, expected: number, from: number, to: number): SnapshotRun => {
      const floor = (tokens: number, rate: { perSecond: number; burst: number }) =>
        (Math.max(0, tokens - rate.burst) / rate.perSecond) * 1000;
      return {
        ...run,
        expectedRecordSets: expected,
        floorMs: floor(run.limiterTokens, LIMITER),
        listingFloorMs: floor(run.pages, LIMITER),
        pagesOverRateMs: (run.pages / LIMITER.perSecond) * 1000,
        accountFloorMs: floor(run.pages, ACCOUNT),
        server: serverStats(from, to),
      };
    };

    // Run 1: the baseline.
    let logFrom = fake.requestLog.length;
    const run1 = await inbox.next('run');
    runs.push(finish(run1.run, totalRecordSets, logFrom, fake.requestLog.length));
    progress(`route53: run 1 (baseline) ${(run1.run.wallMs / 1000).toFixed(1)} s`);

    // The stored view now is the baseline: keep it for the isolated diff (service side, not the poller's memory).
    const beforeFile = join(dir, 'before.json');
    await writeFile(
      beforeFile,
      JSON.stringify(stripAll([...(await store.recordSets.zoneRecordSets(zoneId)).values()])),
    );

    // ~100 record sets change through the real SDK, as the operator's automation would.
    const operator = route53Client(endpoint, OPERATOR_KEY);
    const changeFrom = fake.requestLog.length;
    for (const batch of planned.batches) await change(operator, zoneId, batch, 'bench: operator change');
    operator.destroy();
    const changeEntries = fake.requestLog.slice(changeFrom);
    progress(
      `route53: ${planned.changed + planned.deleted} record sets changed in ${planned.batches.length} batches`,
    );

    // Run 2: snapshot + diff.
    logFrom = fake.requestLog.length;
    child.send({ kind: 'continue' });
    const run2 = await inbox.next('run');
    runs.push(finish(run2.run, finalRecordSets, logFrom, fake.requestLog.length));
    progress(`route53: run 2 (snapshot + diff) ${(run2.run.wallMs / 1000).toFixed(1)} s`);

    const stored = await store.recordSets.zoneRecordSets(zoneId);
    const afterFile = join(dir, 'after.json');
    await writeFile(afterFile, JSON.stringify(stripAll([...stored.values()])));
    child.send({ kind: 'diff', beforeFile, afterFile });
    const diffMessage = await inbox.next('diff');
    const code = await childExit;
    child = undefined;
    if (code !== 0) throw new Error(`poller child exited with ${code}`);

    const s2 = run2.run.signals;
    const correctness = [
      { name: 'run 1 record sets read', expected: totalRecordSets, actual: run1.run.recordSets },
      { name: 'run 1 pages', expected: Math.ceil(totalRecordSets / 300), actual: run1.run.pages },
      { name: 'run 2 record sets read', expected: finalRecordSets, actual: run2.run.recordSets },
      { name: 'run 2 pages', expected: Math.ceil(finalRecordSets / 300), actual: run2.run.pages },
      { name: 'record sets stored after run 2', expected: finalRecordSets, actual: stored.size },
      { name: 'RECORD_CHANGED signals', expected: planned.changed, actual: s2.RECORD_CHANGED ?? 0 },
      { name: 'RECORD_DELETED signals', expected: planned.deleted, actual: s2.RECORD_DELETED ?? 0 },
      { name: 'RECORD_ADDED signals', expected: 0, actual: s2.RECORD_ADDED ?? 0 },
      { name: 'EMPTY signals', expected: planned.emptied, actual: s2.EMPTY ?? 0 },
      {
        name: 'isolated diff: changes',
        expected: planned.changed + planned.deleted,
        actual: diffMessage.diff.changes,
      },
    ].map((c) => ({ ...c, ok: c.expected === c.actual }));

    return {
      zone: { seeded: SEEDED, totalRecordSets, recordQuota: RECORD_QUOTA, mix: MIX },
      limiter: LIMITER,
      account: ACCOUNT,
      changes: {
        requests: changeEntries.length,
        recordSets: planned.changed + planned.deleted,
        throttled: changeEntries.filter((e) => e.errorCode === 'Throttling').length,
        expected: {
          changed: planned.changed,
          deleted: planned.deleted,
          emptied: planned.emptied,
          finalRecordSets,
        },
      },
      runs,
      correctness,
      diff: diffMessage.diff,
      memory: {
        method: `poller: its own child process (only the zone-poller Lambda’s objects); peak = VmHWM from /proc/self/status, plus RSS sampled every 50 ms during each run. Service side (FakeRoute53 + dynalite) is a separate process.${process.env.BENCH_R53_POLLER_HEAP_MB ? ` Poller run with --max-old-space-size=${process.env.BENCH_R53_POLLER_HEAP_MB}.` : ' V8 heap not capped.'}`,
        pollerVmHwmBytes: run2.run.memory.vmHwmBytes,
        pollerVmHwmAfterDiffBytes: diffMessage.vmHwmAfterDiffBytes,
        serviceVmHwmBytes: vmHwm(),
      },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await Promise.allSettled([fake.stop(), dynamo.close(), rm(dir, { recursive: true, force: true })]);
  }
}

function stripAll(recordSets: (RecordSetContent & { hash?: string })[]): RecordSetContent[] {
  return recordSets.map(({ hash: _hash, ...r }) => r);
}
