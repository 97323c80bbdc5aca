import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import { createRoute53App } from '../../lambda/app/route53.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { silentLog } from '../../lambda/ports/log.js';
import { ChangeHistoryClient } from '../../lambda/sources/route53/change-history-client.js';
import { RateLimiter } from '../../lambda/sources/route53/rate-limiter.js';
import { Route53Adapter } from '../../lambda/sources/route53/route53-adapter.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';

const ZONE = 'example.com';
const hosts = (n: number): ResourceRecordSet[] =>
  Array.from({ length: n }, (_, i) =>
    a(`host-${String(i).padStart(4, '0')}.${ZONE}`, [`10.0.${Math.floor(i / 250)}.${i % 250}`]),
  );
const weighted = (id: string, weight: number, ip: string): ResourceRecordSet => ({
  Name: `api.${ZONE}`,
  Type: 'A',
  SetIdentifier: id,
  Weight: weight,
  TTL: 60,
  ResourceRecords: [{ Value: ip }],
});

describe('Class: ZonePoller (real SDK → Route 53 API server, dynalite)', () => {
  let fake: FakeRoute53;
  let db: TestStore;
  let zoneId: string;
  let endpoint: string;

  beforeEach(async () => {
    fake = new FakeRoute53({ throttling: false });
    ({ endpoint } = await fake.start());
    zoneId = await fake.createZone({ name: ZONE });
    fake.seed(zoneId, [...hosts(700), weighted('blue', 50, '10.9.0.1'), weighted('green', 50, '10.9.0.2')]);
    db = await startTestStore();
  });
  afterEach(async () => {
    await Promise.all([fake.stop(), db.close()]);
  });

  /** The production wiring over the test servers: config → adapter → services → poller. */
  function setup(
    options: {
      deadline?: () => number;
      limiter?: RateLimiter;
      zones?: { id: string; confirmWithTestDnsAnswer?: boolean }[];
      adapter?: Route53Adapter;
    } = {},
  ) {
    const config = configSchema.parse({
      targets: [{ name: `api.${ZONE}` }],
      route53: { zones: options.zones ?? [{ id: zoneId }] },
    });
    const adapter = options.adapter ?? new Route53Adapter(route53Client(endpoint), options.limiter);
    const now = () => new Date();
    const history = ChangeHistoryClient.fromRoute53Client(route53Client(endpoint), { endpoint });
    const services = createRoute53App({
      store: db.store,
      config,
      clients: { adapter, history },
      log: silentLog,
      now,
      channel: '#alerts',
      ...(options.deadline ? { deadline: options.deadline } : {}),
    });
    const zonePoller = { poll: (id: string) => services.pollZone(id) };
    return { config, adapter, services, zonePoller };
  }
  const poller = (options: Parameters<typeof setup>[0] = {}) => setup(options).zonePoller;

  it('stores a first complete snapshot as the baseline without signals', async () => {
    const result = await poller().poll(zoneId);
    expect(result).toMatchObject({ complete: true, baseline: true, pages: 3, recordSets: 704, signals: [] });
    expect((await db.store.recordSets.zoneRecordSets(zoneId)).size).toBe(704);
  });

  it('reports added, changed and deleted record sets, and EMPTY when a watched group loses all weight', async () => {
    await poller().poll(zoneId);
    const client = route53Client(endpoint);
    await change(client, zoneId, [
      { Action: 'DELETE', ResourceRecordSet: hosts(1)[0] as ResourceRecordSet },
      { Action: 'UPSERT', ResourceRecordSet: a(`host-0001.${ZONE}`, ['10.1.1.1']) },
      { Action: 'CREATE', ResourceRecordSet: a(`new.${ZONE}`, ['10.2.2.2']) },
      { Action: 'UPSERT', ResourceRecordSet: weighted('blue', 0, '10.9.0.1') },
      { Action: 'UPSERT', ResourceRecordSet: weighted('green', 0, '10.9.0.2') },
    ]);
    const result = await poller().poll(zoneId);
    const kinds = result.signals.map((s) => `${s.kind} ${s.targetId}`).sort();
    expect(kinds).toEqual([
      `EMPTY api.${ZONE}/A`,
      `EMPTY host-0000.${ZONE}/A`,
      `RECORD_ADDED new.${ZONE}/A`,
      `RECORD_CHANGED api.${ZONE}/A`,
      `RECORD_CHANGED api.${ZONE}/A`,
      `RECORD_CHANGED host-0001.${ZONE}/A`,
      `RECORD_DELETED host-0000.${ZONE}/A`,
      // A name answering (again, or for the first time) may close an EMPTY incident; with none open it is only logged.
      `RECOVERED new.${ZONE}/A`,
    ]);
    const incidents = await db.store.incidents.list();
    expect(incidents.map((i) => i.targetId).sort()).toEqual([`api.${ZONE}/A`, `host-0000.${ZONE}/A`]);
    const empty = result.signals.find((s) => s.kind === 'EMPTY' && s.targetId === `api.${ZONE}/A`);
    expect(empty?.summary).toContain('every weighted member has weight 0 (blue, green)');
    // Only what changed was written: the next poll of an unchanged zone finds nothing.
    expect((await poller().poll(zoneId)).signals).toEqual([]);
  });

  it('resumes a snapshot cut short from its last page and never reports a deletion from a partial one', async () => {
    await poller().poll(zoneId);
    await change(route53Client(endpoint), zoneId, [
      { Action: 'DELETE', ResourceRecordSet: hosts(700)[699] as ResourceRecordSet },
    ]);
    const listsBefore = fake.requestLog.filter((r) => r.operation === 'ListResourceRecordSets').length;
    // A deadline already past after the first page: the snapshot stops there.
    const cut = await poller({ deadline: () => 0 }).poll(zoneId);
    expect(cut).toMatchObject({ complete: false, pages: 1, signals: [] });
    expect(await db.store.incidents.list()).toEqual([]);
    const resumed = await poller().poll(zoneId);
    expect(resumed).toMatchObject({ complete: true, pages: 3 });
    expect(resumed.signals.map((s) => s.kind)).toContain('RECORD_DELETED');
    // 3 pages in all, not 1 + 3: the resumed run started from the saved cursor.
    expect(fake.requestLog.filter((r) => r.operation === 'ListResourceRecordSets').length - listsBefore).toBe(
      3,
    );
  });

  it('loses nothing under Route 53 throttling: the limiter paces it and the SDK retries what still throttles', async () => {
    fake.setThrottling({ burst: 2, perSecond: 20 });
    const result = await poller({ limiter: new RateLimiter(50, 5) }).poll(zoneId);
    expect(result).toMatchObject({ complete: true, recordSets: 704 });
  });

  it('reports a zone that does not exist once, as a configuration problem, never as EMPTY', async () => {
    const { services } = setup({ zones: [{ id: 'Z0000000000000MISSING' }, { id: zoneId }] });
    const first = await services.poll();
    const second = await services.poll();
    expect(first.misconfigured.map((m) => m.zoneId)).toEqual(['Z0000000000000MISSING']);
    expect(first.results.map((r) => r.zoneId)).toEqual([zoneId]);
    expect(second.misconfigured).toHaveLength(1);
    // The poller also reports what protects each zone, in plain words.
    const posture = first.posture?.zones ?? [];
    expect(posture.find((z) => z.zoneId === 'Z0000000000000MISSING')?.problem?.code).toBe('NoSuchHostedZone');
    expect(posture.find((z) => z.zoneId === zoneId)?.findings.map((f) => f.feature)).toEqual(
      expect.arrayContaining(['accelerated-recovery']),
    );
    const incidents = await db.store.incidents.list();
    expect(incidents.map((i) => [i.kind, i.targetId])).toEqual([
      ['MISCONFIGURED', 'zone/Z0000000000000MISSING'],
    ]);
    const timeline = await db.store.incidents.listTimeline(incidents[0]?.id as string);
    expect(timeline.map((e) => e.kind)).toEqual(['OPENED']);
    expect(timeline[0]?.text).toContain('NoSuchHostedZone');
  });

  it("does not alert when Route 53's own name servers still answer a record the API listing lacks", async () => {
    // A seam over the real adapter: TestDNSAnswer says the name still resolves (the API view was stale).
    class StillAnswering extends Route53Adapter {
      override async testDnsAnswer() {
        return { responseCode: 'NOERROR', values: ['10.0.0.0'] };
      }
    }
    const { adapter, zonePoller } = setup({ adapter: new StillAnswering(route53Client(endpoint)) });
    await zonePoller.poll(zoneId);
    await change(route53Client(endpoint), zoneId, [
      { Action: 'DELETE', ResourceRecordSet: hosts(1)[0] as ResourceRecordSet },
    ]);

    const result = await zonePoller.poll(zoneId);

    expect(result.signals.map((s) => s.kind)).toEqual(['RECORD_DELETED']);
    expect(await db.store.incidents.list()).toEqual([]);
    // With confirmation off, the same deletion alerts on the API view alone.
    const view = setup({ adapter, zones: [{ id: zoneId, confirmWithTestDnsAnswer: false }] }).services
      .zoneView;
    const diff = await view.apply(
      zoneId,
      [{ key: { zoneId, name: `gone.${ZONE}`, type: 'A' }, ttl: 60, values: ['10.1.1.1'] }],
      [],
      'snap:test',
      new Date().toISOString(),
    );
    expect(diff.signals.map((s) => s.kind).sort()).toEqual(['EMPTY', 'RECORD_DELETED']);
  });
});
