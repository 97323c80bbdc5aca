// Poller side (the entry with --poller): what the zone-poller Lambda holds, nothing else — the real SDK
// clients, Lookout's RateLimiter, Route53Adapter, store and ZonePoller, built by the Route 53 app — with
// instrumentation wrapped around their methods (timing by phase, limiter tokens, RSS and heap peaks).
import { LIMITER, POLLER_KEY, ZONE } from './constants.js';
import { isolatedDiff } from './isolated-diff.js';
import { parentMessages, vmHwm } from './process.js';
import type { PhaseItem, PollerRun } from './types.js';

export async function pollerSide(): Promise<void> {
  const rssAtStart = process.memoryUsage().rss;
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { configSchema } = await import('../../lambda/config/config-schema.js');
  const { silentLog } = await import('../../lambda/ports/log.js');
  const { createRoute53App } = await import('../../lambda/app/route53.js');
  const { createRoute53Clients } = await import('../../lambda/app/route53-clients.js');
  const { createStore } = await import('../../lambda/store/store.js');
  const env = (name: string) => process.env[name] ?? '';
  const zoneId = env('BENCH_R53_ZONE');
  const inbox = parentMessages();

  const config = configSchema.parse({
    targets: [{ name: `www.${ZONE}` }],
    route53: { zones: [{ id: zoneId }], requestsPerSecond: LIMITER.perSecond, burst: LIMITER.burst },
  });
  const r53 = config.route53 as NonNullable<typeof config.route53>;
  const dynamo = new DynamoDBClient({
    endpoint: env('BENCH_R53_DYNAMO'),
    region: 'local',
    // The embedded store answers only requests signed with its token (service-side passes it).
    credentials: { accessKeyId: 'lookout', secretAccessKey: env('BENCH_R53_DYNAMO_TOKEN') },
    maxAttempts: 3,
  });
  const clients = createRoute53Clients({
    endpoint: env('BENCH_R53_ENDPOINT'),
    credentials: { accessKeyId: POLLER_KEY, secretAccessKey: 'not-checked' },
    pace: { requestsPerSecond: r53.requestsPerSecond, burst: r53.burst },
  });
  const { adapter } = clients;
  const limiter = clients.limiter as NonNullable<typeof clients.limiter>;
  const store = createStore(dynamo, env('BENCH_R53_TABLE'));
  const services = createRoute53App({ store, config, clients, log: silentLog, now: () => new Date() });

  // Instrumentation: wrap instance methods (no lambda/ code changes) to time each call by phase.
  let listingDone = false;
  let lastPageAt = 0;
  let tokens = 0;
  let items = new Map<string, PhaseItem>();
  const wrap = <O extends object>(
    object: O,
    method: keyof O & string,
    item: string,
    onDone?: (v: unknown) => void,
  ) => {
    const original = (object[method] as (...args: unknown[]) => Promise<unknown>).bind(object);
    (object as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const phase = listingDone ? 'completion' : 'listing';
      const t = performance.now();
      try {
        const value = await original(...args);
        onDone?.(value);
        return value;
      } finally {
        const key = `${phase}:${item}`;
        const row = items.get(key) ?? { phase, item, calls: 0, ms: 0, heapAfterBytes: 0 };
        row.calls++;
        row.ms += performance.now() - t;
        row.heapAfterBytes = Math.max(row.heapAfterBytes, process.memoryUsage().heapUsed);
        items.set(key, row);
      }
    };
  };
  wrap(limiter, 'take', 'limiter wait (RateLimiter.take)', () => tokens++);
  wrap(adapter, 'listRecordSetsPage', 'ListResourceRecordSets (incl. limiter wait, SDK retries)', (v) => {
    if (!(v as { next?: unknown }).next) {
      listingDone = true;
      lastPageAt = performance.now();
    }
  });
  wrap(adapter, 'testDnsAnswer', 'TestDNSAnswer (EMPTY confirmation, incl. limiter wait)');
  const repo = store.recordSets;
  wrap(repo, 'checkpoint', 'DynamoDB: read checkpoint');
  wrap(repo, 'saveCheckpoint', 'DynamoDB: save checkpoint');
  wrap(repo, 'putSeenPage', 'DynamoDB: store listed page');
  wrap(repo, 'zoneHashes', 'DynamoDB: read stored hashes');
  wrap(repo, 'recordSetsById', 'DynamoDB: read touched groups');
  wrap(repo, 'putRecordSets', 'DynamoDB: write record sets (25 per BatchWrite)');
  wrap(repo, 'deleteRecordSets', 'DynamoDB: delete record sets');
  wrap(repo, 'deleteSeenPages', 'DynamoDB: delete listed pages');
  wrap(services.zoneView, 'baseline', 'ZoneView.baseline (store the baseline)');
  wrap(services.zoneView, 'apply', 'ZoneView.apply (diff + confirm + signals + writes)');
  wrap(services.ingest, 'applyAll', 'ControlPlaneIngest.applyAll (incidents, history)');

  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);

  const measure = async (label: string): Promise<PollerRun> => {
    listingDone = false;
    tokens = 0;
    items = new Map();
    peakRss = process.memoryUsage().rss;
    peakHeap = process.memoryUsage().heapUsed;
    const rssBefore = peakRss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await services.pollZone(zoneId);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    for (const row of items.values()) peakHeap = Math.max(peakHeap, row.heapAfterBytes);
    if (!result.complete) throw new Error(`${label}: snapshot not complete`);
    const signals: Record<string, number> = {};
    for (const s of result.signals) signals[s.kind] = (signals[s.kind] ?? 0) + 1;
    return {
      label,
      wallMs,
      listingMs: lastPageAt - t0,
      completionMs: t0 + wallMs - lastPageAt,
      cpuMs: (cpu.user + cpu.system) / 1000,
      pages: result.pages,
      recordSets: result.recordSets,
      limiterTokens: tokens,
      signals,
      breakdown: [...items.values()],
      memory: {
        peakRssBytes: peakRss,
        peakHeapUsedBytes: peakHeap,
        vmHwmBytes: vmHwm(),
        rssAtStartBytes: rssBefore,
      },
    };
  };

  try {
    const run1 = await measure('run 1: baseline snapshot');
    process.send?.({
      kind: 'run',
      run: { ...run1, memory: { ...run1.memory, rssAtStartBytes: rssAtStart } },
    });
    await inbox.next('continue');
    const run2 = await measure('run 2: snapshot + diff');
    process.send?.({ kind: 'run', run: run2 });
    clearInterval(sampler);
    // Memory is measured; from here on the process only times the diff in isolation.
    const { beforeFile, afterFile } = (await inbox.next('diff')) as unknown as {
      beforeFile: string;
      afterFile: string;
    };
    const diff = await isolatedDiff(beforeFile, afterFile, process.env.BENCH_R53_QUICK ? 3 : 7);
    process.send?.({ kind: 'diff', diff, vmHwmAfterDiffBytes: vmHwm() });
  } finally {
    clearInterval(sampler);
    clients.destroy();
    dynamo.destroy();
    process.disconnect?.();
  }
}
