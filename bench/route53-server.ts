// The Route 53 API server the tests and the snapshot benchmark run against (emulators/route53,
// `FakeRoute53`), at 100,000 record sets: how long seeding, a full SDK listing, one page and one change
// take. The tests count the server's work (record sets its index reads); the time lives here, so a busy
// machine can slow these numbers down without failing `npm test`.
import { ChangeResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { FakeRoute53 } from '../emulators/route53/index.js';
import { a, listAll, route53Client } from '../emulators/route53/sdk-helpers.js';
import { progress, type Summary, summarize } from './stats.js';

export interface Route53ServerResult {
  recordSets: number;
  /** FakeRoute53.seed of the whole zone (one bulk sort). */
  seedMs: number;
  /** Every page of the big zone through the real SDK, client side. */
  listMs: Summary;
  pages: number;
  /** Server-side time per ListResourceRecordSets request (request log `durationMs`). */
  pageMs: { small: Summary; big: Summary; bigFirst50: Summary; bigLast50: Summary };
  /** Server-side time per ChangeResourceRecordSets (DELETE + CREATE) in the big zone. */
  changeMs: Summary;
  /** Record sets the zone's index read per record set listed, and per change batch (what the tests assert). */
  itemsRead: { perListedBig: number; perListedSmall: number; perChange: number };
}

/** What the tests used to assert in milliseconds, now reported against these marks instead. */
export const ROUTE53_SERVER_MARKS = { changeMedianMs: 5, pageRatio: 3 } as const;

function zoneOf(size: number, origin: string): ResourceRecordSet[] {
  return Array.from({ length: size }, (_, i) =>
    a(`h${i}.s${i % 97}.${origin}`, [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`]),
  );
}

export async function benchRoute53Server(options: { quick: boolean }): Promise<Route53ServerResult> {
  const size = 100_000;
  const listings = options.quick ? 1 : 3;
  const route53 = new FakeRoute53({ throttling: false, dns: false });
  try {
    const { endpoint } = await route53.start();
    const client = route53Client(endpoint);
    const big = await route53.createZone({ name: 'big.test', recordQuota: 200_000 });
    const small = await route53.createZone({ name: 'small.test' });
    route53.seed(small, zoneOf(1000, 'small.test'));
    const fixture = zoneOf(size, 'big.test');
    const seeding = performance.now();
    route53.seed(big, fixture);
    const seedMs = performance.now() - seeding;
    progress(`route53 server: seeded ${size.toLocaleString('en-US')} record sets in ${seedMs.toFixed(0)} ms`);

    const serverMs = (operation: string, from: number) =>
      route53.requestLog
        .slice(from)
        .filter((entry) => entry.operation === operation)
        .map((entry) => entry.durationMs);
    const readPerListed = async (zoneId: string) => {
      const before = route53.itemsRead(zoneId);
      const { sets } = await listAll(client, zoneId);
      return (route53.itemsRead(zoneId) - before) / sets.length;
    };

    // Warm both paths, then measure.
    for (let i = 0; i < 5; i++) await listAll(client, small);
    let from = route53.requestLog.length;
    let perListedSmall = 0;
    for (let i = 0; i < 10; i++) perListedSmall = await readPerListed(small);
    const smallPages = serverMs('ListResourceRecordSets', from);

    const listMs: number[] = [];
    const bigPages: number[][] = [];
    let pages = 0;
    let perListedBig = 0;
    for (let i = 0; i < listings; i++) {
      from = route53.requestLog.length;
      const started = performance.now();
      perListedBig = await readPerListed(big);
      listMs.push(performance.now() - started);
      const served = serverMs('ListResourceRecordSets', from);
      pages = served.length;
      bigPages.push(served);
      progress(
        `route53 server: listing ${i + 1}/${listings}: ${pages} pages in ${listMs.at(-1)?.toFixed(0)} ms`,
      );
    }
    const allBig = bigPages.flat();

    from = route53.requestLog.length;
    const before = route53.itemsRead(big);
    const batches = 50;
    for (let i = 0; i < batches; i++) {
      await client.send(
        new ChangeResourceRecordSetsCommand({
          HostedZoneId: big,
          ChangeBatch: {
            Changes: [
              { Action: 'DELETE', ResourceRecordSet: a(`h${i}.s${i % 97}.big.test`, [`10.0.0.${i}`]) },
              { Action: 'CREATE', ResourceRecordSet: a(`h${i}.s${i % 97}.big.test`, [`10.9.9.${i}`]) },
            ],
          },
        }),
      );
    }
    const perChange = (route53.itemsRead(big) - before) / batches;
    const changeMs = summarize(serverMs('ChangeResourceRecordSets', from));
    client.destroy();

    return {
      recordSets: route53.zoneInfo(big).recordSetCount,
      seedMs,
      listMs: summarize(listMs),
      pages,
      pageMs: {
        small: summarize(smallPages),
        big: summarize(allBig),
        bigFirst50: summarize(bigPages.flatMap((p) => p.slice(0, 50))),
        bigLast50: summarize(bigPages.flatMap((p) => p.slice(-50))),
      },
      changeMs,
      itemsRead: { perListedBig, perListedSmall, perChange },
    };
  } finally {
    await route53.stop();
  }
}

const f = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const cells = (s: Summary, digits: number, unit: string) =>
  `${f(s.median, digits)}${unit} | ${f(s.min, digits)}${unit} | ${f(s.max, digits)}${unit} | ${s.runs}`;

export function route53ServerSection(r: Route53ServerResult): string[] {
  const ratio = r.pageMs.big.median / r.pageMs.small.median;
  const marks = ROUTE53_SERVER_MARKS;
  const verdict = (ok: boolean) => (ok ? '✅ met' : '❌ **missed**');
  return [
    `The Route 53 emulator in emulators/route53 (\`FakeRoute53\`, throttling off, no DNS) holding **${f(r.recordSets)} record sets**, read and changed through the real \`@aws-sdk/client-route-53\`. Page and change times are the server’s own (request log, arrival → response written). The integration test (test/integration/route53-server-scale.test.ts) asserts the same shape by counting record sets the zone’s index reads, which load cannot change: ${f(r.itemsRead.perListedBig, 2)} per record set listed in the 100,000-record zone (${f(r.itemsRead.perListedSmall, 2)} in a 1,000-record one) and ${f(r.itemsRead.perChange, 0)} per change batch.`,
    '',
    '| what | median | min | max | runs | mark |',
    '|---|---|---|---|---|---|',
    `| seed ${f(r.recordSets - 2)} record sets (one bulk load) | ${f(r.seedMs)} ms | | | 1 | |`,
    `| list the whole zone through the SDK (${r.pages} pages), client side | ${cells(r.listMs, 0, ' ms')} | |`,
    `| one ListResourceRecordSets page, 1,000-record zone (server) | ${cells(r.pageMs.small, 2, ' ms')} | |`,
    `| one page, 100,000-record zone (server) | ${cells(r.pageMs.big, 2, ' ms')} | ≤ ${marks.pageRatio}× the small zone’s + 1 ms: ${f(ratio, 2)}× ${verdict(r.pageMs.big.median < marks.pageRatio * r.pageMs.small.median + 1)} |`,
    `| its first 50 pages → last 50 pages (server) | ${f(r.pageMs.bigFirst50.median, 2)} ms → ${f(r.pageMs.bigLast50.median, 2)} ms | | | | ≤ ${marks.pageRatio}× + 1 ms ${verdict(r.pageMs.bigLast50.median < marks.pageRatio * r.pageMs.bigFirst50.median + 1)} |`,
    `| one ChangeResourceRecordSets (DELETE + CREATE) in the 100,000-record zone (server) | ${cells(r.changeMs, 2, ' ms')} | < ${marks.changeMedianMs} ms ${verdict(r.changeMs.median < marks.changeMedianMs)} |`,
  ];
}

export function route53ServerSummary(r: Route53ServerResult): string[] {
  return [
    `  route53 server ${f(r.recordSets)} sets: seed ${f(r.seedMs)} ms, SDK listing ${f(r.listMs.median)} ms (${r.pages} pages), page ${f(r.pageMs.big.median, 2)} ms vs ${f(r.pageMs.small.median, 2)} ms at 1,000, change ${f(r.changeMs.median, 2)} ms (< ${ROUTE53_SERVER_MARKS.changeMedianMs})`,
  ];
}
